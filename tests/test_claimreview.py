"""ClaimReview JSON-LD on every permalink, the rating scale page, and the claimReviewed lints."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path

from claim_record import build_site, set_field, soup
from claim_record import json_ld as page_json_ld
import pytest

from factpress.claimreview import json_ld, rating_words
from factpress.cli import main

BASE = "https://check.example.org"


def test_a_reviewed_claim_carries_a_complete_claimreview(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    for lang, text, rating in (
        ("en", "The bridge cuts the journey to 15 minutes.", "Disputed"),
        ("vi", "Cây cầu rút ngắn thời gian đi lại còn 15 phút.", "Còn tranh cãi"),
    ):
        [review] = page_json_ld(soup(site, f"/{lang}/claims/bridge-time.html"))
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["url"] == f"{BASE}/{lang}/claims/bridge-time.html"
        assert review["claimReviewed"] == text
        assert review["inLanguage"] == lang
        assert review["author"] == {
            "@type": "Organization",
            "name": "Tòa soạn Mẫu",
            "url": f"{BASE}/",
        }
        assert review["datePublished"] == "2026-11-20"
        assert review["dateModified"] == "2026-11-20"
        rating_value = review["reviewRating"]
        assert rating_value["@type"] == "Rating"
        assert rating_value["alternateName"] == rating
        assert rating_value["worstRating"] <= rating_value["ratingValue"]
        assert rating_value["ratingValue"] <= rating_value["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"] == {"@type": "Person", "name": "Ông Trần Văn Hùng"}
        [appearance] = item["appearance"]
        assert appearance["url"] == "https://news.example.com/cau-song-xanh?id=7"
        assert appearance["datePublished"] == "2024-12-22"
        assert "firstAppearance" not in item, "the article is where it appears, not its first"


def test_ratings_follow_the_scale_page(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    scale = soup(site, "/en/ratings/")
    published = {}
    for row in scale.find("table", class_="ratings").tbody.find_all("tr"):
        value = row.find_all("td")[1].get_text()
        published[row["id"]] = None if value == "—" else int(value.split("/")[0])
    assert list(published) == ["verified", "needs-corroboration", "disputed", "needs-review"]
    assert published == {
        "verified": 3,
        "needs-review": None,
        "needs-corroboration": 2,
        "disputed": 1,
    }
    for claim_id, status in (
        ("bridge-opened", "verified"),
        ("bridge-cost", "needs-corroboration"),
        ("bridge-time", "disputed"),
    ):
        [review] = page_json_ld(soup(site, f"/en/claims/{claim_id}.html"))
        assert review["reviewRating"]["ratingValue"] == published[status]
        assert review["reviewRating"]["bestRating"] == max(v for v in published.values() if v)
    assert soup(site, "/vi/ratings/").h1.get_text() == "Thang đánh giá"


def test_a_claim_awaiting_review_publishes_no_rating(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    assert page_json_ld(soup(site, "/en/claims/bridge-mood.html")) == []


def test_date_modified_follows_the_latest_correction(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    [review] = page_json_ld(soup(site, "/en/claims/bridge-lanes.html"))
    assert review["datePublished"] == "2026-11-20"
    assert review["dateModified"] == "2026-11-25"


def test_script_end_tags_in_a_claim_cannot_close_the_element() -> None:
    text = json_ld({"claimReviewed": "a </script><script>alert(1)</script> <!-- b"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"claimReviewed": "a </script><script>alert(1)</script> <!-- b"}


def test_hostile_claim_text_round_trips_through_the_page(project: Callable[[str], Path]) -> None:
    root = project("record")
    set_field(root, "bridge-opened", "en", '"Bridge </script> opened on December 22, 2024."')
    site, _ = build_site(root)
    [review] = page_json_ld(soup(site, "/en/claims/bridge-opened.html"))
    assert review["claimReviewed"] == "Bridge </script> opened on December 22, 2024."


def test_long_claims_and_rating_words_are_warned_about_at_their_line(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    long_text = "The Song Xanh bridge " + "was opened by the province with ceremony " * 2
    set_field(root, "bridge-opened", "en", f'"{long_text.strip()} on December 22, 2024."')
    set_field(root, "bridge-lanes", "vi", "Đúng là cầu Sông Xanh có 4 làn xe.")
    _, report = build_site(root)
    found = {(w.code, str(w.where)) for w in report.warnings}
    assert ("claimreview-too-long", "facts.yaml:7:5") in found  # its `en:`
    assert ("claimreview-rating-word", "facts.yaml:15:5") in found  # its `vi:`
    message = next(w.message for w in report.warnings if w.code == "claimreview-rating-word")
    assert "'đúng là'" in message


def test_a_warning_about_a_short_form_points_at_its_short(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    set_field(root, "bridge-lanes", "vi", "Đúng là cầu Sông Xanh có 4 làn xe.")
    # The short form is what ClaimReview shows, so the warning is about it, not about `vi:`.
    set_field(
        root,
        "bridge-lanes",
        "en",
        "The Song Xanh bridge has 4 lanes.\n"
        "    short: {vi: Đúng là cầu có 4 làn xe., en: The bridge has 4 lanes.}",
    )
    _, report = build_site(root)
    found = {(w.code, str(w.where)) for w in report.warnings}
    assert ("claimreview-rating-word", "facts.yaml:17:5") in found  # its `short:`


@pytest.mark.parametrize(
    "text",
    [
        "Tàu chạy đúng giờ 99,8% số chuyến.",  # on time
        "Thanh tra không phát hiện sai phạm nào.",  # violations
        "Số liệu sai lệch 2% so với năm 2023.",  # a deviation
        "Khoản chi là sai quy định.",  # is against the rules
        "Việc xây dựng là đúng quy hoạch.",  # is as planned
    ],
)
def test_everyday_words_holding_dung_or_sai_are_no_verdict(text: str) -> None:
    assert rating_words(text, "vi") == []


def test_the_warnings_of_a_claim_left_as_it_was_stay_while_others_are_edited(
    project: Callable[[str], Path],
) -> None:
    # An incremental build reads only edited claims again: the others keep their warnings.
    root = project("record")
    set_field(root, "bridge-lanes", "vi", "Đúng là cầu Sông Xanh có 4 làn xe.")

    def rating_warnings() -> set[str]:
        _, report = build_site(root)
        return {str(w.where) for w in report.warnings if w.code == "claimreview-rating-word"}

    assert rating_warnings() == {"facts.yaml:15:5"}
    set_field(root, "bridge-opened", "vi", "Cầu Sông Xanh khánh thành ngày 22-12-2024.")
    assert rating_warnings() == {"facts.yaml:15:5"}
    set_field(root, "bridge-opened", "en", '"False: the bridge opened on December 22, 2024."')
    assert rating_warnings() == {"facts.yaml:7:5", "facts.yaml:15:5"}
    set_field(root, "bridge-lanes", "vi", "Cầu Sông Xanh có 4 làn xe.")
    assert rating_warnings() == {"facts.yaml:7:5"}


def test_the_lints_fail_the_strict_gate(
    project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project("record")
    for claim_id in ("bridge-cost", "bridge-time", "bridge-mood"):
        set_field(root, claim_id, "status", "verified")
    assert main(["check", "--strict", "--root", str(root), "-q"]) == 0
    set_field(root, "bridge-lanes", "en", '"It is true, the Song Xanh bridge has 4 lanes."')
    assert main(["check", "--root", str(root), "-q"]) == 0
    assert main(["check", "--strict", "--root", str(root), "-q"]) == 1
