"""A page's file name makes its URL unless the front matter gives a `slug:`: such a name must
be a URL name as a written slug must, and is never cleaned silently. The error says how to
rename the file, or which slug to give, so that the desk chooses each URL itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
from support import page, write

from factpress.content import read_page, stray_pages
from factpress.diagnostics import BuildError, Diagnostic, Location
from factpress.pipeline import build


def _partners_page(root: Path, name: str, **extra: str) -> None:
    write(root, f"content/en/{name}.md", page("Partners", "Who.", "Text.\n", **extra))
    write(root, f"content/vi/{name}.md", page("Đối tác", "Ai.", "Chữ.\n", **extra))


def test_a_file_name_that_is_not_a_url_name_is_an_error_with_the_clean_name(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    build(root)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*"))
    _partners_page(root, "Đối tác")
    with pytest.raises(BuildError) as failure:
        build(root)
    assert [d.format() for d in failure.value.diagnostics] == [
        f"content/{lang}/Đối tác.md:1:1: error: the page's file name makes its URL, and "
        f"'Đối tác' is not a URL name [page-name]\n"
        f"    hint: rename it content/{lang}/doi-tac.md, in both languages, or give it "
        "`slug: doi-tac`"
        for lang in ("en", "vi")
    ]
    assert sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*")) == before


def test_the_same_file_with_a_slug_is_published_at_that_slug(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    _partners_page(root, "Đối tác", slug="doi-tac")
    build(root)
    assert (root / "site" / "en" / "doi-tac" / "index.html").is_file()
    assert not [p for p in (root / "site").rglob("*") if "Đối" in p.name]


def _read(name: str, front: str = "") -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    src_path = PurePosixPath(f"content/en/{name}.md")
    found = read_page("en", name, src_path, f"---\ntitle: T\nsummary: S\n{front}---\n", problems)
    assert (found is None) == bool(problems)
    return problems


@pytest.mark.parametrize(
    ("name", "renamed", "slug"),
    [
        ("404.html", "404-html.md", "404-html"),
        ("Partners", "partners.md", "partners"),
        ("guides/Giới thiệu", "guides/gioi-thieu.md", "guides/gioi-thieu"),
        ("Hướng dẫn/index", "huong-dan/index.md", "huong-dan"),
    ],
)
def test_the_hint_gives_the_clean_name(name: str, renamed: str, slug: str) -> None:
    [problem] = _read(name)
    assert (problem.where, problem.code, problem.hint) == (
        Location(PurePosixPath(f"content/en/{name}.md"), 1, 1),
        "page-name",
        f"rename it content/en/{renamed}, in both languages, or give it `slug: {slug}`",
    )


def test_a_name_with_nothing_to_keep_gets_the_rule_as_its_hint() -> None:
    [problem] = _read("!!!")
    assert problem.code == "page-name"
    assert problem.hint == "rename the file with lower-case ASCII letters, digits and hyphens"


@pytest.mark.parametrize("name", ["partners", "index", "guides/intro", "guides/index", "a-1/b-2"])
def test_url_names_are_accepted(name: str) -> None:
    assert _read(name) == []


def test_a_slug_written_as_the_file_is_named_is_checked_as_any_written_slug() -> None:
    [problem] = _read("Đối tác", "slug: Đối tác\n")
    assert (problem.where.line, problem.where.column, problem.code) == (4, 7, "front-matter-slug")
    assert problem.hint == "use lower-case ASCII letters, digits and hyphens: `slug: doi-tac`"


def test_a_written_slug_makes_any_file_name_acceptable() -> None:
    assert _read("Đối tác", "slug: doi-tac\n") == []


@pytest.mark.parametrize(
    ("name", "renamed"),
    [
        ("Notes.MD", "notes"),
        ("Ghi chú.markdown", "ghi-chu"),
        ("Hướng dẫn/Index.Md", "huong-dan/index"),
    ],
)
def test_a_markdown_file_ignored_for_its_name_is_told_a_name_the_page_check_accepts(
    tmp_path: Path, name: str, renamed: str
) -> None:
    write(tmp_path, f"content/en/{name}", page("Notes", "Mine.", "Text.\n"))
    [ignored] = stray_pages(tmp_path, [f"content/en/{name}"])
    assert (ignored.code, ignored.hint) == ("content-ignored", f"rename it content/en/{renamed}.md")
    assert _read(renamed) == []
