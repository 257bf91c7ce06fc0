"""The readers' search: a Pagefind index of the written site, per language, in buckets.

Pagefind (from PyPI, with its binary package) reads the built pages and writes each bucket of
the index under /pagefind/<lang>/; the pages load it on first use (static/search-ui.js merges
the buckets). The templates choose what is indexed with `data-pagefind-body`: the explainers,
the claim records and the source pages. A bucket is written again only when what Pagefind
reads of one of its pages changed, since Pagefind has no incremental mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
import hashlib
import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path, PurePosixPath
import re
import shutil
import subprocess
import tempfile
from typing import Any
import unicodedata

from factpress.diagnostics import BuildError, Diagnostic, Location, error
from factpress.digests import digest
from factpress.indexed_text import document_key
from factpress.urls import (
    LANG_CODES,
    claims_url,
    corrections_url,
    dest_name,
    not_found_url,
    ratings_url,
)
from factpress.write import put_back, uninterrupted

INDEX_DIR = "pagefind"
PACKAGE = "pagefind[bin]"
_WORD = re.compile(r"\w+")
_MARKS = re.compile(r"[\u0300-\u036f]")


def fold_words(*texts: str | None) -> str:
    """The words of `texts` that hold a `đ`, without their diacritics and with `đ` as `d`.

    Pagefind folds Vietnamese tone and vowel marks but keeps `đ` a letter of its own, so
    "doi moi" would not find "đổi mới". The pages add these words, hidden, with a low weight
    (see the templates): only what Pagefind lacks, and the exact form still ranks first."""
    found: dict[str, None] = {}
    for text in texts:
        # Most texts have no `đ` (any English one): one scan says so. The others are split into
        # words first, a third faster than a pattern that looks for `đ` inside words (it tries
        # every letter of a page's body as a word's start).
        if not text or ("đ" not in text and "Đ" not in text):
            continue
        for word in _WORD.findall(text):
            if "đ" in word or "Đ" in word:
                plain = _MARKS.sub("", unicodedata.normalize("NFD", word))
                found[plain.replace("đ", "d").replace("Đ", "d").lower()] = None
    return " ".join(sorted(found))


# Pagefind has no incremental mode: it writes an index whole, and a language of a large site
# takes it seconds. So each language's index is cut into buckets, each a Pagefind bundle of its
# own, which the browser merges (Pagefind's mergeIndex; static/search-ui.js reads the list from
# MANIFEST). An edit indexes again only the buckets of the documents whose indexed text changed.
# A document's bucket follows from its address alone, and a kind's number of buckets is a power
# of two, so that a new page moves no other page until the kind doubles.
#
# Each kind has its own size of bucket, so that Pagefind indexes one in a few tenths of a second
# (an explainer costs it ~2.5 ms, a long source page more, a claim record ~1.4 ms): the more
# buckets, the more small requests a reader's first search makes, 64 buckets a language at
# 1,000 explainers and 5,000 claims.
BUCKET_SIZES = {"pages": 100, "sources": 16, "claims": 300}
MANIFEST = "buckets.json"
# What a bundle must keep: its index, and in the one the page imports, Pagefind's runtime.
# (Pagefind also writes its own search UIs, which the site does not use.)
_INDEX_FILES = re.compile(r"pagefind-entry\.json|pagefind\.[^/]*\.pf_meta|(fragment|index|filter)/")
_RUNTIME_FILES = re.compile(r"pagefind\.js|pagefind-worker\.js|wasm\.[^/]*\.pagefind")


# The pages of each language that carry no `data-pagefind-body`: the table's page, the rating
# scale, the corrections policy and the 404 page. Left out, they cost no index.
_NOT_INDEXED: Mapping[str, frozenset[str]] = {
    lang: frozenset(
        dest_name(url)
        for url in (claims_url(lang), ratings_url(lang), corrections_url(lang), not_found_url(lang))
    )
    for lang in LANG_CODES
}


@dataclass(frozen=True, slots=True)
class Bucket:
    lang: str
    name: str  # <kind>-<number>
    documents: tuple[str, ...]  # dest paths, sorted
    primary: bool  # the bundle the page imports, which carries Pagefind's runtime
    key: str  # a digest of its documents' indexed text, and of `primary`

    @property
    def folder(self) -> str:
        return f"{INDEX_DIR}/{self.lang}/{self.name}/"


@dataclass(frozen=True, slots=True)
class Layout:
    """The buckets of a set of documents, kept by the build that worked them out: the next
    build, whose documents are the same but for a few keys, works out only the buckets of
    those (buckets(), `reuse`)."""

    version: str | None  # Pagefind's, which is in every bucket's key
    buckets: tuple[Bucket, ...]


NO_LAYOUT = Layout(None, ())


@dataclass(frozen=True, slots=True)
class IndexUpdate:
    """What the search stage writes: the buckets whose text changed, the folders of buckets
    that are no more, and the languages' manifests that are not as on disk."""

    documents: dict[str, str]  # every indexed output -> key of its indexed text (document_key)
    layout: Layout  # the buckets of `documents`; NO_LAYOUT when left for a later build
    stale: tuple[Bucket, ...]
    gone: tuple[str, ...]  # folders
    manifests: dict[str, bytes]  # dest path -> content
    on_disk: Mapping[str, str]  # the folder of each bucket in the site after it -> its key
    deferred: bool = False  # left for a later build, which works out what to write

    @property
    def folders(self) -> tuple[str, ...]:
        """Every folder this update replaces or removes."""
        return (*(b.folder for b in self.stale), *self.gone)


def _kind(dest: str) -> str | None:
    """The kind of bucket an output's text goes into, if any."""
    lang = dest[:2]
    if not dest.endswith(".html") or lang not in _NOT_INDEXED or dest[2:3] != "/":
        return None
    rest = dest[3:]
    if dest in _NOT_INDEXED[lang] or rest.startswith("claims/page/"):
        return None
    if rest.startswith("claims/"):
        return "claims" if "/" not in rest[len("claims/") :] else None
    if rest == "index.html" or (rest.count("/") == 1 and rest.endswith("/index.html")):
        return "pages"
    if rest.startswith("sources/") and rest.count("/") == 2 and rest.endswith("/index.html"):
        return "sources"
    return None


def is_indexed(dest: str) -> bool:
    """Whether the search indexes the output `dest`."""
    return _kind(dest) is not None


def indexed(dests: Iterable[str]) -> list[str]:
    """The outputs among `dests` that the search indexes."""
    return [dest for dest in dests if _kind(dest) is not None]


def document_keys(out_dir: Path, dests: Iterable[str], known: Mapping[str, str]) -> dict[str, str]:
    """dest -> document_key of each of `dests`: from `known` where it has it (an output this
    build did not write, or worked out as it was written), else read from the output folder."""
    keys = {}
    for dest in dests:
        key = known.get(dest)
        keys[dest] = key if key is not None else document_key((out_dir / dest).read_bytes())
    return keys


def _number(dest: str) -> int:
    return int.from_bytes(hashlib.blake2b(dest.encode(), digest_size=8).digest(), "big")


def buckets(
    documents: Mapping[str, str], reuse: Layout = NO_LAYOUT, changed: Set[str] = frozenset()
) -> Layout:
    """The buckets of the index, in each language its pages' first, its primary first.
    `reuse` may be the layout of the same documents (the same addresses) whose keys differ
    only in `changed`: then only the buckets of those are worked out again."""
    version = importlib.metadata.version("pagefind_bin") if documents else None
    if reuse.buckets and reuse.version == version:
        return Layout(version, tuple(
            b if changed.isdisjoint(b.documents) else _bucket(
                b.lang, b.name, b.documents, b.primary, documents, version
            )
            for b in reuse.buckets
        ))  # fmt: skip
    grouped: dict[tuple[str, str], list[str]] = {}
    for dest in documents:
        kind = _kind(dest)
        if kind is not None:
            grouped.setdefault((dest[:2], kind), []).append(dest)
    found = []
    for lang in LANG_CODES:
        for kind, size in BUCKET_SIZES.items():
            dests = grouped.get((lang, kind), [])
            count = 1
            while count * size < len(dests):
                count *= 2
            members: list[list[str]] = [[] for _ in range(count)]
            for dest in dests:
                members[_number(dest) % count].append(dest)
            for number, bucket in enumerate(members):
                if bucket:  # Pagefind writes no index of nothing
                    found.append((lang, f"{kind}-{number}", tuple(sorted(bucket))))
    primaries = {lang: next(name for lg, name, _ in found if lg == lang) for lang, *_ in found}
    return Layout(version, tuple(
        _bucket(lang, name, docs, primaries[lang] == name, documents, version)
        for lang, name, docs in found
    ))  # fmt: skip


def _bucket(
    lang: str,
    name: str,
    docs: tuple[str, ...],
    primary: bool,
    documents: Mapping[str, str],
    version: str | None,
) -> Bucket:
    # A bucket written by another Pagefind would not merge with the primary's runtime.
    key = digest("search bucket", version, primary, [(d, documents[d]) for d in docs])
    return Bucket(lang, name, docs, primary, key)


def manifests(all_buckets: Iterable[Bucket]) -> dict[str, bytes]:
    """dest -> content of each language's MANIFEST: its primary bucket, and those to merge."""
    listed: dict[str, dict[str, Any]] = {}
    for bucket in all_buckets:
        entry = listed.setdefault(bucket.lang, {"primary": None, "merge": []})
        if bucket.primary:
            entry["primary"] = bucket.name
        else:
            entry["merge"].append(bucket.name)
    return {
        _manifest_dest(lang): json.dumps(entry, separators=(",", ":")).encode()
        for lang, entry in listed.items()
    }


def manifest_dests() -> list[str]:
    """Where each language's MANIFEST goes."""
    return [_manifest_dest(lang) for lang in LANG_CODES]


def _manifest_dest(lang: str) -> str:
    return f"{INDEX_DIR}/{lang}/{MANIFEST}"


def in_index(dest: str) -> bool:
    return dest.startswith(INDEX_DIR + "/")


def kept_files(reusable: Mapping[str, str], previous: Mapping[str, object]) -> set[str]:
    """The index files an update keeps from the last build (whose outputs are `previous`):
    those still on disk as it wrote them (`reusable`), in buckets all of whose files are. A
    bucket one of whose files was removed or changed by hand is written again whole, and
    none of its files is kept: were the others kept, their records would say the bucket is
    as written to the build that indexes, which is a later one in the preview."""
    files = {dest for dest in reusable if in_index(dest)}
    broken = broken_buckets(previous.keys() - reusable.keys())
    if broken:
        files = {dest for dest in files if folder_of(dest) not in broken}
    return files


def broken_buckets(not_as_written: Iterable[str]) -> set[str | None]:
    """The folders of the buckets that hold one of the outputs `not_as_written` (those of
    the last build that are not on disk as it wrote them)."""
    return {folder_of(dest) for dest in not_as_written if in_index(dest)}


def folder_of(dest: str) -> str | None:
    """pagefind/<lang>/<bucket>/… -> pagefind/<lang>/<bucket>/; None for a manifest."""
    parts = dest.split("/", 3)
    return "/".join(parts[:3]) + "/" if len(parts) == 4 and parts[0] == INDEX_DIR else None


def plan_update(
    documents: dict[str, str],
    layout: Layout,
    on_disk: Mapping[str, str | None],
    manifests_on_disk: Mapping[str, str | None],
) -> IndexUpdate:
    """The update of the index that makes it the index of `documents`, whose buckets are
    `layout`. `on_disk` holds the folder of each bucket the last build left, with its key, or
    None if one of its files is not as written; `manifests_on_disk` the key of each manifest
    still as written."""
    stale = tuple(b for b in layout.buckets if on_disk.get(b.folder) != b.key)
    current = {b.folder for b in layout.buckets}
    gone = tuple(sorted(folder for folder in on_disk if folder not in current))
    wanted = manifests(layout.buckets)
    changed = {
        dest: content
        for dest, content in wanted.items()
        if manifests_on_disk.get(dest) != manifest_key(content)
    }
    after = {b.folder: b.key for b in layout.buckets}
    return IndexUpdate(documents, layout, stale, gone, changed, after)


def manifest_key(content: bytes) -> str:
    return digest("search manifest", content.decode())


def file_keys(update: IndexUpdate, written: Iterable[str]) -> dict[str, str]:
    """The key of each index file `written`: its bucket's, or a manifest's own."""
    by_folder = {b.folder: b.key for b in update.stale}
    keys = {}
    for dest in written:
        folder = folder_of(dest)
        if folder is None:
            keys[dest] = manifest_key(update.manifests[dest])
        else:
            keys[dest] = by_folder[folder]
    return keys


def require_pagefind() -> None:
    """Stop the build, before anything is written, if Pagefind cannot run here."""
    if (
        importlib.util.find_spec("pagefind") is None
        or importlib.util.find_spec("pagefind_bin") is None
    ):
        raise BuildError(
            [_missing("Pagefind, which indexes the site for its search, is not installed")]
        )


def write_index(out_dir: Path, update: IndexUpdate) -> list[str]:
    """Write the update into the written site: index each stale bucket beside it, then put
    the new buckets in place of the old ones, remove the folders of buckets that are no more
    and write the manifests, all together (an interrupt waits for the last). Until then the
    index on disk is the last one, whole. The dest paths of the files written."""
    if not (update.stale or update.gone or update.manifests):
        return []
    for leftover in out_dir.parent.glob(f".{out_dir.name}-index-*"):  # of a build stopped
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-index-new-", dir=out_dir.parent))
    try:
        _run_pagefind(out_dir, staging, update.stale)
        written = [dest for bucket in update.stale for dest in _keep_what_is_used(staging, bucket)]
        with uninterrupted():
            _put_in_place(out_dir, staging, update)
        written += update.manifests
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(written)


def _put_in_place(out_dir: Path, staging: Path, update: IndexUpdate) -> None:
    """Replace the index's folders and manifests by those of `update` staged in `staging`;
    if one rename fails (a full disk, a file another program holds), put back those made."""
    replaced = staging / "replaced"  # what was in the site, deleted with the staging folder
    replaced.mkdir()
    done: list[tuple[Path, Path | None]] = []  # (place in the site, where what was there went)
    try:
        for number, folder in enumerate(update.folders):
            if (out_dir / folder).exists():
                (out_dir / folder).replace(replaced / str(number))
                done.append((out_dir / folder, replaced / str(number)))
        for bucket in update.stale:
            (out_dir / bucket.folder).parent.mkdir(parents=True, exist_ok=True)
            (staging / bucket.folder).replace(out_dir / bucket.folder)
            done.append((out_dir / bucket.folder, None))
        for number, (dest, content) in enumerate(update.manifests.items()):
            target, new = out_dir / dest, staging / f"manifest-{number}"
            new.write_bytes(content)
            previous = _copy_if_any(target, replaced / f"manifest-{number}")
            new.replace(target)
            done.append((target, previous))
    except BaseException:
        put_back(done, out_dir)
        raise


def _copy_if_any(path: Path, copy: Path) -> Path | None:
    """`copy`, a copy of the file at `path` (a few bytes: a manifest to put back); None if
    there is none."""
    try:
        shutil.copyfile(path, copy)
    except FileNotFoundError:
        return None
    return copy


def _run_pagefind(out_dir: Path, staging: Path, stale: Sequence[Bucket]) -> None:
    """Index each bucket of the site in `out_dir` into its folder under `staging`: a Pagefind
    process each, as many at once as there are cores, each over a folder of links to the
    bucket's pages alone (so that no process walks the whole site, and a page's name needs no
    escaping in a glob). Raise BuildError if one fails."""
    if not stale:
        return
    work = out_dir.parent
    waiting = list(stale)
    running: list[tuple[Bucket, Path, subprocess.Popen[bytes]]] = []
    failed: list[str] = []
    try:
        executable = str(_executable())
        while waiting or running:
            while waiting and len(running) < (os.cpu_count() or 1):
                bucket = waiting.pop(0)
                pages = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-index-", dir=work))
                _link(out_dir, pages, bucket.documents)
                command = [
                    executable, "--site", str(pages),
                    "--output-path", str(staging / bucket.folder), "--quiet",
                ]  # fmt: skip
                try:
                    # In a session of its own: the terminal's Ctrl-C stops the build, which
                    # stops its Pagefinds (finally, below), or the preview, which lets them end.
                    run = subprocess.Popen(
                        command,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                except OSError:
                    shutil.rmtree(pages, ignore_errors=True)
                    raise
                running.append((bucket, pages, run))
            bucket, pages, run = running.pop(0)
            output, _ = run.communicate()
            shutil.rmtree(pages, ignore_errors=True)
            if run.returncode != 0:
                lines = output.decode("utf-8", "replace").strip().splitlines()
                failed.append(f"{bucket.folder}: {lines[-1] if lines else 'no output'}")
    except OSError as problem:  # the binary is missing, or may not run
        failed.append(f"it could not start: {problem}")
    finally:
        for _, pages, run in running:
            run.kill()
            run.wait()
            shutil.rmtree(pages, ignore_errors=True)
    if failed:
        raise BuildError([_failed("; ".join(failed))])


def _executable() -> Path:
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # no stubs

    found: Path = get_executable()  # raises FileNotFoundError (an OSError) if it has none
    return found


def _link(out_dir: Path, into: Path, documents: Iterable[str]) -> None:
    """Make `into` hold `documents` at their paths in the site: hard links, or copies where
    the file system has none."""
    made: set[Path] = set()
    for dest in documents:
        target = into / dest
        if target.parent not in made:  # a bucket of claims shares one folder: make it once
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(out_dir / dest, target)
        except OSError:
            shutil.copyfile(out_dir / dest, target)


def _keep_what_is_used(out_dir: Path, bucket: Bucket) -> list[str]:
    """Remove what Pagefind wrote that the site does not load; the dest paths of the rest."""
    folder = out_dir / bucket.folder
    kept = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        name = path.relative_to(folder).as_posix()
        if _INDEX_FILES.match(name) or (bucket.primary and _RUNTIME_FILES.fullmatch(name)):
            kept.append(bucket.folder + name)
        else:
            path.unlink()
    return kept


def _failed(message: str) -> Diagnostic:
    return error(
        Location(PurePosixPath(INDEX_DIR)),
        "search-index",
        f"Pagefind could not index the site ({message})",
        "the pages are written; build again, and if it fails again, reinstall Pagefind: "
        f"python -m pip install --force-reinstall '{PACKAGE}'",
    )


def _missing(message: str) -> Diagnostic:
    return error(
        Location(PurePosixPath("requirements.txt")),  # where the package is named
        "search-index",
        message,
        f"install it with: python -m pip install '{PACKAGE}' (see requirements.txt)",
    )
