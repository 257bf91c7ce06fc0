"""Load the archived sources: sources/<id>.txt as captured, its metadata in <id>.yaml, and the
sha256 of the web page it was extracted from, when that is kept as <id>.html."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
import hashlib
from pathlib import Path, PurePosixPath
import re

from factpress.content import url_words
from factpress.coverage import checkable_flags
from factpress.diagnostics import Diagnostic, Location, error
from factpress.fields import FieldReader
from factpress.inputs import check_utf8
from factpress.layout import SOURCES_DIR
from factpress.model import GRACE, Source
from factpress.sentences import split_sentences
from factpress.urls import is_web_address
from factpress.yamlio import YNode, load_yaml

_FIELDS = (
    *("title", "publisher", "author", "language", "published", "url", "archived", "sha256"),
    *("html_sha256", "fetched_from", "fetched_at"),  # the kept page; written by `capture`
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def text_path(source_id: str) -> PurePosixPath:
    """The archived text of a source, relative to the project root."""
    return PurePosixPath(SOURCES_DIR, f"{source_id}.txt")


def page_path(source_id: str) -> PurePosixPath:
    """The web page a source's text was extracted from, relative to the project root."""
    return PurePosixPath(SOURCES_DIR, f"{source_id}.html")


def load_sources(
    root: Path, skip: Collection[str] = ()
) -> tuple[dict[str, Source], set[str], list[Diagnostic]]:
    """Good sources keyed by id (the file stem), the ids of broken ones, and their problems.
    The sources in `skip` are the caller's already (unchanged since they loaded without a
    problem): they are neither read nor counted as broken."""
    diagnostics: list[Diagnostic] = []
    sources: dict[str, Source] = {}
    folder = root / SOURCES_DIR
    if not folder.is_dir():
        return sources, set(), diagnostics
    texts = _stems(folder, "*.txt")
    metas = _stems(folder, "*.yaml")
    for stem in sorted(texts - metas):
        diagnostics.append(
            error(
                Location(text_path(stem)),
                "source-no-metadata",
                f"source '{stem}' has no metadata file",
                f"describe it in {SOURCES_DIR}/{stem}.yaml (title, publisher, sha256, …)",
            )
        )
    for stem in sorted(metas - set(skip)):
        if not SOURCE_ID.fullmatch(stem):
            diagnostics.append(_bad_name(stem))
            continue
        source = _load_source(root, stem, stem in texts, diagnostics)
        if source is not None:
            sources[stem] = source
    # Claims citing a broken source should not add "unknown source" to its own errors.
    return sources, (texts | metas) - set(sources) - set(skip), diagnostics


def _stems(folder: Path, pattern: str) -> set[str]:
    """The names of the files in `folder` that match `pattern`. A folder named like a source's
    file (sources/x.txt/) is none, as a folder named x.md is no page: a build reads neither."""
    return {p.stem for p in folder.glob(pattern) if p.is_file()}


# A BCP 47 tag as sources give them: a language, then subtags (zh-Hant, pt-BR).
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")
# A source's id is its files' name, and makes its page's URL (/<lang>/sources/<id>/).
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _bad_name(stem: str) -> Diagnostic:
    clean = url_words(stem) or "nguon-moi"
    return error(
        Location(PurePosixPath(SOURCES_DIR, f"{stem}.yaml"), 1, 1),
        "source-name",
        f"a source's file name makes its URL, and '{stem}' is not a URL name",
        f"rename both its files {SOURCES_DIR}/{clean}.txt and .yaml, and the claims' "
        f"`source: {clean}`",
    )


def _check_url(url: str, node: YNode, stem: str, diagnostics: list[Diagnostic]) -> None:
    """A source's address is a web page's: it is published as a link, and in ClaimReview."""
    if not is_web_address(url):
        diagnostics.append(
            error(
                node.where,
                "source-url",
                f"'url' of source '{stem}' must be the address it was published at, "
                f"http:// or https://, not '{url}'",
                "copy the address from the browser's address bar, or leave `url:` out",
            )
        )


def _load_source(
    root: Path, stem: str, has_text: bool, diagnostics: list[Diagnostic]
) -> Source | None:
    meta_path = PurePosixPath(SOURCES_DIR, f"{stem}.yaml")
    text_file = text_path(stem)
    node, problems = load_yaml((root / meta_path).read_text("utf-8"), meta_path)
    diagnostics.extend(problems)
    if problems:
        return None
    if node is None or not node.is_mapping:
        diagnostics.append(
            error(
                Location(meta_path),
                "source-metadata",
                "source metadata must be a mapping of fields",
                "write one `key: value` per line: title, publisher, language, archived, sha256",
            )
        )
        return None
    if not has_text:
        diagnostics.append(
            error(
                Location(meta_path),
                "source-missing",
                f"the archived file {text_file} is missing",
                "put the captured document, unchanged, next to its metadata",
            )
        )
        return None
    fields = FieldReader(node, f"source '{stem}'", diagnostics)
    fields.check_known(_FIELDS)
    before = len(diagnostics)
    title = fields.text("title")
    publisher = fields.text("publisher")
    author = fields.text("author", optional=True)
    language = fields.text("language", example="vi")
    if language is not None and not _LANGUAGE_TAG.fullmatch(language):
        diagnostics.append(
            error(
                node.mapping()["language"].where,
                "source-language",
                f"'language' of source '{stem}' must be a language tag, such as vi or en, "
                f"not '{language}'",
                "write the BCP 47 tag of the source's language: vi, en, fr, zh-Hant…",
            )
        )
    published = fields.date("published", optional=True)
    url = fields.text("url", optional=True)
    if url is not None:
        _check_url(url, node.mapping()["url"], stem, diagnostics)
    archived = fields.date("archived")
    if published is not None and archived is not None and published_too_late(published, archived):
        diagnostics.append(
            error(
                node.mapping()["published"].where,
                "source-dates",
                f"source '{stem}' was published on {published.isoformat()}, after it was "
                f"archived ({archived.isoformat()})",
                "a page is archived on or after the day it is published: correct one of them",
            )
        )
    sha256 = fields.text("sha256", example="<the output of sha256sum>")
    sha_node = node.mapping().get("sha256")
    _check_sha256("sha256", sha256, sha_node, text_file, diagnostics)
    fields.text("fetched_from", optional=True)
    fields.time("fetched_at", optional=True)
    page = _load_page(root, stem, fields, diagnostics)
    data = (root / text_file).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = check_utf8(data)
        assert bad is not None
        diagnostics.append(
            error(
                Location(text_file, bad.line, bad.column),
                "source-encoding",
                f"not UTF-8 text (byte {exc.start})",
                "archive the text as UTF-8, and record the original encoding in the notes",
            )
        )
        return None
    if len(diagnostics) > before:
        return None
    assert title and publisher and language and archived and sha256 and sha_node
    sentences = split_sentences(text)
    return Source(
        id=stem,
        src_path=text_file,
        meta_path=meta_path,
        title=title,
        publisher=publisher,
        author=author,
        language=language,
        published=published,
        url=url,
        archived=archived,
        sha256=sha256,
        sha256_at=sha_node.where,
        actual_sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        sentences=sentences,
        checkable=checkable_flags(sentences),
        page_path=page.path if page else None,
        page_sha256=page.sha256 if page else None,
        page_sha256_at=page.sha256_at if page else None,
        actual_page_sha256=page.actual_sha256 if page else None,
    )


@dataclass(frozen=True, slots=True)
class _Page:
    path: PurePosixPath
    sha256: str
    sha256_at: Location
    actual_sha256: str


def _load_page(
    root: Path, stem: str, fields: FieldReader, diagnostics: list[Diagnostic]
) -> _Page | None:
    """The kept page of a source and its sha256, recorded and actual; None if it has none.
    A page without its sha256, or a sha256 without its page, is a problem: either the page
    came in unchecked, or the evidence went missing."""
    path = page_path(stem)
    node = fields.fields.get("html_sha256")
    recorded = fields.text("html_sha256", optional=True)
    _check_sha256("html_sha256", recorded, node, path, diagnostics)
    exists = (root / path).is_file()
    if recorded is None and exists:
        diagnostics.append(
            error(
                fields.node.key_or_value_where,
                "field-missing",
                f"source '{stem}' keeps its page {path} but records no html_sha256",
                f"add a line `html_sha256: …` with the output of `sha256sum {path}`",
            )
        )
    if recorded is not None and node is not None and not exists:
        diagnostics.append(
            error(
                node.where,
                "source-missing",
                f"the kept page {path} is missing",
                "restore it (e.g. from version control); it is the evidence the text came from",
            )
        )
    if recorded is None or node is None or not exists:
        return None
    actual = hashlib.sha256((root / path).read_bytes()).hexdigest()
    return _Page(path, recorded, node.where, actual)


def _check_sha256(
    name: str,
    value: str | None,
    node: YNode | None,
    path: PurePosixPath,
    diagnostics: list[Diagnostic],
) -> None:
    if value is not None and node is not None and not _SHA256.fullmatch(value):
        diagnostics.append(
            error(
                node.where,
                "source-sha256",
                f"{name} must be 64 lower-case hexadecimal digits",
                f"run `sha256sum {path}`",
            )
        )


def published_too_late(published: date, archived: date) -> bool:
    """Whether a page is said to be published after it was archived, beyond a day's grace (as
    for reviews): a page dated in Vietnam may be captured on a machine whose day (UTC) is
    still the one before. The build reports it; capture refuses to write it."""
    return published > archived + GRACE
