"""`check --format`: the problems as GitHub Actions annotations on the lines of a pull
request, or as a stable JSON list for other tools; plain lines stay the default."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from support import replace

from factpress.diagnostics import Location, error
from factpress.formats import format_problems


def _broken(project: Callable[[str], Path]) -> Path:
    root = project("minimal")
    replace(root, "content/en/index.md", "[@library-books]", "[@library-book]")
    return root


def test_json_lists_every_problem_with_its_place_code_and_hint(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = _broken(project)
    result = run_cli("check", "--format", "json", "--root", root)
    assert result.code == 1
    problems = json.loads(result.out)
    assert problems == [
        {
            "file": "content/en/index.md",
            "line": 5,
            "column": 82,
            "severity": "error",
            "code": "claim-unknown",
            "message": "unknown claim 'library-book'",
            "hint": "did you mean 'library-books'?",
        }
    ]
    assert result.err.splitlines()[-1].startswith("1 error, 0 warnings")


def test_github_annotations_point_at_the_line_and_escape_what_would_end_them(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    result = run_cli("check", "--format", "github", "--root", _broken(project))
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=content/en/index.md,line=5,col=82,title=claim-unknown::"
        "unknown claim 'library-book'%0Ahint: did you mean 'library-books'?"
    ]
    tricky = error(Location(PurePosixPath("a,b:c.md"), 2, 3), "x", "50% done\nnext", "")
    [line] = format_problems([tricky], "github")
    assert line == "::error file=a%2Cb%3Ac.md,line=2,col=3,title=x::50%25 done%0Anext"


def test_annotations_name_files_from_the_repository_when_the_project_is_a_folder_of_it(
    project: Callable[[str], Path],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GitHub reads the paths from the repository's root, where the workflow runs: a desk's
    # site in a folder of a larger repository, checked with --root.
    root = _broken(project)
    monkeypatch.chdir(root.parent)
    result = run_cli("check", "--format", "github", "--root", root.name)
    assert result.out.startswith(f"::error file={root.name}/content/en/index.md,line=5,col=82,")
    # The plain lines stay the project's own, as every other message says them.
    assert run_cli("check", "--root", root.name).err.startswith("content/en/index.md:5:82: ")


def test_plain_lines_stay_the_default(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    result = run_cli("check", "--root", _broken(project))
    assert result.out == ""
    assert result.err.startswith(
        "content/en/index.md:5:82: error: unknown claim 'library-book' [claim-unknown]\n"
    )


def test_a_clean_project_gives_an_empty_json_list(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    result = run_cli("check", "--format", "json", "--root", project("minimal"))
    assert result.code == 0
    assert json.loads(result.out) == []
