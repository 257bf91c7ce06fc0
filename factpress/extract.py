"""Extract a web page's article, one paragraph a line, and what the page states of itself,
with trafilatura; and say which of the page's text was left out, for the writer to judge."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
import unicodedata

import trafilatura
from trafilatura.utils import load_html

from factpress.fetch import InputError, Page, place
from factpress.quotes import normalize

# An lxml element: lxml ships no types, and its stubs are not worth a dependency for a tree walk.
_Element = Any
# The source's fields a page can state, in the order of the metadata file.
PAGE_FIELDS = ("title", "publisher", "author", "language", "published", "url")
# Characters: less is a menu or a notice that the extractor fell back on, not an article.
MIN_ARTICLE = 200
_BY_CHANCE = 40  # characters: a longer block found in the article's text is not there by chance
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_BLOCKS = {
    *("address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt"),
    *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table"),
    *("td", "th", "tr", "ul", "br", "button", "label", "option"),
}


@dataclass(frozen=True, slots=True)
class Extraction:
    """A page's article text and the blocks of text left out of it."""

    text: str
    dropped: tuple[str, ...]


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
        "published": _stated_date(_clean(meta.date), page.text),
        "url": _clean(meta.url),
    }


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


def _stated_date(found: str | None, html: str) -> str | None:
    """The publication date read from the page's markup (YYYY-MM-DD), if the page states it
    whole. The reading completes a partial or impossible date with a day of its own (a page's
    `2026-03` came out as the day of the month the capture ran, `2026-02-30` as the 1st):
    such a date is no date the page gave, and is left for the writer to fill in."""
    if found is None:
        return None
    year, month, day = found.split("-")
    forms = (f"{year}-{month}-{day}", f"{year}/{month}/{day}", f"{day}/{month}/{year}",
             f"{day}-{month}-{year}", f"{day}.{month}.{year}", f"{year}{month}{day}")  # fmt: skip
    return found if any(form in html for form in forms) else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value or None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"
