"""Each family of outputs is defined once (factpress/outputs.py): the addresses the checks
reserve, the keys of the incremental build and the files the build makes must stay the same
set, or a page could take a generated address, or an output be made again on every build."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re

from bs4 import BeautifulSoup
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


def test_claim_records_and_source_pages_leave_out_the_list_of_explainers(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    build(root)
    site = root / "site"
    record = _soup(site / "en" / "claims" / "bridge-opened.html")
    source = next((site / "en" / "sources").glob("*/index.html"))
    explainer = _soup(site / "en" / "cost" / "index.html")

    def nav_links(page: BeautifulSoup) -> list[str]:
        return [str(a["href"]) for a in page.select("header nav a")]

    assert "/en/cost/" in nav_links(explainer)
    assert nav_links(record) == ["/en/claims/", "/en/claims/"]  # the table, and its search
    assert nav_links(_soup(source)) == ["/en/claims/", "/en/claims/"]
    assert [a["href"] for a in record.select("header a.site-title")] == ["/en/"]


def test_a_new_title_in_the_navigation_leaves_the_records_that_do_not_cite_the_page(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    build(root)
    site = root / "site"
    exported = json.loads((site / "claims.json").read_text("utf-8"))
    cites_cost = {c["id"] for c in exported["claims"] if "/en/cost/" in json.dumps(c["cited_by"])}
    others = [c["id"] for c in exported["claims"] if c["id"] not in cites_cost]
    assert cites_cost and others
    before = {claim_id: _mtime(site / "en" / "claims" / f"{claim_id}.html") for claim_id in others}
    page = root / "content" / "en" / "chi-phi.md"
    page.write_text(page.read_text("utf-8").replace("Cost and benefit", "What it cost"), "utf-8")

    build(root)

    explainer = (site / "en" / "index.html").read_text("utf-8")
    assert "What it cost" in explainer  # the navigation changed
    for claim_id in cites_cost:  # the records that list the page as citing them changed
        assert "What it cost" in (site / "en" / "claims" / f"{claim_id}.html").read_text("utf-8")
    after = {claim_id: _mtime(site / "en" / "claims" / f"{claim_id}.html") for claim_id in others}
    assert after == before


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_the_sitemap_is_made_again_when_an_address_changes_not_when_a_claim_s_words_do(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    build(root)
    site, facts = root / "site", root / "facts.yaml"
    sitemap = _mtime(site / "sitemap.xml")
    exports = (site / "claims.json").read_bytes()

    facts.write_text(
        facts.read_text("utf-8").replace(
            "en: Binh Minh province opened", "en: The province of Binh Minh opened"
        ),
        "utf-8",
    )
    build(root)

    assert (site / "claims.json").read_bytes() != exports
    assert _mtime(site / "sitemap.xml") == sitemap

    page = root / "content" / "en" / "chi-phi.md"
    page.write_text(page.read_text("utf-8").replace("slug: cost", "slug: costs"), "utf-8")
    build(root)

    assert "/en/costs/" in (site / "sitemap.xml").read_text("utf-8")
