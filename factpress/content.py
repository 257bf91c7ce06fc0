"""Find the pages under content/<lang>/ and split each into front matter and markdown body."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
import re

from factpress.diagnostics import Diagnostic, Location, error
from factpress.fields import FieldReader
from factpress.layout import CONTENT_DIR
from factpress.model import LANGS, FrontMatter, Lang, PageSource
from factpress.yamlio import load_yaml

_FIELDS = ("title", "summary", "order", "slug", "translation")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")


def load_pages(root: Path) -> tuple[list[PageSource], set[str], list[Diagnostic]]:
    """Every readable page of every language, sorted by language then name; the names of the
    pages that could not be read (their problems are in the diagnostics)."""
    pages: list[PageSource] = []
    broken: set[str] = set()
    diagnostics: list[Diagnostic] = []
    for lang in LANGS:
        folder = root / CONTENT_DIR / lang
        for path in sorted(folder.rglob("*.md")):
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
            )
        )
        return None
    before = len(diagnostics)
    fields = FieldReader(node, "the front matter", diagnostics)
    fields.check_known(_FIELDS)
    title = fields.text("title")
    summary = fields.text("summary")
    order = fields.integer("order", 0 if name == "index" else 1000)
    default_slug = "" if name == "index" else name.removesuffix("/index")
    slug = fields.text("slug", optional=True) or default_slug
    if slug != default_slug and not _SLUG.fullmatch(slug):
        diagnostics.append(
            error(
                node.mapping()["slug"].where,
                "front-matter-slug",
                f"slug '{slug}' is not a URL name",
                "use lower-case ASCII letters, digits and hyphens, e.g. `slug: partners`",
            )
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
