"""Coverage: how much of a source the claims cite, and what checkable sentences remain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claim_record import build_site, soup
import pytest

from factpress.coverage import is_checkable


@pytest.mark.parametrize(
    ("text", "checkable"),
    [
        ("Dự án do Công ty Hưng Thịnh thi công trong 30 tháng.", True),
        ("Tổng vốn là 850 tỷ đồng.", True),
        ("Người dân ở đó gặp Ông Hùng.", True),
        ("Người dân hai bên sông rất vui mừng.", False),
        ("Trời hôm nay đẹp.", False),
    ],
)
def test_checkable_means_a_number_a_date_or_a_proper_name(text: str, checkable: bool) -> None:
    assert is_checkable(text) is checkable


def test_the_source_page_shows_cited_sentences_as_a_bar(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    page = soup(site, "/en/sources/cau-song-xanh/")
    sentences = page.select("div.source-text span[id]")
    cited = [s for s in sentences if "cited" in s.get("class", [])]
    meter = page.find("div", class_="coverage").find("meter")
    assert int(meter["max"]) == len(sentences) == 8
    assert int(meter["value"]) == len(cited) == 4
    assert "4 of 8" in meter.parent.get_text()


def test_uncovered_checkable_sentences_are_listed_and_marked_in_the_text(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    page = soup(site, "/en/sources/cau-song-xanh/")
    assert page.find("div", class_="coverage").details.has_attr("open")
    listed = [
        li.a["href"].removeprefix("#")
        for li in page.find("div", class_="coverage").find("ol", class_="uncovered").find_all("li")
    ]
    sentences = {s["id"]: s for s in page.select("div.source-text span[id]")}
    marked = [i for i, s in sentences.items() if "uncovered" in s.get("class", [])]
    assert listed == marked, "the list leads to each sentence marked in the text, in order"
    for sentence_id in listed:
        assert "cited" not in sentences[sentence_id].get("class", [])
    assert "p5s1" in listed and "Công ty Hưng Thịnh" in sentences["p5s1"].get_text()
    assert "p2s3" in listed  # "Theo thiết kế, cầu có 4 làn xe và vỉa hè rộng 2 m."
    # Cited sentences are never listed, however checkable they are.
    assert "p2s1" not in listed
    # The list gives each by its first words, not whole a second time, and out of the index.
    listing = page.find("ol", class_="uncovered")
    assert listing.has_attr("data-pagefind-ignore")
    first = listing.find("a", href="#p5s1").parent.get_text(" ", strip=True)
    words = sentences["p5s1"].get_text().split()
    assert first == " ".join(["p5s1", *words[:6]]) + ("…" if len(words) > 6 else "")


def test_the_coverage_of_a_source_is_on_its_page_and_the_table_says_so(
    project: Callable[[str], Path],
) -> None:
    # Not on the reviewer table: at 250 sources the list alone outweighed a page.
    site, _ = build_site(project("record"))
    assert soup(site, "/en/claims/").find("section", class_="source-coverage") is None
    assert "shown on the source's page" in soup(site, "/en/claims/").get_text()
    page = soup(site, "/vi/sources/cau-song-xanh/")
    assert page.find("meter")["value"] == "4"
    assert "4 trên 8" in page.find(class_="coverage").get_text()
    target = soup(site, "/en/sources/cau-song-xanh/").find(id="coverage")
    assert len(target.find("ol", class_="uncovered").find_all("li")) == 4
