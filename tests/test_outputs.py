"""Each family of outputs is defined once (factpress/outputs.py): the addresses the checks
reserve, the keys of the incremental build and the files the build makes must stay the same
set, or a page could take a generated address, or an output be made again on every build."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re

import pytest

from factpress.cache import code_digest, load_cache
from factpress.outputs import Names, generated_urls
from factpress.pipeline import build
from factpress.urls import dest_name

# Made beside the outputs, not by a family: the theme's files and the search index.
NOT_OUTPUTS = ("static/", "pagefind/")


def _made(site: Path) -> set[str]:
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith(NOT_OUTPUTS)
    }


def _names(site: Path) -> Names:
    exported = json.loads((site / "claims.json").read_text("utf-8"))
    return Names.of(
        (claim["id"] for claim in exported["claims"]),
        (source["id"] for source in exported["sources"]),
    )


@pytest.mark.parametrize("name", ["record", "minimal"])
def test_the_build_makes_every_reserved_address_and_the_writers_pages_and_nothing_else(
    project: Callable[[str], Path], name: str
) -> None:
    root = project(name)
    build(root)
    site = root / "site"
    index = load_cache(root, code_digest(), site)
    assert index is not None
    explainers = set(index.contexts)  # the key of each writer's page has a context
    assert explainers, "the project has pages of its own"

    reserved = {dest_name(url) for url in generated_urls(_names(site))}

    assert _made(site) == reserved | explainers
    assert not reserved & explainers


def test_every_output_has_a_key_so_an_unchanged_one_is_not_made_again(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    build(root)
    index = load_cache(root, code_digest(), root / "site")
    assert index is not None

    unkeyed = [
        dest
        for dest, record in index.outputs.items()
        if record.key is None and not dest.startswith(NOT_OUTPUTS)
    ]

    assert unkeyed == []
    assert build(root).rendered == 0


def test_the_sitemap_lists_once_every_page_a_reader_can_land_on(
    built_site: Callable[[str], Path],
) -> None:
    site = built_site("record")
    base = "https://"  # every <loc> is absolute: the configured base URL and the page's URL
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    paths = [loc.removeprefix(loc[: loc.index("/", len(base))]) for loc in locations]

    pages = {
        "/" + dest.removesuffix("index.html")
        for dest in _made(site)
        if dest.endswith(".html") and not dest.endswith("404.html")
    }

    assert len(paths) == len(set(paths))
    assert set(paths) == pages
