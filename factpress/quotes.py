"""Find a claim's quote in the text of its source, or say why it cannot be found."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
import difflib
from functools import lru_cache
import re
from typing import overload
import unicodedata

from factpress.sentences import Sentence

# Double marks and the double prime become '"', single marks and the prime become "'".
_QUOTE_MARKS = str.maketrans("“”„‟″‘’‚‛′", '"' * 5 + "'" * 5)
_HAS_QUOTE_MARK = re.compile("[“”„‟″‘’‚‛′]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# `\s` is exactly str.isspace(), as the cluster walk uses. A lone plain space is already
# folded, so only longer runs and other white space need work.
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")


@dataclass(frozen=True, slots=True)
class QuoteFound:
    """The quote occurs exactly once, at `start:end` of the original text."""

    start: int
    end: int
    sentence_ids: tuple[str, ...]  # every sentence the span touches, in order


@dataclass(frozen=True, slots=True)
class QuoteMissing:
    """The quote does not occur; `closest` is the sentence most like it, for the error message."""

    closest: Sentence | None
    similarity: float  # difflib ratio, 0..1


@dataclass(frozen=True, slots=True)
class QuoteAmbiguous:
    """The quote occurs more than once; a longer quote would pin it down."""

    starts: tuple[int, ...]  # original offsets of every occurrence, overlapping ones included


QuoteMatch = QuoteFound | QuoteMissing | QuoteAmbiguous


def normalize(text: str) -> tuple[str, list[int]]:
    """NFC, white-space runs folded to one space, curly quotes “ ” „ ‟ ″ → ", ‘ ’ ‚ ‛ ′ → ',
    and the tone of "oa", "oe" and "uy" on the first vowel (hoà → hòa), a pair for a pair.

    Returns the normalized text and, for every index of it, the offset in the ORIGINAL text it
    came from (plus one trailing entry for the end), so a match maps back to original offsets.
    """
    normalized, offsets = _normalize_cached(text)
    return normalized, list(offsets)


def locate_quote(quote: str, text: str, sentences: Sequence[Sentence]) -> QuoteMatch:
    """Look for `quote` in the source `text` (split into `sentences`) as the README describes:
    after normalization on both sides, and it must occur exactly once."""
    wanted = _normalize(quote.strip())[0]
    if not wanted:
        return QuoteMissing(None, 0.0)
    haystack, offsets = _normalize_cached(text)
    hits: list[int] = []
    # Step one character at a time, not past the hit: "aa" occurs twice in "aaa".
    hit = haystack.find(wanted)
    while hit != -1:
        if _whole_pairs(text, offsets[hit], offsets[hit + len(wanted)], wanted):
            hits.append(hit)
        hit = haystack.find(wanted, hit + 1)
    if not hits:
        return _closest(wanted, sentences)
    if len(hits) > 1:
        return QuoteAmbiguous(tuple(offsets[hit] for hit in hits))
    start, end = offsets[hits[0]], offsets[hits[0] + len(wanted)]
    touched = tuple(s.id for s in sentences if s.start < end and s.end > start)
    return QuoteFound(start, end, touched)


def _whole_pairs(text: str, start: int, end: int, wanted: str) -> bool:
    """The span of `text` is the quote on its own, not a part of a pair of vowels that the
    tone folding changed: "thủ" is in "thuỷ" folded, not in "thuỷ"."""
    return _normalize(text[start:end])[0] == wanted


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of `offset` in `text`, breaking lines at
    `\\n`, `\\r\\n` and `\\r` as `split_sentences` does."""
    line, line_start = 1, 0
    for brk in _LINE_BREAK.finditer(text, 0, offset):
        line, line_start = line + 1, brk.end()
    return line, offset - line_start + 1


def _closest(wanted: str, sentences: Sequence[Sentence]) -> QuoteMissing:
    """The sentence with the best difflib ratio against the quote; the first one wins a tie."""
    wanted_counts = Counter(wanted)
    # quick_ratio, computed from cached character counts: an upper bound of ratio. Trying the
    # sentences from the highest bound down, the search stops as soon as no bound can beat the
    # best ratio so far, so only a handful of the costly full ratios are ever computed.
    bounds: list[tuple[float, int]] = []
    for index, sentence in enumerate(sentences):
        text, counts = _profile(sentence.text)
        common = sum(min(n, counts[char]) for char, n in wanted_counts.items() if char in counts)
        bounds.append((2.0 * common / (len(text) + len(wanted)), index))
    bounds.sort(key=lambda bound: (-bound[0], bound[1]))
    best_index, best_ratio = -1, 0.0
    # SequenceMatcher caches its analysis of the second sequence: the quote goes there.
    matcher = difflib.SequenceMatcher(None, "", wanted, autojunk=False)
    for bound, index in bounds:
        if bound < best_ratio:
            break
        if bound == best_ratio and index > best_index:
            continue  # it could at best tie, and a tie goes to the earlier sentence
        matcher.set_seq1(_profile(sentences[index].text)[0])
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and index < best_index):
            best_index, best_ratio = index, ratio
    return QuoteMissing(sentences[best_index] if best_index >= 0 else None, best_ratio)


@lru_cache(maxsize=4096)
def _profile(sentence_text: str) -> tuple[str, Counter[str]]:
    # A source's sentences are read once per missing quote; callers only read the counts.
    text = _normalize(sentence_text)[0]
    return text, Counter(text)


def _normalize(text: str) -> tuple[str, Sequence[int]]:
    if unicodedata.is_normalized("NFC", text):
        normalized, offsets = _fold_spaces(text)
    else:
        normalized, offsets = _normalize_clusters(text)
    if _NEW_STYLE_TONE.search(normalized):  # a pair for a pair: the offsets hold
        normalized = _NEW_STYLE_TONE.sub(lambda pair: _OLD_STYLE[pair.group()], normalized)
    return normalized, offsets


def _tone_placements() -> dict[str, str]:
    """Each way of writing a tone on the second vowel of "oa", "oe" or "uy", to the same on
    the first, in NFC (where either is two code points)."""
    found = {}
    for first, second in ("oa", "oe", "uy"):
        for a in (first, first.upper()):
            for b in (second, second.upper()):
                for tone in "\u0300\u0301\u0309\u0303\u0323":  # ` ´ hook ~ dot below
                    new = a + unicodedata.normalize("NFC", b + tone)
                    found[new] = unicodedata.normalize("NFC", a + tone) + b
    return found


# Vietnamese writes the tone of a syllable ending in "oa", "oe" or "uy" on the first vowel
# (the older style: hòa, khỏe, thủy) or on the second (hoà, khoẻ, thuỷ): one word, two
# spellings, both common, so that a quote typed in one need not be the source's. Quote and
# source are compared in the older style. (Where a consonant follows, as in "hoàn", the tone
# is on the second vowel in both styles; folding it too is harmless, as both sides fold.)
_OLD_STYLE = _tone_placements()
_NEW_STYLE_TONE = re.compile(
    "(?:"  # a character class per first vowel: a third of the time of a list of the pairs
    + "|".join(
        f"{first}[{''.join(pair[1] for pair in _OLD_STYLE if pair[0] == first)}]"
        for first in sorted({pair[0] for pair in _OLD_STYLE})
    )
    + ")(?![\u0300-\u036f])"  # and no other mark on the second vowel
)


def _normalize_clusters(text: str) -> tuple[str, Sequence[int]]:
    pieces: list[str] = []
    offsets: list[int] = []
    in_space = False
    for start, end in _clusters(text):
        cluster = text[start:end]
        if cluster.isspace():
            if not in_space:
                pieces.append(" ")
                offsets.append(start)
            in_space = True
            continue
        in_space = False
        composed = unicodedata.normalize("NFC", cluster)
        pieces.append(composed.translate(_QUOTE_MARKS))
        if composed == cluster:
            offsets.extend(range(start, end))
        else:
            # NFC changed the cluster, so its characters no longer line up with the original:
            # the first maps to the cluster's start and the rest to its end, so a span that
            # ends inside the cluster maps back to one that covers all of it.
            offsets.append(start)
            offsets.extend([end] * (len(composed) - 1))
    offsets.append(len(text))
    return "".join(pieces), tuple(offsets)


def _fold_spaces(text: str) -> tuple[str, Sequence[int]]:
    """`_normalize` for text already in NFC (nearly every source): no cluster can change, so
    only white-space runs fold and quote marks change one for one. The offsets are kept as the
    few points where the mapping jumps, not one number per character."""
    pieces: list[str] = []
    breaks_at: list[int] = [0]  # normalized index where a stretch starts
    breaks_to: list[int] = [0]  # the original offset it maps to
    position = length = 0
    for run in _ODD_SPACE.finditer(text):
        start, end = run.span()
        pieces.append(text[position:start])
        length += start - position
        breaks_at.append(length)  # the folded space maps to the run's start ...
        breaks_to.append(start)
        pieces.append(" ")
        length += 1
        breaks_at.append(length)  # ... and what follows it to the run's end
        breaks_to.append(end)
        position = end
    pieces.append(text[position:])
    length += len(text) - position
    folded = "".join(pieces)
    if _HAS_QUOTE_MARK.search(folded):
        folded = folded.translate(_QUOTE_MARKS)  # one for one: offsets are unchanged
    return folded, _Offsets(breaks_at, breaks_to, length + 1)


class _Offsets(Sequence[int]):
    """Original offset of each normalized index: stretches where both advance together."""

    def __init__(self, breaks_at: list[int], breaks_to: list[int], length: int) -> None:
        self._at = breaks_at
        self._to = breaks_to
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        stretch = bisect_right(self._at, index) - 1
        return self._to[stretch] + index - self._at[stretch]


# A source is searched once per claim that cites it, so the same text comes back thousands of
# times; the quotes themselves are not cached. The claims are searched source by source
# (verify.py), so a few texts suffice: a site's every source, held twice, was a tenth of a
# large build's memory.
_normalize_cached = lru_cache(maxsize=8)(_normalize)


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """Cut `text` into the shortest pieces that NFC normalizes independently of each other.

    A piece is a character plus whatever NFC may fuse to it: combining marks (which it may also
    reorder), and the few starters that compose with what precedes them (Hangul jamo, some
    Indic vowel signs). Normalizing piece by piece gives NFC of the whole text while each piece
    keeps its original offsets."""
    start = 0
    for index in range(1, len(text)):
        char = text[index]
        # Below U+0300 every character is a starter that composes with nothing before it, and
        # nothing composes with white space: cutting after it lets white-space runs fold whole.
        if (
            char < "\u0300"
            or text[start].isspace()
            or (unicodedata.combining(char) == 0 and _stands_apart(text[start:index], char))
        ):
            yield start, index
            start = index
    if text:
        yield start, len(text)


def _stands_apart(piece: str, char: str) -> bool:
    nfc = unicodedata.normalize
    return nfc("NFC", piece + char) == nfc("NFC", piece) + nfc("NFC", char)
