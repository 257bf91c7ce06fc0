"""Pages as read from content/<lang>/: front matter split from the body, the file line the body
starts on, the defaults of each field, and each way a front matter can be wrong."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from factpress.content import load_pages, read_page
from factpress.diagnostics import Diagnostic, Location
from factpress.model import PageSource

PATH = PurePosixPath("content/en/partners.md")


def read(text: str, name: str = "partners") -> tuple[PageSource | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    page = read_page("en", name, PATH, text, problems)
    return page, problems


def read_ok(text: str, name: str = "partners") -> PageSource:
    page, problems = read(text, name)
    assert problems == []
    assert page is not None
    return page


def test_front_matter_is_split_from_the_body() -> None:
    page = read_ok("---\ntitle: Partners\nsummary: Who.\n---\nFirst line.\n\nSecond.\n")
    assert (page.front.title, page.front.summary) == ("Partners", "Who.")
    assert page.body == "First line.\n\nSecond.\n"
    assert page.body_line == 5  # the file line of "First line."
    assert (page.lang, page.name, page.src_path) == ("en", "partners", PATH)


def test_body_line_follows_the_height_of_the_front_matter() -> None:
    text = "---\ntitle: T\nsummary: S\norder: 3\nslug: p\n# a comment\n---\nBody\n"
    page = read_ok(text)
    assert page.body_line == 8
    assert text.split("\n")[page.body_line - 1] == "Body"


def test_a_body_that_starts_with_a_rule_keeps_it() -> None:
    page = read_ok("---\ntitle: T\nsummary: S\n---\n---\nafter a rule\n")
    assert page.body == "---\nafter a rule\n"
    assert page.body_line == 5


def test_byte_order_mark_and_trailing_spaces_on_the_fences_are_tolerated() -> None:
    page = read_ok("\ufeff---  \ntitle: T\nsummary: S\n--- \nBody\n")
    assert page.front.title == "T"
    assert page.body == "Body\n"


@pytest.mark.parametrize(
    ("name", "slug", "order"),
    [("partners", "partners", 1000), ("index", "", 0), ("guides/intro", "guides/intro", 1000)],
)
def test_defaults_for_slug_and_order(name: str, slug: str, order: int) -> None:
    page = read_ok("---\ntitle: T\nsummary: S\n---\n", name)
    assert (page.front.slug, page.front.order, page.front.translation_pending) == (
        slug,
        order,
        False,
    )


def test_fields_given_in_the_front_matter() -> None:
    page = read_ok(
        "---\ntitle: T\nsummary: S\norder: 2\nslug: ke-hoach\ntranslation: pending\n---\n"
    )
    assert (page.front.order, page.front.slug, page.front.translation_pending) == (
        2,
        "ke-hoach",
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No front matter.\n", [(Location(PATH, 1, 1), "front-matter-missing")]),
        ("---\ntitle: T\nsummary: S\n", [(Location(PATH, 1, 1), "front-matter-unclosed")]),
        ("---\n- a\n- b\n---\n", [(Location(PATH, 2, 1), "front-matter-shape")]),
        ("---\n---\nBody\n", [(Location(PATH, 2, 1), "front-matter-shape")]),
        ("---\ntitle: T\nsummary: a: b\n---\n", [(Location(PATH, 3, 11), "yaml-syntax")]),
        ("---\ntitle: T\n---\n", [(Location(PATH, 2, 1), "field-missing")]),
        ("---\ntitle: T\nsummary: S\norder: first\n---\n", [(Location(PATH, 4, 8), "field-type")]),
        ("---\ntitle: T\nsummary: S\ntitel: X\n---\n", [(Location(PATH, 4, 1), "field-unknown")]),
        (
            "---\ntitle: T\nsummary: S\nslug: Đối tác\n---\n",
            [(Location(PATH, 4, 7), "front-matter-slug")],
        ),
        (
            "---\ntitle: T\nsummary: S\ntranslation: done\n---\n",
            [(Location(PATH, 4, 14), "front-matter-translation")],
        ),
        ("---\ntitle: ''\nsummary: S\n---\n", [(Location(PATH, 2, 8), "field-type")]),
    ],
    ids=[
        "missing",
        "unclosed",
        "a-list",
        "empty",
        "yaml-syntax",
        "no-summary",
        "order-not-a-number",
        "unknown-field",
        "slug-not-a-url-name",
        "unknown-translation-state",
        "empty-title",
    ],
)
def test_a_bad_front_matter_leaves_the_page_out_with_a_diagnostic(
    text: str, expected: list[tuple[Location, str]]
) -> None:
    page, problems = read(text)
    assert page is None
    assert [(p.where, p.code) for p in problems] == expected
    assert all(p.hint or p.code == "front-matter-shape" for p in problems)


def test_unknown_field_suggests_the_closest_known_one() -> None:
    _, problems = read("---\ntitle: T\nsumary: S\n---\n")
    assert sorted((p.code, p.hint) for p in problems) == [
        ("field-missing", "add a line such as `summary: …`"),
        ("field-unknown", "did you mean 'summary'?"),
    ]


def test_load_pages_reads_both_languages_in_order(tmp_path: Path) -> None:
    files = {
        "content/vi/b.md": "---\ntitle: B\nsummary: S\n---\n",
        "content/vi/a.md": "---\ntitle: A\nsummary: S\n---\n",
        "content/en/guides/intro.md": "---\ntitle: I\nsummary: S\n---\n",
        "content/en/notes.txt": "not a page",
        "content/fr/a.md": "---\ntitle: A\nsummary: S\n---\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")
    pages, _unreadable, problems = load_pages(tmp_path)
    assert problems == []
    assert [(p.lang, p.name, str(p.src_path)) for p in pages] == [
        ("vi", "a", "content/vi/a.md"),
        ("vi", "b", "content/vi/b.md"),
        ("en", "guides/intro", "content/en/guides/intro.md"),
    ]


def test_load_pages_counts_lines_of_a_windows_file_like_an_editor(tmp_path: Path) -> None:
    path = tmp_path / "content" / "en" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\r\ntitle: A\r\nsummary: S\r\n---\r\nBody\r\n")
    pages, _unreadable, problems = load_pages(tmp_path)
    assert problems == []
    assert (pages[0].front.title, pages[0].body_line, pages[0].body.strip()) == ("A", 5, "Body")
