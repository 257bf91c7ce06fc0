"""A Vietnamese reader's card for a claim on an English source: the English words as the
source has them, and their Vietnamese rendering, never an "English version" of them."""

from __future__ import annotations

from playwright.sync_api import Page, expect

CARD = "#cite-card"


def test_the_vietnamese_card_of_an_english_source_gives_the_vietnamese_rendering(
    page: Page,
) -> None:
    page.goto("/vi/")
    page.hover("#cite-loans-2024-1")
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator("blockquote.excerpt")).to_have_attribute("lang", "en")
    expect(card.locator("blockquote.excerpt mark")).to_have_text(
        "The library service lent 1.2 million items in 2024."
    )
    expect(card.locator(".quote-vi")).to_have_text(
        "Bản dịch tiếng Việt: “Hệ thống thư viện đã cho mượn 1,2 triệu lượt tài liệu "
        "trong năm 2024.”"
    )
    expect(card.locator(".quote-en")).to_have_count(0)


def test_at_320_px_the_card_shows_the_rendering_within_the_window(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/vi/")
    page.click("#cite-loans-2024-1")
    rendering = page.locator(f"{CARD} .quote-vi")
    expect(rendering).to_be_visible()
    box = rendering.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
