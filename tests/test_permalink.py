"""A claim's permalink shows its whole record, in each language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claim_record import build_site, soup


def test_the_permalink_shows_claim_excerpt_status_review_and_links(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    page = soup(site, "/en/claims/bridge-time.html")
    record = page.find("article", class_="claim-record")
    assert record.h1.get_text() == "The bridge cuts the journey to 15 minutes."
    mark = record.find("blockquote", class_="excerpt").find("mark")
    assert mark.get_text() == "Cây cầu rút ngắn thời gian đi lại còn 15 phút"
    assert "The bridge cuts the journey to 15 minutes" in record.find(class_="quote-en").get_text()
    assert record.find(class_="status-disputed").get_text() == "Disputed"
    assert "contested" in record.find(class_="status-disputed").parent.get_text()
    assert "Ông Trần Văn Hùng" in record.find(class_="attributed").get_text()
    facts = record.find("dl", class_="facts").get_text()
    assert "Lê Thu" in facts
    assert record.find("time", datetime="2026-11-20") is not None
    assert record.find("a", class_="to-source")["href"] == "/en/sources/cau-song-xanh/#p3s1"
    original = record.find("a", class_="to-original")["href"]
    assert original.startswith("https://news.example.com/cau-song-xanh?id=7#:~:text=")
    cited = [a["href"] for a in record.find_all("a") if a["href"] == "/en/cost/"]
    assert cited == ["/en/cost/"]


def test_the_vietnamese_permalink_is_in_vietnamese(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    record = soup(site, "/vi/claims/bridge-time.html").find("article", class_="claim-record")
    assert record.h1.get_text() == "Cây cầu rút ngắn thời gian đi lại còn 15 phút."
    assert record.find(class_="status-disputed").get_text() == "Còn tranh cãi"
    # The source is Vietnamese: a Vietnamese reader needs no English rendering of it.
    assert record.find(class_="quote-en") is None
    assert [a["href"] for a in record.find_all("a") if a["href"] == "/vi/chi-phi/"]


def test_a_claim_without_corrections_says_so(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    record = soup(site, "/en/claims/bridge-opened.html").find("article", class_="claim-record")
    heading = record.find("h2", string="Corrections")
    assert heading.find_next_sibling("p").get_text() == "None."
