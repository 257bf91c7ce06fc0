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

from factpress.cache import digest
from factpress.diagnostics import BuildError, Diagnostic, Location, error
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


def index_dir(lang: str) -> str:
    return f"{INDEX_DIR}/{lang}/"


def _not_indexed(lang: str) -> set[str]:
    return {
        dest_name(url)
        for url in (claims_url(lang), ratings_url(lang), corrections_url(lang), not_found_url(lang))
    }


def index_keys(keys: Mapping[str, str]) -> dict[str, str]:
    """Language -> a digest of the keys of every output its index may hold: the same digest,
    the same indexed text. (The table's pages, the 404 page, the rating scale and the
    corrections policy carry no `data-pagefind-body`; they are left out so that they do not
    cost an index.)"""
    found: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANG_CODES}
    skipped = {lang: _not_indexed(lang) for lang in LANG_CODES}
    listings = {lang: dest_name(claims_url(lang)) + "page/" for lang in LANG_CODES}
    for dest, key in keys.items():
        lang = dest[:2]
        if (
            dest.endswith(".html")
            and lang in found
            and dest[2:3] == "/"
            and dest not in skipped[lang]
            and not dest.startswith(listings[lang])
        ):
            found[lang].append((dest, key))
    return {lang: digest("search index", sorted(items)) for lang, items in found.items()}


def in_index(dest: str) -> bool:
    return dest.startswith(INDEX_DIR + "/")


def file_keys(dests: Iterable[str], languages: Mapping[str, str]) -> dict[str, str]:
    """The key of each file of the index: that of its language's index."""
    keys = {}
    for dest in dests:
        lang = dest[len(INDEX_DIR) + 1 :].split("/", 1)[0]
        if lang in languages:
            keys[dest] = languages[lang]
    return keys


def stale_languages(keys: Mapping[str, str], skip: Collection[str]) -> list[str]:
    """The languages whose index must be written: some file of it is out of date or gone."""
    stale = []
    for lang in LANG_CODES:
        files = [d for d in keys if d.startswith(index_dir(lang))]
        if not files or any(d not in skip for d in files):
            stale.append(lang)
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


def write_index(out_dir: Path, langs: Iterable[str]) -> list[str]:
    """Index the written site for each language of `langs` (in parallel, one Pagefind process
    each), replacing its index; the dest paths of the index files written."""
    langs = list(langs)
    runs = []
    for lang in langs:
        target = out_dir / INDEX_DIR / lang
        shutil.rmtree(target, ignore_errors=True)
        command = [
            sys.executable, "-m", "pagefind", "--site", str(out_dir),
            "--glob", f"{lang}/**/*.html", "--output-path", str(target),
        ]  # fmt: skip
        runs.append(
            (lang, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        )
    failed = []
    for lang, run in runs:
        output, _ = run.communicate()
        if run.returncode != 0:
            failed.append((lang, output.decode("utf-8", "replace").strip().splitlines()[-1:]))
    if failed:
        for lang in langs:  # an index that may be half written is no index at all
            shutil.rmtree(out_dir / INDEX_DIR / lang, ignore_errors=True)
        lines = "; ".join(f"{lang}: {' '.join(tail) or 'no output'}" for lang, tail in failed)
        raise BuildError([_missing(f"Pagefind could not index the site ({lines})")])
    written = []
    for lang in langs:
        folder = out_dir / INDEX_DIR / lang
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
