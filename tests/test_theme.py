"""The default theme ships in the package; a project's own templates/, locale/ and static/
override it file by file, and an incremental build notices either layer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from support import replace

from factpress.layout import DEFAULT_THEME
from factpress.pipeline import build


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_a_project_without_a_theme_builds_from_the_package_alone(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    assert not any((root / name).exists() for name in ("templates", "locale", "static"))
    build(root)
    site = root / "site"
    for published, default in (
        ("static/style.css", "static/style.css"),
        ("static/site.js", "static/site.js"),
        ("favicon.ico", "static/favicon.ico"),
    ):
        assert (site / published).read_bytes() == (DEFAULT_THEME / default).read_bytes()
    nav = _soup(site / "vi" / "index.html").select_one("nav[aria-label] ul")
    assert nav is not None and "Tất cả nhận định" in nav.get_text()  # the default catalog


def test_an_override_wins_and_extends_the_default_it_replaces(
    project: Callable[[str], Path],
) -> None:
    root = project("themed")
    build(root)
    page = _soup(root / "site" / "vi" / "index.html")
    note = page.select_one("main .desk-note")
    assert note is not None and note.get_text() == "Do ban Thành phố kiểm chứng"
    # The rest of the page is the default's, reached as default/page.html.
    assert page.select_one("main article.explainer h1") is not None
    assert page.select(".cited-claims li")
    # The one catalog entry the project words differently wins; the others are the default's.
    nav = page.select_one("nav[aria-label] ul")
    assert nav is not None and "Mọi nhận định của ban" in nav.get_text()
    skip = page.select_one("a.skip-link")
    assert skip is not None and skip.get_text() == "Chuyển đến nội dung"
    # English pages keep the default's English.
    en = _soup(root / "site" / "en" / "index.html")
    assert en.select_one(".desk-note").get_text() == "Checked by the City desk"
    # Static files: the project's of the same path wins, and its own are added.
    site = root / "site" / "static"
    assert (site / "favicon.svg").read_bytes() == (root / "static" / "favicon.svg").read_bytes()
    assert (site / "desk.css").is_file()
    assert (site / "style.css").read_bytes() == (DEFAULT_THEME / "static/style.css").read_bytes()


def test_adding_and_removing_an_override_rebuilds_what_uses_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    records = sorted((root / "site" / "vi" / "claims").glob("*.html"))
    claim = root / "templates" / "claim.html"
    claim.parent.mkdir()
    claim.write_text('{% extends "default/claim.html" %}\n', "utf-8")
    replace(root, "templates/claim.html", "\n", "\n{% block title %}X{% endblock %}\n")
    report = build(root)
    assert report.rendered == 2 * len([r for r in records if r.name != "index.html"])
    assert _soup(records[-1]).title.get_text().startswith("X ·")
    claim.unlink()
    report = build(root)
    assert report.rendered == 2 * len([r for r in records if r.name != "index.html"])
    assert not _soup(records[-1]).title.get_text().startswith("X ·")


def test_default_names_the_package_template_even_beside_a_project_folder_of_that_name(
    project: Callable[[str], Path],
) -> None:
    root = project("themed")
    (root / "templates" / "default").mkdir()
    (root / "templates" / "default" / "page.html").write_text("not the default\n", "utf-8")
    build(root)
    page = _soup(root / "site" / "vi" / "index.html")
    assert page.select_one("main .desk-note") is not None
    assert page.select_one("main article.explainer h1") is not None


VI_CATALOG = "locale/vi/LC_MESSAGES/messages.po"
OWN_CATALOG = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _vi_nav(root: Path) -> str:
    nav = _soup(root / "site" / "vi" / "index.html").select_one("nav[aria-label] ul")
    assert nav is not None
    return str(nav.get_text())


def test_a_percent_sign_written_as_two_is_shown_as_one(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    catalog = root / VI_CATALOG
    catalog.parent.mkdir(parents=True)
    catalog.write_text(OWN_CATALOG + 'msgid "All claims"\nmsgstr "100%% nhận định"\n', "utf-8")
    build(root)
    assert "100% nhận định" in _vi_nav(root)


def test_an_empty_plural_entry_does_not_hide_the_default_s(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    catalog = root / VI_CATALOG
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        OWN_CATALOG + 'msgid "%(num)s claim"\nmsgid_plural "%(num)s claims"\nmsgstr[0] ""\n',
        "utf-8",
    )
    build(root)
    caption = _soup(root / "site" / "vi" / "claims" / "index.html").select_one("caption .total")
    assert caption is not None and "nhận định" in caption.get_text()


def test_a_fuzzy_entry_does_not_hide_the_default_s(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    catalog = root / VI_CATALOG
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        OWN_CATALOG + '#, fuzzy\nmsgid "All claims"\nmsgstr "Mọi nhận định"\n', "utf-8"
    )
    build(root)
    assert "Tất cả nhận định" in _vi_nav(root)
