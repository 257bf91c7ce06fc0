"""Read typed fields out of a YAML mapping, turning every mismatch into a diagnostic."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
import difflib
import re

from factpress.diagnostics import Diagnostic, error
from factpress.yamlio import Misread, YNode


class FieldReader:
    """Reads the fields of one mapping; collects problems instead of raising on the first."""

    def __init__(self, node: YNode, what: str, diagnostics: list[Diagnostic]) -> None:
        self.node = node
        self.fields = node.mapping()
        self.what = what  # e.g. "claim 'bd-partners'", for messages
        self.diagnostics = diagnostics

    def check_known(self, known: Iterable[str]) -> None:
        known = tuple(known)
        for name, value in self.fields.items():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = (
                    f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
                )
                self.diagnostics.append(
                    error(
                        value.key_or_value_where,
                        "field-unknown",
                        f"unknown field '{name}' in {self.what}",
                        hint,
                    )
                )

    def _missing(self, name: str, example: str) -> None:
        self.diagnostics.append(
            error(
                self.node.key_or_value_where,
                "field-missing",
                f"{self.what} has no '{name}'",
                f"add a line such as `{name}: {example}`",
            )
        )

    def _wrong(self, name: str, value: YNode, expected: str, hint: str = "") -> None:
        self.diagnostics.append(
            error(
                value.where,
                "field-type",
                f"'{name}' of {self.what} must be {expected}, not {_describe(value.value)}",
                hint or f"write `{name}:` followed by {expected}",
            )
        )

    def text(self, name: str, *, example: str = "…", optional: bool = False) -> str | None:
        value = self.fields.get(name)
        if value is None or (optional and value.value is None):
            if not optional:
                self._missing(name, example)
            return None
        if value.value is None:
            # `name:` with nothing after it, or `null` as `capture` writes an unknown value:
            # there is nothing to quote, a value is what is missing.
            self._wrong(name, value, "text", _needs_text(name, example))
            return None
        if isinstance(value.value, bool) or not isinstance(value.value, str | int | float):
            self._wrong(name, value, "text", "quote text that YAML would read as something else")
            return None
        result = str(value.value).strip()
        if not result:
            self._wrong(name, value, "non-empty text")
            return None
        return result

    # `time` and `_when` come before `date`: below it, `date` names the method, not the type.
    def time(self, name: str, *, optional: bool = False) -> date | None:
        """A moment as `capture` records one (when a page was fetched): a time in UTC,
        YYYY-MM-DDTHH:MM:SSZ, which YAML reads as a timestamp. A day alone is still a time
        YAML reads, and is taken; the day is returned either way."""
        example = "2026-12-06T08:14:03Z"
        return self._when(
            name,
            optional,
            "a date and time (YYYY-MM-DDTHH:MM:SSZ)",
            example,
            _is_time,
            f"write `{name}:` followed by a date and time in UTC, such as {example}",
        )

    def _when(
        self,
        name: str,
        optional: bool,
        expected: str,
        example: str,
        is_written_so: Callable[[str], bool],
        hint: str = "",
    ) -> date | None:
        """The date or timestamp `name`; `expected` says how it is written, and text written
        so (`is_written_so`) is said to be quoted."""
        value = self.fields.get(name)
        if value is None or (optional and value.value is None):
            if not optional:
                self._missing(name, example)
            return None
        if isinstance(value.value, datetime):
            return value.value.date()
        if isinstance(value.value, date):
            return value.value
        if isinstance(value.value, str) and is_written_so(value.value):
            hint = f"write `{name}: {value.value}` without quotes: quoted, it is text"
        self._wrong(name, value, expected, hint)
        return None

    def date(self, name: str, *, optional: bool = False) -> date | None:
        return self._when(name, optional, "a date (YYYY-MM-DD)", "2026-01-31", _is_day)

    def integer(self, name: str, default: int) -> int:
        value = self.fields.get(name)
        if value is None:
            return default
        if isinstance(value.value, bool) or not isinstance(value.value, int):
            self._wrong(name, value, "a whole number")
            return default
        return value.value


def _needs_text(name: str, example: str) -> str:
    such_as = f", such as `{name}: {example}`" if example != "…" else ""
    return f"`{name}:` has no value: write text after it{such_as}"


def _describe(value: object) -> str:
    if isinstance(value, Misread):
        return f"'{value}', which is not {value.meant}"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, tuple):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"


def _is_time(text: str) -> bool:
    """Whether `text` is a real day, or time, written as `capture` writes one (what YAML
    would read as a timestamp, were it not quoted)."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?)?", text))


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", text))
