"""Remember what the last successful build read and wrote, so that the next one redoes only
what changed; a cache that is missing, corrupt or written by other code is ignored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
import importlib.metadata
import io
import os
from pathlib import Path, PurePosixPath
import shutil
import sys
from typing import Any, BinaryIO, NamedTuple
import zlib

from factpress.digests import digest
from factpress.inputs import InputStat
from factpress.layout import CACHE_DIR, DEFAULT_THEME, THEME_FOLDERS, walk
from factpress.pickling import Converted, dump_in_parts, load_in_parts
from factpress.search import Layout

INDEX_FILE = PurePosixPath(CACHE_DIR, "index.pickle")
FACTS_CACHE = PurePosixPath(CACHE_DIR, "facts.pickle")
# Compiled templates, a folder per language and catalog (render.make_environments).
TEMPLATES_CACHE = PurePosixPath(CACHE_DIR, "templates")
# The parsed pages are spread over files by path, so that an edit rewrites one of them.
PAGE_BUCKETS = 32
# Bump when the layout of the cached values changes; the code digest catches the rest.
FORMAT = 13
_MAGIC = b"factpress-cache\n"
_PACKAGE = Path(__file__).resolve().parent
# The libraries whose behaviour is in the output: templates and their escaping, markdown, the
# catalogs and the dates and numbers of a locale, YAML. (livereload only serves the output.)
LIBRARIES = ("Jinja2", "MarkupSafe", "markdown-it-py", "Babel", "PyYAML")


def code_digest() -> str:
    """The engine's own source and the versions of the libraries it runs on: a cache written
    by other code is never trusted."""
    sources = sorted(_PACKAGE.glob("*.py"))
    # The default theme is the engine's too: a project that overrides a default file still
    # extends it, or reads the default catalog's other entries.
    theme = sorted(
        rel for folder in THEME_FOLDERS for rel, _ in walk(DEFAULT_THEME / folder, f"{folder}/")
    )
    return digest(
        FORMAT,
        sys.version,
        library_versions(),
        *(p.name for p in sources),
        *(p.read_bytes() for p in sources),
        *theme,
        *((DEFAULT_THEME / rel).read_bytes() for rel in theme),
    )


@cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """(name, version) of each of LIBRARIES as installed. Asked once per process: a process
    runs the code it imported first, whatever is installed since (and asking costs ~15 ms)."""
    return tuple((name, importlib.metadata.version(name)) for name in LIBRARIES)


class OutputRecord(NamedTuple):
    """An output file as the last build left it: what it was made from, and its stat, so that
    a file changed or removed by hand since is rebuilt instead of trusted."""

    key: str | None  # None: an output whose inputs are not tracked, rebuilt every time
    size: int
    mtime_ns: int

    def matches(self, found: FileStat | None) -> bool:
        if found is self:  # scan_files() found its folder as recorded, and took its record
            return True
        return found is not None and found.size == self.size and found.mtime_ns == self.mtime_ns


class OnDisk(NamedTuple):
    size: int
    mtime_ns: int


# A file's size and modification time: as scan_files() read them (OnDisk), or, in a folder
# found as the last build left it, the record of the output it wrote there.
FileStat = OnDisk | OutputRecord


@dataclass(frozen=True, slots=True)
class BuildIndex:
    """What a no-op build needs to know, kept small so that deciding costs little."""

    code: str
    out_dir: str
    inputs: str  # one digest over every input and option: equal means nothing to do
    summary: Any  # what the build reported, to report it again after a no-op
    outputs: Mapping[str, OutputRecord]  # dest_path -> record
    facts_key: str  # the facts and pages files written with this index
    page_buckets: tuple[str, ...]  # the key of each pages file (page_buckets())
    structure: str  # digest of every input but the pages' prose (pipeline._structure)
    contexts: Mapping[str, str]  # an explainer's dest_path -> the context of its key
    interface_key: str  # digest of the templates and catalogs, which passed the catalog check
    input_stats: Mapping[str, InputStat]  # input_digests's second result
    search_documents: Mapping[str, str]  # each indexed output -> key of its indexed text
    search_layout: Layout  # the buckets of search_documents, if worked out (search.buckets())
    search_folders: Mapping[str, str]  # the folder of each bucket in the site -> its key
    search_current: bool  # the search index is that of the site (not left for later)
    folders: Mapping[str, int]  # each folder of the output -> its mtime (folder_times())
    folders_at: int  # when they were recorded (time.time_ns())
    # The templates' keys (depends.template_keys), by the digest of the templates' files.
    template_keys: tuple[str, Mapping[str, str]]

    def intact(self, on_disk: Mapping[str, FileStat]) -> bool:
        """Every output of the last build is still on disk as it was written, and nothing else
        is there (a clean build would not have it). `on_disk` is scan_files(out_dir).files."""
        return on_disk.keys() == self.outputs.keys() and all(
            record.matches(on_disk[dest]) for dest, record in self.outputs.items()
        )

    def reusable(self, on_disk: Mapping[str, FileStat]) -> dict[str, str]:
        """dest_path -> key of every output still on disk exactly as this build wrote it."""
        return {
            dest: record.key
            for dest, record in self.outputs.items()
            if record.key is not None and record.matches(on_disk.get(dest))
        }


@dataclass(frozen=True, slots=True)
class BuildWork:
    """The results of the expensive stages, to reuse where their inputs did not change. Each
    part is its own file, rewritten only when it changed."""

    facts_key: str
    facts: Any  # sources, claims and anchors with their diagnostics (pipeline.Facts)
    pages: Mapping[str, Any]  # src_path -> parallel.PageWork


class OutputScan(NamedTuple):
    files: dict[str, FileStat]  # every file below the folder -> its size and mtime
    # every folder below it ('' for itself, else with a trailing /) -> its mtime then
    folders: dict[str, int]


def scan_files(folder: Path, previous: BuildIndex | None = None) -> OutputScan:
    """Every file below `folder` (posix path relative to it) with its size and mtime: one
    pass tells which outputs are as the last build left them and which files are strays.

    A folder whose modification time is the one `previous` recorded holds the same names as
    then (adding, removing or renaming a file in it moves that time): its files are taken as
    recorded, without a stat each, so that the check costs a stat per folder, not per file.
    A file rewritten in place by hand, leaving its folder's time alone, goes unnoticed. On a
    file system whose times are whole seconds, a folder changed within 2 s before its time
    was recorded could be changed again in the same second: it is looked into anyway."""
    recorded = previous.folders if previous is not None else {}
    since = previous.folders_at if previous is not None else 0
    folders: dict[str, list[str]] = {}
    for rel in recorded:
        if rel:
            folders.setdefault(_parent(rel.removesuffix("/")), []).append(rel)
    found: dict[str, FileStat] = {}
    seen: dict[str, int] = {}
    as_recorded: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        path = f"{folder}/{rel}"
        try:
            mtime = os.stat(path).st_mtime_ns  # noqa: PTH116 - no Path object per folder
        except OSError:  # gone, or a file where a folder was
            continue
        seen[rel] = mtime
        coarse = mtime % 1_000_000_000 == 0 and since - mtime < 2_000_000_000
        if recorded.get(rel) == mtime and not coarse:
            as_recorded.append(rel)
            stack += folders.get(rel, ())
            continue
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            # scandir's entries know whether they are folders without a stat
            if entry.is_dir(follow_symlinks=False):
                stack.append(f"{rel}{entry.name}/")
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            found[rel + entry.name] = OnDisk(stat.st_size, stat.st_mtime_ns)
    if previous is not None and as_recorded:
        found.update(_outputs_in(previous, as_recorded))
    return OutputScan(found, seen)


def _outputs_in(previous: BuildIndex, folders: list[str]) -> Mapping[str, OutputRecord]:
    """The outputs `previous` wrote in `folders`, each with its record as its stat. In the
    common case of an edit, every folder the last build recorded: its outputs whole, without
    a look at each (which took ~35 ms of a save in the preview at 1,000 explainers). Every
    output's folder is recorded (folder_times()), so all of them is then every output."""
    if len(folders) == len(previous.folders):
        return previous.outputs
    wanted = set(folders)
    return {dest: record for dest, record in previous.outputs.items() if _parent(dest) in wanted}


def folder_times(
    folder: Path, changed: Iterable[str], seen: Mapping[str, int], *, update: bool
) -> dict[str, int]:
    """The modification time of each folder of the output, as scan_files() reads it: ''
    for `folder` itself, else a posix path with a trailing slash. Those are the folders the
    scan before the build `seen` (with their times then), and those that hold a file in
    `changed` (the files the build wrote). One gone since has GONE, which no folder's time
    is: so every output's folder is recorded, and never as found.

    In an `update`, a folder keeps the time the scan found unless a file was written in it
    or below it, which is then stat-ed again: a stat per folder of the edit, not per folder
    of the site. A time kept that is older than the folder's (a file another program added
    since the scan, a stray the build removed) is safe: the next scan looks into it. A full
    build made every folder anew: each is stat-ed."""
    times = dict(seen) if update else {}
    again = set() if update else {"", *seen}
    for dest in changed:
        parent = _parent(dest)
        while parent not in again:
            again.add(parent)
            parent = _parent(parent.removesuffix("/"))
    for rel in again:
        try:
            times[rel] = os.stat(f"{folder}/{rel}").st_mtime_ns  # noqa: PTH116
        except OSError:
            times[rel] = GONE
    return times


# The time folder_times() records for a folder it could not find: the earliest time a file
# system can hold, which no folder of a build's output has.
GONE = -(2**63)


def _parent(path: str) -> str:
    """a/b/c -> 'a/b/'; c -> ''."""
    head, _, _ = path.rpartition("/")
    return head + "/" if head else ""


@dataclass(frozen=True, slots=True)
class Warm:
    """The cache as a build saved it, still in the memory of the process that built: the next
    build in that process (the preview's) starts from it instead of reading it back."""

    index: BuildIndex
    work: BuildWork
    saved_as: tuple[int, int, int]  # inode, size and mtime of the index file it wrote

    def current(self, root: Path) -> bool:
        """Nothing has written the cache since: another build would have replaced the index."""
        return index_identity(root) == self.saved_as


def index_identity(root: Path) -> tuple[int, int, int] | None:
    """The index file as it is now, by its inode, size and mtime (Warm.saved_as); taken before
    it is read, it tells later whether the file read is still the cache's. None if missing."""
    try:
        stat = (root / INDEX_FILE).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_cache(root: Path, code: str, out_dir: Path, warm: Warm | None = None) -> BuildIndex | None:
    """The index of the last build, or None if missing, damaged or not ours to trust. `warm`
    is the cache this process saved last, if it is still current."""
    index = warm.index if warm else _unpack_index(_read(root / INDEX_FILE), code)
    if index is None or index.code != code:
        return None
    return index if index.out_dir == str(out_dir.resolve()) else None


def load_cached_facts(
    root: Path, index: BuildIndex | None, warm: Warm | None = None
) -> tuple[str, Any] | None:
    """The facts stage's result saved with `index`, and the digest of its inputs. A file that
    does not hold them (damaged, or another build's) is removed, so that this build's save
    writes it again instead of every later build verifying everything anew."""
    if index is None:
        return None
    saved = (warm.work.facts_key, warm.work.facts) if warm else _read(root / FACTS_CACHE)
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != index.facts_key:
        (root / FACTS_CACHE).unlink(missing_ok=True)
        return None
    return saved[0], saved[1]


def pages_file(bucket: int) -> PurePosixPath:
    return PurePosixPath(CACHE_DIR, f"pages-{bucket:02}.pickle")


def _bucket_of(src_path: str) -> int:
    return zlib.crc32(src_path.encode()) % PAGE_BUCKETS


def page_buckets(code: str, pages: Mapping[str, Any]) -> tuple[str, ...]:
    """The key of each pages file: a digest of the engine and of the path and key of every
    page (parallel.PageWork) that falls in it, so a stale or foreign file is never used."""
    groups: list[list[tuple[str, str]]] = [[] for _ in range(PAGE_BUCKETS)]
    for src_path, work in pages.items():
        groups[_bucket_of(src_path)].append((src_path, work.key))
    return tuple(digest(code, sorted(group)) for group in groups)


@dataclass(frozen=True, slots=True)
class CachedPages:
    pages: Mapping[str, Any]  # src_path -> parallel.PageWork, each checked by its key when used
    intact: frozenset[str]  # the keys of the pages files on disk that hold these pages


def load_cached_pages(
    root: Path, index: BuildIndex | None, warm: Warm | None = None
) -> CachedPages:
    """The pages saved with `index`: a damaged or stale file only loses the pages in it."""
    if index is not None and warm is not None:
        return CachedPages(warm.work.pages, frozenset(index.page_buckets))
    # Every build looks at every page, so each file is one pickle of its pages (a quarter
    # faster to load than one pickle per page, which share nothing).
    pages: dict[str, Any] = {}
    intact = set()
    for bucket, key in enumerate(index.page_buckets if index else ()):
        saved = _read(root / pages_file(bucket))
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
            pages.update(saved[1])
            intact.add(key)
    return CachedPages(pages, frozenset(intact))


def read_warm(root: Path, index: BuildIndex, read_as: tuple[int, int, int] | None) -> Warm | None:
    """The whole cache saved with `index`, read into memory for a process that builds again
    (the preview), as a build leaves it; None if a part of it is missing or stale, or if
    another build (for another output folder) has written the cache since `index` was read
    from the file that was then `read_as` (index_identity())."""
    facts = load_cached_facts(root, index)
    pages = load_cached_pages(root, index)
    if read_as is None or facts is None or pages.intact != frozenset(index.page_buckets):
        return None
    warm = Warm(index, BuildWork(*facts, pages.pages), read_as)
    return warm if warm.current(root) else None


def save_cache(
    root: Path, index: BuildIndex, work: BuildWork, previous: BuildIndex | None, read: CachedPages
) -> Warm | None:
    """Write what changed, and the index last: an index only names files that exist. `read`
    are the pages this build read from the cache."""
    (root / CACHE_DIR).mkdir(exist_ok=True)
    facts = root / FACTS_CACHE
    if previous is None or previous.facts_key != work.facts_key or not facts.exists():
        _write(facts, (work.facts_key, work.facts))
    for bucket, key in enumerate(index.page_buckets):
        if key not in read.intact:
            pages = {src: page for src, page in work.pages.items() if _bucket_of(src) == bucket}
            _write(root / pages_file(bucket), (key, pages))
    _write(root / INDEX_FILE, _pack_index(index))
    saved_as = index_identity(root)
    return Warm(index, work, saved_as) if saved_as else None  # None: another build removed it


def _pack_index(index: BuildIndex) -> tuple[BuildIndex, Converted]:
    """The index with its output records to be written as plain tuples: a record per output
    (100,000 at 4,000 explainers), and plain tuples pickle and load in a fraction of named
    ones' time. They are made as they are written: all at once, they added 7 MB to the peak
    memory of a cold build at 4,000 explainers."""
    return replace(index, outputs={}), Converted(index.outputs, tuple)


def _unpack_index(packed: object, code: str) -> BuildIndex | None:
    """_pack_index's value back, or None if `packed` is not one, or not of this `code` (whose
    records may have another shape)."""
    if not isinstance(packed, tuple) or len(packed) != 2:
        return None
    index, outputs = packed
    if not isinstance(index, BuildIndex) or index.code != code or not isinstance(outputs, dict):
        return None
    new = tuple.__new__  # what OutputRecord(...) does, without its Python-level __new__
    try:
        records = {dest: new(OutputRecord, r) for dest, r in outputs.items()}
    except TypeError:  # a value that is no sequence
        return None
    if any(len(r) != len(OutputRecord._fields) for r in records.values()):
        return None
    return replace(index, outputs=records)


def template_cache(root: Path, lang: str, key: str) -> Path:
    """The folder of compiled templates for one language and `key` (the engine and the
    catalog): made if missing, and the folders of older keys removed."""
    folder = root / TEMPLATES_CACHE
    current = folder / f"{lang}-{key}"
    if not current.is_dir():
        for old in folder.glob(f"{lang}-*"):
            shutil.rmtree(old, ignore_errors=True)
        current.mkdir(parents=True, exist_ok=True)
    return current


def drop_cache(root: Path) -> None:
    """Forget the last build: called before site/ is touched, so a build that dies while
    writing leaves no cache describing a site that is no longer there."""
    (root / INDEX_FILE).unlink(missing_ok=True)


def _read(path: Path) -> object:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 8
    if not data.startswith(_MAGIC) or len(data) < header:
        return None
    if b"%08x" % zlib.crc32(memoryview(data)[header:]) != data[len(_MAGIC) : header]:
        return None
    stream = io.BytesIO(data)  # shares `data`'s bytes until written to: no copy
    stream.seek(header)
    try:
        value = load_in_parts(stream)
    except Exception:  # a damaged pickle can fail in many ways: all mean "no cache"
        return None
    return value if stream.tell() == len(data) else None


def _write(path: Path, value: object) -> None:
    """Atomically: a reader sees the old file, the new one, or none."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as out:
        # Pickled straight into the file, the checksum filled in after: the facts of a large
        # site are tens of megabytes, which a buffer would add to the build's peak memory.
        out.write(_MAGIC + b"0" * 8)
        checking = _Checking(out)
        dump_in_parts(value, checking)
        out.seek(len(_MAGIC))
        out.write(b"%08x" % checking.crc)
    temporary.replace(path)


class _Checking:
    """A file that keeps the CRC-32 of what is written through it. The check is against the
    damage a cache can come to (a torn or truncated write, flipped bits), which a CRC catches
    but for one chance in four billion, at a fifth of a cryptographic digest's cost: the cache
    is tens of megabytes, read on every build."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.crc = 0

    def write(self, data: bytes) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.out.write(data)


def record_outputs(
    out_dir: Path, keys: Mapping[str, str | None], dests: Iterable[str]
) -> dict[str, OutputRecord]:
    """Stat the outputs just written."""
    records = {}
    folder = str(out_dir)
    for dest in dests:
        stat = os.stat(f"{folder}/{dest}")  # noqa: PTH116 - no Path object per output
        records[dest] = OutputRecord(keys.get(dest), stat.st_size, stat.st_mtime_ns)
    return records
