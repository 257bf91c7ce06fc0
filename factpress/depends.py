"""What each output of the site is made from, as one digest per output file.

Two builds that give an output the same key render it to the same bytes, so an incremental
build renders only the outputs whose key changed. An output this module does not know gets no
key and is rendered every time: forgetting an output costs time, never correctness.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from factpress.cache import digest
from factpress.diagnostics import Location
from factpress.model import LANGS, Claim, Site, Source
from factpress.urls import claim_url, claims_url, dest_path, source_url
from factpress.views import ClaimView, claim_views, nav_pages, views_by_source


def output_keys(
    site: Site, shared: str, bodies: Mapping[str, str], nav_limit: int
) -> dict[str, str]:
    """dest_path -> key for every page the renderer emits. `shared` is the digest of what
    every page sees (templates, catalogs, configuration, the engine's code); `bodies` maps a
    page's src_path to its rendered markdown."""
    keys: dict[str, str] = {"index.html": digest(shared, "root")}
    counterparts = {(p.lang, p.name): p.url for p in site.pages}
    source_keys = {source.id: _source_key(source) for source in site.sources.values()}
    for lang in LANGS:
        views = claim_views(site, lang)
        view_keys = {claim_id: _view_key(view, source_keys) for claim_id, view in views.items()}
        pages = nav_pages(site.pages, lang)
        nav = digest(shared, lang, [(p.url, p.source.front.title) for p in pages[:nav_limit]])
        for page in pages:
            keys[_dest(page.url)] = digest(
                nav,
                page.url,
                page.source,
                bodies.get(str(page.source.src_path)),
                [counterparts.get((other, page.name)) for other in LANGS],
                [view_keys.get(claim_id) for claim_id in page.cited_ids],
            )
        keys[_dest(claims_url(lang))] = digest(nav, "claims", list(view_keys.items()))
        for claim_id, key in view_keys.items():
            keys[_dest(claim_url(lang, claim_id))] = digest(nav, "claim", key)
        grouped = views_by_source(views)
        for source_id, key in source_keys.items():
            of_source = [view_keys[c] for c in grouped.get(source_id, {})]
            keys[_dest(source_url(lang, source_id))] = digest(nav, "source", key, of_source)
        keys[f"{lang}/404.html"] = digest(nav, "404")
    return keys


def _dest(url: str) -> str:
    return str(dest_path(url))


def _view_key(view: ClaimView, source_keys: Mapping[str, str]) -> str:
    return digest(
        _without_locations(view.claim),
        source_keys[view.source.id],
        view.anchor,
        view.text,
        view.notes,
        str(view.excerpt),
        view.sentence_url,
        view.permalink,
        view.cited_by,
    )


def _source_key(source: Source) -> str:
    # The text and its sentences are covered by the digest of the bytes on disk.
    return digest(_without_locations(source, skip=("text", "sentences")))


def _without_locations(value: Claim | Source, skip: tuple[str, ...] = ()) -> list[object]:
    """The fields of a claim or source except where they are written in their file: moving a
    claim down facts.yaml changes no page. New fields are included without further ado."""
    return [
        (f.name, getattr(value, f.name))
        for f in fields(value)
        if f.name not in skip and not isinstance(getattr(value, f.name), Location)
    ]
