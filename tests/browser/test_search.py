"""Search for readers in a real browser, over the Pagefind index the build writes for a desk
of 2,000 claims: diacritics do not matter (đ included), the exact form ranks first, each result
says what it is, and the box opens from the `/` key without taking it from a field."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
import unicodedata

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect
import pytest
from test_accessibility import AXE, violations

RESULTS = ".search-results li"


def _search(page: Page, query: str) -> list[str]:
    """The addresses of the results, in their order."""
    page.locator("a.search-link").click()
    field = page.get_by_role("searchbox", name="Search this site")
    if page.locator("html").get_attribute("lang") == "vi":
        field = page.get_by_role("searchbox", name="Tìm trong trang này")
    field.fill(query)
    # The count names the query, and is said once the last query's results are gone: the
    # results shown from then on are this query's.
    expect(page.locator(".search-status")).to_contain_text(f"“{query}”")
    expect(page.locator(RESULTS).first).to_be_visible()
    return page.eval_on_selector_all(
        RESULTS + " > a", "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.fixture
def vi_page(desk: tuple[Path, str], page: Page) -> Page:
    page.goto(f"{desk[1]}/vi/")
    return page


@pytest.mark.parametrize("query", ["binh duong", "Binh Duong", "Bình Dương", "BÌNH DƯƠNG"])
def test_binh_duong_is_found_with_or_without_its_marks(vi_page: Page, query: str) -> None:
    found = _search(vi_page, query)
    assert found[0] == "/vi/doi-moi/"
    assert all(url.startswith("/vi/") for url in found), "a Vietnamese page searches Vietnamese"


def test_doi_moi_sang_tao_finds_what_its_exact_form_finds_and_the_exact_form_ranks_first(
    vi_page: Page,
) -> None:
    exact = _search(vi_page, "đổi mới sáng tạo")
    vi_page.keyboard.press("Escape")
    plain = _search(vi_page, "doi moi sang tao")
    assert exact[0] == plain[0] == "/vi/doi-moi/"
    # Of every explainer, not only those listed first: the index itself, asked both ways. (A
    # claim record's labels and the meaning of its status, the same on every record, are not
    # folded: the exact form finds each record that needs review by its "đã thay đổi".)
    exact_pages, plain_pages = _index_results(vi_page, "đổi mới sáng tạo", "doi moi sang tao")
    explainers = {url for url in exact_pages if not url.startswith(("/vi/claims/", "/vi/sources/"))}
    assert len(explainers) > 20 and explainers <= set(plain_pages)
    item = vi_page.locator(RESULTS).first
    expect(item.locator(".search-kind")).to_have_text("Bài giải thích")
    expect(item.locator(".search-excerpt mark").first).to_be_visible()
    # "đổi" is marked as the other words are, though Pagefind finds it through its folded twin
    # (and marks it only when other words of the query stand beside it, as above).
    vi_page.keyboard.press("Escape")
    assert _search(vi_page, "doi moi")[0] == "/vi/doi-moi/"
    expect(vi_page.locator(".search-status")).to_contain_text("“doi moi”")  # not the last query's
    expect(item.locator(".search-excerpt mark").first).to_be_visible()  # listed once answered
    marked = [m.lower() for m in item.locator(".search-excerpt mark").all_text_contents()]
    assert "đổi" in marked and "mới" in marked, marked
    excerpt = item.locator(".search-excerpt").text_content() or ""
    assert "đổi mới" in excerpt.lower(), "the text is as the page has it, marks aside"


def test_an_excerpt_shows_only_words_of_the_page_with_those_found_through_their_fold_marked(
    desk: tuple[Path, str], vi_page: Page
) -> None:
    # "duoc" finds "được" only through the page's hidden folded words: the excerpt is made of
    # the words the reader sees, with "được" marked, and never of the folded words themselves.
    found = _search(vi_page, "duoc")
    assert any("/claims/" in url for url in found)
    items = vi_page.locator(RESULTS)
    marks: list[str] = []
    for index, url in enumerate(found):
        excerpt = items.nth(index).locator(".search-excerpt")
        marked = _words(" ".join(excerpt.locator("mark").all_text_contents()))
        assert marked and all(_folded(word).startswith("duoc") for word in marked), (url, marked)
        marks += marked
        unseen = set(_words(excerpt.text_content() or "")) - set(_words(_seen_text(desk[0], url)))
        assert not unseen, (url, unseen)
    assert "được" in {word.lower() for word in marks}, "a word found through its fold is marked"


def test_an_excerpt_keeps_the_page_s_own_asterisms_and_marks_a_hyphenated_word_with_d(
    desk: tuple[Path, str], vi_page: Page
) -> None:
    assert _search(vi_page, "dao xa")[0] == "/vi/quan-dao/"
    excerpt = vi_page.locator(RESULTS).first.locator(".search-excerpt")
    expect(excerpt.locator("mark")).to_have_text(["đảo-xa"])
    expect(excerpt).to_contain_text("Phần một nói về biển và gió. ⁂⁂ Phần hai: quần đảo-xa")


def _index_results(page: Page, *queries: str) -> list[list[str]]:
    """The addresses of every result of each query, asked of the page language's index
    through Pagefind's own API (the search box asks the folded form too), once the search
    box has loaded and merged it: the module is the one it imported."""
    return page.evaluate(
        """async (queries) => {
          const base = "/pagefind/" + document.documentElement.lang + "/";
          const buckets = await (await fetch(base + "buckets.json")).json();
          const pagefind = await import(base + buckets.primary + "/pagefind.js");
          const found = [];
          for (const query of queries) {
            const results = (await pagefind.search(query)).results;
            found.push(await Promise.all(results.map(async (r) => (await r.data()).url)));
          }
          return found;
        }""",
        list(queries),
    )


def _seen_text(site: Path, url: str) -> str:
    """The text of what a page indexes, as the reader sees it (its hidden folded words aside)."""
    path = site / url.strip("/")
    html = BeautifulSoup(
        (path / "index.html" if path.is_dir() else path).read_text("utf-8"), "html.parser"
    )
    body = html.select_one("[data-pagefind-body]")
    for hidden in body.select("[hidden], [data-pagefind-ignore]"):
        hidden.decompose()
    return body.get_text(" ")


def _words(text: str) -> list[str]:
    return [bare for word in text.split() if (bare := re.sub(r"^\W+|\W+$", "", word))]


def _folded(word: str) -> str:
    plain = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def test_an_english_query_from_an_english_page(desk: tuple[Path, str], page: Page) -> None:
    page.goto(f"{desk[1]}/en/bai-0003/")
    assert _search(page, "zanzibarite") == ["/en/doi-moi/"]
    expect(page.locator(RESULTS).first.locator(".search-kind")).to_have_text("Explainer")


def test_a_claim_result_says_it_is_a_claim_and_its_status(
    desk: tuple[Path, str], page: Page
) -> None:
    export = json.loads((desk[0] / "claims.json").read_text("utf-8"))["claims"]
    disputed = next(c["id"] for c in export if c["status"] == "disputed")
    page.goto(f"{desk[1]}/en/")
    found = _search(page, disputed)
    assert found[0] == f"/en/claims/{disputed}.html"
    expect(page.locator(RESULTS).first.locator(".search-kind")).to_have_text("Claim · Disputed")


def test_the_slash_key_opens_search_unless_typing_in_a_field(
    desk: tuple[Path, str], page: Page
) -> None:
    page.goto(f"{desk[1]}/en/claims/")
    # Once the table's script has built its rows: while it does, the page answers nothing
    # (at 5,000 claims "/" opens the search after ~4 s), which this test is not about.
    expect(page.locator("form.claim-filters .shown")).not_to_contain_text("Loading")
    page.keyboard.press("/")
    expect(page.locator("dialog.search-dialog")).to_be_visible()
    expect(page.locator("#search-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("dialog.search-dialog")).to_be_hidden()
    expect(page.locator("a.search-link")).to_be_focused()
    page.locator("input[name=q]").focus()
    page.keyboard.type("a/b")
    expect(page.locator("input[name=q]")).to_have_value("a/b")
    expect(page.locator("dialog.search-dialog")).to_be_hidden()


def test_closing_the_search_gives_the_focus_back_where_it_was_and_keeps_the_page_still(
    desk: tuple[Path, str], page: Page
) -> None:
    page.goto(f"{desk[1]}/en/bai-0003/")
    footer_link = page.locator("footer a").last
    footer_link.scroll_into_view_if_needed()
    footer_link.focus()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 1000
    page.keyboard.press("/")
    expect(page.locator("#search-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(footer_link).to_be_focused()
    assert page.evaluate("window.scrollY") == scrolled


def test_one_result_is_said_in_the_singular(desk: tuple[Path, str], page: Page) -> None:
    page.goto(f"{desk[1]}/en/")
    assert _search(page, "zanzibarite") == ["/en/doi-moi/"]
    expect(page.locator(".search-status")).to_have_text("1 result for “zanzibarite”")
    expect(page.locator(".search-more")).to_be_hidden()


def test_more_results_lists_the_next_ones_and_takes_the_reader_there(vi_page: Page) -> None:
    first = _search(vi_page, "binh duong")
    status = vi_page.inner_text(".search-status")
    total = int(status.split()[0])
    assert len(first) == 20 < total
    more = vi_page.get_by_role("button", name="Thêm kết quả")
    more.dblclick()  # a second click while the next ones load lists them once
    expect(vi_page.locator(RESULTS)).to_have_count(min(40, total))
    expect(vi_page.locator(RESULTS).nth(20).locator("a")).to_be_focused()
    more.click()
    expect(vi_page.locator(RESULTS)).to_have_count(min(60, total))
    links = vi_page.eval_on_selector_all(RESULTS + " > a", "links => links.map(a => a.href)")
    assert len(set(links)) == len(links) and links[:20] == [
        vi_page.evaluate("p => new URL(p, location.href).href", url) for url in first
    ]
    vi_page.fill("#search-input", "")
    expect(vi_page.locator(RESULTS)).to_have_count(0)
    expect(more).to_be_hidden()


def test_without_javascript_the_box_is_a_link_to_the_claims(
    desk: tuple[Path, str], browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{desk[1]}/vi/")
    link = page.locator("a.search-link")
    assert link.get_attribute("href") == "/vi/claims/"
    assert link.get_attribute("role") is None
    context.close()


def test_pages_load_no_index_until_search_is_used(desk: tuple[Path, str], page: Page) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{desk[1]}/vi/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url]
    _search(page, "binh duong")
    assert [url for url in fetched if "/pagefind/vi/" in url]
    assert not [url for url in fetched if "/pagefind/en/" in url]


@pytest.fixture(params=["light", "dark"])
def axe_search(
    request: pytest.FixtureRequest, browser: Browser, desk: tuple[Path, str]
) -> Iterator[Page]:
    context = browser.new_context(color_scheme=request.param)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{desk[1]}/vi/")
    yield page
    context.close()


def test_the_open_search_with_results_passes_axe(axe_search: Page) -> None:
    _search(axe_search, "doi moi sang tao")
    assert violations(axe_search) == []
