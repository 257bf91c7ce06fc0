"""Problems found in a project, each pinned to a file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import enum
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a project file; `line` and `column` are 1-based, as editors show them."""

    path: PurePosixPath  # relative to the project root
    line: int = 0  # 0: the file as a whole
    column: int = 0

    def __str__(self) -> str:
        # Editors and terminals jump to `path:line:col`; a missing column still gets `:1`
        # so that every message has the same shape.
        if self.line == 0:
            return f"{self.path}:1:1"
        return f"{self.path}:{self.line}:{max(self.column, 1)}"


class Severity(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is, a stable code, what is wrong and how to mend it."""

    where: Location
    code: str  # stable kebab-case id, e.g. "claim-unknown"; tests and docs key on it
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        head = f"{self.where}: {self.severity.value}: {self.message} [{self.code}]"
        return head if not self.hint else f"{head}\n    hint: {self.hint}"


def error(where: Location, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(where, code, message, hint, Severity.ERROR)


def warning(where: Location, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(where, code, message, hint, Severity.WARNING)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(diagnostics), key=lambda d: (d.where, d.code, d.message)))


class BuildError(Exception):
    """Raised once a build cannot go on; carries every problem found up to that point."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s)")
