"""The numbers and dates a text states, so that a claim can be held to those of its quote.

Dates are read as dates, whatever the language writes them as: `22-12-2024`, `22/12/2024`,
`2024-12-22`, `ngày 22 tháng 12 năm 2024`, `tháng 12/2024`, `22 December 2024`,
`December 22, 2024`, `December 2024`, and as Korean, Japanese and Chinese write them
(`2024년 3월 5일`, `2024年3月5日`, `3월 5일`), so that a source in those languages holds its
renderings and claims to its dates too. A date in a claim is supported when a date in the quote
agrees with it on every part the claim states (so "December 2024" is supported by
"22-12-2024"). Other numbers are compared as values, since the languages write them
differently: 12.000 in Vietnamese is 12,000 in English, and 3,5 is 3.5. A number whose one
separator is followed by three digits (28,500 or 28.500) is read as its text's language
writes numbers (CLDR's decimal mark, through Babel): in Vietnamese 28,500 is twenty-eight and
a half, in English twenty-eight thousand five hundred; in a language Babel does not know, the
separator is taken for thousands. Thousands grouped by a space (`12 000`, as French, Russian
or Polish write them) or by an apostrophe (`12’000`, Swiss German) make one number too; a claim
that copies its quote's `12 000` is read as the quote is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
import re

import babel
import babel.numbers

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
# Month names are matched capitalised only, so that the verb "may" is not read as May.
_MONTH = r"(?-i:(?P<mname>" + "|".join(sorted(map(str.title, _MONTHS), key=len, reverse=True))
_MONTH += r"))\.?"
_DIGIT = re.compile(r"\d")
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})"
_DATE_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b",  # ISO
        r"\b(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})\b",  # 22-12-2024, 12/22/2024
        r"\b(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?",
        r"\btháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|/\s*)(?P<y>\d{4})\b",
        r"\bngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})\b",
        rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",  # 22 December 2024
        rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b",  # December 22, 2024
        rf"\b{_MONTH},?\s+{_YEAR}\b",  # December 2024
        # 2024년 3월 5일, 2024年3月5日: year, month and day each followed by its unit.
        r"(?P<y>\d{4})\s*[년年]\s*(?P<m>\d{1,2})\s*[월月](?:\s*(?P<d>\d{1,2})\s*[일日])?",
        r"(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日]",
    )
)
_NUMBER = re.compile(r"\d+(?:[.,]\d{3}(?!\d))*(?:[.,]\d+)?")  # 3.14159 is one number
_ONE_GROUP = re.compile(r"\d+[.,]\d{3}")  # 28,500 or 28.500: a thousand, or a decimal


# Marks that only ever group digits, in any language: no-break and thin spaces, apostrophes.
# The languages whose group mark is a space (CLDR's is a no-break one) are written with a
# plain space as often.
_GROUP_MARKS = "\u00a0\u202f\u2009’'"


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date as written: any part may be left out (None)."""

    year: int | None
    month: int
    day: int | None

    def agrees_with(self, other: DateParts) -> bool:
        """Does `other` state everything this date states, the same way?"""
        return (
            self.month == other.month
            and (self.year is None or self.year == other.year)
            and (self.day is None or self.day == other.day)
        )

    def __str__(self) -> str:
        parts = [str(self.year) if self.year else "", f"{self.month:02}"]
        if self.day:
            parts.append(f"{self.day:02}")
        return "-".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Stated:
    """What a text states: dates (each with its possible readings) and other numbers."""

    dates: tuple[tuple[DateParts, ...], ...]
    # Each value -> how to name it, for each way it is written (as written, where read by lang).
    numbers: Mapping[str, tuple[str, ...]]


def stated(text: str, lang: str | None = None, also_grouped_as: str | None = None) -> Stated:
    """What `text`, in the language `lang`, states; its thousands may also be grouped as the
    language `also_grouped_as` groups them (a claim copying its quote's `12 000`)."""
    dates: list[tuple[DateParts, ...]] = []
    rest = text
    for pattern in _DATE_PATTERNS:
        matches = [(match, _readings(match)) for match in pattern.finditer(rest)]
        if not matches:
            continue  # most texts hold no date: skip the substitution too
        dates.extend(readings for _, readings in matches if readings)
        rest = pattern.sub(lambda m: " " if _readings(m) else m.group(), rest)
    return Stated(tuple(dates), _numbers(rest, lang, also_grouped_as))


def unsupported(
    claim_text: str, quote: str, claim_lang: str | None = None, quote_lang: str | None = None
) -> list[str]:
    """The numbers and dates of `claim_text` that `quote` does not state, as written. The
    languages (BCP 47 tags) say how each writes its numbers, where that matters."""
    if not _DIGIT.search(claim_text):
        return []  # every date and number is written with a digit: nothing to hold to
    claim, source = stated(claim_text, claim_lang, quote_lang), stated(quote, quote_lang)
    source_readings = [r for readings in source.dates for r in readings]
    # A bare number in the claim may be a part of a date in the quote: "in 2024" from 22-12-2024.
    parts = {str(n) for r in source_readings for n in (r.year, r.month, r.day) if n is not None}
    missing = sorted(  # a set: `12 000` in English is 12 and 0, named once
        {
            name
            for n, names in claim.numbers.items()
            if n not in source.numbers and n not in parts
            for name in names
        }
    )
    for readings in claim.dates:
        if not any(r.agrees_with(s) for r in readings for s in source_readings):
            missing.append(str(readings[0]))
    return missing


def _readings(match: re.Match[str]) -> tuple[DateParts, ...]:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    candidates: list[tuple[int, int | None]]  # (month, day)
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        # Day first (Vietnamese and most of the world), or month first (United States).
        candidates = [(b, a), (a, b)]
    else:
        month = _MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
        candidates = [(month, day)]
    return tuple(
        dict.fromkeys(
            DateParts(year, m, d)
            for m, d in candidates
            if 1 <= m <= 12 and (d is None or 1 <= d <= 31)
        )
    )


def _numbers(
    text: str, lang: str | None, also_grouped_as: str | None
) -> dict[str, tuple[str, ...]]:
    """value -> its names in a message, one for each way `text` writes it: the value, or the
    number as written and its reading where the language decided it."""
    decimal = decimal_mark(lang) if lang else None
    spaced = _groups_by_space(lang) or _groups_by_space(also_grouped_as)
    text = _GROUPED[spaced].sub(lambda m: re.sub(r"\D", "", m.group()), text)
    read = [(m.start(), m.group(), *_reading(m.group(), decimal)) for m in _NUMBER.finditer(text)]
    names = {
        at: f"{token} (which reads {value} in {lang})" if told else value
        for at, token, value, told in read
    }
    if not spaced:
        # `12 000` in a language that groups otherwise is two numbers: it is named whole.
        for group in _PARTED.finditer(text):
            inside = [(at, value) for at, _, value, _ in read if group.start() <= at < group.end()]
            values = [value for _, value in inside]
            reads = f"{', '.join(values[:-1])} and {values[-1]}"
            names.update(
                (at, f"{group.group()} (which reads {reads} in {lang or 'its language'})")
                for at, _ in inside
            )
    found: dict[str, dict[str, None]] = {}
    for at, _, value, _ in read:
        found.setdefault(value, {})[names[at]] = None
    return {value: tuple(named) for value, named in found.items()}


def _reading(token: str, decimal: str | None) -> tuple[str, bool]:
    """The value of a number as written, and whether the language decided it."""
    read_by_language = bool(decimal and decimal in token and _ONE_GROUP.fullmatch(token))
    if read_by_language:
        assert decimal is not None
        digits = token.replace(decimal, ".")  # 28,500 in Vietnamese: 28.5
    else:
        digits = re.sub(r"[.,](?=\d{3}\b)", "", token).replace(",", ".")  # 3,5 is 3.5
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")  # 28.500 and 28.5 are one value
    value = digits.lstrip("0") or "0"
    if value.startswith("."):
        value = "0" + value  # 0,5 is 0.5
    return value, read_by_language and value != token  # 28,500 in Vietnamese: say how it reads


@lru_cache(maxsize=64)
def decimal_mark(tag: str) -> str | None:
    """The mark the language of the BCP 47 `tag` writes before decimals (Babel's CLDR data:
    `,` for vi, fr or uk, `.` for en, zh or es-MX); None for a language Babel does not know."""
    return _number_symbol(babel.numbers.get_decimal_symbol, tag)


@lru_cache(maxsize=64)
def _groups_by_space(tag: str | None) -> bool:
    """Whether the language of the BCP 47 `tag` groups thousands by a space (CLDR: fr, ru, pl)."""
    group = _number_symbol(babel.numbers.get_group_symbol, tag) if tag else None
    return group is not None and group.isspace()


def _grouped(spaced: bool) -> re.Pattern[str]:
    """Digits in groups of three after the first, parted by a mark that only groups, or by a
    plain space if `spaced`. `2020 100` is not one: its first group is too long."""
    marks = _GROUP_MARKS + (" " if spaced else "")
    return re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{marks}]\d{{3}})+(?!\d)")


_GROUPED = {spaced: _grouped(spaced) for spaced in (False, True)}
# Thousands grouped by plain spaces that the language does not read as one number, with the
# decimals after them: `1 234.5` in English is 1 and 234.5.
_PARTED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?:[.,]\d{3}(?!\d))*(?:[.,]\d+)?(?!\d)")


def _number_symbol(symbol: Callable[[babel.Locale], str], tag: str) -> str | None:
    try:
        return str(symbol(babel.Locale.parse(tag, sep="-")))
    except (ValueError, babel.UnknownLocaleError):
        return None
