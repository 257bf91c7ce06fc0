"""Deep links into an original article: URL text fragments (`#:~:text=`) for a quoted span.

The rules are those of the URL Fragment Text Directives draft
(https://wicg.github.io/scroll-to-text-fragment/): the directive is
`text=[prefix-,]start[,-suffix]`, each part the percent-encoded UTF-8 of the text, with `-`, `,`
and `&` always escaped because they are the directive's own syntax. A browser matches the parts
case-insensitively on word boundaries, against the page's text with white space collapsed; so
the start text alone is enough only when it occurs once in the source, and otherwise the words
just before (prefix) and after (suffix) the span are added until it does.
"""

from __future__ import annotations

from functools import lru_cache
import unicodedata
from urllib.parse import quote

# A prefix or suffix grows one word at a time; beyond this many words the link stays ambiguous
# rather than growing without end (the browser then shows the first occurrence).
_MAX_CONTEXT_WORDS = 8


def encode_part(text: str) -> str:
    """Percent-encode one part of a text directive: UTF-8 of the NFC text, `-` `,` `&` escaped."""
    # quote() leaves the unreserved `-` `.` `_` `~` alone; `-` is the directive's own syntax.
    return quote(_plain(text), safe="").replace("-", "%2D")


def text_fragment(source_text: str, start: int, end: int) -> str:
    """The `#:~:text=…` fragment that selects `source_text[start:end]`, with as much context
    as it takes to make the match unique in the source."""
    before, span, after = (_plain(part) for part in _split(source_text, start, end))
    whole = _folded(source_text)
    prefix_words = before.split()[-_MAX_CONTEXT_WORDS:]
    suffix_words = after.split()[:_MAX_CONTEXT_WORDS]
    prefix: list[str] = []
    suffix: list[str] = []
    while _count(whole, _join(prefix, span, suffix)) > 1:
        grew = False
        if len(prefix) < min(len(prefix_words), _MAX_CONTEXT_WORDS):
            prefix.insert(0, prefix_words[-len(prefix) - 1])
            grew = True
        if _count(whole, _join(prefix, span, suffix)) > 1 and len(suffix) < min(
            len(suffix_words), _MAX_CONTEXT_WORDS
        ):
            suffix.append(suffix_words[len(suffix)])
            grew = True
        if not grew:
            break
    parts = [encode_part(span)]
    if prefix:
        parts.insert(0, encode_part(" ".join(prefix)) + "-")
    if suffix:
        parts.append("-" + encode_part(" ".join(suffix)))
    return ":~:text=" + ",".join(parts)


def deep_link(url: str, source_text: str, start: int, end: int) -> str:
    """`url` with the text fragment of the span; any fragment the URL had is replaced."""
    return url.split("#", 1)[0] + "#" + text_fragment(source_text, start, end)


def _plain(text: str) -> str:
    # NFC and collapsed white space, as the browser sees rendered text; quotation marks are
    # kept as they are, since browsers do not fold them the way our quote locator does.
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=64)
def _folded(source_text: str) -> str:
    # Every claim of a source searches the same text: fold it once.
    return _plain(source_text).casefold()


# Context never needs more than a few words on each side; a bounded window keeps the cost of a
# claim independent of the length of its source (and small: a site has thousands of claims).
_WINDOW = _MAX_CONTEXT_WORDS * 80


def _split(text: str, start: int, end: int) -> tuple[str, str, str]:
    return text[max(0, start - _WINDOW) : start], text[start:end], text[end : end + _WINDOW]


def _join(prefix: list[str], span: str, suffix: list[str]) -> str:
    return " ".join([*prefix, span, *suffix]).casefold()


def _count(haystack: str, needle: str) -> int:
    count, at = 0, haystack.find(needle)
    while at != -1:
        count, at = count + 1, haystack.find(needle, at + 1)
    return count
