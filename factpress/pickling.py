"""Pickle the build's values compactly and fast to load, and keep many of them pickled one by
one, each unpickled only when used."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
import io
from itertools import islice
from pathlib import PurePosixPath
import pickle
from typing import Any, BinaryIO, Protocol

from factpress.model import Source
from factpress.sentences import Sentence


def dumps(value: object) -> bytes:
    """`value` pickled by FastPickler."""
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


def dump(value: object, out: Writable) -> None:
    """Pickle `value` by FastPickler into `out`."""
    FastPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


def dump_in_parts(value: object, out: Writable) -> None:
    """Pickle `value` into `out` as a run of pickles, each made and let go in turn: a tuple
    or a dataclass near the top of `value` part by part, a dict of many items (and a
    PartedDict, of any size) a thousand at a time, a Shelf value by value. A pickler holds
    every object it has written (and those it made to write them) until it is done: one pickle
    of a large site's facts added 125 MB to a build's peak memory at 4,000 explainers. Objects
    shared between parts are written once in each, and come back as copies. load_in_parts()
    reads `value` back (a Converted as the dict it stands for)."""
    pickler = FastPickler(out, protocol=pickle.HIGHEST_PROTOCOL)

    def put(part: object) -> None:
        pickler.dump(part)
        pickler.clear_memo()

    def walk(value: object, depth: int) -> None:
        if type(value) is Shelf:
            put((_SHELF, value._keys))
            for key in value._keys:
                put(value.encoded(key))
        elif type(value) is Converted:
            put((_DICT, -(-len(value.items) // _PART_ITEMS)))
            pairs = iter(value.items.items())
            while part := list(islice(pairs, _PART_ITEMS)):
                put({key: value.convert(item) for key, item in part})
        elif type(value) is PartedDict:
            put((_PARTED, -(-len(value) // _PART_ITEMS)))
            items = iter(value.items())
            while chunk := dict(islice(items, _PART_ITEMS)):
                pickled = value.as_read(chunk)
                if pickled is None and value.keeps_pickles:
                    pickled = dumps(chunk)  # as put() writes it, and kept for the next save
                    value.kept(chunk, pickled)
                if pickled is None:
                    put(chunk)
                else:  # a whole pickle, as put() writes one: the pickler keeps nothing between
                    out.write(pickled)
        elif type(value) is dict and len(value) > _PART_ITEMS:
            put((_DICT, -(-len(value) // _PART_ITEMS)))
            items = iter(value.items())
            while chunk := dict(islice(items, _PART_ITEMS)):
                put(chunk)
        elif depth < _PART_DEPTH and type(value) is tuple:
            put((_TUPLE, len(value)))
            for item in value:
                walk(item, depth + 1)
        elif depth < _PART_DEPTH and is_dataclass(value) and not isinstance(value, type):
            names, _ = _layout(type(value))
            put((_DATACLASS, type(value)))
            for name in names:
                walk(getattr(value, name), depth + 1)
        else:
            put((_WHOLE, value))

    walk(value, 0)


class PartedDict(dict[Any, Any]):
    """A dict that dump_in_parts() writes a thousand items a part, and that load_in_parts()
    reads back with the pickle of each part. A part that holds the same keys and the very same
    values as when it was read is written again from its pickle, not pickled anew: after a
    claim edit at 4,000 explainers, pickling the 20,000 claims again took ~0.9 s.

    `like` hands a new dict the pickles of the parts of one read before that it holds as they
    were (a value made again, an edited claim, is another object): only the others are
    pickled again. A part kept holds the values it was read with, so that no other object can
    take one's identity; the others are let go at once."""

    def __init__(self, items: Mapping[Any, Any], like: Mapping[Any, Any] | None = None) -> None:
        super().__init__(items)
        # By a part's first key: its keys, its values and its pickle.
        self._parts: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...], bytes]] = {}
        if isinstance(like, PartedDict):
            for first, (keys, values, pickled) in like._parts.items():
                if self._holds(keys, values):
                    self._parts[first] = (keys, values, pickled)

    def as_read(self, part: Mapping[Any, Any]) -> bytes | None:
        """The pickle `part` was read from, if it is the part that was read."""
        kept = self._parts.get(next(iter(part), None))
        if kept is None or tuple(part) != kept[0] or not self._holds(kept[0], kept[1]):
            return None
        return kept[2]

    @property
    def keeps_pickles(self) -> bool:
        """Whether it holds the pickles of parts read: then a part pickled again is kept too
        (the preview saves after each claim edit, from what it holds). A dict new to the cache
        keeps none: at the end of a cold build that would add the pickles to its peak."""
        return bool(self._parts)

    def kept(self, part: Mapping[Any, Any], pickled: bytes) -> None:
        """`part`, as it is in this dict, was pickled as `pickled`."""
        self._parts[next(iter(part))] = (tuple(part), tuple(part.values()), pickled)

    def read(self, part: Mapping[Any, Any], pickled: bytes) -> None:
        """Load_in_parts() read `part` from `pickled`."""
        self.update(part)
        self.kept(part, pickled)

    def forget_pickles(self) -> None:
        """Let the pickles go: this dict will not be saved again."""
        self._parts.clear()

    def _holds(self, keys: tuple[Any, ...], values: tuple[Any, ...]) -> bool:
        missing = object()
        return all(self.get(k, missing) is v for k, v in zip(keys, values, strict=True))

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self),)  # elsewhere (to a worker, say), a plain dict: no parts


@dataclass(frozen=True, slots=True)
class Converted:
    """A dict that dump_in_parts() writes with `convert(value)` in place of each value, a
    part at a time, so that the converted copy is never whole in memory. It loads back as a
    plain dict of the converted values."""

    items: Mapping[Any, Any]
    convert: Callable[[Any], Any]


def load_in_parts(stream: BinaryIO) -> object:
    """A value that dump_in_parts() wrote to `stream`."""
    head = pickle.load(stream)
    tag = head[0]
    if tag == _WHOLE:
        return head[1]
    if tag == _SHELF:
        return Shelf({key: pickle.load(stream) for key in head[1]})
    if tag == _DICT:
        whole: dict[Any, Any] = {}
        for _ in range(head[1]):
            whole.update(pickle.load(stream))
        return whole
    if tag == _PARTED:
        parted = PartedDict({})
        for _ in range(head[1]):
            start = stream.tell()
            part = pickle.load(stream)
            end = stream.tell()
            stream.seek(start)
            parted.read(part, stream.read(end - start))
        return parted
    if tag == _TUPLE:
        return tuple(load_in_parts(stream) for _ in range(head[1]))
    if tag == _DATACLASS:
        kind = head[1]
        names, by_init = _layout(kind)
        values = tuple(load_in_parts(stream) for _ in names)
        return kind(*values) if by_init else _rebuild(kind, names, values)
    raise pickle.UnpicklingError(f"not a part: {tag!r}")


# How dump_in_parts() parts a value: the tag of each part's head, how deep into the value it
# looks for tuples and dataclasses (the facts, and the (key, facts) saved), and how many of a
# dict's items go into one part.
_WHOLE, _SHELF, _DICT, _TUPLE, _DATACLASS, _PARTED = range(6)
_PART_DEPTH = 2
_PART_ITEMS = 1000


class FastPickler(pickle.Pickler):
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
    # text is cut from the source's) they load ~3x faster than as objects.
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
        new(Sentence, (i, start, end, line, column, text))
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

    def encoded(self, key: str) -> bytes:
        """The value of `key` pickled: as it was read, or pickled now."""
        # The values are never replaced: bytes read are still the value's.
        return self._encoded.get(key) or dumps(self._decoded[key])

    def __reduce__(self) -> tuple[Any, ...]:
        return Shelf, ({k: self.encoded(k) for k in self._keys},)
