"""The reviewer table's script in a real browser: filters hide rows, sorting orders by date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from claim_record import build_site, set_field, soup
from localsite import serve
from playwright.sync_api import Page, expect
import pytest


@pytest.fixture
def table(project: Callable[[str], Path], page: Page) -> Iterator[Page]:
    root = project("record")
    set_field(root, "bridge-time", "reviewed", "2026-11-24")
    set_field(root, "bridge-mood", "reviewed", "2026-11-22")
    site, _ = build_site(root)
    with serve(site) as base:
        page.goto(f"{base}/en/claims/")
        yield page


def _visible_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "table.claims-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)"
    )


def test_the_script_shows_the_filters_and_filters_by_status(table: Page) -> None:
    assert table.is_visible("form.claim-filters")
    assert len(_visible_ids(table)) == 5
    table.select_option("select[name=status]", "verified")
    assert _visible_ids(table) == ["claim-bridge-opened", "claim-bridge-lanes"]
    assert table.inner_text("output[name=shown]") == "2 / 5"


def test_filters_by_source_and_page_combine(table: Page) -> None:
    table.select_option("select[name=page]", "/en/cost/")
    assert sorted(_visible_ids(table)) == [
        "claim-bridge-cost",
        "claim-bridge-mood",
        "claim-bridge-time",
    ]
    table.select_option("select[name=status]", "disputed")
    assert _visible_ids(table) == ["claim-bridge-time"]
    table.select_option("select[name=source]", "cau-song-xanh")
    assert _visible_ids(table) == ["claim-bridge-time"]


def test_sorting_puts_the_newest_review_first_and_back(table: Page) -> None:
    before = _visible_ids(table)
    table.click("button[name=sort]")
    after = _visible_ids(table)
    assert after[:2] == ["claim-bridge-time", "claim-bridge-mood"]
    assert table.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    table.click("button[name=sort]")
    assert _visible_ids(table) == before


def test_a_filter_gathers_the_rows_of_every_page_of_the_table(
    project: Callable[[str], Path], page: Page
) -> None:
    root = project("record")
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("claims_per_page: 2\n")
    site, _ = build_site(root)
    with serve(site) as base:
        page.goto(f"{base}/en/claims/page/2/")
        assert len(_visible_ids(page)) == 2
        assert page.is_visible("nav.table-pages")
        page.select_option("select[name=status]", "verified")
        # Waits while the other pages of the table are fetched (an eval-based wait would be
        # refused by the page's CSP).
        expect(page.locator("output[name=shown]")).to_have_text("2 / 5")
        assert _visible_ids(page) == ["claim-bridge-opened", "claim-bridge-lanes"]
        assert page.is_hidden("nav.table-pages"), "the page links go once every row is here"
        in_order = [
            row["id"]
            for url in ("/en/claims/", "/en/claims/page/2/", "/en/claims/page/3/")
            for row in soup(site, url).select("table.claims-table tbody tr")
        ]
        page.select_option("select[name=status]", "")
        assert _visible_ids(page) == in_order, "the rows of every page, in the table's order"
