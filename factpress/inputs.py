"""Read every file a build may use, once: the digest of its bytes, or why it cannot be read,
or where a file meant to be UTF-8 text is not. A file whose stat is as last time is known by
the digest it had then, without reading it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import os
from pathlib import Path, PurePosixPath
import time
from typing import NamedTuple

from factpress.diagnostics import Diagnostic, Location, error
from factpress.digests import digest
from factpress.layout import (
    CONTENT_DIR,
    INPUT_FILES,
    SOURCES_DIR,
    THEME_FOLDERS,
    theme_files,
    walk,
)
from factpress.model import LANGS


class InputStat(NamedTuple):
    """An input file as it was when its digest was taken. While a file's size, times and inode
    are all the same, its bytes are taken to be the same too, as git and ninja do: ctime moves
    on any write and cannot be set back by hand."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: str


# A file written this close to when its digest was taken may have been written again within
# the same tick of the file system's clock: its stat proves nothing, so it is read again.
_RACY_NS = 2_000_000_000


class NotText(NamedTuple):
    """Where a file meant to be UTF-8 text is not: its first bad byte."""

    line: int  # 1-based
    column: int  # 1-based, in characters
    byte: int
    reason: str  # as the UTF-8 decoder words it, e.g. "invalid start byte"


class Inputs(NamedTuple):
    digests: dict[str, str]  # posix path under the root -> digest of the file's bytes
    stats: dict[str, InputStat]  # to pass to input_digests as `known` next time
    unreadable: dict[str, str]  # posix path -> why it could not be read
    not_text: dict[str, NotText]  # posix path -> where a text input is not UTF-8

    def problems(self) -> list[Diagnostic]:
        """The files that cannot be read, or not as text: an error for each."""
        problems = [
            error(
                Location(PurePosixPath(path)),
                "file-unreadable",
                f"cannot read {path}: {why}",
                "check the file's permissions, or move it out of the project",
            )
            for path, why in self.unreadable.items()
        ]
        problems += (
            error(
                Location(PurePosixPath(path), bad.line, bad.column),
                "file-encoding",
                f"not UTF-8 text: byte 0x{bad.byte:02x} ({bad.reason})",
                "save the file as UTF-8; text in another encoding (Windows-1258, VNI, TCVN3, "
                "UTF-16) must be converted first, e.g. with iconv -f CP1258 -t UTF-8",
            )
            for path, bad in self.not_text.items()
        )
        return problems


_PAGE_FOLDERS = tuple(f"content/{lang}/" for lang in LANGS)


def is_text_input(rel: str) -> bool:
    """Whether the build reads the input at `rel` as UTF-8 text: the pages of each language,
    facts.yaml, site.yaml, the templates it scans (*.html) and the sources' metadata. Static
    files and archived sources are bytes (a source that is not UTF-8 has an error of its own),
    and a catalog is read in the charset its header declares (i18n.py)."""
    return (
        rel in INPUT_FILES
        or (rel.endswith(".md") and rel.startswith(_PAGE_FOLDERS))
        or (rel.startswith("templates/") and rel.endswith(".html"))
        or (rel.startswith("sources/") and rel.endswith(".yaml") and rel.count("/") == 1)
    )


def check_utf8(data: bytes) -> NotText | None:
    """Where `data` stops being UTF-8, or None if it is UTF-8 throughout."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        start = data.rfind(b"\n", 0, bad.start) + 1
        column = len(data[start : bad.start].decode("utf-8", "replace")) + 1
        return NotText(data.count(b"\n", 0, bad.start) + 1, column, data[bad.start], bad.reason)
    return None


def input_digests(root: Path, known: Mapping[str, InputStat] | None = None) -> Inputs:
    """The digest of every input file's bytes: a file whose stat is as `known` is not read."""
    known = known or {}
    taken = time.time_ns()
    digests: dict[str, str] = {}
    stats: dict[str, InputStat] = {}
    unreadable: dict[str, str] = {}
    not_text: dict[str, NotText] = {}
    for rel in _unreadable_folders(root):  # else its pages would be missing without a word
        unreadable[rel] = "Permission denied: its files cannot be listed"
    for rel, path in _input_files(root):
        try:
            stat = os.stat(path)  # noqa: PTH116 - no Path object per input
        except FileNotFoundError:
            continue  # removed since it was listed
        except OSError as failure:
            unreadable[rel] = failure.strerror or type(failure).__name__
            continue
        was = known.get(rel)
        if (
            was is not None
            and was.size == stat.st_size
            and was.mtime_ns == stat.st_mtime_ns
            and was.ctime_ns == stat.st_ctime_ns
            and was.inode == stat.st_ino
        ):
            digests[rel] = was.digest
            stats[rel] = was
            continue
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            continue
        except OSError as failure:
            unreadable[rel] = failure.strerror or type(failure).__name__
            continue
        digests[rel] = digest(data)
        # Checked here, where every input's bytes pass: a file known by its stat was text
        # when the last build (which had no errors) read it.
        bad = check_utf8(data) if is_text_input(rel) else None
        if bad is not None:
            not_text[rel] = bad
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < taken - _RACY_NS:
            stats[rel] = InputStat(
                stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, digests[rel]
            )
    return Inputs(digests, stats, unreadable, not_text)


def _unreadable_folders(root: Path) -> Iterator[str]:
    """The folders of the pages and sources that exist but cannot be listed (their
    permissions): a walk skips them. (Four calls, not a walk: every build makes them.)"""
    folders = (CONTENT_DIR, *(f"{CONTENT_DIR}/{lang}" for lang in LANGS), SOURCES_DIR)
    for rel in folders:
        path = root / rel
        if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
            yield rel


def _input_files(root: Path) -> Iterator[tuple[str, str]]:
    """(posix path under `root`, path) of every regular file a build may read; a theme file
    the project does not have stands under its own name for the default theme's."""
    for name in INPUT_FILES:
        # A folder of that name too: reading it fails, and the writer is told (as a missing
        # file, which is allowed, it was left out without a word).
        if (root / name).exists():
            yield name, str(root / name)
    for folder in (CONTENT_DIR, SOURCES_DIR):
        for rel, entry in walk(root / folder, f"{folder}/"):
            if entry.is_file():  # a link to a file is read, as rglob and is_file() did
                yield rel, entry.path
    for folder in THEME_FOLDERS:
        yield from theme_files(root, folder)
