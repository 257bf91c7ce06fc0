"""What a reader sees: the language switcher, the reviewer table, a phone and a desktop layout,
and Vietnamese letters drawn from one font."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect
import pytest


def test_the_language_switcher_lands_on_the_same_page_in_the_other_language(page: Page) -> None:
    page.goto("/vi/ke-hoach/")
    page.click("a.lang-switch")
    assert page.url.endswith("/en/plan/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The English page is not translated yet: it says so and links back to the original.
    expect(page.locator(".notice")).to_contain_text("not yet translated")
    page.click("a.lang-switch")
    assert page.url.endswith("/vi/ke-hoach/")
    expect(page.locator("h1")).to_have_text("Kế hoạch mở rộng")
    page.goto("/en/sources/annual-report/")
    page.click("a.lang-switch")
    assert page.url.endswith("/vi/sources/annual-report/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_the_language_switcher_keeps_the_table_s_filters_and_the_place_on_the_page(
    page: Page,
) -> None:
    page.goto("/vi/claims/?status=disputed&sort=id&dir=desc")
    page.click("a.lang-switch")
    assert page.url.endswith("/en/claims/?status=disputed&sort=id&dir=desc")
    expect(page.locator("select[name=status]")).to_have_value("disputed")
    # A citing page is one language's: the filter goes to the same page in the other, and is
    # left behind where that cites no claim (the plan is not translated yet) or there is none.
    page.goto("/vi/claims/?page=%2Fvi%2F&status=verified")
    expect(page.locator(".shown")).not_to_contain_text("…")  # the data, which names it
    page.click("a.lang-switch")
    assert page.url.endswith("/en/claims/?status=verified&page=%2Fen%2F")
    expect(page.locator("select[name=page]")).to_have_value("/en/")
    expect(page.locator("tbody tr").first).to_be_visible()
    cited = page.eval_on_selector_all(
        "tbody tr td:last-child",
        "cells => cells.map(c => Boolean(c.querySelector('a[href=\"/en/\"]')))",
    )
    assert cited and all(cited)
    # A page that cites nothing, one that is no page, and names every object has.
    for elsewhere in ("%2Fvi%2Fke-hoach%2F", "%2Fvi%2Fnowhere%2F", "__proto__", "constructor"):
        page.goto(f"/vi/claims/?page={elsewhere}&status=verified")
        expect(page.locator(".shown")).not_to_contain_text("…")
        page.click("a.lang-switch")
        assert page.url.endswith("/en/claims/?status=verified")
    page.goto("/vi/claims/?page=none")
    page.click("a.lang-switch")
    assert page.url.endswith("/en/claims/?page=none")
    page.goto("/en/sources/annual-report/#p2s1")
    page.click("a.lang-switch")
    assert page.url.endswith("/vi/sources/annual-report/#p2s1")
    expect(page.locator("#p2s1")).to_be_in_viewport()
    page.goto("/vi/ke-hoach/")
    page.click("a.lang-switch")
    assert page.url.endswith("/en/plan/"), "nothing added where there is nothing to keep"


def test_a_click_on_the_switch_before_the_table_s_data_comes_keeps_the_citing_page(
    page: Page,
) -> None:
    # Which page in the other language a citing page is, the data says: a click before it
    # comes waits for it (the browser holds the data back until then), then goes there.
    held: list[Route] = []
    page.route(
        "**/claims/data.json", lambda route: held.append(route) if not held else route.continue_()
    )
    page.goto("/vi/claims/?page=%2Fvi%2F&status=verified", wait_until="domcontentloaded")
    expect(page.locator(".shown")).to_contain_text("…")  # still loading
    page.click("a.lang-switch")
    assert page.url.endswith("/vi/claims/?page=%2Fvi%2F&status=verified"), "it waits"
    held[0].continue_()
    page.wait_for_url("**/en/claims/?status=verified&page=%2Fen%2F")
    expect(page.locator("select[name=page]")).to_have_value("/en/")


def test_the_reviewer_table_lists_every_claim_with_its_evidence_and_review(page: Page) -> None:
    page.goto("/en/claims/")
    rows = page.locator("table.claims-table tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("table.claims-table caption")).to_have_text(re.compile(r"^6 claims:"))
    row = page.locator("tr#claim-visits-up")
    expect(row.locator(".status")).to_have_text("Disputed")
    expect(row.locator("mark")).to_have_text("Visits rose by 18 percent compared with 2023.")
    expect(row).to_contain_text("Phạm Thị Ngọc Ánh")
    expect(row.locator("a[href='/en/']")).to_have_count(1)  # the page that cites it
    statuses = rows.locator(".status").evaluate_all("s => s.map(b => b.className.slice(14))")
    assert sorted(set(statuses)) == ["disputed", "needs-corroboration", "needs-review", "verified"]


def test_the_reviewer_table_scrolls_inside_its_box_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/vi/claims/")
    wrap = page.locator(".table-wrap")
    widths = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert widths[0] > widths[1], "the table fits at 320 px: nothing to scroll"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    wrap.focus()  # the region is focusable, so the keyboard can scroll it
    for _ in range(20):
        page.keyboard.press("ArrowRight")
        if wrap.evaluate("w => w.scrollLeft") > 0:
            break
    assert wrap.evaluate("w => w.scrollLeft") > 0


@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_scrolls_sideways(page: Page, page_urls: list[str], width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = {}
    for url in page_urls:
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[url] = scroll_width
    assert too_wide == {}


def test_on_a_desktop_the_text_keeps_a_readable_measure(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/vi/")
    paragraph = page.locator(".body p").first
    box = paragraph.bounding_box()
    assert box is not None
    font_size = float(paragraph.evaluate("p => parseFloat(getComputedStyle(p).fontSize)"))
    assert 30 * font_size <= box["width"] <= 48 * font_size  # about 60 to 90 characters
    assert abs((box["x"] + box["width"] / 2) - 640) < 2  # centred


@pytest.mark.parametrize("width", [320, 1280])
def test_the_card_stays_inside_the_window(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto("/en/")
    page.locator("#cite-library-books-2").scroll_into_view_if_needed()
    page.focus("#cite-library-books-2")
    card = page.locator("#cite-card")
    expect(card).to_be_visible()
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["y"] >= 0 and box["y"] + box["height"] <= 700
    if width == 1280:  # beside the text it explains, just below or above the marker
        marker = page.locator("#cite-library-books-2").bounding_box()
        assert marker is not None
        gap_below = box["y"] - (marker["y"] + marker["height"])
        gap_above = marker["y"] - (box["y"] + box["height"])
        assert 0 <= gap_below <= 12 or 0 <= gap_above <= 12


def test_vietnamese_letters_come_from_a_single_font(page: Page) -> None:
    # A font without the precomposed letters (Liberation, for one) makes Chromium draw some of
    # them from another font, and the words look broken; one font per element means none did.
    page.goto("/vi/")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", ".summary", ".body p", ".excerpt p"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        families = {f["familyName"] for f in fonts}
        assert len(families) == 1, f"{selector} is drawn with {families}"
        assert families <= {"DejaVu Sans", "DejaVu Serif"}, f"{selector}: {families}"


def test_printed_citations_are_notes_with_the_source_sentence_and_its_address(page: Page) -> None:
    page.goto("/en/")
    page.hover("#cite-visits-up-1")
    page.emulate_media(media="print")
    for hidden in ("#cite-card", ".site-header nav", ".lang-switch", "li#claim-visits-up a.back"):
        expect(page.locator(hidden)).to_be_hidden()
    note = page.locator("li#claim-visits-up")
    expect(note).to_be_visible()
    expect(note.locator("mark")).to_have_text("Visits rose by 18 percent compared with 2023.")
    address = note.locator("a.to-source").evaluate("a => getComputedStyle(a, '::after').content")
    assert address == '" — https://reader.example.org/en/sources/annual-report/#p2s2"'
    # The notes are numbered as the markers are: [4] is the fourth.
    expect(page.locator("#cite-visits-up-1")).to_have_text("[4]")
    expect(page.locator(".cited-claims ol > li").nth(3)).to_have_id("claim-visits-up")


def test_on_a_phone_the_navigation_is_one_line_and_the_page_starts_on_the_first_screen(
    page: Page,
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/en/plan/")
    items = page.locator(".site-header nav li")
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count()))
            if box is not None}  # fmt: skip
    assert len(tops) == 1, "the navigation wraps onto several lines"
    heading = page.locator("h1").bounding_box()
    assert heading is not None
    assert heading["y"] < 320
    current = page.locator(".site-header nav [aria-current=page]").bounding_box()
    assert current is not None
    assert current["x"] >= 0 and current["x"] + current["width"] <= 320  # scrolled into view


def test_near_the_bottom_of_the_window_the_card_opens_above_its_marker(page: Page) -> None:
    page.goto("/en/")
    marker = page.locator("#cite-staff-1")
    bottom = marker.evaluate("m => m.getBoundingClientRect().bottom + window.scrollY")
    page.set_viewport_size({"width": 1280, "height": round(bottom) + 20})
    marker.focus()
    card = page.locator("#cite-card").bounding_box()
    spot = marker.bounding_box()
    assert card is not None and spot is not None
    assert card["y"] >= 0
    assert 0 <= spot["y"] - (card["y"] + card["height"]) <= 12
