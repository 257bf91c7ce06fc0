"""The command line: every command has its help, check writes nothing, -v shows the stages, and
output that is not a terminal carries no progress line."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import subprocess
import sys
from typing import Any

import pytest
from support import ctrl_c_at_each_rename, staging_leftovers, tree_digest

from factpress import pipeline, search
from factpress.cli import main
from factpress.pipeline import build

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ((), ["build", "check", "serve"]),
        (("build",), ["--strict", "--quiet", "--verbose", "--out"]),
        (("check",), ["write nothing", "--strict"]),
        (("serve",), ["--port", "--host", "127.0.0.1"]),
    ],
)
def test_every_command_has_its_help(command: tuple[str, ...], expected: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    for word in expected:
        assert word in done.stdout


def test_help_does_not_load_the_engine_or_the_server() -> None:
    code = (
        "import sys; sys.argv = ['build.py', 'serve', '--help']\n"
        "from factpress.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('jinja2', 'markdown_it', 'livereload', 'tornado', 'babel', 'yaml')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip().endswith("[]")


def test_check_writes_nothing_and_reports_by_exit_status(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    assert run_cli("check", "--root", root).code == 0
    assert not (root / "site").exists() and not (root / ".cache").exists()
    page = root / "content" / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nBroken [@no-such-claim].\n", "utf-8")
    failed = run_cli("check", "--root", root)
    assert failed.code == 1
    assert "content/en/index.md:" in failed.err and "[claim-unknown]" in failed.err
    assert not (root / "site").exists()


def test_verbose_build_lists_its_stages_and_what_it_rendered(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    first = run_cli("build", "--root", root, "-v")
    assert first.code == 0
    assert "parse pages" in first.out and "render" in first.out
    again = run_cli("--root", root, "-v")
    assert "0 of" in again.out, "a second build with nothing changed renders nothing"


def test_no_progress_line_when_output_is_not_a_terminal(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "\r" not in done.stderr and "\x1b[" not in done.stderr
    assert done.stdout.startswith("built ")


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(
    project: Callable[[str], Path],
) -> None:
    # As `check --format json | head` does: more problems than a pipe holds.
    root = project("minimal")
    page = root / "content" / "vi" / "index.md"
    links = "\n".join(f"[{n}](/vi/khong-co-{n}/)" for n in range(3000))
    page.write_text(page.read_text("utf-8") + "\n" + links + "\n", "utf-8")
    command = [sys.executable, str(REPO / "build.py"), "check", "--format", "json", "--root"]
    reading = subprocess.Popen(
        [*command, str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reading.stdout is not None and reading.stdout.readline() == b"[\n"
    reading.stdout.close()
    _, err = reading.communicate(timeout=120)
    assert reading.returncode == 141  # as a shell reports a command its reader left
    assert err == b""


@pytest.mark.parametrize("first_build", [True, False], ids=["first build", "update"])
@pytest.mark.parametrize("during", ["render_parts", "sort_diagnostics"])
def test_ctrl_c_during_a_build_leaves_the_site_as_it_was(
    first_build: bool,
    during: str,
    project: Callable[[str], Path],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # While rendering, and after it (sort_diagnostics) but before the files go into place.
    root = project("minimal")
    if not first_build:
        assert run_cli("--root", root).code == 0
        page = root / "content" / "en" / "ke-hoach.md"
        page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    before = tree_digest(root / "site") if not first_build else None

    def pressed(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, during, pressed)
    result = run_cli("--root", root)

    assert result.code == 130
    assert result.err.splitlines()[-1] == (
        f"interrupted: {root / 'site'} is as the last complete build left it"
    )
    assert "Traceback" not in result.err
    if first_build:
        assert not (root / "site").exists()
    else:
        assert tree_digest(root / "site") == before
        assert list((root / "site").rglob(".*.new")) == []
    assert staging_leftovers(root) == []


@pytest.mark.parametrize("when", ["before the index is written", "as it goes into place"])
def test_ctrl_c_while_indexing_keeps_the_last_index_whole_and_says_the_pages_are_new(
    when: str,
    project: Callable[[str], Path],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The pages are in place by then: only the index can still be the last build's, whole,
    # until the next build (which the lost cache makes a full one).
    root = project("minimal")
    assert run_cli("--root", root).code == 0
    index = root / "site" / search.INDEX_DIR
    before = tree_digest(index)
    for lang, name in (("en", "ke-hoach"), ("vi", "ke-hoach")):
        page = root / "content" / lang / f"{name}.md"
        page.write_text(page.read_text("utf-8") + "\nZanzibarite sentence.\n", "utf-8")
    if when == "before the index is written":
        run = search._run_pagefind

        def pressed(*args: Any) -> None:
            run(*args)
            raise KeyboardInterrupt

        monkeypatch.setattr(search, "_run_pagefind", pressed)
        result = run_cli("--root", root)
        monkeypatch.undo()
        assert tree_digest(index) == before
    else:
        # Every rename of the index into place sends Ctrl-C: all of them go, and only then
        # does the build stop.
        write = search.write_index

        def renames_interrupted(*args: Any) -> list[str]:
            ctrl_c_at_each_rename(monkeypatch)
            return write(*args)

        monkeypatch.setattr(search, "write_index", renames_interrupted)
        result = run_cli("--root", root)
        monkeypatch.undo()
        assert tree_digest(index) != before
    assert result.code == 130
    assert result.err.splitlines()[-1] == (
        f"interrupted: {root / 'site'} holds the new pages; its search index may be behind "
        "them until the next build"
    )
    assert "Zanzibarite" in (root / "site" / "en" / "plan" / "index.html").read_text("utf-8")
    assert staging_leftovers(root) == []
    manifest = json.loads((index / "en" / search.MANIFEST).read_text("utf-8"))
    for name in (manifest["primary"], *manifest["merge"]):
        assert (index / "en" / name / "pagefind-entry.json").is_file(), name
    assert run_cli("--root", root).code == 0
    clean = root.parent / "clean"
    assert run_cli("--root", root, "--out", clean).code == 0
    assert tree_digest(root / "site") == tree_digest(clean)


def test_a_rename_of_the_index_that_fails_puts_back_those_made(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    build(root)
    index = root / "site" / search.INDEX_DIR
    before = tree_digest(index)
    for lang in ("en", "vi"):
        page = root / "content" / lang / "ke-hoach.md"
        page.write_text(page.read_text("utf-8") + "\nZanzibarite sentence.\n", "utf-8")
    write, replace = search.write_index, Path.replace
    renames: list[Path] = []

    def full_disk_at_the_third(self: Path, target: str | Path) -> Path:
        renames.append(self)
        if len(renames) == 3:
            raise OSError(28, "No space left on device")
        return replace(self, target)

    def failing(*args: Any) -> list[str]:
        monkeypatch.setattr(Path, "replace", full_disk_at_the_third)
        return write(*args)

    monkeypatch.setattr(search, "write_index", failing)
    with pytest.raises(OSError):
        build(root)
    monkeypatch.undo()
    assert len(renames) > 3, "the two made before the third are put back"
    assert tree_digest(index) == before
    assert staging_leftovers(root) == []


def test_a_last_site_left_by_a_stopped_build_is_cleared_by_the_next(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    (root / ".site-old-stopped" / "en").mkdir(parents=True)
    assert run_cli("--root", root).code == 0
    assert staging_leftovers(root) == []


def test_a_port_that_is_not_one_is_a_usage_error(
    project: Callable[[str], Path], run_cli: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli("serve", "--root", project("minimal"), "--port", "70000")
    assert stopped.value.code == 2
    assert "70000 is not a port: give a number from 1 to 65535" in capsys.readouterr().err


def test_an_interrupt_while_files_are_renamed_into_place_waits_for_the_last(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An update renames each new file over the old one: all of them go, and only then Ctrl-C.
    root = project("minimal")
    build(root)
    for lang, name in (("en", "ke-hoach"), ("vi", "ke-hoach"), ("en", "index")):
        page = root / "content" / lang / f"{name}.md"
        page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    ctrl_c_at_each_rename(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        build(root)
    monkeypatch.undo()
    pages = [
        root / "site" / lang / name / "index.html"
        for lang, name in (("en", "plan"), ("vi", "ke-hoach"), ("en", ""))
    ]
    assert all("One more sentence." in p.read_text("utf-8") for p in pages)


@pytest.mark.parametrize("command", ["capture", "reanchor"])
def test_a_day_that_is_no_date_is_said_by_the_command_s_own_usage(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["page.html", "--id", "x"] if command == "capture" else ["x", "page.html"]
    with pytest.raises(SystemExit) as stopped:
        main([command, *arguments, "--archived", "2026-13-01"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ") and f" {command} [-h]" in err.splitlines()[0]
    assert f"{command}: error: argument --archived: 2026-13-01: there is no such day" in err
