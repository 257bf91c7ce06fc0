"""Coverage: how much of a source the claims cite, and what checkable sentences remain."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
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
    items = page.find("div", class_="coverage").find("ol", class_="uncovered").find_all("li")
    sentences = {s["id"]: s for s in page.select("div.source-text span[id]")}
    order = list(sentences)
    marked = [i for i, s in sentences.items() if "uncovered" in s.get("class", [])]
    # Sentences that follow one another are one item, "p5s1–p6s1", linked to the first.
    runs = []
    for li in items:
        first, _, last = li.a.get_text().partition("–")
        assert li.a["href"] == f"#{first}"
        runs.append(order[order.index(first) : order.index(last or first) + 1])
    # Cited sentences are never listed, however checkable they are.
    assert "cited" in sentences["p2s1"].get("class", [])
    assert is_checkable(sentences["p2s1"].get_text())
    assert all("p2s1" not in run for run in runs)
    assert [i for run in runs for i in run] == marked, "the list leads to each marked sentence"
    for before, after in pairwise(runs):
        assert order.index(after[0]) > order.index(before[-1]) + 1, "a run is as long as it goes"
    assert ["p5s1", "p6s1"] in runs and "Công ty Hưng Thịnh" in sentences["p5s1"].get_text()
    assert ["p2s3"] in runs  # "Theo thiết kế, cầu có 4 làn xe và vỉa hè rộng 2 m."
    # The list gives each item by its first sentence's first words, a run with its length,
    # not whole a second time, and out of the index.
    listing = page.find("ol", class_="uncovered")
    assert listing.has_attr("data-pagefind-ignore")
    words = sentences["p5s1"].get_text().split()
    excerpt = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    run = listing.find("a", href="#p5s1").parent
    assert run.get_text(" ", strip=True) == f"p5s1–p6s1 (2 sentences) {excerpt}"
    assert run.span["lang"] == "en" and listing["lang"] == "vi"
    single = listing.find("a", href="#p2s3").parent.get_text(" ", strip=True)
    assert single.startswith("p2s3 Theo thiết kế") and "sentence" not in single
    vi = soup(site, "/vi/sources/cau-song-xanh/").find("a", href="#p5s1").parent
    assert "p5s1–p6s1 (2 câu)" in vi.get_text(" ", strip=True)


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
    assert "4 checkable sentences" in target.get_text()
    assert len(target.find("ol", class_="uncovered").find_all("li")) == 3  # p5s1–p6s1 is one
