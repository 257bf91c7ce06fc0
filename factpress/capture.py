"""Capture a source from its web page: the article's text extracted, what the page says of
itself read, and the page kept byte for byte beside them (sources/<id>.txt, .yaml, .html)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
import hashlib
from pathlib import Path
import re
import textwrap
from typing import Any
import unicodedata

import trafilatura
from trafilatura.utils import load_html
import yaml

from factpress.fetch import MAX_BYTES, TIMEOUT, InputError, Page, place, read_page
from factpress.layout import SOURCES_DIR
from factpress.quotes import normalize
from factpress.write import uninterrupted

# An lxml element: lxml ships no types, and its stubs are not worth a dependency for a tree walk.
_Element = Any
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# The source's fields a page can state, in the order of the metadata file.
PAGE_FIELDS = ("title", "publisher", "author", "language", "published", "url")
REQUIRED = ("title", "publisher", "language")  # the build needs them (sources.py)
# Characters: less is a menu or a notice that the extractor fell back on, not an article.
MIN_ARTICLE = 200
_DROPPED_LINES = 12  # of the summary, to show what was dropped
_BY_CHANCE = 40  # characters: a longer block found in the article's text is not there by chance
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_BLOCKS = {
    *("address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt"),
    *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table"),
    *("td", "th", "tr", "ul", "br", "button", "label", "option"),
}


@dataclass(frozen=True, slots=True)
class Capture:
    """What a capture found, and what it wrote (nothing when `written` is false)."""

    source_id: str
    given: str  # the file or address as the writer gave it
    page: Page
    text: str  # the article, one paragraph a line, NFC
    fields: dict[str, str | None]  # PAGE_FIELDS as the page states them, else None
    dropped: tuple[str, ...]  # the page's blocks of text that are not in the article
    written: bool

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(line for line in self.text.splitlines() if line.strip())

    @property
    def unstated(self) -> tuple[str, ...]:
        return tuple(name for name in PAGE_FIELDS if self.fields[name] is None)


@dataclass(frozen=True, slots=True)
class Extraction:
    """A page's article text and the blocks of text left out of it."""

    text: str
    dropped: tuple[str, ...]


def capture(
    root: Path,
    source_id: str,
    given: str,
    *,
    archived: date,
    dry_run: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Capture:
    """Capture the page at `given` (a saved .html file or an http(s) address) as source
    `source_id` of the project at `root`; write its three files unless `dry_run`. InputError
    if the id is taken or invalid, or the page cannot be had or holds no article."""
    paths = source_files(root, source_id)
    _check_id(root, source_id, paths)
    page = read_page(given, timeout=timeout, max_bytes=max_bytes)
    extraction = extract_article(page, given)
    fields = read_fields(page)
    result = Capture(
        source_id, given, page, extraction.text, fields, extraction.dropped, not dry_run
    )
    if not dry_run:
        _check_id(root, source_id, paths)  # the fetch took time: someone may have been quicker
        text_data = _text_bytes(extraction.text)
        meta = metadata_text(fields, page, text_data, archived)
        _create_files(
            [(paths[0], text_data), (paths[1], meta.encode("utf-8")), (paths[2], page.data)]
        )
    return result


def source_files(root: Path, source_id: str) -> tuple[Path, Path, Path]:
    """The text, metadata and page files of a source."""
    folder = root / SOURCES_DIR
    return (folder / f"{source_id}.txt", folder / f"{source_id}.yaml", folder / f"{source_id}.html")


def extract_article(page: Page, given: str) -> Extraction:
    """The article of `page`, one paragraph a line, as trafilatura finds it; InputError if it
    finds none."""
    found = trafilatura.extract(
        page.text, output_format="txt", include_comments=False, favor_precision=True
    )
    # A page in windows-1258 spells its tones with combining marks: compose them, as every
    # other capture and the quotes in facts.yaml are.
    lines = (line.strip() for line in unicodedata.normalize("NFC", found or "").splitlines())
    text = "\n".join(_unboxed(line) for line in lines if line)
    blocks = list(_text_blocks(load_html(page.text)))
    if len(text) < MIN_ARTICLE:
        size = sum(len(block) for block in blocks)
        kept = f"only {len(text)} characters read as an article" if text else "none of it"
        raise InputError(
            place(given),
            "page-no-text",
            f"no article text found: the page has {size:,} characters of text in "
            f"{_count(len(blocks), 'block')}, and {kept} (an article has at least "
            f"{MIN_ARTICLE})",
            "give the address or saved file of the article's own page",
        )
    article = [normalize(line)[0] for line in text.splitlines()]
    dropped = tuple(b for b in dict.fromkeys(blocks) if not _kept(normalize(b)[0], article))
    return Extraction(text, dropped)


def read_fields(page: Page) -> dict[str, str | None]:
    """What the page states of itself: title, site name, author, language, publication date
    and canonical address (for a page from an address, the address it was served from)."""
    tree = load_html(page.text)
    meta = trafilatura.extract_metadata(tree, default_url=page.url, extensive=False)
    # extensive=False: a date is taken from the page's markup only, never guessed from its text.
    return {
        "title": _clean(meta.title),
        "publisher": _clean(meta.sitename),
        "author": _clean(meta.author),
        "language": _language(tree),
        "published": _clean(meta.date),
        "url": _clean(meta.url),
    }


def metadata_text(
    fields: dict[str, str | None], page: Page, text_data: bytes, archived: date
) -> str:
    """sources/<id>.yaml: the page's fields (null, and said so, where it states none), the
    capture's date, the sha256 of the text and of the page, and where and when it was fetched."""
    lines = []
    for name in PAGE_FIELDS:
        value = fields[name]
        note = "  # not stated by the page" if value is None else ""
        if name == "published" and value is not None:
            lines.append(f"published: {value}")
        else:
            lines.append(f"{name}: {_scalar(value)}{note}")
    lines += [
        f"archived: {archived.isoformat()}",
        f"sha256: {hashlib.sha256(text_data).hexdigest()}",
        f"html_sha256: {hashlib.sha256(page.data).hexdigest()}",
        f"fetched_from: {_scalar(page.url)}"
        + ("  # captured from a saved file" if page.url is None else ""),
        "fetched_at: "
        + (page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") if page.fetched_at else "null"),
    ]
    return "\n".join(lines) + "\n"


def format_summary(result: Capture) -> list[str]:
    """What a writer reads to judge the capture at a glance."""
    page, paragraphs = result.page, result.paragraphs
    lines = [f"{result.given}: {len(page.data):,} bytes, {page.charset} ({page.charset_from})"]
    if page.url is not None and page.url != result.given:
        lines.append(f"  redirected to {page.url}")
    for name in PAGE_FIELDS:
        value = result.fields[name]
        lines.append(f"  {name + ':':<11}{'—' if value is None else value}")
    lines.append(f"  {_count(len(paragraphs), 'paragraph')}, {len(result.text):,} characters")
    lines.append(f"  first:     {_clip(paragraphs[0], 240)}")
    lines.append(f"  last:      {_clip(paragraphs[-1], 240)}")
    dropped = result.dropped
    size = sum(len(block) for block in dropped)
    lines.append(f"  dropped as boilerplate: {_count(len(dropped), 'block')}, {size:,} characters")
    wrapped = textwrap.wrap(" · ".join(dropped), width=96, break_on_hyphens=False)
    lines += (f"    {line}" for line in wrapped[:_DROPPED_LINES])
    if len(wrapped) > _DROPPED_LINES:
        lines.append(f"    … ({len(wrapped) - _DROPPED_LINES} lines more)")
    if result.unstated:
        lines.append(f"  not stated by the page (left null): {', '.join(result.unstated)}")
    missing = [name for name in REQUIRED if result.fields[name] is None]
    if missing:
        lines.append(f"  fill in before building: {', '.join(missing)}")
    stem = f"{SOURCES_DIR}/{result.source_id}"
    if result.written:
        lines.append(f"wrote {stem}.txt, {stem}.yaml and {stem}.html (the page, kept unpublished)")
    else:
        lines.append("dry run: nothing written")
    return lines


def _check_id(root: Path, source_id: str, paths: tuple[Path, ...]) -> None:
    if not SOURCE_ID.fullmatch(source_id):
        raise InputError(
            "build.py capture",
            "source-id",
            f"'{source_id}' is not a valid source id",
            "use lower-case letters, digits and hyphens, e.g. bao-binh-duong-khcn",
        )
    taken = [path for path in paths if path.exists() or path.is_symlink()]
    if taken:
        raise InputError(
            f"{taken[0].relative_to(root).as_posix()}:1:1",
            "source-exists",
            f"'{source_id}' is already a source",
            f"to capture it again, run `build.py reanchor {source_id} PAGE_OR_ADDRESS`; "
            "or choose another id",
        )


def _text_bytes(text: str) -> bytes:
    return (text + "\n").encode("utf-8")


def _create_files(files: list[tuple[Path, bytes]]) -> None:
    """Create the files all or none: each is written beside its place first, then all are
    renamed into place together, with Ctrl-C held until the last."""
    files[0][0].parent.mkdir(parents=True, exist_ok=True)
    staged = [(path.with_name(f".{path.name}.new"), path, data) for path, data in files]
    placed: list[Path] = []
    try:
        for new, _, data in staged:
            new.write_bytes(data)
        with uninterrupted():
            for new, path, _ in staged:
                new.replace(path)
                placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        for new, _, _ in staged:
            new.unlink(missing_ok=True)


def _text_blocks(tree: _Element | None) -> Iterator[str]:
    """The visible text of the page's body, one block-level element's own text at a time."""
    if tree is None:
        return
    body = tree.find(".//body")
    pending: list[str] = []

    def flush() -> Iterator[str]:
        block = unicodedata.normalize("NFC", " ".join("".join(pending).split()))
        pending.clear()
        if block:
            yield block

    def walk(element: _Element) -> Iterator[str]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP or not tag:  # comments and processing instructions have no str tag
            return
        if tag in _BLOCKS:
            yield from flush()
        pending.append(element.text or "")
        for child in element:
            yield from walk(child)
            pending.append(child.tail or "")
        if tag in _BLOCKS:
            yield from flush()

    yield from walk(body if body is not None else tree)
    yield from flush()


def _unboxed(line: str) -> str:
    """A line without the table bars trafilatura draws around a table of one cell: the box a
    news page puts around an interview or a figure, not a table a reader would see as one.
    (A bar of the text is written `\\|` in a cell, and is itself again outside one; a row of
    several cells keeps every bar.)"""
    inner = line[2:-2]
    if line.startswith("| ") and line.endswith(" |") and " | " not in inner:
        return inner.strip().replace("\\|", "|")
    return line


def _kept(block: str, lines: list[str]) -> bool:
    """Whether a block of the page is in the article: within one of its lines, and either long
    enough not to be there by chance or most of that line (a menu's "Kinh tế" is not kept
    because an article mentions the "Viện Kinh tế")."""
    return any(
        block in line and (len(block) >= _BY_CHANCE or 2 * len(block) >= len(line))
        for line in lines
    )


def _language(tree: _Element | None) -> str | None:
    """The primary language subtag of <html lang> or Content-Language, as the sources' `language`
    field and the site's lang attributes use it ("vi-VN" → "vi")."""
    if tree is None:
        return None
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in tree.iterfind(".//meta[@http-equiv]"):
            if meta.get("http-equiv", "").lower() == "content-language":
                lang = meta.get("content", "")
    subtag = (lang or "").strip().split("-")[0].split("_")[0].lower()
    return subtag if subtag.isalpha() else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value or None


def _scalar(value: str | None) -> str:
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
