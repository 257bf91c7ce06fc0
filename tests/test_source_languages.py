"""Sources in any language: a claim renders its quote into every site language but its
source's, and each reader sees the quote with its rendering in their own language, on every
page that shows quotes, never a "translation" of a quote into its own language.

The fixture `english-source` builds from the package theme alone. It cites a university press
release in English (`language: en`) and a city notice in Korean (`language: ko`)."""

from __future__ import annotations

from collections.abc import Callable
import csv
import io
import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
import pytest
from support import parse_diagnostics, replace, staging_leftovers, tree_digest
import yaml

from factpress.claimnumbers import unsupported
from factpress.pipeline import build

PROJECT = Path(__file__).parent / "projects" / "english-source"
FACTS = yaml.safe_load((PROJECT / "facts.yaml").read_text("utf-8"))["claims"]
SOURCE_LANGUAGE = {
    path.stem: yaml.safe_load(path.read_text("utf-8"))["language"]
    for path in (PROJECT / "sources").glob("*.yaml")
}
ENGLISH = sorted(c for c, f in FACTS.items() if SOURCE_LANGUAGE[f["source"]] == "en")
KOREAN = sorted(c for c, f in FACTS.items() if SOURCE_LANGUAGE[f["source"]] == "ko")


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text("utf-8"), "html.parser")


def texts(node: Tag, selector: str) -> list[str]:
    return [" ".join(el.get_text(" ").split()) for el in node.select(selector)]


def quoted(text: str) -> str:
    return f"“{' '.join(text.split())}”"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("langs") / "english-source"
    shutil.copytree(PROJECT, root)
    report = build(root, out_dir=root / "site")
    assert [d.format() for d in report.warnings] == []
    return root / "site"


def test_the_fixture_has_no_theme_of_its_own() -> None:
    assert not any((PROJECT / folder).exists() for folder in ("templates", "locale", "static"))
    assert ENGLISH and KOREAN


# --- What a Vietnamese reader sees of a claim on an English source --------------------------


@pytest.mark.parametrize("claim_id", ENGLISH)
def test_the_vietnamese_page_lists_the_quote_and_its_vietnamese_rendering(
    site: Path, claim_id: str
) -> None:
    item = soup(site, "vi/index.html").select_one(f".cited-claims li#claim-{claim_id}")
    assert item is not None
    assert item.select_one("blockquote.excerpt")["lang"] == "en"
    assert texts(item, "blockquote.excerpt mark") == [FACTS[claim_id]["quote"]]
    assert texts(item, ".quote-vi") == [
        f"Bản dịch tiếng Việt: {quoted(FACTS[claim_id]['quote_vi'])}"
    ]
    assert item.select(".quote-en") == []


@pytest.mark.parametrize("claim_id", ENGLISH)
def test_the_vietnamese_claim_record_gives_the_vietnamese_rendering(
    site: Path, claim_id: str
) -> None:
    record = soup(site, f"vi/claims/{claim_id}.html").select_one("article.claim-record")
    assert texts(record, "blockquote.excerpt mark") == [FACTS[claim_id]["quote"]]
    assert texts(record, ".quote-vi") == [
        f"Bản dịch tiếng Việt: {quoted(FACTS[claim_id]['quote_vi'])}"
    ]
    assert record.select(".quote-en") == []


@pytest.mark.parametrize("claim_id", ENGLISH)
def test_the_vietnamese_reviewer_table_gives_the_vietnamese_rendering(
    site: Path, claim_id: str
) -> None:
    table = soup(site, "vi/claims/index.html")
    [row] = [r for r in table.select("tbody tr") if r.find(string=FACTS[claim_id]["vi"])]
    assert texts(row, "blockquote.excerpt mark") == [FACTS[claim_id]["quote"]]
    assert texts(row, ".quote-vi") == [
        f"Bản dịch tiếng Việt: {quoted(FACTS[claim_id]['quote_vi'])}"
    ]
    assert row.select(".quote-en") == []


def test_the_vietnamese_source_page_says_its_source_is_english_and_renders_each_quote(
    site: Path,
) -> None:
    page = soup(site, "vi/sources/eindhoven-press-release/index.html")
    assert texts(page, "article .notice") == [
        "Nguồn này viết bằng tiếng Anh và được trình bày đúng như bản lưu trữ. Dưới mỗi đoạn "
        "có câu được trích dẫn là bản dịch tiếng Việt của các trích dẫn đó."
    ]
    assert page.select_one(".source-text")["lang"] == "en"
    lists = page.select(".source-text ul.renderings")
    assert all(ul["lang"] == "vi" for ul in lists)
    items = [li for ul in lists for li in ul.select("li")]
    assert {li.a.get_text(): li.get_text() for li in items} == {
        claim_id: f"{claim_id}: {quoted(FACTS[claim_id]['quote_vi'])}" for claim_id in ENGLISH
    }
    for li in items:  # each rendering sits under the paragraph that holds its quote
        paragraph = li.find_parent("ul").find_previous_sibling("p")
        assert FACTS[li.a.get_text()]["quote"] in paragraph.get_text()


def test_the_english_source_page_in_english_says_nothing_of_languages(site: Path) -> None:
    page = soup(site, "en/sources/eindhoven-press-release/index.html")
    assert page.select("article .notice") == []
    assert page.select("ul.renderings") == []


def test_no_page_gives_an_english_version_of_an_english_quote(site: Path) -> None:
    english_quotes = [" ".join(FACTS[c]["quote"].split()) for c in ENGLISH]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    seen_rendering = 0
    for path in pages:
        html = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        renderings = texts(html, ".quote-en, .quote-vi, ul.renderings li")
        seen_rendering += len(renderings)
        for text in renderings:
            assert not any(q in text for q in english_quotes), (path, text)
        for label in html.find_all(string=lambda s: "In English:" in s or "Bản tiếng Anh" in s):
            rendering = label.find_parent("p")
            assert not any(q in rendering.get_text() for q in english_quotes), path
    assert seen_rendering > 0


# --- A third language: both renderings, each on its own side --------------------------------


@pytest.mark.parametrize("claim_id", KOREAN)
def test_a_korean_quote_is_rendered_in_each_readers_language(site: Path, claim_id: str) -> None:
    for lang, other in (("vi", "en"), ("en", "vi")):
        label = "Bản dịch tiếng Việt:" if lang == "vi" else "In English:"
        expected = f"{label} {quoted(FACTS[claim_id][f'quote_{lang}'])}"
        for rel, selector in (
            (f"{lang}/index.html", f"li#claim-{claim_id}"),
            (f"{lang}/claims/{claim_id}.html", "article.claim-record"),
        ):
            shown = soup(site, rel).select_one(selector)
            assert texts(shown, f".quote-{lang}") == [expected], rel
            assert shown.select(f".quote-{other}") == [], rel
        page = soup(site, f"{lang}/sources/seoul-city-notice/index.html")
        assert page.select_one(".source-text")["lang"] == "ko"
        assert [li.get_text() for li in page.select("ul.renderings li")] == [
            f"{claim_id}: {quoted(FACTS[claim_id][f'quote_{lang}'])}"
        ]
    notice = texts(soup(site, "vi/sources/seoul-city-notice/index.html"), "article .notice")
    assert notice and "tiếng Hàn" in notice[0]
    notice = texts(soup(site, "en/sources/seoul-city-notice/index.html"), "article .notice")
    assert notice and "This source is in Korean" in notice[0]


# --- Exports --------------------------------------------------------------------------------


def test_claims_json_and_csv_carry_every_rendering(site: Path) -> None:
    document = json.loads((site / "claims.json").read_text("utf-8"))
    records = {r["id"]: r for r in document["claims"]}
    rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO((site / "claims.csv").read_text("utf-8-sig")))
    }
    assert set(records) == set(rows) == set(FACTS)
    for claim_id, fields in FACTS.items():
        for lang in ("vi", "en"):
            expected = fields.get(f"quote_{lang}")
            assert records[claim_id][f"quote_{lang}"] == expected
            assert rows[claim_id][f"quote_{lang}"] == (expected or "")
    assert all(records[c]["quote_en"] is None for c in ENGLISH)


def test_annotations_carry_every_rendering_as_a_body_in_its_language(site: Path) -> None:
    collection = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    by_claim = {
        a["id"].rsplit("/", 1)[1].removesuffix(".html"): a for a in collection["first"]["items"]
    }
    for claim_id, fields in FACTS.items():
        bodies = [b for b in by_claim[claim_id]["body"] if b.get("purpose") == "describing"]
        assert {b["language"]: b["value"] for b in bodies} == {
            lang: fields[f"quote_{lang}"] for lang in ("vi", "en") if f"quote_{lang}" in fields
        }


# --- Bad input: which renderings a claim needs follows from its source ----------------------


def test_wrong_renderings_are_each_reported_at_their_place_and_nothing_is_written(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("english-source")
    assert run_cli("--root", root, "-q").code == 0
    before = tree_digest(root / "site")
    # An English rendering of the English press release, beside its Vietnamese one.
    replace(
        root,
        "facts.yaml",
        "    quote_vi: Thỏa thuận tài trợ",
        "    quote_en: The agreement funds 12 doctoral positions\n    quote_vi: Thỏa thuận tài trợ",
    )
    # No Vietnamese rendering for the other claim on it; no English one for the Korean notice.
    replace(root, "facts.yaml", "    quote_vi: Trường đã ký", "    notes: Trường đã ký")
    replace(root, "facts.yaml", "    quote_en: Seoul said", "    notes: Seoul said")

    facts = (root / "facts.yaml").read_text("utf-8").split("\n")

    result = run_cli("--root", root)

    assert result.code == 1
    assert "Traceback" not in result.err
    printed, other = parse_diagnostics(result.err)
    line_of = {claim_id: facts.index(f"  {claim_id}:") + 1 for claim_id in FACTS}
    # The English rendering is the line above the Vietnamese one (0-based index: its line).
    doctoral_vi = facts.index(
        "    quote_vi: Thỏa thuận tài trợ 12 vị trí nghiên cứu sinh tiến sĩ tại trường"
    )
    assert [(p.path, p.line, p.column, p.code) for p in printed] == sorted(
        [
            ("facts.yaml", line_of["tue-agreement"], 3, "field-missing"),
            ("facts.yaml", doctoral_vi, 5, "rendering-same-language"),
            ("facts.yaml", line_of["seoul-mou"], 3, "field-missing"),
        ],
        key=lambda p: (p[1], p[2]),
    )
    by_code = {p.code: p for p in printed}
    assert "'quote_vi'" in printed[0].message and "English" in printed[0].message
    assert "`quote_vi:`" in printed[0].hint
    assert "'quote_en'" in printed[-1].message and "language: ko" in printed[-1].message
    same = by_code["rendering-same-language"]
    assert "English" in same.message and "delete `quote_en:`" in same.hint
    assert other == ["3 errors, 0 warnings: " + str(root / "site") + " not written"]
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_a_rendering_is_held_to_the_numbers_of_its_quote(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("english-source")
    facts = (root / "facts.yaml").read_text("utf-8").split("\n")
    replace(
        root,
        "facts.yaml",
        "tài trợ 12 vị trí nghiên cứu sinh tiến sĩ tại",
        "tài trợ 21 vị trí nghiên cứu sinh tiến sĩ tại",
    )
    line = next(
        n
        for n, text in enumerate(facts, 1)
        if "tài trợ 12 vị trí nghiên cứu sinh tiến sĩ tại" in text
    )

    result = run_cli("check", "--root", root)

    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [(p.line, p.column, p.code) for p in printed] == [(line, 5, "claim-number-unsupported")]
    assert "Vietnamese rendering" in printed[0].message and "21" in printed[0].message


def test_this_sites_own_claims_keep_building_unchanged() -> None:
    # facts.yaml of this repository: Vietnamese sources, each claim with `quote_en` only.
    repo = Path(__file__).resolve().parent.parent
    claims = yaml.safe_load((repo / "facts.yaml").read_text("utf-8"))["claims"]
    assert all("quote_en" in c and "quote_vi" not in c for c in claims.values())
    assert all(unsupported(c["quote_en"], c["quote"]) == [] for c in claims.values())


@pytest.mark.parametrize(
    ("rendering", "quote", "missing"),
    [
        ("in March 2024", "서울시는 2024년 3월 빈즈엉성과", []),
        ("ngày 5 tháng 3 năm 2024", "2024年3月5日に署名した", []),
        ("on March 5", "3월 5일 체결", []),
        ("in April 2024", "2024년 3월 체결", ["2024-04"]),
    ],
)
def test_korean_japanese_and_chinese_dates_are_read_as_dates(
    rendering: str, quote: str, missing: list[str]
) -> None:
    assert unsupported(rendering, quote) == missing


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_source_title_in_another_language_than_the_page_s_is_marked_as_in_its_own(
    site: Path, lang: str
) -> None:
    for claim_id, fields in FACTS.items():
        source_language = SOURCE_LANGUAGE[fields["source"]]
        for rel in (f"{lang}/claims/{claim_id}.html", f"{lang}/index.html"):
            link = next(
                a for a in soup(site, rel).select("a.to-source") if fields["source"] in a["href"]
            )
            marked = link.select_one("span[lang]")
            if source_language == lang:
                assert marked is None, rel
            else:
                assert marked is not None and marked["lang"] == source_language, rel
                assert marked.get_text() in link.get_text()
    listing = soup(site, f"{lang}/claims/page/1/index.html")
    for link in listing.select("table.claims-list a[href*='/sources/']"):
        assert link["lang"] == SOURCE_LANGUAGE[link["href"].split("/")[3]]
