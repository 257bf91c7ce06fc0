"""Corrections: a dated note wherever a corrected claim is cited, a policy page, a way to report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claim_record import build_site, soup


def test_pages_citing_a_corrected_claim_show_a_dated_note(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    for url, text, date_text in (
        ("/en/", "This said 6 lanes before; the source says 4 lanes.", "November 25, 2026"),
        ("/vi/", "Trước đây ghi sai là 6 làn xe; nguồn ghi 4 làn xe.", "25 tháng 11, 2026"),
    ):
        page = soup(site, url)
        lanes = page.find("li", id="claim-bridge-lanes")
        note = lanes.find("aside", class_="corrections-note")
        assert text in note.get_text()
        when = note.find("time")
        assert when["datetime"] == "2026-11-25"
        assert when.get_text() == date_text
        assert note.find("a")["href"] == f"{url}corrections/"
        # Only the corrected claim carries a note.
        assert page.find("li", id="claim-bridge-opened").find(class_="corrections-note") is None


def test_a_page_without_corrected_claims_has_no_note(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    assert soup(site, "/en/cost/").find(class_="corrections-note") is None


def test_the_permalink_lists_the_corrections(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    record = soup(site, "/vi/claims/bridge-lanes.html").find("article", class_="claim-record")
    items = record.find("ul", class_="corrections").find_all("li")
    assert [i.time["datetime"] for i in items] == ["2026-11-25"]
    facts = record.find("dl", class_="facts")
    assert facts.find("time", datetime="2026-11-25") is not None  # last changed


def test_the_policy_page_gives_the_report_address_in_each_language(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    for url, heading in (
        ("/en/corrections/", "Corrections policy"),
        ("/vi/corrections/", "Chính sách đính chính"),
    ):
        page = soup(site, url)
        assert page.h1.get_text() == heading
        mail = page.find("main").find("a", href="mailto:loi@check.example.org")
        assert mail.get_text() == "loi@check.example.org"
        footer = page.find("footer")
        assert footer.find("a", href=url) is not None


def test_the_permalink_offers_to_report_an_error_in_the_claim(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    record = soup(site, "/en/claims/bridge-cost.html").find("article", class_="claim-record")
    report = record.find("a", href="mailto:loi@check.example.org?subject=bridge-cost")
    assert report.get_text() == "Report an error in this claim"


def test_a_desk_s_report_form_is_linked_as_it_is(project: Callable[[str], Path]) -> None:
    root = project("record")
    config = root / "site.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "contact: loi@check.example.org", "contact: https://check.example.org/report"
        ),
        "utf-8",
    )
    site, _ = build_site(root)
    record = soup(site, "/en/claims/bridge-cost.html").find("article", class_="claim-record")
    assert record.find("a", string="Report an error in this claim")["href"] == (
        "https://check.example.org/report"
    )
    policy = soup(site, "/vi/corrections/").find("main")
    assert policy.find("a", href="https://check.example.org/report") is not None
    assert "mailto:" not in (site / "en" / "index.html").read_text("utf-8")


def test_the_top_of_a_citing_page_lists_its_corrections(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    article = soup(site, "/en/").find("article", class_="explainer")
    note = article.find("aside", class_="page-corrections")
    # Before the body, so a reader sees it before the corrected statement.
    assert note.find_next("div", class_="body") is not None
    [item] = note.find_all("li")
    assert item.time["datetime"] == "2026-11-25"
    assert item.a["href"] == "#claim-bridge-lanes"
    assert "the source says 4 lanes" in item.get_text()
    assert soup(site, "/en/cost/").find("aside", class_="page-corrections") is None
