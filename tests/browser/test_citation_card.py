"""A reader checks a statement in place: the card over a citation marker, and the plain link
that stands in for it when scripts do not run."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import Browser, Page, expect
import pytest

CARD = "#cite-card"


def marker(page: Page, claim_id: str, n: int = 1) -> str:
    return f"#cite-{claim_id}-{n}"


def test_hovering_a_marker_shows_the_claim_its_source_sentence_and_its_english_rendering(
    page: Page,
) -> None:
    page.goto("/en/")
    card = page.locator(CARD)
    expect(card).to_have_count(0)
    page.hover(marker(page, "library-books"))
    expect(card).to_be_visible()
    expect(card.locator(".claim-text")).to_contain_text("The library holds 12,000 titles.")
    expect(card.locator(".status")).to_have_text("Needs corroboration")
    expect(card.locator("blockquote.excerpt")).to_have_attribute("lang", "vi")
    expect(card.locator("blockquote.excerpt mark")).to_have_text("Thư viện có 12.000 đầu sách")
    expect(card.locator(".quote-en")).to_contain_text("The library has 12,000 titles")
    expect(card.locator("a.to-source")).to_have_attribute("href", "/en/sources/thu-vien/#p2s2")
    expect(page.locator(marker(page, "library-books"))).to_have_attribute("aria-expanded", "true")


def test_the_card_follows_the_pointer_and_closes_when_it_leaves(page: Page) -> None:
    page.goto("/en/")
    page.hover(marker(page, "loans-2024"))
    card = page.locator(CARD)
    expect(card).to_contain_text("The libraries lent 1.2 million items in 2024.")
    # An English source needs no English rendering on the English site.
    expect(card.locator(".quote-en")).to_have_count(0)
    card.hover()  # moving onto the card keeps it open, so its link can be reached
    expect(card).to_be_visible()
    page.mouse.move(5, 5)
    expect(card).to_be_hidden()


def test_the_vietnamese_card_quotes_the_source_without_a_rendering(page: Page) -> None:
    page.goto("/vi/")
    page.hover(marker(page, "library-third"))
    card = page.locator(CARD)
    expect(card.locator(".claim-text")).to_contain_text("Thành phố A mở thư viện thứ 3 năm 2021.")
    expect(card.locator("mark")).to_have_text("Thành phố A đã mở thư viện thứ 3 vào năm 2021")
    expect(card.locator(".status")).to_have_text("Đã kiểm chứng")
    expect(card.locator(".quote-en")).to_have_count(0)


def test_markers_are_reached_with_tab_open_on_focus_and_close_on_escape(page: Page) -> None:
    page.goto("/en/")
    first = page.locator(marker(page, "library-third"))
    for _ in range(30):  # skip link, title, language switch, navigation, then the text
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    card = page.locator(CARD)
    expect(card).to_contain_text("City A opened its 3rd library in 2021.")
    page.keyboard.press("Tab")  # the card's link comes right after its marker
    expect(card.locator("a.to-source")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Tab")  # the dismissed card is skipped: on to the next marker
    expect(page.locator(marker(page, "library-books"))).to_be_focused()
    expect(card).to_contain_text("The library holds 12,000 titles.")


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    yield context.new_page()
    context.close()


def test_tapping_a_marker_opens_the_card_as_a_sheet_and_tapping_elsewhere_closes_it(
    phone: Page,
) -> None:
    phone.goto("/en/")
    phone.tap(marker(phone, "visits-up"))
    card = phone.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator(".status")).to_have_text("Disputed")
    assert phone.url.endswith("/en/"), "the tap opened the card instead of following the link"
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert box["y"] + box["height"] <= 740
    phone.tap("h1")
    expect(card).to_be_hidden()


@pytest.fixture
def no_script(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_a_marker_is_a_link_to_its_claim_in_the_list(no_script: Page) -> None:
    no_script.goto("/en/")
    no_script.click(marker(no_script, "staff"))
    assert no_script.url.endswith("/en/#claim-staff")
    target = no_script.locator("li#claim-staff")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("The libraries employ 140 staff in three branches.")
    expect(no_script.locator(CARD)).to_have_count(0)
    no_script.click("li#claim-staff a.to-source")
    assert no_script.url.endswith("/en/sources/annual-report/#p3s1")
    expect(no_script.locator("#p3s1")).to_contain_text("140 staff")
