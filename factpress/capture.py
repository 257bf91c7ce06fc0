"""Capture a source from its web page: the article's text extracted, what the page says of
itself read, and the page kept byte for byte beside them (sources/<id>.txt, .yaml, .html)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
import hashlib
from pathlib import Path
import textwrap

from factpress.extract import PAGE_FIELDS, extract_article, read_fields
from factpress.fetch import MAX_BYTES, TIMEOUT, InputError, Page, as_sent, read_page
from factpress.layout import SOURCES_DIR
from factpress.sources import SOURCE_ID, published_too_late
from factpress.write import uninterrupted
from factpress.yamlio import dump_scalar

REQUIRED = ("title", "publisher", "language")  # the build needs them (sources.py)
_DROPPED_LINES = 12  # of the summary, to show what was dropped
# After `fetched_from: null`, where a page that came with no address did.
SAVED_FILE = "# captured from a saved file"


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
    _check_dates(fields.get("published"), archived)
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
            lines.append(f"{name}: {dump_scalar(value)}{note}")
    lines += [
        f"archived: {archived.isoformat()}",
        f"sha256: {hashlib.sha256(text_data).hexdigest()}",
    ]
    for name, value, note in page_record(page):
        lines.append(f"{name}: {value}  {note}" if note else f"{name}: {value}")
    return "\n".join(lines) + "\n"


def page_record(page: Page) -> list[tuple[str, str, str]]:
    """The last lines of sources/<id>.yaml, which record the kept page: its sha256, and where
    and when it was fetched. Each as (field, its value as YAML, the comment after it or "");
    `reanchor` writes them so too when it keeps a new capture of the page."""
    return [
        ("html_sha256", dump_scalar(hashlib.sha256(page.data).hexdigest()), ""),
        ("fetched_from", dump_scalar(page.url), SAVED_FILE if page.url is None else ""),
        ("fetched_at", dump_scalar(page.fetched_at), ""),
    ]


def format_summary(result: Capture) -> list[str]:
    """What a writer reads to judge the capture at a glance."""
    page, paragraphs = result.page, result.paragraphs
    lines = [f"{result.given}: {len(page.data):,} bytes, {page.charset} ({page.charset_from})"]
    if page.url is not None and page.url != as_sent(result.given):
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
    if not root.is_dir():  # a mistyped --root would become a folder of one source
        raise InputError(
            f"{root.as_posix()}",
            "project-missing",
            f"there is no folder {root.as_posix()}",
            "run the command in the project's folder, or pass it with --root",
        )
    if not SOURCE_ID.fullmatch(source_id):
        raise InputError(
            "--id",  # where the mistake is: the command line (typed as build.py or factpress)
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
            f"to capture it again, use the reanchor command (`reanchor {source_id} "
            "PAGE_OR_ADDRESS`), or choose another id",
        )


def _check_dates(published: str | None, archived: date) -> None:
    """The page is archived on or after the day it says it was published (a day's grace, as
    the build allows): else the build would refuse the source it is about to write."""
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        return  # not a day the build reads either: it says so
    if day is not None and published_too_late(day, archived):
        raise InputError(
            "--archived",
            "source-dates",
            f"the page says it was published on {day.isoformat()}, after the day of the "
            f"capture ({archived.isoformat()})",
            "give the day of the capture with --archived, or leave it out for today",
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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"
