"""What the reviewer table's script reads: every claim of one language as compact JSON.

One file per language, so that a filtered view over thousands of claims costs one request.
Repeated values (sources, citing pages, reviewers, dates, and the words of the claims, quotes,
renderings and notes) are listed once and referred to by position; addresses follow from the
patterns in `urls`. At 5,000 claims the word list takes the file from ~470 KB to ~340 KB
gzipped: gzip's window finds few repeats in prose, a list of a few thousand words finds them all.
A text is its words split on single spaces, so joining them with one space gives it back
exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
import json
from typing import Any
import unicodedata

from factpress.urls import claim_url, source_url
from factpress.views import ClaimView, excerpt_parts

# Rows of the table in its page itself: they show before the data arrives (and are where a
# reader without JavaScript starts), few enough to keep the page within the 50 KB budget.
FIRST_ROWS = 10
# The columns of a claim's row that are texts, kept as numbers into the word list: the
# claim, the quote, its rendering, the reviewer's notes, the words of the source's sentences
# before and after the quote, and the quoted span as the source has it (where it differs
# from the quote as written, by its spaces or quotation marks).
_TEXTS = (2, 3, 4, 11, 12, 13, 14)
# The placeholder the script replaces with an id in the address patterns.
ID = "{id}"


def table_data(
    views: Iterable[ClaimView],
    lang: str,
    due: Mapping[str, object],
    format_date: Callable[[date], str],
    elsewhere: Mapping[str, str],
) -> bytes:
    """The table's data of `views` in `lang`; `elsewhere` maps a citing page's URL to its
    version's in the other language, which the language switch keeps as the filter."""
    sources: dict[str, int] = {}
    source_rows: list[list[str]] = []
    pages: dict[str, int] = {}
    page_rows: list[list[str]] = []
    reviewers: dict[str, int] = {}
    dates: dict[str, str] = {}
    claims: list[list[Any]] = []
    for view in views:
        source = view.source
        if source.id not in sources:
            sources[source.id] = len(source_rows)
            source_rows.append([source.id, source.title, source.language])
        cited = []
        for ref in view.cited_by:
            if ref.url not in pages:
                pages[ref.url] = len(page_rows)
                other = elsewhere.get(ref.url)
                page_rows.append([ref.url, ref.title] + ([other] if other else []))
            cited.append(pages[ref.url])
        claim = view.claim
        before, marked, after = excerpt_parts(view)
        reviewer = reviewers.setdefault(claim.reviewer, len(reviewers))
        reviewed = claim.reviewed.isoformat()
        if reviewed not in dates:
            dates[reviewed] = format_date(claim.reviewed)
        claims.append(
            [
                view.id,
                claim.status.value,
                view.text,
                claim.quote,
                # The quote in the table's language, when the source is in another (as
                # macros.html's `evidence`): every rendering of every claim would take the
                # data over its 400 KB budget at 5,000 claims. The exports carry them all.
                view.rendering,
                sources[source.id],
                ",".join(view.anchor.sentence_ids),
                cited,
                reviewer,
                reviewed,
                1 if due[view.id] else 0,
                view.notes,
                before or None,
                after or None,
                None if marked == claim.quote else marked,
                claim.attributed_to,
            ]
        )
    # Each text is split into its words twice, to count them and then to number them: kept
    # split in between, the words of 20,000 claims added 37 MB to the peak of the process.
    words = Counter(w for row in claims for text in _texts(row) for w in text.split(" "))
    number = {word: n for n, (word, _) in enumerate(words.most_common())}
    for row in claims:
        for column in _TEXTS:
            if row[column] is not None:
                row[column] = [number[w] for w in row[column].split(" ")]
        while row[-1] is None:  # most claims have no context, rendering or speaker
            row.pop()
    data = {
        "urls": {"claim": claim_url(lang, ID), "source": source_url(lang, ID)},
        "sources": source_rows,
        "pages": page_rows,
        "reviewers": list(reviewers),
        "dates": dates,
        "words": list(number),
        "claims": claims,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if not unicodedata.is_normalized("NFC", text):  # a facts.yaml or a source saved decomposed
        text = unicodedata.normalize("NFC", text)  # composed, as the pages are
    return text.encode("utf-8")


def _texts(row: list[Any]) -> list[str]:
    """The texts of a row that go through the word list (the columns of _TEXTS)."""
    return [row[column] for column in _TEXTS if row[column] is not None]
