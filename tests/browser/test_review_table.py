"""The reviewer table in a real browser, at a desk's scale (2,000 claims): one view over every
claim, filtered and sorted by its script, with the filters in the address, its matching rows
placed 200 at a time; and without the script, plain pages that reach every claim. The expected
rows come from /claims.json, the export, not from the data the script reads."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect
import pytest
from test_accessibility import AXE, violations


@pytest.fixture(scope="module")
def claims(desk: tuple[Path, str]) -> list[dict[str, Any]]:
    export: list[dict[str, Any]] = json.loads((desk[0] / "claims.json").read_text("utf-8"))[
        "claims"
    ]
    assert len(export) >= 2000
    return export


@pytest.fixture
def table(desk: tuple[Path, str], page: Page) -> Page:
    page.goto(f"{desk[1]}/en/claims/")
    _wait_for_data(page)
    return page


def _wait_for_data(page: Page) -> None:
    expect(page.locator("form.claim-filters .shown")).not_to_contain_text("Loading")


def _holding_the_data(page: Page, url: str) -> list[Any]:
    """Opens `url` with the table's data held back: the list gets its request, to let go."""
    held: list[Any] = []
    page.route("**/en/claims/data.json", lambda route: held.append(route))
    page.goto(url)
    expect(page.locator(".shown")).to_contain_text("Loading")
    return held


def _placed_ids(page: Page) -> list[str]:
    """The rows in the table now."""
    return page.eval_on_selector_all(
        "table.claims-table tbody tr", "rows => rows.map(r => r.id.slice('claim-'.length))"
    )


def _shown_ids(page: Page) -> list[str]:
    """Every row the view matches: the rows in the table, and those its buttons place."""
    for name in ("Show all", "Show the next"):
        button = page.get_by_role("button", name=name)
        if button.is_visible():
            button.click()
            expect(page.locator(".more-rows")).to_be_hidden()
    return _placed_ids(page)


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _ids(claims: list[dict[str, Any]], **wanted: str) -> list[str]:
    return [c["id"] for c in claims if all(c[k] == v for k, v in wanted.items())]


def _busy_source(claims: list[dict[str, Any]]) -> str:
    """A source with disputed claims and others."""
    disputed = {c["source"] for c in claims if c["status"] == "disputed"}
    return sorted(disputed)[0]


def test_every_claim_is_in_one_view_and_filters_combine_in_the_address(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    assert _shown_ids(table) == [c["id"] for c in claims]
    expect(table.locator(".shown")).to_have_text(f"{len(claims):,} of {len(claims):,} claims shown")
    table.select_option("select[name=status]", "disputed")
    assert sorted(_shown_ids(table)) == sorted(_ids(claims, status="disputed"))
    source = _busy_source(claims)
    table.select_option("select[name=source]", source)
    expected = _ids(claims, status="disputed", source=source)
    assert expected and sorted(_shown_ids(table)) == sorted(expected)
    assert _query(table) == {"status": ["disputed"], "source": [source]}
    badges = table.eval_on_selector_all(
        "tbody tr .status", "badges => badges.map(b => b.className)"
    )
    assert set(badges) == {"status status-disputed"}


def test_the_matching_rows_are_placed_200_at_a_time_as_the_reader_asks(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    # A table's rows are laid out together: 2,000 at once would hold the page for a second.
    ids = [c["id"] for c in claims]
    assert _placed_ids(table) == ids[:200]
    shown = table.locator(".shown")
    total = f"{len(ids):,}"
    expect(shown).to_have_text(f"{total} of {total} claims match; the first 200 are shown.")
    table.get_by_role("button", name="Show the next 200 claims").click()
    assert _placed_ids(table) == ids[:400]
    expect(shown).to_contain_text("the first 400 are shown")
    # The keyboard goes on from the first row placed.
    assert table.evaluate("document.activeElement.closest('tr').id") == f"claim-{ids[200]}"
    # A filter starts its view from the first rows, and the buttons count what is left.
    table.select_option("select[name=status]", "disputed")
    disputed = _ids(claims, status="disputed")
    assert 200 < len(disputed) < 400
    assert _placed_ids(table) == disputed[:200]
    # "Show all" would place what "Show the next" places.
    expect(table.get_by_role("button", name="Show all")).to_be_hidden()
    table.get_by_role("button", name=f"Show the next {len(disputed) - 200} claims").click()
    assert _placed_ids(table) == disputed
    expect(table.locator(".more-rows")).to_be_hidden()
    expect(shown).to_have_text(f"{len(disputed)} of {total} claims shown")


def test_an_address_naming_a_row_places_the_rows_up_to_it_and_shows_it(
    desk: tuple[Path, str], page: Page, claims: list[dict[str, Any]]
) -> None:
    far, farther = claims[1234]["id"], claims[1567]["id"]
    # The query as a person writes it, not as the script writes its own (sort=id&dir=asc).
    page.goto(f"{desk[1]}/en/claims/?sort=id#claim-{far}")
    _wait_for_data(page)
    row = page.locator(f"#claim-{far}")
    # At once, not scrolled smoothly down a thousand rows.
    top = page.evaluate(f"document.getElementById('claim-{far}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]  # type: ignore[index]
    expect(row).to_have_css("outline-style", "solid")
    assert urlsplit(page.url).fragment == f"claim-{far}"
    placed = len(_placed_ids(page))
    assert placed == 1400 and _placed_ids(page) == sorted(c["id"] for c in claims)[:placed]
    # The keyboard goes on from the row.
    page.keyboard.press("Tab")
    assert (
        page.evaluate(
            "document.activeElement.closest('tr') && document.activeElement.closest('tr').id"
        )
        == f"claim-{far}"
    )
    # The skip link's address names another place: the row is no longer marked.
    page.evaluate("location.hash = '#main'")
    expect(row).to_have_css("outline-style", "none")
    page.go_back()
    expect(row).to_have_css("outline-style", "solid")
    # A filter's address names no row: the row it finds is not marked.
    page.fill("input[name=q]", far)
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(row).to_have_css("outline-style", "none")
    expect(page).to_have_url(re.compile(r"^[^#]*$"))  # no fragment
    page.fill("input[name=q]", "")
    expect(page.locator(".shown")).to_contain_text("the first 200")
    page.evaluate(f"location.hash = '#claim-{farther}'")
    expect(page.locator(f"#claim-{farther}")).to_be_in_viewport()
    expect(page.locator(f"#claim-{farther}")).to_have_css("outline-style", "solid")
    assert len(_placed_ids(page)) == 1600
    # A row the page carries first, far down the view the address asks for.
    first = claims[3]["id"]
    page.goto(f"{desk[1]}/en/claims/?sort=id&dir=desc#claim-{first}")
    _wait_for_data(page)
    top = page.evaluate(f"document.getElementById('claim-{first}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]  # type: ignore[index]
    # Back returns to where the reader was, not to the row the address names.
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)  # the place is kept once the scrolling stops
    where = page.evaluate("window.scrollY")
    page.select_option("select[name=status]", "disputed")
    page.go_back()
    expect(page.locator("select[name=status]")).to_have_value("")
    assert abs(page.evaluate("window.scrollY") - where) < 2


def test_a_claim_the_address_names_outside_the_view_is_said(
    desk: tuple[Path, str], page: Page, claims: list[dict[str, Any]]
) -> None:
    verified = _ids(claims, status="verified")[0]
    page.goto(f"{desk[1]}/en/claims/?status=disputed#claim-{verified}")
    expect(page.locator(".shown")).to_contain_text(
        f"The claim {verified} the address names is not among them: clear the filters to see it."
    )
    page.goto(f"{desk[1]}/en/claims/#claim-no-such-claim")
    expect(page.locator(".shown")).to_contain_text(
        "This site has no claim no-such-claim, which the address names."
    )
    page.evaluate("location.hash = '#claim-%E0'")  # names nothing
    expect(page.locator(".shown")).not_to_contain_text("no claim")
    page.evaluate("location.hash = '#claim-'")
    expect(page.locator(".shown")).not_to_contain_text("no claim")


def test_a_search_makes_one_step_for_back(table: Page) -> None:
    table.select_option("select[name=status]", "verified")
    table.locator("input[name=q]").press_sequentially("water", delay=20)
    expect(table.locator("input[name=q]")).to_have_value("water")
    table.wait_for_timeout(300)  # past the field's pause before it filters
    table.locator("input[name=q]").press_sequentially(" budget", delay=20)
    table.wait_for_timeout(300)
    assert _query(table) == {"q": ["water budget"], "status": ["verified"]}
    table.go_back()
    expect(table.locator("input[name=q]")).to_have_value("")
    assert _query(table) == {"status": ["verified"]}
    table.go_back()
    expect(table.locator("select[name=status]")).to_have_value("")


def test_an_address_naming_no_row_leaves_the_view_as_it_is(
    desk: tuple[Path, str], page: Page
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for fragment in ("claim-%E0", "claim-no-such-claim", "main"):
        page.goto(f"{desk[1]}/en/claims/#{fragment}")
        expect(page.locator(".shown")).to_contain_text("the first 200 are shown")
    page.evaluate("location.hash = '#claim-%E0%A4'")
    expect(page.locator(".shown")).to_contain_text("the first 200 are shown")
    assert errors == []


def test_show_all_says_it_is_placing_them_then_places_every_row(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    table.get_by_role("button", name=f"Show all {len(claims):,} claims").click()
    expect(table.locator(".more-rows")).to_be_hidden()
    assert _placed_ids(table) == [c["id"] for c in claims]
    assert table.evaluate("document.activeElement.closest('tr').id") == f"claim-{claims[200]['id']}"


def test_back_finds_the_rows_placed_and_the_place_in_them(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    for _ in range(3):
        table.get_by_role("button", name="Show the next 200 claims").click()
    table.locator(f"#claim-{claims[700]['id']}").scroll_into_view_if_needed()
    where = table.evaluate("window.scrollY")
    table.select_option("select[name=status]", "disputed")
    assert len(_placed_ids(table)) == 200
    table.go_back()
    expect(table.locator("select[name=status]")).to_have_value("")
    assert len(_placed_ids(table)) == 800
    assert abs(table.evaluate("window.scrollY") - where) < 2
    # And so does a return from a claim's page, which the browser loads again, after a link
    # within the page (the skip link's) has made an entry of its own.
    table.evaluate("location.hash = '#main'")
    link = table.locator(f"#claim-{claims[700]['id']} a").first
    link.scroll_into_view_if_needed()
    where = table.evaluate("window.scrollY")
    link.click()
    table.wait_for_url("**/claims/*.html")
    table.go_back()
    _wait_for_data(table)
    assert len(_placed_ids(table)) == 800
    assert abs(table.evaluate("window.scrollY") - where) < 2
    # The keyboard goes on from the link followed.
    followed = "document.activeElement.closest('tr') && document.activeElement.closest('tr').id"
    assert table.evaluate(followed) == f"claim-{claims[700]['id']}"


def test_an_override_of_the_table_page_from_the_last_release_still_pages_its_rows(
    desk: tuple[Path, str], page: Page, claims: list[dict[str, Any]]
) -> None:
    # A desk's templates/claims.html written before the paging carries none of its messages.
    added = (
        "partial",
        "more",
        "all",
        "placing",
        "not-shown",
        "no-claim",
        "sorted-asc",
        "sorted-desc",
    )

    def as_last_release(route: Any) -> None:
        html = route.fetch().text()
        for name in added:
            html = re.sub(rf'\sdata-{name}="[^"]*"', "", html)
        route.fulfill(body=html, content_type="text/html")

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(f"{desk[1]}/en/claims/", as_last_release)
    page.goto(f"{desk[1]}/en/claims/")
    assert page.locator("form[data-more]").count() == 0
    expect(page.locator(".shown")).to_contain_text("the first 200 are shown")
    page.get_by_role("button", name="Show the next 200 claims").click()
    assert len(_placed_ids(page)) == 400
    assert errors == []


def test_a_printed_table_is_the_whole_view(desk: tuple[Path, str], page: Page) -> None:
    page.goto(f"{desk[1]}/en/claims/?status=disputed")
    _wait_for_data(page)
    assert len(_placed_ids(page)) == 200
    page.pdf()
    expect(page.locator(".shown")).not_to_contain_text("the first")
    assert len(_placed_ids(page)) > 200


def test_back_and_forward_go_through_the_filtered_views(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    source = _busy_source(claims)
    table.select_option("select[name=status]", "disputed")
    table.select_option("select[name=source]", source)
    table.go_back()
    expect(table.locator("select[name=source]")).to_have_value("")
    assert sorted(_shown_ids(table)) == sorted(_ids(claims, status="disputed"))
    table.go_back()
    expect(table.locator("select[name=status]")).to_have_value("")
    assert len(_shown_ids(table)) == len(claims)
    table.go_forward()
    table.go_forward()
    expect(table.locator("select[name=source]")).to_have_value(source)
    assert sorted(_shown_ids(table)) == sorted(_ids(claims, status="disputed", source=source))


def test_a_shared_address_opens_the_same_view_with_counts_that_follow_it(
    desk: tuple[Path, str], page: Page, claims: list[dict[str, Any]]
) -> None:
    source = _busy_source(claims)
    page.goto(f"{desk[1]}/en/claims/?status=verified&source={source}")
    _wait_for_data(page)
    assert sorted(_shown_ids(page)) == sorted(_ids(claims, status="verified", source=source))
    expect(page.locator("select[name=status]")).to_have_value("verified")
    # The count of each status is what choosing it would show, with the other filters.
    for status in ("verified", "disputed", "needs-review"):
        count = page.inner_text(f'.count[data-status="{status}"] strong')
        assert int(count) == len(_ids(claims, status=status, source=source))
    due = sum(c["review_due"] for c in claims if c["source"] == source)
    assert int(page.inner_text('.count[data-status="due"] strong')) == due


def test_review_due_reviewer_and_citing_page_filter(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    table.select_option("select[name=due]", "current")
    assert len(_shown_ids(table)) == sum(not c["review_due"] for c in claims)
    table.select_option("select[name=due]", "")
    reviewer = claims[0]["reviewer"]
    table.select_option("select[name=reviewer]", reviewer)
    assert len(_shown_ids(table)) == sum(c["reviewer"] == reviewer for c in claims)
    table.select_option("select[name=reviewer]", "")
    cited = claims[7]["cited_by"]["en"][0]
    table.select_option("select[name=page]", urlsplit(cited).path)
    assert sorted(_shown_ids(table)) == sorted(
        c["id"] for c in claims if cited in c["cited_by"]["en"]
    )


def test_free_text_finds_ids_claims_and_quotes_and_shows_markup_as_text(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    table.fill("input[name=q]", claims[41]["id"])
    expect(table.locator("tbody tr")).to_have_count(1)
    words = claims[99]["quote"].split()[2:5]
    table.fill("input[name=q]", " ".join(words))
    expect(table.locator(f"#claim-{claims[99]['id']}")).to_have_count(1)
    shown = set(_shown_ids(table))
    for claim in (c for c in claims if c["id"] in shown):
        renderings = [claim[f"quote_{code}"] or "" for code in ("vi", "en")]
        searched = " ".join((claim["text"]["en"], claim["quote"], *renderings)).lower()
        assert all(word.lower() in searched for word in words), claim["id"]
    table.fill("input[name=q]", "<b>bold</b><img src=x>")
    expect(table.locator("tbody tr")).to_have_count(0)
    expect(table.locator(".shown")).to_have_text("No claim matches these filters.")
    assert table.locator("form b, form img").count() == 0
    assert _query(table) == {"q": ["<b>bold</b><img src=x>"]}


def test_a_value_in_the_address_that_names_nothing_shows_no_row_and_says_so(
    desk: tuple[Path, str], page: Page
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk[1]}/en/claims/?status=bogus&source=%3Cscript%3Ex")
    _wait_for_data(page)
    expect(page.locator("tbody tr")).to_have_count(0)
    message = page.inner_text(".shown")
    assert "“bogus”" in message and "“<script>x”" in message
    assert errors == []


def test_sorting_by_a_column_orders_the_rows_and_says_so(
    table: Page, claims: list[dict[str, Any]]
) -> None:
    reviewed = table.locator("th[data-sort=reviewed] button")
    reviewed.click()
    expect(table.locator("th[data-sort=reviewed]")).to_have_attribute("aria-sort", "ascending")
    # Said in the status line too: a change of aria-sort is not announced.
    expect(table.locator(".shown")).to_have_text(
        f"{len(claims):,} of {len(claims):,} claims match; the first 200 are shown. "
        "Sorted by Reviewed, ascending."
    )
    dates = table.eval_on_selector_all("tbody tr time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates) and len(set(dates)) > 1
    reviewed.click()
    expect(table.locator("th[data-sort=reviewed]")).to_have_attribute("aria-sort", "descending")
    expect(table.locator(".shown")).to_contain_text("Sorted by Reviewed, descending.")
    dates = table.eval_on_selector_all("tbody tr time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)
    assert _query(table) == {"sort": ["reviewed"], "dir": ["desc"]}
    table.locator("th[data-sort=id] button").click()
    assert _shown_ids(table) == sorted(c["id"] for c in claims)
    assert table.locator("th[aria-sort]").count() == 1


def test_without_javascript_plain_pages_reach_every_claim(
    desk: tuple[Path, str], browser: Browser, claims: list[dict[str, Any]]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{desk[1]}/en/claims/")
    assert page.is_hidden("form.claim-filters"), "no dead controls"
    assert page.locator("table.claims-table tbody tr").count() > 0
    listing = page.locator("nav.claim-listing a")
    assert listing.count() == -(-len(claims) // 100)
    listing.nth(1).click()
    assert page.locator("table.claims-list tbody tr").count() == 100
    context.close()
    site = desk[0]
    seen = []
    for path in sorted((site / "en" / "claims" / "page").glob("*/index.html")):
        html = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        rows = html.select("table.claims-list tbody tr")
        assert 0 < len(rows) <= 200
        seen += [row.a.get_text() for row in rows]
    assert sorted(seen) == sorted(c["id"] for c in claims)


@pytest.fixture(params=["light", "dark"])
def axe_table(
    request: pytest.FixtureRequest, browser: Browser, desk: tuple[Path, str]
) -> Iterator[Page]:
    context = browser.new_context(color_scheme=request.param)
    context.add_init_script(path=AXE)
    page = context.new_page()
    yield page
    context.close()


def test_the_filtered_table_passes_axe(
    axe_table: Page, desk: tuple[Path, str], claims: list[dict[str, Any]]
) -> None:
    axe_table.goto(f"{desk[1]}/vi/claims/?status=disputed&source={_busy_source(claims)}")
    _wait_for_data(axe_table)
    axe_table.locator("th[data-sort=status] button").click()
    assert violations(axe_table) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_rows_the_script_makes_read_as_the_rows_the_page_carries(
    page: Page, base_url: str, lang: str
) -> None:
    # The reader site's claims all fit in the page's first rows: served once as they are, and
    # once without them, so that the script makes every row from the data.
    page.goto(f"{base_url}/{lang}/claims/")
    _wait_for_data(page)
    expect(page.locator("tbody tr").first).to_be_visible()
    carried = _rows(page)
    assert any(row["said"] for row in carried.values())  # a claim attributed to a speaker
    assert any(row["context"] for row in carried.values())  # a quote inside a longer sentence

    def without_rows(route: Any) -> None:
        html = route.fetch().text()
        start, end = html.index("<tbody>") + len("<tbody>"), html.index("</tbody>")
        route.fulfill(body=html[:start] + html[end:], content_type="text/html")

    page.route(f"{base_url}/{lang}/claims/", without_rows)
    page.goto(f"{base_url}/{lang}/claims/")
    expect(page.locator("tbody tr")).to_have_count(len(carried))
    assert _rows(page) == carried


def _rows(page: Page) -> dict[str, dict[str, Any]]:
    """Each row's cells as a reader sees them, the marked words, and its links."""
    return {
        row["id"]: row
        for row in page.eval_on_selector_all(
            "table.claims-table tbody tr",
            """rows => rows.map(r => ({
                id: r.id,
                cells: Array.from(r.cells, c => c.innerText.replace(/\\s+/g, " ").trim()),
                marked: Array.from(r.querySelectorAll("mark"), m => m.textContent),
                context: Array.from(r.querySelectorAll("mark"),
                                    m => m.parentNode.textContent.trim() !== m.textContent.trim())
                    .some(Boolean),
                said: !!r.querySelector(".attributed"),
                links: Array.from(r.querySelectorAll("a"), a => [a.getAttribute("href"),
                                                                  a.getAttribute("lang")]),
            }))""",
        )
    }


def test_choices_made_while_the_data_loads_are_kept_and_applied(page: Page, base_url: str) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/?due=current")
    page.select_option("select[name=status]", "verified")
    page.fill("input[name=q]", "library")
    page.wait_for_timeout(300)  # past the field's pause before it filters
    assert len(held) == 1
    held[0].continue_()
    _wait_for_data(page)
    expect(page.locator("input[name=q]")).to_have_value("library")
    expect(page.locator("select[name=status]")).to_have_value("verified")
    expect(page.locator("select[name=due]")).to_have_value("current")
    assert _query(page) == {"q": ["library"], "status": ["verified"], "due": ["current"]}
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "library" in text.lower() and "Verified" in text
    # The view chosen while the data came is a step of its own: Back finds the address's.
    page.go_back()
    assert _query(page) == {"due": ["current"]}
    expect(page.locator("select[name=status]")).to_have_value("")


def test_a_sort_button_is_named_by_its_column_alone(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/claims/")
    _wait_for_data(page)
    button = page.get_by_role("button", name="Reviewed", exact=True)
    expect(button).to_have_count(1)
    button.click()
    expect(page.locator("th[data-sort=reviewed]")).to_have_attribute("aria-sort", "ascending")
    shown = re.compile(r"^(\d+) of \1 claims shown\. Sorted by Reviewed, ascending\.$")
    expect(page.locator(".shown")).to_have_text(shown)
    expect(page.get_by_role("button", name="Reviewed", exact=True)).to_have_count(1)
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('th[data-sort=reviewed] .sort'), '::after')"
        ".content"
    )
    assert "↑" in arrow, "the arrow is still drawn"


def test_a_shared_address_says_its_view_while_the_data_loads(page: Page, base_url: str) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/?status=verified&sort=reviewed&dir=desc")
    expect(page.locator("select[name=status]")).to_have_value("verified")
    expect(page.locator("th[data-sort=reviewed]")).to_have_attribute("aria-sort", "descending")
    # The page's own first rows are not that view: they wait, keeping their place.
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    expect(rows.first).to_be_hidden()
    height = page.evaluate("document.querySelector('table.claims-table tbody').offsetHeight")
    assert height > 0
    held[0].continue_()
    _wait_for_data(page)
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "Verified" in text
    dates = page.eval_on_selector_all("tbody time", "times => times.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)


def test_data_that_fails_to_load_leaves_the_first_rows_and_says_why(
    page: Page, base_url: str
) -> None:
    page.route("**/en/claims/data.json", lambda route: route.abort())
    page.goto(f"{base_url}/en/claims/")
    expect(page.locator(".shown")).to_have_text(re.compile(r"^The claims could not be loaded;"))
    expect(page.locator("tbody tr").first).to_be_visible()
    page.goto(f"{base_url}/en/claims/?status=verified&sort=id")
    expect(page.locator(".shown")).to_have_text(re.compile(r"filters shown are not applied"))
    # The rows shown are the page's first; the controls, as the address set them, do nothing.
    expect(page.locator("select[name=status]")).to_have_value("verified")
    expect(page.locator("select[name=status]")).to_be_disabled()
    expect(page.get_by_role("button", name="Clear filters")).to_be_disabled()
    expect(page.locator("th[aria-sort]")).to_have_count(0)
    expect(page.locator("th .sort").first).to_be_disabled()
    arrows = page.locator("th .sort").evaluate_all(
        "buttons => buttons.map(b => getComputedStyle(b, '::after').content)"
    )
    assert arrows == ["none"] * 6  # no arrow offers an order the table cannot take
    expect(page.locator("tbody tr").first).to_be_visible()


def test_back_while_the_data_loads_shows_the_view_of_the_address_gone_back_to(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/en/claims/?status=verified")
    _wait_for_data(page)
    page.select_option("select[name=status]", "disputed")
    assert _query(page) == {"status": ["disputed"]}
    held: list[Any] = []
    page.route("**/en/claims/data.json", lambda route: held.append(route))
    page.reload()
    expect(page.locator(".shown")).to_contain_text("Loading")
    page.go_back()
    assert _query(page) == {"status": ["verified"]}
    expect(page.locator("select[name=status]")).to_have_value("verified")
    expect(page.locator("tbody tr").first).to_be_hidden()
    held[0].continue_()
    _wait_for_data(page)
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "Verified" in text


def test_a_link_within_the_page_keeps_what_the_reader_chose_while_the_data_loads(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.select_option("select[name=status]", "verified")
    page.get_by_role("button", name="Claim", exact=True).click()  # the order, while it loads
    expect(page.locator("th[data-sort=id]")).to_have_attribute("aria-sort", "ascending")
    page.focus("a.skip-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("select[name=status]")).to_have_value("verified")
    held[0].continue_()
    _wait_for_data(page)
    assert _query(page) == {"status": ["verified"], "sort": ["id"], "dir": ["asc"]}
    for text in page.locator("tbody tr").all_inner_texts():
        assert "Verified" in text


def test_after_a_failed_load_a_link_within_the_page_leaves_the_first_rows_shown(
    page: Page, base_url: str
) -> None:
    page.route("**/en/claims/data.json", lambda route: route.abort())
    page.goto(f"{base_url}/en/claims/?status=verified&sort=id")
    expect(page.locator(".shown")).to_contain_text("filters shown are not applied")
    page.focus("a.skip-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.go_back()
    expect(page.locator("tbody tr").first).to_be_visible()
    expect(page.locator("th[aria-sort]")).to_have_count(0)


def test_a_choice_made_before_a_failed_load_is_said_not_applied(page: Page, base_url: str) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.select_option("select[name=status]", "disputed")
    held[0].abort()
    expect(page.locator(".shown")).to_contain_text("filters shown are not applied")
    expect(page.locator("select[name=status]")).to_have_value("disputed")


def test_a_failed_load_takes_the_focus_from_a_control_to_the_line_saying_why(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.focus("select[name=status]")
    held[0].abort()
    status = page.locator(".shown")
    expect(status).to_contain_text("could not be loaded")
    expect(status).to_be_focused()
    # Not from elsewhere: a reader reading the rows keeps their place.
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.focus("a.skip-link")
    held[0].abort()
    expect(status).to_contain_text("could not be loaded")
    expect(page.locator("a.skip-link")).to_be_focused()


def test_a_row_named_by_the_address_is_shown_however_long_the_data_takes(
    page: Page, base_url: str
) -> None:
    page.set_viewport_size({"width": 900, "height": 400})
    held = _holding_the_data(page, f"{base_url}/en/claims/?sort=id&dir=desc#claim-visits-up")
    page.mouse.wheel(0, 300)  # the reader scrolls while it comes
    page.wait_for_timeout(400)  # past the pause after which a place is kept
    held[0].continue_()
    _wait_for_data(page)
    row = page.locator("tr#claim-visits-up")
    expect(row).to_be_focused()
    expect(row).to_be_in_viewport()


def test_a_search_typed_as_the_data_arrives_is_kept_whole(page: Page, base_url: str) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.locator("input[name=q]").press_sequentially("libr")
    held[0].continue_()  # within the field's pause
    _wait_for_data(page)
    page.locator("input[name=q]").press_sequentially("ary")
    expect(page.locator("input[name=q]")).to_have_value("library")
    expect(page).to_have_url(re.compile(r"\?q=library$"))


def test_clearing_the_filters_while_the_data_loads_clears_the_order_shown(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/?sort=id&dir=asc")
    expect(page.locator("th[data-sort=id]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("th[aria-sort]")).to_have_count(0)
    expect(page.locator("tbody tr").first).to_be_visible()  # the page's rows are that view
    held[0].abort()
    # Nothing shows a filter: the plain message, not "the filters shown".
    expect(page.locator(".shown")).to_have_text(re.compile(r"^The claims could not be loaded;"))


def test_a_view_chosen_while_the_data_loads_hides_the_first_rows_until_it_comes(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    expect(page.locator("tbody tr").first).to_be_visible()
    page.select_option("select[name=status]", "disputed")
    expect(page.locator("tbody tr").first).to_be_hidden()
    held[0].continue_()
    _wait_for_data(page)
    for text in page.locator("tbody tr").all_inner_texts():
        assert "Disputed" in text


def test_a_search_typed_and_erased_while_the_data_loads_is_no_step(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/en/")
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    search = page.locator("input[name=q]")
    search.press_sequentially("a")
    search.press("Backspace")
    held[0].continue_()
    _wait_for_data(page)
    search.press_sequentially("library")
    expect(page).to_have_url(re.compile(r"\?q=library$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/claims/$"))


def test_back_from_a_claim_opened_while_the_data_loads_returns_to_its_link(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    link = page.locator("tbody tr").nth(2).locator("a").first
    row = page.locator("tbody tr").nth(2).get_attribute("id")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/en/claims/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/claims/$"))
    for route in held[1:]:
        route.continue_()
    _wait_for_data(page)
    focused = page.evaluate(
        "document.activeElement.closest('tr') && document.activeElement.closest('tr').id"
    )
    assert focused == row


def test_an_address_naming_a_row_left_and_returned_to_while_the_data_loads_shows_it(
    desk: tuple[Path, str], claims: list[dict[str, Any]], page: Page
) -> None:
    held: list[Any] = []
    page.route("**/en/claims/data.json", lambda route: held.append(route))
    page.goto(f"{desk[1]}/en/claims/")
    first = set(_placed_ids(page))
    target = next(c["id"] for c in reversed(claims) if c["id"] not in first)
    page.goto(f"{desk[1]}/en/claims/#claim-{target}")
    expect(page.locator(".shown")).to_contain_text("Loading")
    page.goto(f"{desk[1]}/en/")
    page.go_back()
    expect(page.locator(".shown")).to_contain_text("Loading")
    for route in held:
        route.continue_()
    _wait_for_data(page)
    row = page.locator(f"tr#claim-{target}")
    expect(row).to_be_focused()
    expect(row).to_be_in_viewport()


def test_a_key_just_before_a_failed_load_leaves_the_first_rows_shown(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/")
    page.locator("input[name=q]").press_sequentially("lib")
    held[0].abort()
    expect(page.locator(".shown")).to_contain_text("filters shown are not applied")
    page.wait_for_timeout(300)  # past the field's pause
    expect(page.locator("tbody tr").first).to_be_visible()


def test_a_search_typed_and_erased_while_the_data_loads_keeps_the_row_the_address_names(
    page: Page, base_url: str
) -> None:
    held = _holding_the_data(page, f"{base_url}/en/claims/#claim-visits-up")
    steps = page.evaluate("history.length")
    search = page.locator("input[name=q]")
    search.press_sequentially("a")
    search.press("Backspace")
    page.wait_for_timeout(300)  # past the field's pause
    held[0].continue_()
    _wait_for_data(page)
    assert urlsplit(page.url).fragment == "claim-visits-up"
    assert page.evaluate("history.length") == steps
