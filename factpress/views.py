"""What the templates see of claims and sources: small read-only views for one language."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from html import unescape
import re

from markupsafe import Markup, escape

from factpress.model import Anchor, Claim, Lang, Page, Site, Source, primary_language
from factpress.sentences import Sentence
from factpress.urls import claim_url, sentence_url

_SENTENCE_ID = re.compile(r"p(\d+)s(\d+)")


@dataclass(frozen=True, slots=True)
class PageRef:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim as shown in one language, with the evidence the build located for it."""

    claim: Claim
    source: Source
    anchor: Anchor
    text: str
    notes: str | None
    # The quote rendered into the view's language; None when the source is in that language,
    # since a rendering into the quote's own language would only repeat it.
    rendering: str | None
    excerpt: Markup  # the sentence(s) holding the quote, the quoted span in <mark>
    sentence_url: str
    permalink: str
    cited_by: tuple[PageRef, ...]

    @property
    def id(self) -> str:
        return self.claim.id


@dataclass(frozen=True, slots=True)
class SentenceView:
    sentence: Sentence
    claims: tuple[ClaimView, ...]  # the claims whose quote touches this sentence
    uncovered: bool = False  # checkable, and no claim covers it yet


def claim_views(
    site: Site, lang: Lang, only: Collection[str] | None = None
) -> dict[str, ClaimView]:
    """Every claim of the site seen in `lang` (or only those in `only`), in the order its
    quote appears in its source."""
    return claim_views_by_lang(site, (lang,), only)[lang]


def claim_views_by_lang(
    site: Site, langs: Sequence[Lang], only: Collection[str] | None = None
) -> dict[Lang, dict[str, ClaimView]]:
    """claim_views() in each of `langs`: the excerpts, which every language shows alike, are
    made once."""
    anchors = (
        site.anchors.values()
        if only is None
        else [site.anchors[c] for c in only if c in site.anchors]
    )
    ordered = sorted(anchors, key=lambda a: (a.source_id, a.start, a.claim_id))
    sentences_by_id = {
        source_id: {s.id: s for s in site.sources[source_id].sentences}
        for source_id in {anchor.source_id for anchor in ordered}
    }
    excerpts = {
        anchor.claim_id: _excerpt(
            site.sources[anchor.source_id], anchor, sentences_by_id[anchor.source_id]
        )
        for anchor in ordered
    }
    own_language = {
        source_id: primary_language(site.sources[source_id].language)
        for source_id in sentences_by_id
    }
    in_nav_order = sorted(site.pages, key=_nav_key)
    return {
        lang: _views(site, lang, ordered, excerpts, own_language, in_nav_order, only)
        for lang in langs
    }


def _views(
    site: Site,
    lang: Lang,
    ordered: Sequence[Anchor],
    excerpts: Mapping[str, Markup],
    own_language: Mapping[str, str],
    in_nav_order: Sequence[Page],
    only: Collection[str] | None,
) -> dict[str, ClaimView]:
    cited_by: dict[str, list[PageRef]] = {}
    for page in in_nav_order:
        if page.lang == lang:
            for claim_id in page.cited_ids:
                if only is None or claim_id in only:
                    ref = PageRef(page.source.front.title, page.url)
                    cited_by.setdefault(claim_id, []).append(ref)
    views = {}
    for anchor in ordered:
        claim = site.claims[anchor.claim_id]
        source = site.sources[anchor.source_id]
        views[claim.id] = ClaimView(
            claim=claim,
            source=source,
            anchor=anchor,
            text=claim.text[lang],
            notes=claim.notes[lang] if claim.notes else None,
            rendering=None if own_language[source.id] == lang else claim.renderings.get(lang),
            excerpt=excerpts[claim.id],
            sentence_url=sentence_url(lang, source.id, anchor.sentence_ids[0]),
            permalink=claim_url(lang, claim.id),
            cited_by=tuple(cited_by.get(claim.id, ())),
        )
    return views


def _excerpt(source: Source, anchor: Anchor, sentences: Mapping[str, Sentence]) -> Markup:
    covered = [sentences[sentence_id] for sentence_id in anchor.sentence_ids]
    start = min([anchor.start, *(s.start for s in covered)])
    end = max([anchor.end, *(s.end for s in covered)])
    text = source.text
    return Markup(
        f"{escape(text[start : anchor.start])}<mark>{escape(text[anchor.start : anchor.end])}"
        f"</mark>{escape(text[anchor.end : end])}"
    )


def excerpt_parts(view: ClaimView) -> tuple[str, str, str]:
    """The view's excerpt as text: what precedes the quoted span in its sentences, the span as
    the source has it, and what follows (the reviewer table's script marks it up again)."""
    # As plain text: Markup's own split and unescape wrap every piece (a tenth of the table's
    # data at 5,000 claims). The text around the marks is escaped: it holds no "<".
    before, rest = str(view.excerpt).split("<mark>", 1)
    marked, after = rest.split("</mark>", 1)
    return unescape(before), unescape(marked), unescape(after)


def source_paragraphs(
    source: Source, views: Mapping[str, ClaimView], uncovered: Collection[str] = ()
) -> list[list[SentenceView]]:
    """The source's sentences grouped by paragraph, each with the claims resting on it, and
    whether it is among the `uncovered` (ids of the checkable sentences no claim covers)."""
    by_sentence: dict[str, list[ClaimView]] = {}
    for view in views.values():
        if view.source.id == source.id:  # callers may pass only this source's views
            for sentence_id in view.anchor.sentence_ids:
                by_sentence.setdefault(sentence_id, []).append(view)
    paragraphs: dict[str, list[SentenceView]] = {}
    for sentence in source.sentences:
        match = _SENTENCE_ID.fullmatch(sentence.id)
        key = match.group(1) if match else sentence.id
        paragraphs.setdefault(key, []).append(
            SentenceView(
                sentence, tuple(by_sentence.get(sentence.id, ())), sentence.id in uncovered
            )
        )
    return list(paragraphs.values())


def views_by_source(views: Mapping[str, ClaimView]) -> dict[str, dict[str, ClaimView]]:
    """The views grouped by source id, so each source page looks at its own claims only."""
    grouped: dict[str, dict[str, ClaimView]] = {}
    for view in views.values():
        grouped.setdefault(view.source.id, {})[view.id] = view
    return grouped


def nav_pages(pages: Sequence[Page], lang: Lang) -> list[Page]:
    return sorted((p for p in pages if p.lang == lang), key=_nav_key)


def _nav_key(page: Page) -> tuple[int, str]:
    return (page.source.front.order, page.name)
