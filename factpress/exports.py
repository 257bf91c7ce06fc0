"""The claim record for machines, written with every build.

- `/claims.json`: every claim and source; its shape is documented in the README and versioned by
  `schema_version` (raised whenever a field changes meaning or goes away).
- `/claims.csv`: one row per claim, UTF-8 with a byte-order mark so that spreadsheet programs
  read Vietnamese correctly.
- `/annotations.jsonld`: a W3C Web Annotation collection, one annotation per claim, whose target
  selects the quoted span of the source (TextQuoteSelector, TextPositionSelector) as archived
  on a given day (TimeState, its `cached` copy being the raw text published at `/sources/<id>.txt`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
import csv
from functools import lru_cache
import io
import json
from pathlib import PurePosixPath
from typing import Any
import unicodedata

from factpress.claimreview import date_modified
from factpress.model import LANGS, Anchor, Claim, RenderedFile, Site, Source
from factpress.review import review_due
from factpress.urls import claim_url, dest_path, raw_source_url, source_url

SCHEMA_VERSION = 1
CONTEXT_CHARS = 32  # prefix and suffix of a TextQuoteSelector


def claim_files(site: Site) -> Iterator[RenderedFile]:
    """claims.json and claims.csv. At newsroom scale each is megabytes, and the list of the
    records they were made from took 42 MB more of the worker's memory at 20,000 claims: each
    record is now made, written to both and let go in turn."""
    cited_by = _cited_by(site)
    records = (_record(site, claim_id, cited_by[claim_id]) for claim_id in _ordered(site))
    table = _Csv()
    claims = _json(_claims_document(site, table.rows_of(records)))
    yield RenderedFile(PurePosixPath("claims.json"), claims)
    yield RenderedFile(PurePosixPath("claims.csv"), table.content())


def annotation_file(site: Site) -> RenderedFile:
    """annotations.jsonld: apart from the other two, so that another process can make it."""
    return RenderedFile(PurePosixPath("annotations.jsonld"), _json(_annotations(site)))


def raw_source_file(source: Source) -> RenderedFile:
    """The archived text as it was captured, under /sources/, the annotations' cached copy."""
    # The decoded text re-encodes to exactly the archived bytes: UTF-8 decoding is lossless.
    return RenderedFile(raw_source_path(source.id), source.text.encode("utf-8"))


def raw_source_path(source_id: str) -> PurePosixPath:
    return dest_path(raw_source_url(source_id))


def nfc_span(text: str, anchor: Anchor) -> tuple[str, int, int]:
    """The NFC text of the source and the anchor's start and end as code points into it."""
    nfc = _nfc(text)
    if nfc is text:  # most archived text is NFC already: the offsets hold as they are
        return nfc, anchor.start, anchor.end
    start = len(unicodedata.normalize("NFC", text[: anchor.start]))
    end = start + len(unicodedata.normalize("NFC", text[anchor.start : anchor.end]))
    return nfc, start, end


@lru_cache(maxsize=64)
def _nfc(text: str) -> str:
    # Every claim of a source asks for the same normalized text, twice (claims and annotations).
    # `text` itself when it is NFC already, so that callers can tell by identity.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _ordered(site: Site) -> list[str]:
    return sorted(site.anchors, key=lambda i: (site.anchors[i].source_id, site.anchors[i].start))


def _cited_by(site: Site) -> dict[str, dict[str, list[str]]]:
    """claim id -> language -> the addresses of the pages citing it, in page order."""
    found: dict[str, dict[str, list[str]]] = {c: {lang: [] for lang in LANGS} for c in site.claims}
    for page in site.pages:
        for claim_id in page.cited_ids:
            if claim_id in found:
                found[claim_id][page.lang].append(site.config.base_url + page.url)
    return found


def _record(site: Site, claim_id: str, cited_by: dict[str, list[str]]) -> dict[str, Any]:
    claim: Claim = site.claims[claim_id]
    anchor = site.anchors[claim_id]
    source = site.sources[anchor.source_id]
    _, start, end = nfc_span(source.text, anchor)
    base = site.config.base_url
    return {
        "id": claim.id,
        "status": claim.status.value,
        "text": {"vi": claim.text.vi, "en": claim.text.en},
        "source": source.id,
        "quote": claim.quote,
        # Each rendering of the quote, null in the quote's own language (README: Exports).
        "quote_en": claim.renderings.get("en"),
        "quote_vi": claim.renderings.get("vi"),
        "position": {"start": start, "end": end, "sentences": list(anchor.sentence_ids)},
        "attributed_to": claim.attributed_to,
        "reviewer": claim.reviewer,
        "reviewed": claim.reviewed.isoformat(),
        "review_due": bool(
            review_due(claim, source.archived, site.today, site.config.review_max_age_days)
        ),
        "date_modified": date_modified(claim).isoformat(),
        "notes": {"vi": claim.notes.vi, "en": claim.notes.en} if claim.notes else None,
        "corrections": [
            {"date": c.date.isoformat(), "vi": c.text.vi, "en": c.text.en}
            for c in claim.corrections
        ],
        "url": {lang: base + claim_url(lang, claim.id) for lang in LANGS},
        "cited_by": cited_by,
    }


def _source_record(site: Site, source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "language": source.language,
        "published": source.published.isoformat() if source.published else None,
        "url": source.url,
        "archived": source.archived.isoformat(),
        "sha256": source.sha256,
        "archive_url": site.config.base_url + "/" + str(raw_source_path(source.id)),
        "page": {lang: site.config.base_url + source_url(lang, source.id) for lang in LANGS},
    }


def _claims_document(site: Site, records: Iterator[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "site": {"base_url": site.config.base_url, "publisher": site.config.publisher},
        "claims": records,
        "sources": [_source_record(site, s) for _, s in sorted(site.sources.items())],
    }


# New columns go last, so that a spreadsheet made from an older file still lines up.
_CSV_COLUMNS = (
    "id", "status", "vi", "en", "quote", "quote_en", "source", "reviewer", "reviewed",
    "review_due", "date_modified", "corrections", "url_vi", "url_en", "quote_vi",
)  # fmt: skip


class _Csv:
    """claims.csv, a row at a time."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._out.write("\ufeff".encode())
        # csv ends its rows with \r\n itself: the text layer adds no line ends of its own.
        self._text = io.TextIOWrapper(self._out, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text)
        self._writer.writerow(_CSV_COLUMNS)

    def rows_of(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """`records`, each written as a row as it goes by."""
        for r in records:
            self._writer.writerow(
                [
                    r["id"], r["status"], r["text"]["vi"], r["text"]["en"], r["quote"],
                    r["quote_en"], r["source"], r["reviewer"], r["reviewed"],
                    "yes" if r["review_due"] else "no", r["date_modified"],
                    len(r["corrections"]), r["url"]["vi"], r["url"]["en"], r["quote_vi"],
                ]
            )  # fmt: skip
            yield r

    def content(self) -> bytes:
        self._text.flush()
        return self._out.getvalue()


def _annotations(site: Site) -> dict[str, Any]:
    base = site.config.base_url
    # The archived copy's address, once per source rather than twice per claim.
    cached = {i: base + "/" + str(raw_source_path(i)) for i in site.sources}
    ordered = _ordered(site)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": base + "/annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Claims and the source spans that support them",
        "total": len(ordered),
        "first": {
            "id": base + "/annotations.jsonld#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            # Made as they are written, as the claims' records are.
            "items": (_annotation(site, claim_id, cached) for claim_id in ordered),
        },
    }


def _annotation(site: Site, claim_id: str, cached: Mapping[str, str]) -> dict[str, Any]:
    base = site.config.base_url
    claim = site.claims[claim_id]
    anchor = site.anchors[claim_id]
    source = site.sources[anchor.source_id]
    text, start, end = nfc_span(source.text, anchor)
    return {
        "id": base + claim_url("en", claim.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim.reviewed.isoformat(),
        "modified": date_modified(claim).isoformat(),
        "creator": {"type": "Person", "name": claim.reviewer},
        "body": [_text_body(claim.text[lang], lang, "assessing") for lang in LANGS]
        + [{"type": "TextualBody", "value": claim.status.value, "purpose": "tagging"}]
        # The quoted words in each site language the source is not written in.
        + [
            _text_body(claim.renderings[lang], lang, "describing")
            for lang in LANGS
            if lang in claim.renderings
        ],
        "target": {
            "type": "SpecificResource",
            "source": source.url or cached[source.id],
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                    "suffix": text[end : end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
            "state": {
                "type": "TimeState",
                "sourceDate": f"{source.archived.isoformat()}T00:00:00Z",
                "cached": cached[source.id],
            },
        },
    }


def _text_body(value: str, lang: str, purpose: str) -> dict[str, str]:
    return {
        "type": "TextualBody",
        "value": value,
        "language": lang,
        "format": "text/plain",
        "purpose": purpose,
    }


def _json(data: dict[str, Any]) -> bytes:
    """`data` as UTF-8 JSON, indented down to the lists, whose items take one line each: a
    file a person can read and diff claim by claim. Each item is encoded whole by json's C
    encoder, which an indent would turn off (the Python one took 1.9 s for 5,000 claims)."""
    out = io.BytesIO()
    _write_json(out, data, "")
    out.write(b"\n")
    return out.getvalue()


_one_line = json.JSONEncoder(ensure_ascii=False).encode


def _write_json(out: io.BytesIO, value: Any, indent: str) -> None:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        pieces = (f"{inner}{_one_line(key)}: " for key in value)
        out.write(b"{")
        for number, (piece, item) in enumerate(zip(pieces, value.values(), strict=True)):
            out.write(f"{',' if number else ''}\n{piece}".encode())
            _write_json(out, item, inner)
        out.write(f"\n{indent}}}".encode())
    elif isinstance(value, (list, Iterator)):
        count = 0
        for count, item in enumerate(value, start=1):  # one at a time: the lines add up
            out.write(f"{'[' if count == 1 else ','}\n{inner}{_one_line(item)}".encode())
        out.write(f"\n{indent}]".encode() if count else b"[]")
    else:
        out.write(_one_line(value).encode())
