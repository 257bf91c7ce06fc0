"""How much of each source the claims cover, and which checkable sentences no claim covers yet.

A sentence is covered when a claim's quote touches it. A sentence is checkable when it states
something a reviewer could check: a number or date (any digit), or a proper name, taken to be a
capitalised word other than the sentence's first (Vietnamese names are runs of capitalised
syllables: `Bình Dương`, `Lê Văn B`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re

from factpress.model import Anchor, Source
from factpress.sentences import Sentence

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Coverage:
    source: Source
    cited: int  # sentences a claim's quote touches
    total: int
    uncovered: tuple[Sentence, ...]  # checkable sentences no claim touches, in source order

    @property
    def percent(self) -> int:
        return round(100 * self.cited / self.total) if self.total else 0

    @property
    def runs(self) -> tuple[tuple[Sentence, ...], ...]:
        """The uncovered sentences in runs, each as they follow one another in the text with no
        other sentence between. A long report of which claims cite a few sentences is listed
        by its stretches: sentence by sentence, the list outweighed the text it points into."""
        position = {s.id: i for i, s in enumerate(self.source.sentences)}
        runs: list[list[Sentence]] = []
        for sentence in self.uncovered:
            if runs and position[sentence.id] == position[runs[-1][-1].id] + 1:
                runs[-1].append(sentence)
            else:
                runs.append([sentence])
        return tuple(tuple(run) for run in runs)


def source_coverage(source: Source, anchors: Iterable[Anchor]) -> Coverage:
    """`anchors`: those of the site, or only this source's."""
    cited_ids = {
        sentence_id
        for anchor in anchors
        if anchor.source_id == source.id
        for sentence_id in anchor.sentence_ids
    }
    uncovered = tuple(
        s
        for s, can_check in zip(source.sentences, source.checkable, strict=True)
        if can_check and s.id not in cited_ids
    )
    return Coverage(source, len(cited_ids), len(source.sentences), uncovered)


def site_coverage(
    sources: Mapping[str, Source], anchors: Mapping[str, Anchor]
) -> dict[str, Coverage]:
    by_source: dict[str, list[Anchor]] = {}
    for anchor in anchors.values():  # grouped once, not searched again for every source
        by_source.setdefault(anchor.source_id, []).append(anchor)
    return {
        source_id: source_coverage(s, by_source.get(source_id, ()))
        for source_id, s in sorted(sources.items())
    }


def checkable_flags(sentences: Iterable[Sentence]) -> tuple[bool, ...]:
    """Whether each sentence is checkable: worked out once per source, when it is read (a
    build that changes a claim reuses it, and the two languages share it)."""
    return tuple(is_checkable(s.text) for s in sentences)


def is_checkable(text: str) -> bool:
    if any(map(str.isdigit, text)):
        return True
    words = _WORD.findall(text)
    return any(word[0].isupper() for word in words[1:])
