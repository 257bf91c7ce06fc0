"""The readers' search: a Pagefind index of the written site, one per language.

Pagefind (from PyPI, with its binary package) reads the built pages and writes its index under
/pagefind/<lang>/; the pages load it on first use (static/search.js). The templates choose what
is indexed with `data-pagefind-body`: the explainers, the claim records and the source pages.
An index is written again only when one of its language's indexed outputs changed, since
Pagefind has no incremental mode and indexing a language of a large site takes seconds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
import importlib.util
from pathlib import Path, PurePosixPath
import re
import shutil
import subprocess
import sys
import unicodedata

from factpress.diagnostics import BuildError, Diagnostic, Location, error
from factpress.digests import digest
from factpress.urls import (
    LANG_CODES,
    claims_url,
    corrections_url,
    dest_name,
    not_found_url,
    ratings_url,
)

INDEX_DIR = "pagefind"
PACKAGE = "pagefind[bin]"
_D_WORD = re.compile(r"\w*[đĐ]\w*")
_MARKS = re.compile(r"[\u0300-\u036f]")


def fold_words(*texts: str | None) -> str:
    """The words of `texts` that hold a `đ`, without their diacritics and with `đ` as `d`.

    Pagefind folds Vietnamese tone and vowel marks but keeps `đ` a letter of its own, so
    "doi moi" would not find "đổi mới". The pages add these words, hidden, with a low weight
    (see the templates): only what Pagefind lacks, and the exact form still ranks first."""
    found: dict[str, None] = {}
    for text in texts:
        for word in _D_WORD.findall(text or ""):
            plain = _MARKS.sub("", unicodedata.normalize("NFD", word))
            found[plain.replace("đ", "d").replace("Đ", "d").lower()] = None
    return " ".join(sorted(found))


# Each language's index comes in two parts, merged by the browser (Pagefind's mergeIndex): its
# explainers and source pages, and its claim records. Pagefind has no incremental mode, so a
# part is written again whole; apart, an edit of a page's prose does not index again the
# thousands of claim records, nor a claim edit every explainer.
CLAIMS_PART = "-claims"
PARTS = tuple(f"{lang}{part}" for lang in LANG_CODES for part in ("", CLAIMS_PART))


def index_dir(part: str) -> str:
    return f"{INDEX_DIR}/{part}/"


def _not_indexed(lang: str) -> set[str]:
    return {
        dest_name(url)
        for url in (claims_url(lang), ratings_url(lang), corrections_url(lang), not_found_url(lang))
    }


def _glob(part: str) -> str:
    """The files of one part, as Pagefind's --glob reads them (relative to the site)."""
    lang = part[:2]
    if part.endswith(CLAIMS_PART):
        return f"{lang}/claims/*.html"  # the records; the table's page is not marked for it
    return f"{lang}/{{index.html,*/index.html,sources/*/index.html}}"


def _part(dest: str, listings: Mapping[str, str], skipped: Mapping[str, set[str]]) -> str | None:
    """The part of the index an output's text goes into, if any. (The table's pages, the
    404 page, the rating scale and the corrections policy carry no `data-pagefind-body`; they
    are left out so that they do not cost an index.)"""
    lang = dest[:2]
    if not dest.endswith(".html") or lang not in skipped or dest[2:3] != "/":
        return None
    if dest in skipped[lang] or dest.startswith(listings[lang]):
        return None
    rest = dest[3:]
    if rest.startswith("claims/") and "/" not in rest[len("claims/") :]:
        return lang + CLAIMS_PART
    return lang


def index_keys(keys: Mapping[str, str]) -> dict[str, str]:
    """Part of the index -> a digest of the keys of every output it may hold: the same
    digest, the same indexed text."""
    found: dict[str, list[tuple[str, str]]] = {part: [] for part in PARTS}
    skipped = {lang: _not_indexed(lang) for lang in LANG_CODES}
    listings = {lang: dest_name(claims_url(lang)) + "page/" for lang in LANG_CODES}
    for dest, key in keys.items():
        part = _part(dest, listings, skipped)
        if part is not None:
            found[part].append((dest, key))
    # A part with no page (a site without claims) has no index: Pagefind refuses to write one.
    return {part: digest("search index", sorted(items)) for part, items in found.items() if items}


def in_index(dest: str) -> bool:
    return dest.startswith(INDEX_DIR + "/")


def file_keys(dests: Iterable[str], parts: Mapping[str, str]) -> dict[str, str]:
    """The key of each file of the index: that of its part."""
    keys = {}
    for dest in dests:
        part = dest[len(INDEX_DIR) + 1 :].split("/", 1)[0]
        if part in parts:
            keys[dest] = parts[part]
    return keys


def stale_parts(keys: Mapping[str, str], skip: Collection[str], parts: Iterable[str]) -> list[str]:
    """The parts of the index to write: some file of theirs is out of date or gone."""
    stale = []
    for part in parts:
        files = [d for d in keys if d.startswith(index_dir(part))]
        if not files or any(d not in skip for d in files):
            stale.append(part)
    return stale


def require_pagefind() -> None:
    """Stop the build, before anything is written, if Pagefind cannot run here."""
    if (
        importlib.util.find_spec("pagefind") is None
        or importlib.util.find_spec("pagefind_bin") is None
    ):
        raise BuildError(
            [_missing("Pagefind, which indexes the site for its search, is not installed")]
        )


def write_index(out_dir: Path, parts: Iterable[str]) -> list[str]:
    """Index the written site for each part of `parts` (in parallel, one Pagefind process
    each), replacing it; the dest paths of the index files written."""
    parts = list(parts)
    runs = []
    for part in parts:
        target = out_dir / INDEX_DIR / part
        shutil.rmtree(target, ignore_errors=True)
        command = [
            sys.executable, "-m", "pagefind", "--site", str(out_dir),
            "--glob", _glob(part), "--output-path", str(target),
        ]  # fmt: skip
        runs.append(
            (part, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        )
    failed = []
    for part, run in runs:
        output, _ = run.communicate()
        if run.returncode != 0:
            failed.append((part, output.decode("utf-8", "replace").strip().splitlines()[-1:]))
    if failed:
        for part in parts:  # an index that may be half written is no index at all
            shutil.rmtree(out_dir / INDEX_DIR / part, ignore_errors=True)
        lines = "; ".join(f"{part}: {' '.join(tail) or 'no output'}" for part, tail in failed)
        raise BuildError([_missing(f"Pagefind could not index the site ({lines})")])
    written = []
    for part in parts:
        folder = out_dir / INDEX_DIR / part
        written += sorted(
            p.relative_to(out_dir).as_posix() for p in folder.rglob("*") if p.is_file()
        )
    return written


def _missing(message: str) -> Diagnostic:
    return error(
        Location(PurePosixPath("requirements.txt")),  # where the package is named
        "search-index",
        message,
        f"install it with: python -m pip install '{PACKAGE}' (see requirements.txt)",
    )
