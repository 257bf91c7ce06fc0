"""Split an archived source text into sentences with stable `p<paragraph>s<n>` ids.

The ids are public (claims and source pages anchor on them), so the rules are spelled out here
and each one has a test:

- A paragraph is a line that holds something other than white space; paragraphs are numbered
  from 1 in file order, so headings, bylines and one-word lines are one-sentence paragraphs.
  Lines break at `\\n`, `\\r\\n` or `\\r`, as editors count them.
- Within a paragraph a sentence ends at `.`, `!`, `?`, `…` or a run of them (`...`, `?!`), plus
  any closing quotes or brackets right after it (`”.`, `."`, `!)`), when white space and then a
  sentence start follow. A sentence start is an upper-case letter (Vietnamese capitals such as
  `Đ`, `Ơ`, `Ư` with any tone included) or a digit, optionally behind opening quotes or
  brackets. So `TP.Eindhoven`, `3.5` and `1.000.000` never split (no white space), and neither
  does `Philips… có` (lower case follows).
- The ellipsis is a terminator like the others: `(WTCA)… Đáng chú ý` splits. Vietnamese news
  prose ends an open list with `…` and starts the next sentence with a capital; the cost is a
  wrong split where `…` is followed by a proper noun in mid-sentence.
- A single `.` does not end a sentence after a title or place abbreviation from
  `_ABBREVIATIONS` (`TP. Hồ Chí Minh`, `TS. Lê`, `Dr. Smith`, `St. Louis`), after single
  capital initials (`J. R. R. Tolkien`, `U.S. Army`, `U.N. Security Council`), or after a list
  number that opens the sentence (`1.`, `IV.`). `v.v.` and `etc.` are left out on purpose:
  they usually close a sentence, so they end one when a capital follows.
- English abbreviations that end sentences too are read by what follows them. A month
  (`Jan.`, `Sept.`) or `No.` ends nothing before a number (`on Jan. 5 to approve`, `No. 5`,
  `No. IV`): written alone, a month is spelt out, and `No.` before a capital is the answer.
  `a.m.` and `p.m.` end nothing before a weekday, a month or a time zone (`9 a.m. Monday`,
  `8 p.m. EST`), and end the sentence before any other capital (`at 5 p.m. Members left`).
- Quotations get no special treatment: sentences inside a quotation are sentences of their own.
  The opening quote mark stays with the first of them (together with any `ông nói:` lead-in,
  since a colon ends nothing), and a closing mark belongs to the sentence it closes. A quoted
  `"Đi!"` followed by a lower-case `anh nói.` stays inside one sentence.
- Sentences tile their paragraph: every character that is not white space belongs to exactly one
  sentence. A trailing piece without a sentence start, such as the ` |` of a pull-quote, stays
  with the sentence before it; a would-be sentence without a letter or digit joins the next one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# One line and its break; a text that ends in a break yields one more, empty, line (skipped).
_LINE = re.compile(r"(?P<line>[^\r\n]*)(?:\r\n|\r|\n|\Z)")
_OPENERS = "\"'“‘„‚«‹([{"
# A terminator run, then whatever closes the sentence it ends: `”.` and `.”` alike.
_END = re.compile(r"[.!?…][.!?…\"'”’»›)\]}]*")
_ROMAN = re.compile(r"[IVXLCDM]+")

# Titles and place prefixes that are written with a period and are followed by a name, so the
# period almost never ends a sentence. Case matters: `no.` ends English sentences, `No. 5` does not.
_ABBREVIATIONS = frozenset(
    {
        # Vietnamese: city/town, academic and professional titles, publisher
        "TP",
        "Tp",
        "TX",
        "ThS",
        "Th.S",
        "TS",
        "PGS",
        "PGS.TS",
        "GS",
        "GS.TS",
        "BS",
        "KS",
        "NXB",
        # English
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Sr",
        "Jr",
        "St",
        "Mt",
        "Vol",
        "Fig",
        "vs",
        "e.g",
        "i.e",
        "cf",
    }
)

# English abbreviations that end nothing before a number, and may end a sentence otherwise.
_BEFORE_NUMBER = frozenset(
    {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
    | {"No", "Nos"}
)
_CLOCK = frozenset({"a.m", "p.m", "A.M", "P.M"})
# What follows a time of day in the same sentence: a weekday, a month, a time zone (`EST`).
_AFTER_CLOCK = re.compile(
    r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\b"
    r"|[A-Z]{2,4}T\b|UTC\b|GMT\b"
)


class Sentence(NamedTuple):
    """One sentence of a source, with where it sits in the decoded text."""

    # A named tuple rather than a dataclass: a large project has hundreds of thousands of
    # sentences, and the build cache loads tuples several times faster.

    id: str  # "p<paragraph>s<n>", both 1-based
    start: int  # code-point offset into the decoded source, inclusive
    end: int  # exclusive
    line: int  # 1-based line where the sentence starts
    column: int  # 1-based column, in code points
    # The decoded source, shared by its sentences: each text is cut from it when asked. Kept
    # as strings of their own, the sentences held the archived texts a second time (70 MB of
    # a build's memory at 4,000 explainers). The cache pickles a source with its sentences as
    # columns of numbers (pickling._pack_source); a sentence pickled alone carries the whole.
    whole: str

    @property
    def text(self) -> str:
        """Exactly whole[start:end]."""
        return self.whole[self.start : self.end]

    # A sentence is its place and its words, as before it held the source: not the source.
    def _fields_shown(self) -> tuple[str, str, int, int, int, int]:
        return self.id, self.text, self.start, self.end, self.line, self.column

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sentence) and self._fields_shown() == other._fields_shown()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._fields_shown())

    def __lt__(self, other: tuple[object, ...]) -> bool:
        return self._fields_shown() < _shown(other)

    def __le__(self, other: tuple[object, ...]) -> bool:
        return self._fields_shown() <= _shown(other)

    def __gt__(self, other: tuple[object, ...]) -> bool:
        return self._fields_shown() > _shown(other)

    def __ge__(self, other: tuple[object, ...]) -> bool:
        return self._fields_shown() >= _shown(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(_SHOWN, self._fields_shown(), strict=True))
        return f"Sentence({shown})"


_SHOWN = ("id", "text", "start", "end", "line", "column")


def _shown(other: tuple[object, ...]) -> tuple[object, ...]:
    if not isinstance(other, Sentence):
        raise TypeError(f"a sentence is not ordered with {type(other).__name__}")
    return other._fields_shown()


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split a decoded source text into its sentences, in order, each with a stable id."""
    sentences: list[Sentence] = []
    paragraph = 0
    for line_number, match in enumerate(_LINE.finditer(text), start=1):
        line = match.group("line")
        if not line.replace("\ufeff", "").strip():  # blank, but for a byte-order mark
            continue
        paragraph += 1
        for number, (start, end) in enumerate(_split_paragraph(line), start=1):
            sentences.append(
                Sentence(
                    id=f"p{paragraph}s{number}",
                    start=match.start() + start,
                    end=match.start() + end,
                    line=line_number,
                    column=start + 1,
                    whole=text,
                )
            )
    return tuple(sentences)


def _split_paragraph(line: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences of one line, relative to the line."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(line, 0)
    for end in _END.finditer(line):
        after = end.end()
        if after == len(line) or not line[after].isspace():
            continue
        following = _skip_space(line, after)
        if following == len(line) or not _starts_sentence(line, following):
            continue
        if not _ends_sentence(line, start, end, following):
            continue
        spans.append((start, after))
        start = following
    spans.append((start, len(line.rstrip())))
    return spans


def _skip_space(line: str, index: int) -> int:
    # U+FEFF too: the byte-order mark an editor may save at the start of a file, which no
    # reader sees and which would otherwise begin the first sentence.
    while index < len(line) and (line[index].isspace() or line[index] == "\ufeff"):
        index += 1
    return index


def _starts_sentence(line: str, index: int) -> bool:
    while index < len(line) and line[index] in _OPENERS:
        index += 1
    return index < len(line) and (line[index].isupper() or line[index].isdigit())


def _ends_sentence(line: str, start: int, end: re.Match[str], following: int) -> bool:
    """Decide whether the terminator `end` closes the sentence that began at `start`; the
    next sentence would begin at `following`."""
    if not any(char.isalnum() for char in line[start : end.end()]):
        return False
    if end.group() != ".":
        return True
    token_start = end.start()
    while token_start > start and not line[token_start - 1].isspace():
        token_start -= 1
    word = line[token_start : end.start()].lstrip(_OPENERS)
    if word in _ABBREVIATIONS or _is_initials(word):
        return False
    if word in _BEFORE_NUMBER and _number_at(line, following):
        return False
    if word in _CLOCK and _AFTER_CLOCK.match(line, following):
        return False
    # "1. Giới thiệu", "IV. Kết luận": a list number, not a one-word sentence.
    return not (token_start == start and (word.isdigit() or _ROMAN.fullmatch(word)))


def _is_initials(word: str) -> bool:
    """`J`, `U.S`: single capital letters joined by periods (the last period is the candidate)."""
    letters = word.split(".")
    return all(len(letter) == 1 and letter.isupper() for letter in letters)


def _number_at(line: str, index: int) -> bool:
    """A number starts at `index`: digits (`5`), or a Roman numeral word (`IV`)."""
    if line[index].isdigit():
        return True
    word = line[index:].split(maxsplit=1)[0].rstrip(",.;:)")
    return bool(_ROMAN.fullmatch(word))
