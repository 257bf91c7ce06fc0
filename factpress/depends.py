"""What each output of the site is made from, as one digest per output file.

Two builds that give an output the same key render it to the same bytes, so an incremental
build renders only the outputs whose key changed. An output this module does not know gets no
key and is rendered every time: forgetting an output costs time, never correctness.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cache

from factpress.cache import digest
from factpress.diagnostics import Location
from factpress.model import LANGS, Claim, Lang, Site, Source
from factpress.urls import claim_url, claims_url, dest_path, source_url
from factpress.views import ClaimView, nav_pages, views_by_source


def output_keys(
    site: Site,
    shared: str,
    page_keys: Mapping[str, str],
    nav_limit: int,
    views: Mapping[Lang, Mapping[str, ClaimView]],
) -> dict[str, str]:
    """dest_path -> key for every page the renderer emits. `shared` is the digest of what
    every page sees (templates, catalogs, configuration, the engine's code); `page_keys` maps
    a page's src_path to the digest of its file and catalog; `views` are the claim views per
    language."""
    keys: dict[str, str] = {"index.html": digest(shared, "root")}
    counterparts = {(p.lang, p.name): p.url for p in site.pages}
    source_keys = {source.id: _source_key(source) for source in site.sources.values()}
    claim_keys: dict[str, str] = {}
    for lang in LANGS:
        view_keys = {
            claim_id: _view_key(view, lang, source_keys, claim_keys)
            for claim_id, view in views[lang].items()
        }
        pages = nav_pages(site.pages, lang)
        nav = digest(shared, lang, [(p.url, p.source.front.title) for p in pages[:nav_limit]])
        for page in pages:
            keys[_dest(page.url)] = digest(
                nav,
                page.url,
                page.source.front,
                page_keys.get(str(page.source.src_path)),
                [counterparts.get((other, page.name)) for other in LANGS],
                [view_keys.get(claim_id) for claim_id in page.cited_ids],
            )
        keys[_dest(claims_url(lang))] = digest(nav, "claims", list(view_keys.items()))
        for claim_id, key in view_keys.items():
            keys[_dest(claim_url(lang, claim_id))] = digest(nav, "claim", key)
        grouped = views_by_source(views[lang])
        for source_id, key in source_keys.items():
            of_source = [view_keys[c] for c in grouped.get(source_id, {})]
            keys[_dest(source_url(lang, source_id))] = digest(nav, "source", key, of_source)
        keys[f"{lang}/404.html"] = digest(nav, "404")
    return keys


def _dest(url: str) -> str:
    return str(dest_path(url))


def _view_key(
    view: ClaimView, lang: Lang, source_keys: Mapping[str, str], claim_keys: dict[str, str]
) -> str:
    # What does not depend on the language is digested once per claim: the text, notes and
    # links of a view follow from the claim and the language.
    claim_key = claim_keys.get(view.id)
    if claim_key is None:
        claim_key = claim_keys[view.id] = digest(
            _without_locations(view.claim),
            source_keys[view.source.id],
            view.anchor,
            str(view.excerpt),
        )
    return digest(claim_key, lang, view.cited_by)


def _source_key(source: Source) -> str:
    # The text and its sentences are covered by the digest of the bytes on disk.
    return digest(_without_locations(source, skip=("text", "sentences")))


def _without_locations(value: Claim | Source, skip: tuple[str, ...] = ()) -> list[object]:
    """The fields of a claim or source except where they are written in their file: moving a
    claim down facts.yaml changes no page. New fields are included without further ado."""
    kind: type = type(value)
    values = ((name, getattr(value, name)) for name in _field_names(kind))
    return [(n, v) for n, v in values if n not in skip and not isinstance(v, Location)]


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))
