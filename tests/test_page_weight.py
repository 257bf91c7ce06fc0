"""The budget: every page, with the stylesheets and scripts it loads, weighs at most 50 KB
uncompressed, and loads nothing from another site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
import re

from bs4 import BeautifulSoup
import pytest

BUDGET = 50_000  # bytes, uncompressed
# The reviewer table's page (/<lang>/claims/) is a reviewer's tool, not a reader's page: its
# script (filters, sorting, the address) and first rows with their source sentences make it
# heavier, as the README says. Its data is a file of its own, fetched by the script.
TABLE_BUDGET = 80_000


def budget(rel: str) -> int:
    return TABLE_BUDGET if rel.endswith("/claims/index.html") and rel.count("/") == 2 else BUDGET


# Attributes that make a browser fetch something when the page loads.
FETCHING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "poster",
            "audio": "src", "embed": "src", "object": "data", "track": "src"}  # fmt: skip
FETCHING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch",
                  "modulepreload", "manifest", "apple-touch-icon"}  # fmt: skip
CSS_FETCH = re.compile(r"@import|url\(\s*['\"]?(?!data:)([^'\")]+)")


def resources(soup: BeautifulSoup) -> list[str]:
    """Every address the page's markup makes the browser fetch."""
    found = [str(tag[attr]) for name, attr in FETCHING.items() for tag in soup.find_all(name)
             if tag.has_attr(attr)]  # fmt: skip
    found += [str(tag["srcset"]) for tag in soup.find_all(srcset=True)]
    for link in soup.find_all("link", href=True):
        if FETCHING_LINKS & set(link.get("rel") or ()):
            found.append(str(link["href"]))
    return found


def weight(site: Path, page: Path) -> int:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    loaded = [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]
    loaded += [str(script["src"]) for script in soup.find_all("script", src=True)]
    return page.stat().st_size + sum((site / href.lstrip("/")).stat().st_size for href in loaded)


@pytest.mark.parametrize("name", ["minimal", "reader"])
def test_every_page_with_its_css_and_js_is_within_50_kb(
    name: str, built_site: Callable[[str], Path]
) -> None:
    site = built_site(name)
    weights = {p.relative_to(site).as_posix(): weight(site, p) for p in site.rglob("*.html")}
    assert min(weights.values()) > (site / "static" / "style.css").stat().st_size
    assert {page: w for page, w in weights.items() if w > budget(page)} == {}


@pytest.mark.parametrize("name", ["minimal", "reader"])
def test_no_page_loads_anything_from_another_site(
    name: str, built_site: Callable[[str], Path]
) -> None:
    site = built_site(name)
    outside = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        found = resources(soup)
        assert found, f"{page}: no resource found, the scan is broken"
        outside += [
            f"{page.name}: {r}" for r in found if not r.startswith("/") or r.startswith("//")
        ]
        assert not soup.find_all("style") and not soup.find_all(style=True)
        # Inline data (JSON-LD) is no script: a strict CSP leaves it alone. Code must be a file.
        inline = soup.find_all("script", src=False)
        assert all(tag.get("type") == "application/ld+json" for tag in inline)
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    for css in site.rglob("*.css"):
        outside += [f"{css.name}: {m.group(0)}" for m in CSS_FETCH.finditer(css.read_text("utf-8"))]
    scripts = [js for js in site.rglob("*.js") if "pagefind" not in js.relative_to(site).parts]
    assert scripts
    for js in scripts:
        text = js.read_text("utf-8")
        # fetch() and import() are allowed for the site's own files (the table's data, the
        # search loaded on first use): no address of another site may appear in a script.
        outside += [f"{js.name}: {w}" for w in ("http:", "https:", "'//", '"//', "XMLHttpRequest",
                                                 "sendBeacon") if w in text]  # fmt: skip
        outside += [f"{js.name}: {m.group(0)}" for m in re.finditer(r"import\((?!\"/[^/])", text)]
    assert outside == []


def test_every_page_of_the_published_explainer_is_within_50_kb(tmp_path: Path) -> None:
    from factpress.pipeline import build

    site = tmp_path / "site"
    build(Path(__file__).resolve().parent.parent, out_dir=site)
    weights = {p.relative_to(site).as_posix(): weight(site, p) for p in site.rglob("*.html")}
    assert len(weights) > 100
    assert {page: w for page, w in weights.items() if w > budget(page)} == {}


def test_the_listing_pages_load_the_table_s_listing_rules_alone() -> None:
    from factpress.layout import DEFAULT_THEME

    static = DEFAULT_THEME / "static"
    rules = (static / "listing.css").read_text("utf-8").splitlines()
    rules = [rule for rule in rules if not rule.startswith("/*")]
    table = (static / "table.css").read_text("utf-8").splitlines()
    assert rules and all(rule in table for rule in rules), "listing.css repeats table.css's rules"
