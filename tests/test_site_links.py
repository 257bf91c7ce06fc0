"""Every internal link and anchor of a built site resolves: hrefs and srcs of every page, their
#fragments, the canonical and alternate links (their paths under the base URL), the sitemap."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
import shutil
from urllib.parse import unquote, urljoin, urlsplit
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
import pytest

from factpress.config import load_config


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + rel.removesuffix("index.html")


def file_for(site: Path, url_path: str) -> Path | None:
    """The file a static host serves for `url_path`, if any."""
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(site: Path, base_url: str) -> list[str]:
    @cache
    def ids(path: Path) -> frozenset[str]:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        return frozenset(str(tag["id"]) for tag in soup.find_all(id=True))

    problems = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        here = url_of(site, page)
        for tag in soup.find_all(["a", "link", "script", "img", "source"]):
            href = tag.get("href") or tag.get("src")
            if not href:
                continue
            href = str(href)
            if href.startswith(base_url + "/") or href == base_url:
                href = href[len(base_url) :] or "/"  # canonical, alternates
            parts = urlsplit(urljoin(here, href))
            if parts.scheme or parts.netloc:
                continue  # mailto: and the original articles' own addresses
            target = file_for(site, parts.path) if parts.path else page
            checked += 1
            if target is None:
                problems.append(f"{here}: {href} leads nowhere")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in ids(target)
            ):
                problems.append(f"{here}: {href} has no #{parts.fragment}")
    assert checked > 100, "the crawler found almost nothing to check"
    return problems


@pytest.mark.parametrize("name", ["minimal", "reader"])
def test_every_internal_link_and_anchor_resolves(
    name: str, built_site: Callable[[str], Path]
) -> None:
    site = built_site(name)
    base_url = load_config(site.parent)[0].base_url
    assert broken_links(site, base_url) == []


@pytest.mark.parametrize("name", ["minimal", "reader"])
def test_every_sitemap_address_is_a_page(name: str, built_site: Callable[[str], Path]) -> None:
    site = built_site(name)
    base_url = load_config(site.parent)[0].base_url
    tree = ET.parse(site / "sitemap.xml")
    addresses = [
        e.text or "" for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    addresses += [str(e.get("href")) for e in tree.iter("{http://www.w3.org/1999/xhtml}link")]
    missing = [a for a in addresses if file_for(site, a.removeprefix(base_url)) is None]
    assert addresses
    assert missing == []


def test_the_checker_reports_a_dead_link_and_a_missing_anchor(
    built_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site("minimal"), site)
    page = site / "en" / "index.html"
    html = page.read_text("utf-8").replace("</main>", '<a href="/en/nope/">x</a>'
                                           '<a href="/en/plan/#nowhere">y</a></main>')  # fmt: skip
    page.write_text(html, "utf-8")
    assert broken_links(site, "https://example.org") == [
        "/en/: /en/nope/ leads nowhere",
        "/en/: /en/plan/#nowhere has no #nowhere",
    ]
