"""The build as a whole: what a successful build prints, that it is reproducible byte for byte,
and that a build failing at any stage leaves the previous site/ exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
import gc
import os
from pathlib import Path
import re
import subprocess
import sys
from typing import Any

import pytest
from support import page, parse_diagnostics, replace, staging_leftovers, tree_digest, write

from factpress.diagnostics import BuildError
from factpress.pipeline import build

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
        ("templates/source.html", line, "template-error")
    ]
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def _page_named_like_the_404_file(root: Path) -> None:
    # content/<lang>/404.html.md is published at /<lang>/404.html/, a folder where the build
    # also writes the file /<lang>/404.html: the write itself fails.
    for lang in ("en", "vi"):
        write(root, f"content/{lang}/404.html.md", page("Lost", "A page.", "Text.\n"))


def test_failure_while_writing_keeps_the_previous_site(
    previous_site: Path, run_cli: Callable[..., Any]
) -> None:
    root = previous_site
    before = tree_digest(root / "site")
    _page_named_like_the_404_file(root)
    result = run_cli("--root", root)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_page_clashing_with_a_generated_file_is_reported_as_a_diagnostic(
    previous_site: Path, run_cli: Callable[..., Any]
) -> None:
    root = previous_site
    _page_named_like_the_404_file(root)
    result = run_cli("--root", root)
    assert result.code == 1
    printed, other = parse_diagnostics(result.err)
    assert other == [result.err.splitlines()[-1]], "nothing but diagnostics and the summary"
    assert [d.path for d in printed] == ["content/en/404.html.md", "content/vi/404.html.md"]
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
