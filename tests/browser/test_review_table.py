"""The reviewer table's script in a real browser: filters hide rows, sorting orders by date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
import sys

from claim_record import TODAY, build_site, set_field, soup
from localsite import serve
from playwright.sync_api import Browser, Page, expect
import pytest
from test_accessibility import AXE, violations

from factpress.pipeline import build

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate


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


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """40 claims from two sources, cited by 14 explainers (more than the navigation shows),
    two claims to a table page: the first page holds claims of the first source only."""
    root = tmp_path_factory.mktemp("large") / "large"
    generate(root, pages=14, claims=40)
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("claims_per_page: 2\n")
    build(root, out_dir=root / "site", today=TODAY)
    with serve(root / "site") as base:
        yield base


def _choices(page: Page, name: str) -> list[str]:
    return page.eval_on_selector_all(
        f"select[name={name}] option", "options => options.map(o => o.value)"
    )


def test_a_source_found_only_on_another_page_of_the_table_can_be_chosen(
    large_site: str, page: Page
) -> None:
    page.goto(f"{large_site}/en/claims/")
    assert _choices(page, "source") == ["", "nguon-0000"], "the sources of this page's rows"
    page.focus("select[name=source]")  # going to the choice gathers the other pages' rows
    expect(page.locator("select[name=source] option")).to_have_count(3)
    assert page.inner_text("select[name=source] option[value=nguon-0001]") == "Nguồn thử nghiệm 1"
    page.select_option("select[name=source]", "nguon-0001")
    expect(page.locator("output[name=shown]")).to_have_text("20 / 40")
    sources = page.eval_on_selector_all(
        "table.claims-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.source)"
    )
    assert sources == ["nguon-0001"] * 20


def test_a_page_the_navigation_does_not_show_can_be_chosen(large_site: str, page: Page) -> None:
    page.goto(f"{large_site}/en/claims/page/7/")
    page.focus("select[name=page]")
    # bai-0013 is the 14th explainer; the navigation shows the first 12 pages of the site.
    option = page.locator("select[name=page] option[value='/en/bai-0013/']")
    expect(option).to_have_count(1)
    choices = _choices(page, "page")
    assert (choices[0], choices[-1]) == ("", "none")
    assert len(choices) == 2 + 14, "every explainer, once (the home page cites nothing)"
    page.select_option("select[name=page]", "/en/bai-0013/")
    expect(page.locator("output[name=shown]")).to_have_text("2 / 40")
    assert _visible_ids(page) == ["claim-claim-00013", "claim-claim-00027"]


def test_a_page_with_the_window_of_pages_and_the_filters_passes_axe(
    large_site: str, browser: Browser
) -> None:
    context = browser.new_context()
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{large_site}/vi/claims/page/10/")
    assert page.locator("nav.table-pages li.gap").count() == 2
    assert page.is_visible("form.claim-filters")
    assert violations(page) == []
    context.close()
