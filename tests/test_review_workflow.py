"""The reviewer table (filters, counts, due reviews) and the publishing gate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from claim_record import TODAY, build_site, set_field, soup
import pytest

from factpress.cli import main
from factpress.diagnostics import BuildError
from factpress.pipeline import build


def test_the_table_heads_with_counts_per_status(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    caption = soup(site, "/en/claims/").find("table", class_="claims-table").caption
    counts = {
        span["data-status"]: int(span.strong.get_text())
        for span in caption.find_all("span", class_="count")
    }
    assert counts == {
        "verified": 2,
        "needs-review": 1,
        "needs-corroboration": 1,
        "disputed": 1,
        "due": 0,
    }


def test_every_row_shows_without_javascript_and_the_filters_wait_for_the_script(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    page = soup(site, "/en/claims/")
    rows = page.find("table", class_="claims-table").tbody.find_all("tr")
    assert len(rows) == 5
    assert not any(row.has_attr("hidden") for row in rows)
    # The filters only make sense with the script: without it a stylesheet in <noscript>
    # hides them (and with it they take their place from the first paint).
    noscript = page.find("noscript")
    assert noscript is not None and "/static/nojs.css" in str(noscript)
    nojs = (site / "static" / "nojs.css").read_text("utf-8")
    assert ".claim-filters { display: none; }" in nojs
    # The script reads the rows' data from one file per language, which the form names.
    assert page.find("form", class_="claim-filters")["data-src"] == "/en/claims/data.json"
    cost = next(r for r in rows if r["id"] == "claim-bridge-cost")
    assert [a["href"] for a in cost.find_all("td")[5].find_all("a")] == ["/en/cost/"]
    # The script names every source and page from the rows it gathers: the markup names none.
    form = page.find("form", class_="claim-filters")
    choices = {
        select["name"]: [option["value"] for option in select.find_all("option")]
        for select in form.find_all("select")
    }
    assert choices["source"] == [""]
    assert choices["page"] == ["", "none"]
    # Their titles, in the columns Source and Cited on.
    cells = cost.find_all("td")
    assert cells[2].a.get_text() == "Khánh thành cầu Sông Xanh"
    cited_on = [(a["href"], a.get_text()) for a in cells[5].find_all("a")]
    assert cited_on == [("/en/cost/", "Cost and benefit")]


def test_the_script_is_a_file_and_no_page_has_inline_script(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    page = soup(site, "/en/claims/")
    assert page.find("script", src="/static/review.js") is not None
    assert (site / "static" / "review.js").is_file()
    for html in site.rglob("*.html"):
        text = html.read_text("utf-8")
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/ld+json"' in head, html


def test_a_review_older_than_the_configured_age_is_due(project: Callable[[str], Path]) -> None:
    site, report = build_site(project("record"), today=date(2027, 3, 1))  # > 90 days later
    due = [w for w in report.warnings if w.code == "review-due"]
    assert len(due) == 5
    assert str(due[0].where).startswith("facts.yaml:")
    rows = soup(site, "/en/claims/").find("table", class_="claims-table").tbody.find_all("tr")
    assert all(row.find(class_="due").get_text() == "Review due" for row in rows)


def test_a_review_older_than_the_archived_copy_is_due(project: Callable[[str], Path]) -> None:
    root = project("record")
    meta = root / "sources" / "cau-song-xanh.yaml"
    meta.write_text(meta.read_text("utf-8").replace("2026-11-18", "2026-11-21"), "utf-8")
    set_field(root, "bridge-opened", "reviewed", "2026-11-22")
    site, report = build_site(root)
    due = sorted(w.message.split("'")[1] for w in report.warnings if w.code == "review-due")
    assert due == ["bridge-cost", "bridge-lanes", "bridge-mood", "bridge-time"]
    page = soup(site, "/en/claims/bridge-lanes.html")
    assert page.find(class_="due").get_text() == "Review due"
    assert soup(site, "/en/claims/bridge-opened.html").find(class_="due") is None


def test_an_unverified_claim_is_published_quietly_and_stopped_only_at_the_gate(
    project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project("record")
    assert main(["--root", str(root), "-q"]) == 0
    assert "[claim-not-verified]" not in capsys.readouterr().err
    assert main(["check", "--root", str(root), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "facts.yaml:24:3: warning: claim 'bridge-cost' is needs-corroboration" in err
    assert "[claim-not-verified]" in err


def test_the_strict_check_is_the_publishing_gate(
    project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project("record")
    assert main(["check", "--strict", "--root", str(root), "-q"]) == 1
    for claim_id in ("bridge-cost", "bridge-time", "bridge-mood"):
        set_field(root, claim_id, "status", "verified")
    assert main(["check", "--strict", "--root", str(root), "-q"]) == 0
    # A review falls due by the calendar alone: the same project fails the gate later on.
    set_field(root, "bridge-mood", "reviewed", (TODAY.replace(year=2020)).isoformat())
    assert main(["check", "--root", str(root), "-q"]) == 0
    assert main(["check", "--strict", "--root", str(root), "-q"]) == 1
    assert "[review-due]" in capsys.readouterr().err


def test_the_reviewer_table_shows_every_claim_and_the_plain_listing_holds_each_once(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    site, report = build_site(root)
    for lang in ("vi", "en"):
        table = soup(site, f"/{lang}/claims/")
        rows = [row["id"] for row in table.select("table.claims-table tbody tr")]
        assert len(rows) == len(set(rows)) == report.claims == 5
        links = [a["href"] for a in table.select("nav.claim-listing a")]
        assert links == [f"/{lang}/claims/page/1/"]
        listing = soup(site, links[0])
        listed = [row.a.get_text() for row in listing.select("table.claims-list tbody tr")]
        assert sorted(listed) == sorted(r.removeprefix("claim-") for r in rows)
        assert not (site / lang / "claims" / "page" / "2").exists()


def test_claims_per_page_in_site_yaml_is_accepted_with_a_warning(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("claims_per_page: 2\n")
    _, report = build_site(root)
    [warning] = [w for w in report.warnings if w.code == "config-deprecated"]
    assert "claims_per_page" in warning.message


def test_a_review_dated_tomorrow_passes_and_one_dated_after_it_does_not(
    project: Callable[[str], Path],
) -> None:
    # A day's grace for the time zones between a desk and its build server; no more.
    root = project("minimal")  # every review dated 2026-11-02
    assert build(root, write=False, today=date(2026, 11, 1)).claims == 3
    with pytest.raises(BuildError) as failure:
        build(root, write=False, today=date(2026, 10, 31))
    assert {d.code for d in failure.value.diagnostics} == {"review-date"}
    assert len(failure.value.diagnostics) == 3


def test_a_correction_dated_after_tomorrow_is_an_error(project: Callable[[str], Path]) -> None:
    root = project("record")
    facts = root / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace("2026-11-25", "2999-11-25"), "utf-8")
    with pytest.raises(BuildError) as failure:
        build(root, write=False, today=TODAY)
    [problem] = failure.value.diagnostics
    assert problem.code == "review-date" and "correction of claim 'bridge-lanes'" in problem.message
    assert (problem.where.line, problem.where.column) == (21, 15)  # at the date itself
