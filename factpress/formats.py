"""The problems of a build as CI tools read them: plain lines for people (the default, as ruff
and mypy print), GitHub Actions annotations that show on the line of a pull request, or a
stable JSON list for other tools."""

from __future__ import annotations

from collections.abc import Sequence
import json
from pathlib import PurePosixPath

from factpress.diagnostics import Diagnostic

FORMATS = ("plain", "github", "json")


def format_problems(diagnostics: Sequence[Diagnostic], style: str, project: str = ".") -> list[str]:
    """The lines to print for `diagnostics` in the format named `style` (one of FORMATS).
    `project` is the project's folder as seen from where the command runs, which GitHub
    takes for the repository's root: annotations name their files from there."""
    if style == "github":
        return [_github(d, project) for d in diagnostics]
    if style == "json":
        return [json.dumps([_fields(d) for d in diagnostics], ensure_ascii=False, indent=2)]
    return [d.format() for d in diagnostics]


def _fields(d: Diagnostic) -> dict[str, object]:
    return {
        "file": str(d.where.path),
        "line": max(d.where.line, 1),
        "column": max(d.where.column, 1),
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "hint": d.hint or None,
    }


def _github(d: Diagnostic, project: str) -> str:
    # https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    path = d.where.path
    if project != "." and not path.is_absolute():  # a project in a folder of the repository
        path = PurePosixPath(project, path)
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", path),
            ("line", max(d.where.line, 1)),
            ("col", max(d.where.column, 1)),
            ("title", d.code),
        )
    )
    text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    return f"::{d.severity.value} {properties}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
