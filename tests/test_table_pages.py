"""The pages of the reviewer table stay the same size however large the site grows: each links
a window of the other pages, and names no source or page beyond its own rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
import shutil
import sys

from bs4 import BeautifulSoup
import pytest
from test_html_validity import vnu

from factpress.pipeline import build
from factpress.render import pager_window

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("current", "count", "window"),
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (1, 30, [1, 2, 3, None, 30]),
        (15, 30, [1, None, 13, 14, 15, 16, 17, None, 30]),
        (30, 30, [1, None, 28, 29, 30]),
        # An ellipsis never stands for a single page: that page is linked instead.
        (5, 30, [1, 2, 3, 4, 5, 6, 7, None, 30]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ],
)
def test_a_page_links_the_first_the_last_and_two_on_either_side_of_it(
    current: int, count: int, window: list[int | None]
) -> None:
    assert pager_window(current, count) == window


def make_project(root: Path, copies: int = 0) -> Path:
    """A synthetic project of 40 claims over 12 explainers (as many as the site's navigation
    shows), two claims to a table page: 20 pages of the table. Each copy adds as many sources,
    claims and explainers again, under names that sort after the originals', so the first
    table pages hold the same rows."""
    generate(root, pages=12, claims=40)
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("claims_per_page: 2\n")
    facts = (root / "facts.yaml").read_text("utf-8")
    claims = facts.removeprefix("claims:\n")
    sources = sorted((root / "sources").glob("nguon-*"))
    pages = {path: path.read_text("utf-8") for path in sorted(root.glob("content/*/bai-*.md"))}
    for copy in range(1, copies + 1):
        prefix = f"phu-{copy}-"
        for path in sources:
            shutil.copy(path, path.with_name(path.name.replace("nguon-", prefix)))
        facts += claims.replace("  claim-", f"  {prefix}claim-").replace(
            "source: nguon-", f"source: {prefix}"
        )
        for path, text in pages.items():
            text = text.replace("[@claim-", f"[@{prefix}claim-")
            # After the originals in the navigation, which shows the first 12.
            order = int(path.stem.removeprefix("bai-")) + 1
            text = text.replace(f"\norder: {order}\n", f"\norder: {copy * 1000 + order}\n")
            path.with_name(prefix + path.name).write_text(text, "utf-8")
    (root / "facts.yaml").write_text(facts, "utf-8")
    build(root, out_dir=root / "site", today=TODAY)
    return root / "site"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("table") / "small")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("table") / "large", copies=4)


def table_page(site: Path, lang: str, number: int) -> Path:
    return site / lang / "claims" / "page" / str(number) / "index.html"


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_middle_page_links_a_window_of_the_table(large: Path, lang: str) -> None:
    page = read(table_page(large, lang, 50))
    nav = page.select_one("nav.table-pages")
    numbers = [a.get_text() for a in nav.select("a")]
    assert numbers == ["1", "48", "49", "50", "51", "52", "100"]
    assert [li.get_text() for li in nav.select("li.gap")] == ["…", "…"]
    assert nav.select_one("a[aria-current=page]").get_text() == "50"
    assert nav.select_one("a[rel=prev]")["href"] == f"/{lang}/claims/page/49/"
    assert nav.select_one("a[rel=next]")["href"] == f"/{lang}/claims/page/51/"
    assert nav.select_one("a")["href"] == f"/{lang}/claims/"
    table = page.select_one("table.claims-table")
    assert (table["data-table-page"], table["data-table-count"]) == ("50", "100")


def test_the_window_of_pages_is_valid_html(large: Path) -> None:
    assert vnu(*(table_page(large, lang, n) for lang in ("vi", "en") for n in (2, 50, 99))) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_page_of_the_table_names_no_source_and_no_page_in_its_filters(
    large: Path, lang: str
) -> None:
    page = read(table_page(large, lang, 50))
    form = page.select_one("form.claim-filters")
    values = [option["value"] for option in form.select("select[name=source] option")]
    assert values == [""]
    values = [option["value"] for option in form.select("select[name=page] option")]
    assert values == ["", "none"]
    assert len(page.select("table.claims-table tbody tr")) == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_page_of_the_table_weighs_the_same_in_a_site_five_times_larger(
    small: Path, large: Path, lang: str
) -> None:
    before, after = table_page(small, lang, 10), table_page(large, lang, 10)
    rows = [
        [tr["id"] for tr in read(p).select("table.claims-table tbody tr")] for p in (before, after)
    ]
    assert rows[0] == rows[1], "the same rows on both pages, or the sizes say nothing"
    assert len(list((large / lang / "claims" / "page").iterdir())) == 99
    # Only counts differ: "20 pages" becomes "100 pages", "40 claims" "200 claims" and so on.
    assert abs(after.stat().st_size - before.stat().st_size) <= 16
