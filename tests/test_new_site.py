"""A desk starts its own site: `init` makes a project that builds at once, `check --strict`
holds it back until its one unreviewed claim is reviewed, and a folder in use is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
import hashlib
from pathlib import Path
import shlex
from typing import Any

from bs4 import BeautifulSoup
import pytest
from support import parse_diagnostics, replace
import yaml


def test_init_makes_a_project_that_builds_with_no_warning(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "desk"
    made = run_cli("init", root)
    assert made.code == 0, made.err
    for rel in (
        "site.yaml",
        "facts.yaml",
        "sources/thong-cao-mau.txt",
        "sources/thong-cao-mau.yaml",
        "content/vi/index.md",
        "content/en/index.md",
        ".gitignore",
        "README.md",
    ):
        assert (root / rel).is_file(), rel
        assert rel in made.out
    # No theme of its own: it builds from the package's.
    assert not any((root / name).exists() for name in ("templates", "locale", "static"))

    built = run_cli("--root", root)
    assert built.code == 0, built.err
    assert built.err == ""  # not one warning
    home = BeautifulSoup((root / "site" / "vi" / "index.html").read_text("utf-8"), "html.parser")
    assert home.html is not None and home.html["lang"] == "vi"
    cited = home.select(".cited-claims li")
    assert [li["id"] for li in cited] == ["claim-xe-dap-12-km", "claim-xe-dap-them-3-tuyen"]


def test_the_example_source_has_its_true_hash_and_todays_reviews(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "desk"
    assert run_cli("init", root).code == 0
    meta = yaml.safe_load((root / "sources" / "thong-cao-mau.yaml").read_text("utf-8"))
    text = (root / "sources" / "thong-cao-mau.txt").read_bytes()
    assert meta["sha256"] == hashlib.sha256(text).hexdigest()
    assert meta["archived"] == date.today()
    claims = yaml.safe_load((root / "facts.yaml").read_text("utf-8"))["claims"]
    assert {c["reviewed"] for c in claims.values()} == {date.today()}
    assert sorted(c["status"] for c in claims.values()) == ["needs-review", "verified"]


def test_the_gate_fails_until_the_unreviewed_claim_is_reviewed(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "desk"
    assert run_cli("init", root).code == 0
    assert run_cli("check", "--root", root).code == 0

    gate = run_cli("check", "--strict", "--root", root)
    assert gate.code == 1
    printed, _ = parse_diagnostics(gate.err)
    assert [(d.path, d.code) for d in printed] == [("facts.yaml", "claim-not-verified")]
    assert "xe-dap-them-3-tuyen" in printed[0].head
    assert "xe-dap-them-3-tuyen" in (root / "README.md").read_text("utf-8")  # it says how

    replace(root, "facts.yaml", "status: needs-review", "status: verified")
    assert run_cli("check", "--strict", "--root", root).code == 0


def test_init_refuses_a_folder_in_use_and_writes_nothing(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "todo.txt").write_text("mine", "utf-8")
    refused = run_cli("init", root)
    assert refused.code == 1
    printed, other = parse_diagnostics(refused.err)
    assert [(d.path, d.code) for d in printed] == [(str(root), "init-not-empty")]
    assert printed[0].hint and other == []
    assert [p.name for p in root.iterdir()] == ["todo.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]  # no staging folder left


def test_init_refuses_a_folder_inside_a_file_and_writes_nothing(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", "utf-8")
    refused = run_cli("init", notes / "desk" / "2026")
    assert refused.code == 1
    printed, other = parse_diagnostics(refused.err)
    assert [(d.path, d.code) for d in printed] == [(str(notes), "init-not-empty")]
    assert printed[0].hint and other == []
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # no staging folder left


def test_init_that_cannot_write_says_so_with_a_code_and_a_hint(
    tmp_path: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    refused = run_cli("init", tmp_path / "desk")
    assert refused.code == 1
    printed, other = parse_diagnostics(refused.err)
    assert [(d.message, d.code) for d in printed] == [("No space left on device", "file-error")]
    assert printed[0].hint and other == []
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_an_empty_name_as_an_empty_root_is_refused(
    tmp_path: Path,
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `init "$DESK"` with the variable unset does not fill the folder the shell is in.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        run_cli("init", "")
    assert stopped.value.code == 2
    assert "init needs a folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_next_command_init_prints_may_be_pasted_as_it_is(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "Tòa soạn"  # a desk's name, with a space
    made = run_cli("init", root)
    [line] = [line for line in made.out.splitlines() if line.startswith("next: ")]
    command = line.removeprefix("next: ").split("   (")[0]
    assert shlex.split(command)[-2:] == ["--root", str(root)]


def test_init_uses_a_folder_that_exists_but_is_empty(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    assert run_cli("init", root).code == 0
    assert (root / "facts.yaml").is_file()


def test_init_fills_the_empty_folder_it_is_run_in_keeping_its_permissions(
    tmp_path: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdir desk && cd desk && build.py init .`: the writer's shell stays in the folder.
    root = tmp_path / "desk"
    root.mkdir()
    root.chmod(0o2770)
    monkeypatch.chdir(root)
    assert run_cli("init", ".").code == 0
    assert root.stat().st_ino == Path.cwd().stat().st_ino, "the same folder, filled"
    assert root.stat().st_mode & 0o7777 == 0o2770
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore", "README.md", "content", "facts.yaml", "site.yaml", "sources",
    ]  # fmt: skip
    assert run_cli("--root", ".").code == 0
