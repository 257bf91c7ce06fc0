"""What crawlers and sharing previews read: html lang, canonical, hreflang alternates with
x-default, Open Graph and description, the sitemap, robots.txt, the icon and the 404 pages."""

from __future__ import annotations

from collections.abc import Callable
import importlib.util
from pathlib import Path
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
import pytest
from support import served_file

from factpress.diagnostics import BuildError
from factpress.layout import DEFAULT_THEME
from factpress.pipeline import build

REPO = Path(__file__).resolve().parent.parent
BASE = "https://reader.example.org"  # tests/projects/reader/site.yaml
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(served_file(site, url).read_text("utf-8"), "html.parser")


def head_alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {
        str(link["hreflang"]): str(link["href"])
        for link in soup.find_all("link", rel="alternate", hreflang=True)
    }


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    """Each listed address, with its alternates by hreflang."""
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {}
    for url in root.iter(f"{SM}url"):
        loc = url.findtext(f"{SM}loc") or ""
        assert loc not in entries, f"{loc} is listed twice"
        entries[loc] = {
            str(link.get("hreflang")): str(link.get("href")) for link in url.iter(f"{XHTML}link")
        }
    return entries


@pytest.fixture(scope="module")
def site(built_site: Callable[[str], Path]) -> Path:
    return built_site("reader")


def not_indexed(soup: BeautifulSoup) -> bool:
    robots = soup.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots["content"]


def test_the_sitemap_lists_every_page_but_those_not_indexed_with_the_alternates_they_declare(
    site: Path,
) -> None:
    entries = sitemap(site)
    pages = {
        BASE + "/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if not not_indexed(BeautifulSoup(p.read_text("utf-8"), "html.parser"))
    }
    assert f"{BASE}/en/404.html" not in pages and f"{BASE}/en/plan/" not in pages
    assert set(entries) == pages
    for loc, alternates in entries.items():
        soup = soup_of(site, loc.removeprefix(BASE))
        assert head_alternates(soup) == alternates, loc
        assert soup.find("link", rel="canonical")["href"] == loc


def test_every_page_names_its_language_and_both_versions_and_a_default(site: Path) -> None:
    entries = sitemap(site)
    assert entries[f"{BASE}/en/"] == {
        "vi": f"{BASE}/vi/",
        "en": f"{BASE}/en/",
        "x-default": f"{BASE}/",
    }
    assert entries[f"{BASE}/en/claims/"] == {
        "vi": f"{BASE}/vi/claims/",
        "en": f"{BASE}/en/claims/",
        "x-default": f"{BASE}/vi/claims/",  # the main language, for readers of neither
    }
    # The home pages send readers of neither language to the bilingual picker.
    assert entries[f"{BASE}/en/"]["x-default"] == f"{BASE}/"
    assert entries[f"{BASE}/"] == entries[f"{BASE}/vi/"]
    for loc in entries:
        url = loc.removeprefix(BASE)
        soup = soup_of(site, url)
        lang = url.split("/")[1] or "vi"
        assert soup.html["lang"] == lang, url
        og_locale = soup.find("meta", property="og:locale")
        if url != "/":
            assert og_locale["content"] == {"vi": "vi_VN", "en": "en_US"}[lang]


def test_sharing_previews_use_the_front_matter(site: Path) -> None:
    soup = soup_of(site, "/vi/")
    title = "Thư viện của thành phố A có bao nhiêu người dùng?"
    summary = (
        "Số thư viện, số sách, lượt mượn và lượt khách — mỗi con số dẫn tới câu gốc của nguồn."
    )
    assert soup.find("meta", property="og:title")["content"] == title
    assert soup.find("meta", property="og:description")["content"] == summary
    assert soup.find("meta", attrs={"name": "description"})["content"] == summary
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:url")["content"] == f"{BASE}/vi/"
    assert soup.find("meta", property="og:locale:alternate")["content"] == "en_US"
    assert soup.title.string == f"{title} · Thư viện thành phố, kiểm chứng từng câu"


def test_robots_txt_allows_everything_and_points_at_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.startswith("Disallow: /") and line != "Disallow: " for line in lines)
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_404_pages_exist_at_the_root_and_per_language_and_are_not_indexed(site: Path) -> None:
    root = soup_of(site, "/404.html")
    assert root.html["lang"] == "vi"
    assert root.find(lang="en") is not None  # it speaks both languages
    links = {a["href"] for a in root.find_all("a")}
    assert {"/vi/", "/en/"} <= links
    for url in ("/404.html", "/vi/404.html", "/en/404.html"):
        soup = soup_of(site, url)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex", url
        assert soup.find("link", rel="stylesheet")["href"] == "/static/style.css"
    assert soup_of(site, "/en/404.html").h1.string == "Page not found"
    assert soup_of(site, "/vi/404.html").h1.string == "Không tìm thấy trang"


def test_favicon_ico_is_served_from_the_root_and_is_what_its_generator_draws(site: Path) -> None:
    spec = importlib.util.spec_from_file_location("favicon", REPO / "tools" / "favicon.py")
    assert spec is not None and spec.loader is not None
    favicon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(favicon)
    drawn = favicon.favicon()
    assert drawn[:4] == b"\x00\x00\x01\x00"  # an ICO header, one image
    assert drawn[22:30] == b"\x89PNG\r\n\x1a\n"
    assert (DEFAULT_THEME / "static" / "favicon.ico").read_bytes() == drawn
    assert (site / "favicon.ico").read_bytes() == drawn


@pytest.mark.parametrize("original", ["vi", "en"])
def test_a_version_waiting_for_its_translation_is_not_offered_to_crawlers(
    project: Callable[[str], Path], original: str
) -> None:
    root = project("reader")
    waiting = "en" if original == "vi" else "vi"
    if original == "en":  # the English page is the original, the Vietnamese one waits
        (root / "content" / "en" / "ke-hoach.md").write_text(
            "---\ntitle: The expansion plan\nsummary: More libraries.\norder: 2\nslug: plan\n"
            "---\nThe city plans 2 more libraries before 2030 [@library-plan].\n",
            "utf-8",
        )
        (root / "content" / "vi" / "ke-hoach.md").write_text(
            "---\ntitle: Kế hoạch mở rộng\nsummary: Thêm thư viện.\norder: 2\n"
            "translation: pending\n---\n",
            "utf-8",
        )
    build(root)
    site = root / "site"
    url = {"vi": "/vi/ke-hoach/", "en": "/en/plan/"}
    told = soup_of(site, url[original])
    # The original names itself alone, and is the page for readers of neither language.
    assert head_alternates(told) == {
        original: BASE + url[original],
        "x-default": BASE + url[original],
    }
    assert told.find("meta", property="og:locale:alternate") is None
    assert not not_indexed(told)
    stub = soup_of(site, url[waiting])
    assert not_indexed(stub)
    assert head_alternates(stub) == {}
    # Readers still go between the two: the stub says it waits, and links to the original.
    assert told.find("a", class_="lang-switch")["href"] == url[waiting]
    assert stub.find("a", class_="lang-switch")["href"] == url[original]
    entries = sitemap(site)
    assert BASE + url[waiting] not in entries
    assert entries[BASE + url[original]] == head_alternates(told)


def test_a_page_in_one_language_waiting_for_its_translation_is_missing_its_other_version(
    project: Callable[[str], Path],
) -> None:
    root = project("reader")
    (root / "content" / "en" / "extra.md").write_text(
        "---\ntitle: Extra\nsummary: More.\ntranslation: pending\n---\n", "utf-8"
    )
    with pytest.raises(BuildError) as failure:
        build(root)
    assert [d.code for d in failure.value.diagnostics if d.is_error] == ["translation-missing"]


def test_a_page_whose_every_version_waits_for_its_translation_fails(
    project: Callable[[str], Path],
) -> None:
    root = project("reader")
    page = root / "content" / "vi" / "ke-hoach.md"
    text = page.read_text("utf-8").replace("order: 2\n", "order: 2\ntranslation: pending\n")
    page.write_text(text, "utf-8")
    with pytest.raises(BuildError) as failure:
        build(root)
    (problem,) = [d for d in failure.value.diagnostics if d.is_error]
    assert problem.code == "translation-pending"
    assert "every version" in problem.message


@pytest.mark.parametrize(("waiting", "original"), [("en", "vi"), ("vi", "en")])
def test_the_language_picker_names_no_home_page_that_waits_for_its_translation(
    project: Callable[[str], Path], waiting: str, original: str
) -> None:
    root = project("reader")
    home = root / "content" / waiting / "index.md"
    front = home.read_text("utf-8").split("---\n")[1]
    home.write_text(f"---\n{front}translation: pending\n---\n", "utf-8")
    build(root)
    site = root / "site"
    told = {original: f"{BASE}/{original}/", "x-default": f"{BASE}/"}
    assert head_alternates(soup_of(site, "/")) == told
    assert head_alternates(soup_of(site, f"/{original}/")) == told
    assert not_indexed(soup_of(site, f"/{waiting}/"))
    entries = sitemap(site)
    assert f"{BASE}/{waiting}/" not in entries
    assert entries[f"{BASE}/"] == entries[f"{BASE}/{original}/"] == told


def test_an_override_of_the_page_s_head_keeps_a_waiting_page_out_of_search_engines(
    project: Callable[[str], Path],
) -> None:
    root = project("reader")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "page.html").write_text(
        '{% extends "default/page.html" %}'
        '{% block head %}<meta name="author" content="Desk">{% endblock %}',
        "utf-8",
    )
    build(root)
    stub = soup_of(root / "site", "/en/plan/")
    assert stub.find("meta", attrs={"name": "author"}) is not None
    assert not_indexed(stub)
