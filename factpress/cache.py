"""Remember what the last successful build read and wrote, so that the next one redoes only
what changed; a cache that is missing, corrupt or written by other code is ignored."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
import hashlib
import io
import os
from pathlib import Path, PurePosixPath
import pickle
import sys
import time
from typing import Any, BinaryIO, NamedTuple
import zlib

from factpress.diagnostics import Diagnostic, Location, error
from factpress.layout import (
    CACHE_DIR,
    CONTENT_DIR,
    DEFAULT_THEME,
    INPUT_FILES,
    SOURCES_DIR,
    THEME_FOLDERS,
    theme_files,
    walk,
)
from factpress.model import LANGS, Source
from factpress.sentences import Sentence

INDEX_FILE = PurePosixPath(CACHE_DIR, "index.pickle")
FACTS_FILE = PurePosixPath(CACHE_DIR, "facts.pickle")
# The parsed pages are spread over files by path, so that an edit rewrites one of them.
PAGE_BUCKETS = 32
# Bump when the layout of the cached values changes; the code digest catches the rest.
FORMAT = 7
_MAGIC = b"factpress-cache\n"
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short, stable digest of `parts` by their repr (str and bytes as they are)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, bytes):
            hasher.update(part)
        else:
            hasher.update(part.encode() if isinstance(part, str) else repr(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


def code_digest() -> str:
    """The engine's own source: a cache written by other code is never trusted."""
    sources = sorted(_PACKAGE.glob("*.py"))
    # The default theme is the engine's too: a project that overrides a default file still
    # extends it, or reads the default catalog's other entries.
    theme = sorted(
        rel for folder in THEME_FOLDERS for rel, _ in walk(DEFAULT_THEME / folder, f"{folder}/")
    )
    return digest(
        FORMAT,
        sys.version,
        *(p.name for p in sources),
        *(p.read_bytes() for p in sources),
        *theme,
        *((DEFAULT_THEME / rel).read_bytes() for rel in theme),
    )


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


def _not_text(data: bytes) -> NotText | None:
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
        bad = _not_text(data) if is_text_input(rel) else None
        if bad is not None:
            not_text[rel] = bad
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < taken - _RACY_NS:
            stats[rel] = InputStat(
                stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, digests[rel]
            )
    return Inputs(digests, stats, unreadable, not_text)


def _input_files(root: Path) -> Iterator[tuple[str, str]]:
    """(posix path under `root`, path) of every regular file a build may read; a theme file
    the project does not have stands under its own name for the default theme's."""
    for name in INPUT_FILES:
        if (root / name).is_file():
            yield name, str(root / name)
    for folder in (CONTENT_DIR, SOURCES_DIR):
        for rel, entry in walk(root / folder, f"{folder}/"):
            if entry.is_file():  # a link to a file is read, as rglob and is_file() did
                yield rel, entry.path
    for folder in THEME_FOLDERS:
        yield from theme_files(root, folder)


def digest_of(digests: Mapping[str, str], prefixes: Iterable[str]) -> str:
    """One digest over the files whose path starts with one of `prefixes`."""
    prefixes = tuple(prefixes)
    return digest(*sorted((k, v) for k, v in digests.items() if k.startswith(prefixes)))


class OutputRecord(NamedTuple):
    """An output file as the last build left it: what it was made from, and its stat, so that
    a file changed or removed by hand since is rebuilt instead of trusted."""

    key: str | None  # None: an output whose inputs are not tracked, rebuilt every time
    size: int
    mtime_ns: int

    def matches(self, found: OnDisk | None) -> bool:
        return found is not None and found.size == self.size and found.mtime_ns == self.mtime_ns


class OnDisk(NamedTuple):
    size: int
    mtime_ns: int


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

    def intact(self, on_disk: Mapping[str, OnDisk]) -> bool:
        """Every output of the last build is still on disk as it was written, and nothing else
        is there (a clean build would not have it). `on_disk` is scan_files(out_dir)."""
        return on_disk.keys() == self.outputs.keys() and all(
            record.matches(on_disk[dest]) for dest, record in self.outputs.items()
        )

    def reusable(self, on_disk: Mapping[str, OnDisk]) -> dict[str, str]:
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


def scan_files(folder: Path) -> dict[str, OnDisk]:
    """Every file below `folder` (posix path relative to it) with its size and mtime: one
    pass tells which outputs are as the last build left them and which files are strays."""
    found: dict[str, OnDisk] = {}
    for rel, entry in walk(folder):
        try:
            stat = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        found[rel] = OnDisk(stat.st_size, stat.st_mtime_ns)
    return found


@dataclass(frozen=True, slots=True)
class Warm:
    """The cache as a build saved it, still in the memory of the process that built: the next
    build in that process (the preview's) starts from it instead of reading it back."""

    index: BuildIndex
    work: BuildWork
    saved_as: tuple[int, int, int]  # inode, size and mtime of the index file it wrote

    def current(self, root: Path) -> bool:
        """Nothing has written the cache since: another build would have replaced the index."""
        return _identity(root / INDEX_FILE) == self.saved_as


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_cache(root: Path, code: str, out_dir: Path, warm: Warm | None = None) -> BuildIndex | None:
    """The index of the last build, or None if missing, damaged or not ours to trust. `warm`
    is the cache this process saved last, if it is still current."""
    index = warm.index if warm else _read(root / INDEX_FILE)
    if not isinstance(index, BuildIndex) or index.code != code:
        return None
    return index if index.out_dir == str(out_dir.resolve()) else None


def load_facts(
    root: Path, index: BuildIndex | None, warm: Warm | None = None
) -> tuple[str, Any] | None:
    """The facts stage's result saved with `index`, and the digest of its inputs."""
    if index is None:
        return None
    saved = (warm.work.facts_key, warm.work.facts) if warm else _read(root / FACTS_FILE)
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != index.facts_key:
        return None
    return saved[0], saved[1]


class Shelf(Mapping[str, Any]):
    """A mapping whose values are pickled one by one and unpickled on first use.

    A one-page edit at newsroom scale needs a handful of the 250 sources: loading only what is
    used, and saving the cache again without pickling what did not change, is most of what such
    a build costs."""

    def __init__(
        self, encoded: Mapping[str, bytes], decoded: Mapping[str, Any] | None = None
    ) -> None:
        self._keys = list(dict.fromkeys([*encoded, *(decoded or {})]))
        self._encoded = dict(encoded)
        self._decoded = dict(decoded or {})

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Shelf:
        """Values at hand: each is pickled when the shelf is."""
        return cls({}, values)

    def __getitem__(self, key: str) -> Any:
        if key not in self._decoded:
            self._decoded[key] = pickle.loads(self._encoded[key])
        return self._decoded[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._encoded or key in self._decoded

    def keeping(self, keys: Collection[str], values: Mapping[str, Any]) -> Shelf:
        """A shelf of this one's values for `keys` (still as they were read) and of `values`,
        in the order of their keys."""
        encoded = {k: self._encoded[k] for k in keys if k in self._encoded}
        decoded = {k: self._decoded[k] for k in keys if k in self._decoded}
        shelf = Shelf(encoded, {**decoded, **values})
        shelf._keys.sort()
        return shelf

    def __reduce__(self) -> tuple[Any, ...]:
        # The values are never replaced: bytes read are still the value's.
        encoded = self._encoded
        return Shelf, ({k: encoded.get(k) or _dumps(self._decoded[k]) for k in self._keys},)


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


def load_pages(root: Path, index: BuildIndex | None, warm: Warm | None = None) -> CachedPages:
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


def save_cache(
    root: Path, index: BuildIndex, work: BuildWork, previous: BuildIndex | None, read: CachedPages
) -> Warm | None:
    """Write what changed, and the index last: an index only names files that exist. `read`
    are the pages this build read from the cache."""
    (root / CACHE_DIR).mkdir(exist_ok=True)
    if previous is None or previous.facts_key != work.facts_key:
        _write(root / FACTS_FILE, (work.facts_key, work.facts))
    for bucket, key in enumerate(index.page_buckets):
        if key not in read.intact:
            pages = {src: page for src, page in work.pages.items() if _bucket_of(src) == bucket}
            _write(root / pages_file(bucket), (key, pages))
    _write(root / INDEX_FILE, index)
    saved_as = _identity(root / INDEX_FILE)
    return Warm(index, work, saved_as) if saved_as else None  # None: another build removed it


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
    payload = memoryview(data)[header:]  # no copy
    if b"%08x" % zlib.crc32(payload) != data[len(_MAGIC) : header]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a damaged pickle can fail in many ways: all mean "no cache"
        return None


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _FastPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _write(path: Path, value: object) -> None:
    """Atomically: a reader sees the old file, the new one, or none."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as out:
        # Pickled straight into the file, the checksum filled in after: the facts of a large
        # site are tens of megabytes, which a buffer would add to the build's peak memory.
        out.write(_MAGIC + b"0" * 8)
        checking = _Checking(out)
        _FastPickler(checking, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
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


class _FastPickler(pickle.Pickler):
    """Pickles dataclass instances as their class and field values: the default for a slotted
    dataclass looks its fields up again for every object, which made the cache slow to load."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is PurePosixPath:  # every Location has one: most are the same few files
            return _posix_path, (str(obj),)
        if kind is Source:
            return _unpack_source, _pack_source(obj)
        if kind is type or not is_dataclass(kind):
            return NotImplemented
        names, by_init = _layout(kind)
        values = tuple(getattr(obj, name) for name in names)
        return (kind, values) if by_init else (_rebuild, (kind, names, values))


def _pack_source(source: Source) -> tuple[Any, ...]:
    # A source's sentences are most of the objects in the cache; as columns of numbers (their
    # text is a slice of the source's) they load ~3x faster than as objects.
    names, _ = _layout(Source)
    values = tuple(getattr(source, n) for n in names if n != "sentences")
    columns = tuple(
        zip(*((s.id, s.start, s.end, s.line, s.column) for s in source.sentences), strict=True)
    )
    return values, columns


def _unpack_source(values: tuple[Any, ...], columns: tuple[tuple[Any, ...], ...]) -> Source:
    names, _ = _layout(Source)
    fields = dict(zip((n for n in names if n != "sentences"), values, strict=True))
    text: str = fields["text"]
    new = tuple.__new__  # what Sentence(...) does, without its Python-level __new__
    fields["sentences"] = tuple(
        new(Sentence, (i, text[start:end], start, end, line, column))
        for i, start, end, line, column in zip(*columns, strict=True)
    )
    return Source(**fields)


@cache
def _posix_path(path: str) -> PurePosixPath:
    """One path object per distinct path, however many locations point into that file."""
    return PurePosixPath(path)


@cache
def _layout(kind: type) -> tuple[tuple[str, ...], bool]:
    """The field names of a dataclass, and whether its __init__ takes exactly them (then
    calling it is the fastest way back)."""
    all_fields = fields(kind)
    by_init = all(f.init for f in all_fields) and not hasattr(kind, "__post_init__")
    return tuple(f.name for f in all_fields), by_init


def _rebuild(kind: type, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(kind)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


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
