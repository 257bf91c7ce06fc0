"""The built site, read the way a reader or a reviewer reads it: the numbered markers, the claim
list under each page, the links to the source sentence, the other language, the reviewer table
and the source pages. tests/projects/minimal is built once for the whole module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
import re
import shutil
from typing import Any

from bs4 import BeautifulSoup, Tag
import pytest
from support import page, replace, rewrite_source, served_file
import yaml

from factpress.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINIMAL = TESTS / "projects" / "minimal"
FACTS = yaml.safe_load((MINIMAL / "facts.yaml").read_text("utf-8"))["claims"]
SOURCE_TEXT = (MINIMAL / "sources" / "thu-vien.txt").read_text("utf-8")
# The locator treats straight and curly quotation marks alike; so does this comparison.
_MARKS = str.maketrans("“”‘’", "\"\"''")


def _same_words(text: str) -> str:
    return " ".join(text.translate(_MARKS).split())


def copy_project(name: str, dest: Path) -> Path:
    """What the `project` fixture does, for fixtures that live longer than one test."""
    shutil.copytree(TESTS / "projects" / name, dest, symlinks=False)
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project("minimal", tmp_path_factory.mktemp("site") / "minimal")
    assert main(["--root", str(root), "--quiet"]) == 0
    return root / "site"


def soup_of(site: Path, url: str) -> BeautifulSoup:
    """The page served at `url` (a site-absolute path, with or without a fragment)."""
    file = served_file(site, url)
    assert file.is_file(), f"{url} leads to no file in the site"
    return BeautifulSoup(file.read_text("utf-8"), "html.parser")


def by_id(soup: BeautifulSoup, element_id: str) -> Tag:
    found = soup.find(id=element_id)
    assert isinstance(found, Tag), f"no element with id {element_id!r}"
    return found


# --- explainer pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "claim_ids"),
    [
        ("/en/", ["library-third", "library-books"]),
        ("/vi/", ["library-third", "library-books"]),
        ("/en/plan/", ["library-plan"]),
        ("/vi/ke-hoach/", ["library-plan"]),
    ],
)
def test_markers_are_numbered_in_reading_order_and_lead_to_the_claim_list(
    site: Path, url: str, claim_ids: list[str]
) -> None:
    soup = soup_of(site, url)
    markers = soup.select(".body sup.cite a")
    assert [m.get_text() for m in markers] == [f"[{n}]" for n in range(1, len(claim_ids) + 1)]
    assert [m["data-claim"] for m in markers] == claim_ids
    items = soup.select("section.cited-claims ol > li")
    assert [li["id"] for li in items] == [f"claim-{cid}" for cid in claim_ids]
    for number, (marker, claim_id) in enumerate(zip(markers, claim_ids, strict=True), 1):
        assert marker["href"] == f"#claim-{claim_id}"
        item = by_id(soup, str(marker["href"])[1:])
        assert items.index(item) == number - 1, "the n-th marker leads to the n-th list item"
        # the way back from the list item lands on the marker
        back = item.select_one("a.back")
        assert back is not None
        assert by_id(soup, str(back["href"])[1:]) is marker
        assert marker["aria-label"].endswith(str(number))


@pytest.mark.parametrize("url", ["/en/", "/vi/", "/en/plan/", "/vi/ke-hoach/"])
def test_each_listed_claim_shows_its_quote_marked_in_the_source_excerpt(
    site: Path, url: str
) -> None:
    soup = soup_of(site, url)
    lang = url.split("/")[1]
    items = soup.select("section.cited-claims ol > li")
    assert items
    for item in items:
        claim_id = str(item["id"]).removeprefix("claim-")
        claim = FACTS[claim_id]
        assert item.select_one(".claim-text").get_text().startswith(claim[lang])
        mark = item.select_one("blockquote.excerpt mark")
        assert mark is not None
        assert _same_words(mark.get_text()) == _same_words(claim["quote"])
        excerpt = _same_words(item.select_one("blockquote.excerpt").get_text())
        assert excerpt in _same_words(SOURCE_TEXT), "the excerpt is the source's own words"


@pytest.mark.parametrize("url", ["/en/", "/vi/", "/en/plan/", "/vi/ke-hoach/"])
def test_link_to_the_source_sentence_lands_on_that_sentence(site: Path, url: str) -> None:
    soup = soup_of(site, url)
    lang = url.split("/")[1]
    for item in soup.select("section.cited-claims ol > li"):
        link = item.select_one("a.to-source")
        assert link is not None
        href = str(link["href"])
        assert href.startswith(f"/{lang}/sources/thu-vien/#")
        sentence = by_id(soup_of(site, href), href.split("#")[1])
        assert "cited" in sentence["class"]
        mark = item.select_one("blockquote.excerpt mark")
        assert mark is not None
        # the quote starts in the sentence the link points at
        first_words = _same_words(mark.get_text())[:20]
        assert first_words in _same_words(sentence.get_text())
        permalink = item.find("a", href=re.compile(r"/claims/"))
        assert permalink is not None
        soup_of(site, str(permalink["href"]))  # the claim record exists


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/en/", "/vi/"),
        ("/vi/", "/en/"),
        ("/en/plan/", "/vi/ke-hoach/"),
        ("/vi/ke-hoach/", "/en/plan/"),
    ],
)
def test_language_switch_leads_to_the_same_page_in_the_other_language(
    site: Path, url: str, other: str
) -> None:
    soup = soup_of(site, url)
    other_lang = other.split("/")[1]
    switch = soup.select_one("a.lang-switch")
    assert switch is not None
    assert (switch["href"], switch["hreflang"]) == (other, other_lang)
    alternate = soup.find("link", rel="alternate", hreflang=other_lang)
    assert alternate is not None
    assert alternate["href"] == f"https://example.org{other}"
    counterpart = soup_of(site, other)
    assert counterpart.html is not None
    assert counterpart.html["lang"] == other_lang


def test_front_matter_title_and_summary_are_shown(site: Path) -> None:
    soup = soup_of(site, "/en/plan/")
    assert soup.select_one("article h1").get_text() == "The plan"
    assert soup.select_one("article p.summary").get_text() == "The city wants more libraries."
    assert soup.title is not None
    assert soup.title.get_text().startswith("The plan · ")
    nav = [(a.get_text(), a["href"]) for a in soup.select("header nav a")]
    assert nav[:2] == [("City A's libraries", "/en/"), ("The plan", "/en/plan/")]


# --- the reviewer table and claim records -----------------------------------------------------

STATUS_LABELS = {
    "en": {"verified": "Verified", "needs-corroboration": "Needs corroboration"},
    "vi": {"verified": "Đã kiểm chứng", "needs-corroboration": "Cần nguồn đối chiếu"},
}
REVIEW_DATE = {"en": "November 2, 2026", "vi": "2 tháng 11, 2026"}
CITED_ON = {
    "en": {"library-third": "/en/", "library-books": "/en/", "library-plan": "/en/plan/"},
    "vi": {"library-third": "/vi/", "library-books": "/vi/", "library-plan": "/vi/ke-hoach/"},
}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_reviewer_table_has_one_row_per_claim_in_source_order(site: Path, lang: str) -> None:
    soup = soup_of(site, f"/{lang}/claims/")
    rows = soup.select("table.claims-table tbody tr")
    # ordered as the quotes appear in the source
    assert [row["id"] for row in rows] == [
        "claim-library-third",
        "claim-library-books",
        "claim-library-plan",
    ]
    for row in rows:
        claim_id = str(row["id"]).removeprefix("claim-")
        claim = FACTS[claim_id]
        cells = row.find_all("td", recursive=False)
        assert len(cells) == 6
        ident, evidence, source, status, review, cited_on = cells
        assert ident.code.get_text() == claim_id
        assert ident.get_text().endswith(claim[lang])
        assert _same_words(evidence.mark.get_text()) == _same_words(claim["quote"])
        # The rendering shows where the source (Vietnamese) is in another language.
        assert (claim["quote_en"] in evidence.get_text()) == (lang == "en")
        assert source.a["href"].startswith(f"/{lang}/sources/thu-vien/#p")
        badge = status.select_one("span.status")
        assert badge.get_text() == STATUS_LABELS[lang][claim["status"]]
        assert claim["reviewer"] in review.get_text()
        assert review.time["datetime"] == "2026-11-02"
        assert review.time.get_text() == REVIEW_DATE[lang]
        links = [a["href"] for a in cited_on.find_all("a")]
        assert links == [CITED_ON[lang][claim_id]]
        for href in links:
            soup_of(site, href)


def test_reviewer_table_shows_notes_in_the_page_language(site: Path) -> None:
    for lang in ("en", "vi"):
        row = by_id(soup_of(site, f"/{lang}/claims/"), "claim-library-books")
        notes = row.select_one("p.notes")
        assert notes is not None
        assert notes.get_text() == FACTS["library-books"]["notes"][lang]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_claim_record_page(site: Path, lang: str) -> None:
    soup = soup_of(site, f"/{lang}/claims/library-plan.html")
    claim = FACTS["library-plan"]
    record = by_id(soup, "claim-library-plan")
    assert record.h1.get_text() == claim[lang]
    assert record.select_one(".status").get_text() == STATUS_LABELS[lang]["verified"]
    assert claim["attributed_to"] in record.select_one("p.attributed").get_text()
    assert record.find("time").get_text() == REVIEW_DATE[lang]
    cited = [a["href"] for a in record.select("h2 ~ ul a")]
    assert cited == [CITED_ON[lang]["library-plan"]]
    assert record.select_one("a.to-source")["href"] == f"/{lang}/sources/thu-vien/#p2s2"


# --- the source page ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_source_page_anchors_every_sentence_and_marks_the_cited_ones(site: Path, lang: str) -> None:
    soup = soup_of(site, f"/{lang}/sources/thu-vien/")
    paragraphs = soup.select("div.source-text > p")
    lines = [line for line in SOURCE_TEXT.splitlines() if line.strip()]
    assert len(paragraphs) == len(lines)
    ids = []
    for paragraph, line in zip(paragraphs, lines, strict=True):
        spans = paragraph.select("span[id]")
        assert spans, "every paragraph has at least one sentence"
        # the sentences of a paragraph, put together, are the source line: nothing left out
        assert " ".join(" ".join(s.get_text() for s in spans).split()) == " ".join(line.split())
        ids += [s["id"] for s in spans]
    assert all(re.fullmatch(r"p\d+s\d+", str(i)) for i in ids)
    assert len(set(ids)) == len(ids)
    cited = {str(s["id"]) for s in soup.select(".source-text span.cited")}
    # exactly the sentences that the claim lists link to
    targets = set()
    for url in (f"/{lang}/", f"/{lang}/claims/"):
        for a in soup_of(site, url).select("a[href*='/sources/thu-vien/#p']"):  # sentence ids
            targets.add(str(a["href"]).split("#")[1])
    assert cited == targets
    for sup in soup.select("sup.claim-link a"):
        assert sup["href"].startswith(f"/{lang}/claims/")
        soup_of(site, str(sup["href"]))


def test_source_page_shows_its_metadata_with_dates_for_the_locale(site: Path) -> None:
    en, vi = soup_of(site, "/en/sources/thu-vien/"), soup_of(site, "/vi/sources/thu-vien/")
    assert en.select_one("article h1").get_text() == "Thành phố mở thư viện mới"
    assert [t.get_text() for t in en.select("dl.facts time")] == [
        "June 1, 2021",
        "November 1, 2026",
    ]
    assert [t.get_text() for t in vi.select("dl.facts time")] == [
        "1 tháng 6, 2021",
        "1 tháng 11, 2026",
    ]
    assert en.select_one("code.hash").get_text() == (
        "7d991020934f5f247af6d64cd9babe69b38514e07ced0ada3c3d698a77e2c5a1"
    )


def test_root_page_offers_both_languages(site: Path) -> None:
    soup = soup_of(site, "/")
    assert [a["href"] for a in soup.select("ul.language-choice a")] == ["/vi/", "/en/"]


# --- variations on the minimal project ----------------------------------------------------------


def test_a_claim_cited_twice_keeps_its_number_and_gets_a_second_anchor(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    for rel in ("content/en/index.md", "content/vi/index.md"):
        path = root / rel
        path.write_text(path.read_text("utf-8") + "\nAgain [@library-third][@library-books].\n")
    assert run_cli("--root", root).code == 0
    soup = soup_of(root / "site", "/en/")
    markers = soup.select(".body sup.cite a")
    assert [m.get_text() for m in markers] == ["[1]", "[2]", "[1]", "[2]"]
    assert [m["id"] for m in markers] == [
        "cite-library-third-1",
        "cite-library-books-1",
        "cite-library-third-2",
        "cite-library-books-2",
    ]
    assert len(soup.select("section.cited-claims ol > li")) == 2


def test_pending_translation_is_published_with_a_notice_and_a_warning(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    (root / "content/en/ke-hoach.md").write_text(
        page("The plan", "Not translated yet.", "", slug="plan", translation="pending"), "utf-8"
    )
    result = run_cli("--root", root)
    assert result.code == 0
    assert result.err.splitlines() == [
        "content/en/ke-hoach.md:1:1: warning: the English version is marked as not yet "
        "translated [translation-pending]",
        "    hint: it is published with a notice pointing readers to the other language",
    ]
    assert re.fullmatch(r"built .*: 4 pages, .* \(1 warning\)\n", result.out)
    soup = soup_of(root / "site", "/en/plan/")
    notice = soup.select_one("p.notice")
    assert notice is not None
    assert "not yet translated" in notice.get_text()
    original = notice.find("a")
    assert (original["href"], original["hreflang"]) == ("/vi/ke-hoach/", "vi")
    # Its words are the page's, in English: only the page it leads to is in Vietnamese.
    assert original.get_text() == "Read the original" and not original.has_attr("lang")
    assert soup_of(root / "site", "/vi/ke-hoach/").select_one("p.notice") is None


def test_unused_claim_is_a_warning_and_the_build_succeeds(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(root, "content/en/ke-hoach.md", " [@library-plan]", "")
    replace(root, "content/vi/ke-hoach.md", " [@library-plan]", "")
    result = run_cli("--root", root)
    assert result.code == 0
    assert result.err.splitlines() == [
        "facts.yaml:23:3: warning: claim 'library-plan' is not cited by any page [claim-unused]",
        "    hint: cite it as [@library-plan], or remove it",
    ]
    # still published: the reviewer table lists it, with no page citing it
    row = by_id(soup_of(root / "site", "/en/claims/"), "claim-library-plan")
    assert row.find_all("td")[-1].get_text() == "—"


def test_strict_turns_a_warning_into_a_failure(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(root, "content/en/ke-hoach.md", " [@library-plan]", "")
    replace(root, "content/vi/ke-hoach.md", " [@library-plan]", "")
    result = run_cli("--root", root, "--strict")
    assert result.code == 1
    assert "[claim-unused]" in result.err
    assert "[claim-not-verified]" in result.err  # library-books, at the gate only
    assert result.err.splitlines()[-1] == (
        f"0 errors, 2 warnings: {root / 'site'} not written (warnings are errors with --strict)"
    )
    assert not (root / "site").exists()


# --- escaping -----------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


@pytest.fixture
def hostile_site(project: Callable[[str], Path], run_cli: Callable[..., Any]) -> Path:
    """The minimal project with markup and ampersands in a claim, a title, a source and a body."""
    root = project("minimal")
    rewrite_source(root, "thu-vien", SOURCE_TEXT + f"Ghi chú {HOSTILE} ở cuối bài.\n")
    facts = root / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8")
        + "  hostile:\n"
        + "    source: thu-vien\n"
        + f"    quote: 'Ghi chú {HOSTILE}'\n"
        + f"    quote_en: 'Note {HOSTILE}'\n"
        + f"    vi: 'Chữ {HOSTILE}'\n"
        + f"    en: 'Text {HOSTILE}'\n"
        + "    status: disputed\n"
        + "    reviewer: 'A & B <i>'\n"
        + "    reviewed: 2026-11-02\n",
        "utf-8",
    )
    for lang, title in (("en", "City A's libraries"), ("vi", "Thư viện của thành phố A")):
        replace(root, f"content/{lang}/index.md", f"title: {title}", f'title: "{HOSTILE} {title}"')
        path = root / f"content/{lang}/index.md"
        path.write_text(path.read_text("utf-8") + f"\nBody {HOSTILE} [@hostile].\n", "utf-8")
    result = run_cli("--root", root)
    assert result.code == 0, result.err
    return root / "site"


def _only_known_elements(soup: BeautifulSoup) -> None:
    scripts = soup.find_all("script")
    code = [s for s in scripts if s.get("type") != "application/ld+json"]
    assert all(str(s.get("src", "")).startswith("/static/") for s in code)
    assert all(not s.string for s in code), "no inline script got through"
    for data in (s for s in scripts if s.get("type") == "application/ld+json"):
        assert "<" not in (data.string or ""), "JSON-LD cannot hold markup"
    assert soup.find("b") is None
    assert soup.find("i") is None


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/vi/",
        "/en/claims/",
        "/vi/claims/",
        "/en/claims/hostile.html",
        "/en/sources/thu-vien/",
    ],
)
def test_markup_in_content_comes_out_as_text(hostile_site: Path, url: str) -> None:
    soup = soup_of(hostile_site, url)
    _only_known_elements(soup)
    assert HOSTILE in soup.get_text()
    raw = served_file(hostile_site, url).read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in raw


def test_markup_in_front_matter_title_is_escaped_in_attributes_too(hostile_site: Path) -> None:
    soup = soup_of(hostile_site, "/en/")
    og = soup.find("meta", property="og:title")
    assert og is not None
    assert str(og["content"]).startswith(HOSTILE)
    assert soup.title is not None
    assert soup.title.get_text().startswith(HOSTILE)
    assert soup.select_one("article h1").get_text().startswith(HOSTILE)
    # the title shows up in the navigation of the other pages as text as well
    nav = soup_of(hostile_site, "/en/plan/").select_one("header nav a")
    assert nav is not None
    assert nav.get_text().startswith(HOSTILE)


# --- more of what readers follow ----------------------------------------------------------------


def test_a_quote_across_two_sentences_marks_both_and_links_to_the_first(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(
        root,
        "facts.yaml",
        "quote: Thư viện có 12.000 đầu sách\n",
        "quote: vào năm 2021. Thư viện có 12.000 đầu sách\n",
    )
    replace(
        root,
        "facts.yaml",
        "en: The library holds 12,000 titles.",
        "en: The library, opened in 2021, holds 12,000 titles.",
    )
    assert run_cli("--root", root).code == 0
    site = root / "site"
    item = by_id(soup_of(site, "/en/"), "claim-library-books")
    mark = item.select_one("blockquote.excerpt mark")
    assert mark is not None
    assert _same_words(mark.get_text()) == "vào năm 2021. Thư viện có 12.000 đầu sách"
    excerpt = item.select_one("blockquote.excerpt").get_text()
    assert excerpt.strip().startswith("(TTX) Thành phố A")  # the whole first sentence
    link = item.select_one("a.to-source")
    assert link["href"] == "/en/sources/thu-vien/#p2s1"
    source = soup_of(site, "/en/sources/thu-vien/")
    links_after = {
        str(span["id"]): [a.get_text() for a in span.find_next_siblings("sup", limit=3)]
        for span in source.select(".source-text span.cited")
    }
    assert set(links_after) == {"p2s1", "p2s2"}
    assert "library-books" in links_after["p2s1"]


def test_corrections_are_listed_on_the_claim_record_with_local_dates(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(
        root,
        "facts.yaml",
        "    attributed_to: Ông Lê Văn B\n",
        "    attributed_to: Ông Lê Văn B\n"
        "    corrections:\n"
        "      - date: 2026-11-20\n"
        "        vi: Sửa năm.\n"
        "        en: Year corrected.\n",
    )
    assert run_cli("--root", root).code == 0
    for lang, text, when in (
        ("en", "Year corrected.", "November 20, 2026"),
        ("vi", "Sửa năm.", "20 tháng 11, 2026"),
    ):
        record = soup_of(root / "site", f"/{lang}/claims/library-plan.html")
        items = record.select("ul.corrections li")
        assert [li.get_text() for li in items] == [f"{when}: {text}"]
        assert items[0].time["datetime"] == "2026-11-20"


def test_headings_get_ascii_anchors_even_in_vietnamese(site: Path) -> None:
    heading = soup_of(site, "/vi/ke-hoach/").select_one(".body h2")
    assert heading is not None
    assert heading.get_text() == "Hai thư viện nữa"
    assert heading["id"] == "hai-thu-vien-nua"


def test_links_to_claim_records_source_pages_and_relative_pages_are_accepted(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    replace(
        root,
        "content/en/index.md",
        "See also [the plan](/en/plan/).",
        "See also [the plan](plan/), [the record](/en/claims/library-books.html), "
        "[the source](/en/sources/thu-vien/#p2s2) and [the table](../en/claims/).",
    )
    result = run_cli("--root", root)
    assert result.code == 0, result.err
    soup = soup_of(root / "site", "/en/")
    hrefs = [str(a["href"]) for a in soup.select(".body p a") if a.find_parent("sup") is None]
    assert hrefs == [
        "plan/",
        "/en/claims/library-books.html",
        "/en/sources/thu-vien/#p2s2",
        "../en/claims/",
    ]
    by_id(soup_of(root / "site", "/en/sources/thu-vien/"), "p2s2")


def test_a_link_to_a_static_file_is_not_reported_broken(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    # static/ is copied into the site, so /static/style.css exists once the site is built
    root = project("minimal")
    replace(
        root,
        "content/en/index.md",
        "See also [the plan](/en/plan/).",
        "See also [the plan](/en/plan/) and [the style sheet](/static/style.css).",
    )
    result = run_cli("--root", root)
    assert result.code == 0, result.err
    assert (root / "site" / "static" / "style.css").is_file()
