"""The build as a whole: what a successful build prints, that it is reproducible byte for byte,
and that a build failing at any stage leaves the previous site/ exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
import fcntl
import gc
import hashlib
import os
from pathlib import Path
import re
import shutil
import subprocess
import sys
import threading
import time
from typing import Any
import unicodedata

import pytest
from support import page, parse_diagnostics, replace, staging_leftovers, tree_digest, write

from factpress.diagnostics import BuildError
from factpress.pipeline import WAITING, build

REPO = Path(__file__).resolve().parent.parent


def test_success_prints_a_one_line_summary(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    result = run_cli("--root", root)
    assert result.code == 0
    assert result.err == ""
    files = len(tree_digest(root / "site"))
    pages = len(list((root / "content").rglob("*.md")))
    assert re.fullmatch(
        rf"built {re.escape(str(root / 'site'))}: {pages} pages, 3 claims, 1 source, "
        rf"{files} files in \d+\.\d\d s\n",
        result.out,
    ), result.out
    assert staging_leftovers(root) == []


def test_quiet_success_prints_nothing(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    result = run_cli("--root", root, "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert (root / "site" / "en" / "index.html").is_file()


def test_check_verifies_but_writes_nothing(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    result = run_cli("check", "--root", root)
    assert result.code == 0
    assert re.fullmatch(r"checked: 4 pages, 3 claims, 1 source in \d+\.\d\d s\n", result.out)
    assert not (root / "site").exists()
    assert staging_leftovers(root) == []


def test_out_option_writes_elsewhere(
    project: Callable[[str], Path], run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = project("minimal")
    out = tmp_path / "elsewhere" / "public"
    assert run_cli("--root", root, "--out", out).code == 0
    assert (out / "vi" / "index.html").is_file()
    assert not (root / "site").exists()


def test_rebuild_replaces_the_site_whole(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    assert run_cli("--root", root).code == 0
    stale = root / "site" / "en" / "stale.html"
    stale.write_text("left over from an old build", "utf-8")
    assert run_cli("--root", root).code == 0
    assert not stale.exists(), "files the build no longer makes do not linger"
    assert staging_leftovers(root) == []


def test_missing_content_folder_is_a_diagnostic(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("--root", tmp_path)
    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.code) for d in printed] == [("content", "content-missing")]
    assert printed[0].hint


def test_usage_error_exits_with_2(run_cli: Callable[..., Any]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("publish")
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--out", ""), "--root and --out need a folder"),  # an unset variable: not site/
        (("capture", "x.html", "--id", "x", "--archived", "2026-02-30"), "no such day"),
        (("capture", "x.html", "--id", "x", "--archived", "30-11-2026"), "YYYY-MM-DD"),
        (("capture", "x.html", "--id", "x", "--archived", "2999-01-01"), "a day still to come"),
    ],
)
def test_a_mistyped_argument_is_said_and_nothing_is_done(
    tmp_path: Path, arguments: tuple[str, ...], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from factpress.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*arguments, "--root", str(tmp_path)] if arguments[0] == "capture" else arguments)
    assert exit_info.value.code == 2
    assert said in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- determinism ------------------------------------------------------------------------------


def _build_in_subprocess(root: Path, out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    completed = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "--out", str(out), "-q"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_two_builds_are_byte_identical(project: Callable[[str], Path], tmp_path: Path) -> None:
    # Different project folders and different hash seeds: neither a path nor the order of a set
    # may leak into the output.
    first = project("minimal")
    second = tmp_path / "deeper" / "copy"
    second.parent.mkdir()
    first.rename(second)
    _build_in_subprocess(second, tmp_path / "out-1", "1")
    _build_in_subprocess(second, tmp_path / "out-2", "2")
    one, two = tree_digest(tmp_path / "out-1"), tree_digest(tmp_path / "out-2")
    assert len(one) > 10
    assert one == two


def test_build_is_independent_of_the_project_location(
    project: Callable[[str], Path], run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = project("minimal")
    assert run_cli("--root", root, "--out", tmp_path / "a").code == 0
    moved = tmp_path / "moved" / "elsewhere"
    moved.parent.mkdir()
    root.rename(moved)
    assert run_cli("--root", moved, "--out", tmp_path / "b").code == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


# --- atomicity: a failed build, at any stage, leaves the previous site as it was --------------


@pytest.fixture
def previous_site(project: Callable[[str], Path], run_cli: Callable[..., Any]) -> Path:
    root = project("minimal")
    assert run_cli("--root", root).code == 0
    return root


def test_failure_in_the_checks_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any]
) -> None:
    root = previous_site
    before = tree_digest(root / "site")
    replace(root, "content/en/index.md", "[@library-books]", "[@nope]")
    result = run_cli("--root", root)
    assert result.code == 1
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_failure_while_rendering_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any]
) -> None:
    # source.html is rendered after the pages and claims: some files were already rendered.
    root = previous_site
    before = tree_digest(root / "site")
    replace(root, "templates/source.html", "{{ source.publisher }}", "{{ source.publisher() }}")
    template = (root / "templates" / "source.html").read_text("utf-8").split("\n")
    line = next(n for n, text in enumerate(template, 1) if "source.publisher()" in text)
    result = run_cli("--root", root)
    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.line, d.code) for d in printed] == [
        ("templates/source.html", line, "template-error")  # once for each language
    ] * 2
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


@dataclass
class Renames:
    made: list[str] = field(default_factory=list)  # what was renamed, relative to the project
    failed: list[str] = field(default_factory=list)


def _no_hard_links(*_: object) -> None:
    raise PermissionError(1, "Operation not permitted")


def _a_rename_fails(
    root: Path, monkeypatch: pytest.MonkeyPatch, fails: Callable[[str], bool]
) -> Renames:
    """Make renaming a staged file or folder (relative path in `fails`) into the site fail,
    as a full disk or a file held open by another program would."""
    renames = Renames()
    rename = Path.replace

    def replace_or_fail(self: Path, target: str | Path) -> Path:
        name = self.relative_to(root).as_posix() if self.is_relative_to(root) else str(self)
        if fails(name):
            renames.failed.append(name)
            raise PermissionError(13, "Permission denied", str(target))
        renames.made.append(name)
        return rename(self, target)

    monkeypatch.setattr(Path, "replace", replace_or_fail)
    return renames


def test_failure_while_swapping_in_a_whole_new_site_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the cache the build is a full one: the site is staged whole beside site/, the
    # last site moved aside, and the new one renamed into its place, which fails.
    root = previous_site
    before = tree_digest(root / "site")
    shutil.rmtree(root / ".cache")
    replace(root, "content/en/ke-hoach.md", "Two more libraries", "Two more")
    renames = _a_rename_fails(root, monkeypatch, lambda name: name.startswith(".site-new-"))
    result = run_cli("--root", root)
    assert len(renames.failed) == 1, "the build reached the swap"
    assert result.code == 1
    assert result.err == (
        f"{root / 'site'}:1:1: error: Permission denied [file-error]\n"
        "    hint: check the path, its permissions and the free space, then run it again\n"
    )
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_a_full_disk_is_reported_at_the_output_folder_and_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The error of a full disk names no file: it is said of the folder being written.
    root = previous_site
    before = tree_digest(root / "site")
    replace(root, "content/en/ke-hoach.md", "Two more libraries", "Two more")

    def full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    result = run_cli("--root", root)
    assert result.code == 1
    assert result.err == (
        f"{root / 'site'}:1:1: error: No space left on device [file-error]\n"
        "    hint: check the path, its permissions and the free space, then run it again\n"
    )
    monkeypatch.undo()
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_failure_while_renaming_updated_pages_into_place_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    # With the cache, a claim edit updates a few files: each is staged beside its target and
    # renamed over it. The English record's rename fails after the English home page, which
    # shows the claim's new text, was renamed into place: it is put back as it was.
    root = previous_site
    if not links:
        monkeypatch.setattr(os, "link", _no_hard_links)
    before = tree_digest(root / "site")
    replace(root, "facts.yaml", "en: The library holds", "en: Edited, the library holds")
    renames = _a_rename_fails(
        root, monkeypatch, lambda name: name == "site/en/claims/.library-books.html.new"
    )
    result = run_cli("--root", root)
    assert renames.failed == ["site/en/claims/.library-books.html.new"]
    assert "site/en/.index.html.new" in renames.made, "a changed page was renamed into place"
    assert result.code == 1
    assert "Traceback" not in result.err
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_failure_after_a_new_folder_was_renamed_in_takes_it_back_and_leaves_nothing(
    previous_site: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new page is a new folder in the site: the rollback removes it with its page, and the
    # staged files of the outputs not yet renamed in go too.
    root = previous_site
    before = tree_digest(root / "site")
    for lang in ("en", "vi"):
        plan = (root / f"content/{lang}/ke-hoach.md").read_text("utf-8")
        plan = plan.replace("order: 2", "order: 3").replace("slug: plan\n", "")
        (root / f"content/{lang}/du-dinh.md").write_text(plan, "utf-8")
    renames = _a_rename_fails(root, monkeypatch, lambda name: name == "site/.claims.json.new")
    result = run_cli("--root", root)
    assert renames.failed == ["site/.claims.json.new"]
    assert "site/vi/du-dinh/.index.html.new" in renames.made, "the new folder was made"
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "Permission denied" in result.err, "the error said is the one that stopped it"
    assert tree_digest(root / "site") == before
    assert list((root / "site").rglob(".*.new")) == []


def test_page_clashing_with_a_generated_page_is_reported_as_a_diagnostic(
    previous_site: Path, run_cli: Callable[..., Any]
) -> None:
    root = previous_site
    for lang in ("en", "vi"):  # /<lang>/ratings/ explains the review statuses
        write(root, f"content/{lang}/ratings.md", page("Ratings", "A page.", "Text.\n"))
    result = run_cli("--root", root)
    assert result.code == 1
    printed, other = parse_diagnostics(result.err)
    assert other == [result.err.splitlines()[-1]], "nothing but diagnostics and the summary"
    assert [(d.path, d.code) for d in printed] == [
        ("content/en/ratings.md", "url-conflict"),
        ("content/vi/ratings.md", "url-conflict"),
    ]
    assert all(d.hint for d in printed)
    assert ".site-" not in result.err, "no staging folder is named to the writer"


def test_a_first_build_that_fails_creates_no_site(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(
        root, "templates/claim.html", "{{ view.claim.reviewer }}", "{{ view.claim.reviewer() }}"
    )
    assert run_cli("--root", root).code == 1
    assert not (root / "site").exists()
    assert staging_leftovers(root) == []


def test_check_reports_problems_the_same_way(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(root, "content/en/index.md", "(/en/plan/)", "(/en/plans/)")
    result = run_cli("check", "--root", root)
    assert result.code == 1
    printed, other = parse_diagnostics(result.err)
    assert [(d.path, d.line, d.column, d.code) for d in printed] == [
        ("content/en/index.md", 7, 21, "link-broken")
    ]
    assert other == ["1 error, 0 warnings: check failed"]


@pytest.mark.parametrize(
    ("link", "broken"),
    [("/en/plan/index.html", False), ("/en/index.html", False), ("/en/plans/index.html", True)],
)
def test_a_link_to_a_page_s_own_file_leads_to_the_page(
    project: Callable[[str], Path], run_cli: Callable[..., Any], link: str, broken: bool
) -> None:
    root = project("minimal")
    replace(root, "content/en/index.md", "(/en/plan/)", f"({link})")
    result = run_cli("check", "--root", root)
    assert ("[link-broken]" in result.err) is broken, result.err


def test_a_broken_link_is_placed_at_its_own_target_on_a_line_of_two(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    line = "See [one](/en/plans/x.html#a) and [two](/en/plans/x)."
    replace(root, "content/en/index.md", "(/en/plan/)", "(/en/plan/)\n\n" + line)
    printed, _ = parse_diagnostics(run_cli("check", "--root", root).err)
    columns = sorted(d.column for d in printed if d.code == "link-broken")
    assert columns == [line.index("(/en/plans/x.html") + 2, line.index("(/en/plans/x)") + 2]


def test_a_build_leaves_the_cycle_collector_as_it_found_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    assert gc.isenabled()
    build(root)
    assert gc.isenabled()
    with pytest.raises(BuildError):
        build(root / "content")  # no content/ there: a failed build
    assert gc.isenabled()


def test_a_page_saved_decomposed_is_published_composed(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    page = root / "content" / "vi" / "index.md"
    page.write_text(unicodedata.normalize("NFD", page.read_text("utf-8")), "utf-8")
    assert run_cli("--root", root).code == 0
    html = (root / "site" / "vi" / "index.html").read_text("utf-8")
    assert unicodedata.is_normalized("NFC", html) and "Thư viện" in html


def test_a_source_saved_decomposed_with_a_byte_order_mark_is_shown_composed_without_it(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    text = root / "sources" / "thu-vien.txt"
    saved = ("\ufeff" + unicodedata.normalize("NFD", text.read_text("utf-8"))).encode("utf-8")
    text.write_bytes(saved)
    replace(
        root,
        "sources/thu-vien.yaml",
        "sha256: 7d991020934f5f247af6d64cd9babe69b38514e07ced0ada3c3d698a77e2c5a1",
        f"sha256: {hashlib.sha256(saved).hexdigest()}",
    )
    assert run_cli("--root", root).code == 0
    for lang in ("vi", "en"):  # the words of the reviewer table's script come from the source
        data = (root / "site" / lang / "claims" / "data.json").read_text("utf-8")
        assert unicodedata.is_normalized("NFC", data) and "Thành phố" in data
    page = (root / "site" / "vi" / "sources" / "thu-vien" / "index.html").read_text("utf-8")
    first = re.search(r'<span id="p1s1"[^>]*>([^<]*)<', page)
    assert first is not None and first.group(1).startswith("Thành phố")
    assert (root / "site" / "sources" / "thu-vien.txt").read_bytes() == saved  # as archived


def test_a_second_build_of_the_project_waits_until_the_first_is_done(
    project: Callable[[str], Path],
) -> None:
    # The preview's rebuild beside a build in a terminal: each would rewrite site/ under the
    # other and sweep away what the other stages. The first holds the lock here.
    root = project("minimal")
    build(root)
    index = root / "content" / "en" / "index.md"
    index.write_text(index.read_text("utf-8") + "\nA line saved meanwhile.\n", "utf-8")
    with _held(root):  # the folder site/ is in
        second = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            shutil.rmtree(root / ".cache")  # "delete .cache/ at any time": the lock is not there
            with pytest.raises(subprocess.TimeoutExpired):
                second.wait(timeout=3)  # a build of this project takes a fraction of that
            assert "A line saved meanwhile." not in (root / "site/en/index.html").read_text()
        except BaseException:
            second.kill()
            raise
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0, output
    assert "A line saved meanwhile." in (root / "site/en/index.html").read_text()


def test_a_build_into_a_shared_output_folder_waits_and_says_so(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    # Two projects given one --out: the lock is the output's, not the project's.
    root, shared = project("minimal"), tmp_path / "published" / "site"
    shared.parent.mkdir()
    heard: list[str] = []
    with _held(shared.parent):
        waiting = threading.Thread(
            target=build, args=(root,), kwargs={"out_dir": shared, "progress": heard.append}
        )
        waiting.start()
        for _ in range(600):
            if heard:
                break
            time.sleep(0.05)
        assert heard == [WAITING]
        assert not shared.exists()
    waiting.join(timeout=120)
    assert (shared / "en" / "index.html").is_file()
    assert heard[1:3] == ["parse pages, verify claims", "render"]


def test_check_does_not_wait_for_a_build(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    reports = []
    with _held(root):
        checking = threading.Thread(
            target=lambda: reports.append(build(root, write=False)), daemon=True
        )
        checking.start()
        checking.join(timeout=60)
        assert not checking.is_alive(), "check waited for the lock"
    assert reports[0].pages > 0 and not (root / "site").exists()


def test_a_folder_that_is_no_project_is_left_as_it_was(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    mistyped = tmp_path / "not-a-project"
    mistyped.mkdir()
    result = run_cli("--root", mistyped)
    assert result.code == 1 and "[content-missing]" in result.err
    assert list(mistyped.iterdir()) == []


@contextmanager
def _held(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock as a build of another process would (flock on the
    folder the output is in)."""
    held = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield
    finally:
        os.close(held)
