"""Find the pages under content/<lang>/ and split each into front matter and markdown body."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
import re
import unicodedata

from factpress.diagnostics import Diagnostic, Location, error, warning
from factpress.fields import FieldReader
from factpress.layout import CONTENT_DIR
from factpress.model import LANGS, FrontMatter, Lang, PageSource
from factpress.urls import slug_of
from factpress.yamlio import load_yaml

_FIELDS = ("title", "summary", "order", "slug", "translation")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")


_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
_PAGE_FOLDERS = tuple(f"{CONTENT_DIR}/{lang}/" for lang in LANGS)


def stray_pages(root: Path, paths: Iterable[str]) -> list[Diagnostic]:
    """A warning for each Markdown file under content/ that is written as a page (front matter
    first) and is no page: outside the folder of a language, or not named .md. It would be
    missing from the site without a word. (A desk's notes, a README, are left alone.)"""
    found = []
    folders = _PAGE_FOLDERS
    for rel in sorted(p for p in paths if p.startswith(CONTENT_DIR + "/") and _may_stray(p)):
        path = PurePosixPath(rel)
        if not rel.startswith(folders):
            message = f"{rel} is outside {folders[0]} and {folders[1]}: it is not built"
            hint = f"move it into {folders[0]} or {folders[1]} (a page is written in both)"
        else:
            message = f"{rel} is not named .md: it is not built"
            hint = _rename_as_page(path)
        try:
            with (root / path).open("rb") as file:
                if not file.readline().removeprefix(b"\xef\xbb\xbf").startswith(b"---"):
                    continue
        except OSError:
            continue
        found.append(warning(Location(path, 1, 1), "content-ignored", message, hint))
    return found


def _rename_as_page(path: PurePosixPath) -> str:
    """The hint for a page's file not named .md: a name that the page-name check then passes
    (`Notes.MD` becomes notes.md, not Notes.md, which it would refuse in turn)."""
    folder = PurePosixPath(*path.parts[:2])  # content/<lang>
    name = path.relative_to(folder).with_suffix("")
    clean = "/".join(filter(None, map(url_words, name.parts)))
    if not clean:
        return "rename it with .md, in lower-case ASCII letters, digits and hyphens"
    return f"rename it {folder / clean}.md"


def _may_stray(rel: str) -> bool:
    """A Markdown file under content/ that is not a page's file (content/<lang>/….md): by its
    name alone, which spares every page a path object and a sort (a save in the preview at
    1,000 explainers spent 6–9 ms of its ~0.13 s here)."""
    name = rel.rpartition("/")[2]
    if name.startswith(".") or not name.lower().endswith(_MARKDOWN):
        return False
    return not (name.endswith(".md") and rel.startswith(_PAGE_FOLDERS))


def load_pages(root: Path) -> tuple[list[PageSource], set[str], list[Diagnostic]]:
    """Every readable page of every language, sorted by language then name; the names of the
    pages that could not be read (their problems are in the diagnostics)."""
    pages: list[PageSource] = []
    broken: set[str] = set()
    diagnostics: list[Diagnostic] = []
    for lang in LANGS:
        folder = root / CONTENT_DIR / lang
        for path in sorted(folder.rglob("*.md")):
            if not path.is_file():  # a folder named x.md, a broken link: no page
                continue
            src_path = PurePosixPath(path.relative_to(root).as_posix())
            name = path.relative_to(folder).with_suffix("").as_posix()
            page = read_page(lang, name, src_path, path.read_text("utf-8"), diagnostics)
            if page is None:
                broken.add(name)
            else:
                pages.append(page)
    return pages, broken, diagnostics


def read_page(
    lang: Lang, name: str, src_path: PurePosixPath, text: str, diagnostics: list[Diagnostic]
) -> PageSource | None:
    """Split one page's text; problems go to `diagnostics` and leave the page out."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        diagnostics.append(
            error(
                Location(src_path, 1, 1),
                "front-matter-missing",
                "the page has no front matter",
                "start the file with a `---` line, `title:` and `summary:`, and another `---` line",
            )
        )
        return None
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), None)
    if end is None:
        diagnostics.append(
            error(
                Location(src_path, 1, 1),
                "front-matter-unclosed",
                "the front matter is never closed",
                "end it with a line holding only `---`",
            )
        )
        return None
    node, problems = load_yaml("\n".join(lines[1:end]), src_path, first_line=2)
    diagnostics.extend(problems)
    if problems:
        return None
    if node is None or not node.is_mapping:
        diagnostics.append(
            error(
                Location(src_path, 2, 1),
                "front-matter-shape",
                "front matter must be a mapping such as `title: …`",
                "write one `key: value` per line between the two `---` lines",
            )
        )
        return None
    before = len(diagnostics)
    fields = FieldReader(node, "the front matter", diagnostics)
    fields.check_known(_FIELDS)
    title = fields.text("title")
    summary = fields.text("summary")
    order = fields.integer("order", 0 if name == "index" else 1000)
    written = fields.text("slug", optional=True)
    if written is not None and name == "index":
        diagnostics.append(
            error(
                node.mapping()["slug"].where,
                "front-matter-slug",
                f"the home page's address is /{lang}/: it takes no slug",
                "remove the `slug:` line (another page with a slug of its own is another file)",
            )
        )
        written = None
    slug = written or slug_of(name)
    if slug and not _SLUG.fullmatch(slug):
        diagnostics.append(
            _not_a_url_name(slug, src_path, node.mapping()["slug"].where if written else None)
        )
    translation = fields.text("translation", optional=True)
    if translation not in (None, "pending"):
        diagnostics.append(
            error(
                node.mapping()["translation"].where,
                "front-matter-translation",
                f"unknown translation state '{translation}'",
                "the only state is `translation: pending`, for a page not yet translated",
            )
        )
    if len(diagnostics) > before:
        return None
    assert title and summary
    return PageSource(
        lang=lang,
        name=name,
        src_path=src_path,
        front=FrontMatter(
            title=title,
            summary=summary,
            order=order,
            slug=slug,
            translation_pending=translation == "pending",
        ),
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
    )


def _not_a_url_name(slug: str, src_path: PurePosixPath, written: Location | None) -> Diagnostic:
    """A slug, written or taken from the file's name, that is not a URL name: the hint gives
    the clean one. A name from the file is not cleaned silently: the desk chooses its URLs."""
    clean = "/".join(filter(None, map(url_words, slug.split("/"))))
    if written is not None:
        return error(
            written,
            "front-matter-slug",
            f"slug '{slug}' is not a URL name",
            f"use lower-case ASCII letters, digits and hyphens: `slug: {clean or 'partners'}`",
        )
    if clean:
        folder = PurePosixPath(*src_path.parts[:2])  # content/<lang>
        file = folder / clean / "index.md" if src_path.stem == "index" else folder / f"{clean}.md"
        hint = f"rename it {file}, in both languages, or give it `slug: {clean}`"
    else:
        hint = "rename the file with lower-case ASCII letters, digits and hyphens"
    return error(
        Location(src_path, 1, 1),
        "page-name",
        f"the page's file name makes its URL, and '{slug}' is not a URL name",
        hint,
    )


def url_words(text: str) -> str:
    """`text` as lower-case ASCII words joined by hyphens: Vietnamese letters lose their marks
    (đ becomes d); the rest of what is not a letter or digit separates words."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
