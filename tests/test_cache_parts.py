"""The cache's files are written a part at a time, so that saving a large site's facts does
not hold a second copy of them in memory, and read back whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import io
from pathlib import Path
import pickle
import tracemalloc
import zlib

from factpress.cache import _MAGIC, _read, _write
from factpress.pickling import (
    Converted,
    FastPickler,
    PartedDict,
    Shelf,
    dump_in_parts,
    load_in_parts,
)


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    number: int


@dataclass(frozen=True, slots=True)
class Saved:
    items: dict[str, Item]
    shelf: Shelf
    few: dict[str, int]
    pairs: tuple[tuple[str, int], ...]
    nothing: None


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


def _round_trip(value: object) -> object:
    out = io.BytesIO()
    dump_in_parts(value, out)
    stream = io.BytesIO(out.getvalue())
    again = load_in_parts(stream)
    assert stream.tell() == len(out.getvalue()), "every part is read, and nothing more"
    return again


def _saved(count: int) -> Saved:
    return Saved(
        items={f"item-{n}": Item(f"name {n}", n) for n in range(count)},
        shelf=Shelf.of({"a": Item("A", 1), "b": Item("B", 2)}),
        few={"x": 1},
        pairs=(("p", 1), ("q", 2)),
        nothing=None,
    )


def test_a_value_comes_back_as_it_was_saved() -> None:
    saved = _saved(2_500)  # a dict of more items than one part holds
    again = _round_trip(("key", saved))
    assert isinstance(again, tuple) and again[0] == "key"
    back = again[1]
    assert isinstance(back, Saved)
    assert back.items == saved.items and list(back.items) == list(saved.items)
    assert (back.few, back.pairs, back.nothing) == (saved.few, saved.pairs, None)
    assert list(back.shelf) == ["a", "b"] and back.shelf["b"] == Item("B", 2)


def _pickles(value: object) -> int:
    """How many pickles dump_in_parts() writes for `value`."""
    out = io.BytesIO()
    dump_in_parts(value, out)
    stream = io.BytesIO(out.getvalue())
    count = 0
    while stream.tell() < len(out.getvalue()):
        pickle.load(stream)
        count += 1
    return count


def test_a_value_is_parted_near_its_top_and_where_it_is_large() -> None:
    assert _round_trip({"a": [1, 2]}) == {"a": [1, 2]}
    assert _pickles({"a": [1, 2]}) == 1
    assert _pickles("text") == 1
    assert _pickles({n: n for n in range(2_500)}) == 1 + 3  # a head, then a thousand at a time
    # A tuple's items, then a dataclass's fields: a head and a part for each.
    assert _pickles(("key", Item("a", 1))) == 1 + 1 + (1 + 2)
    # Deeper, a dataclass is one part with all it holds.
    assert _pickles(("key", (Item("a", 1),))) == 1 + 1 + (1 + 1)
    # A shelf: a head, then each value as the bytes it is kept as.
    assert _pickles(Shelf.of({"a": 1, "b": 2})) == 1 + 2
    # A dict converted as it is written: a head, then a thousand at a time, however few.
    assert _pickles(Converted({n: [n] for n in range(2_500)}, tuple)) == 1 + 3
    assert _pickles(Converted({"a": [1]}, tuple)) == 1 + 1
    assert _pickles(Converted({}, tuple)) == 1


def test_a_converted_dict_comes_back_as_a_dict_of_its_values_converted() -> None:
    lists = {f"out-{n}": [n, n * 2] for n in range(2_500)}
    again = _round_trip(("key", Converted(lists, tuple)))
    assert again == ("key", {dest: tuple(pair) for dest, pair in lists.items()})
    assert _round_trip(Converted({}, tuple)) == {}


def test_a_file_cut_short_or_with_more_after_its_parts_is_no_cache(tmp_path: Path) -> None:
    path = tmp_path / "facts.pickle"
    _write(path, ("key", _saved(2_500)))
    whole = path.read_bytes()
    header = len(_MAGIC) + 8

    def framed(payload: bytes) -> object:
        # With a checksum that agrees, as a file torn between two writes could have.
        path.write_bytes(_MAGIC + b"%08x" % zlib.crc32(payload) + payload)
        return _read(path)

    assert framed(whole[header:]) is not None, "framed as the cache frames its files"
    for payload in (whole[header:-7], whole[header : header + 40], whole[header:] + b"."):
        assert framed(payload) is None


def test_saving_in_parts_holds_a_part_in_memory_not_the_whole() -> None:
    saved = _saved(20_000)

    def peak(dump: Callable[[object], None]) -> int:
        tracemalloc.start()
        try:
            dump(saved)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    whole = peak(lambda value: FastPickler(_Discard(), protocol=5).dump(value))
    parts = peak(lambda value: dump_in_parts(value, _Discard()))
    assert parts * 5 < whole, (parts, whole)
    # A dict converted as it is written: no more than a part of the converted values at once.
    lists = {f"out-{n}": [n, n * 2] for n in range(60_000)}
    tracemalloc.start()
    try:
        dump_in_parts(Converted(lists, tuple), _Discard())
        converting = tracemalloc.get_traced_memory()[1]
        converted = {dest: tuple(pair) for dest, pair in lists.items()}
        copy = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert converted and converting * 5 < copy, (converting, copy)


class Counted:
    """A value that counts how often it is pickled."""

    pickled = 0

    def __init__(self, number: int) -> None:
        self.number = number

    def __reduce__(self) -> tuple[type[Counted], tuple[int]]:
        Counted.pickled += 1
        return Counted, (self.number,)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Counted) and other.number == self.number

    def __hash__(self) -> int:
        return self.number


def _pickled_again(value: object) -> tuple[object, int]:
    """`value` saved and read back, and how many Counted values saving it pickled."""
    Counted.pickled = 0
    again = _round_trip(value)
    return again, Counted.pickled


def test_a_parted_dict_pickles_again_only_the_parts_whose_values_are_not_those_read() -> None:
    read, pickled = _pickled_again(PartedDict({f"k{n}": Counted(n) for n in range(2_500)}))
    assert pickled == 2_500, "a dict new to the cache is pickled whole"
    assert isinstance(read, PartedDict) and list(read) == [f"k{n}" for n in range(2_500)]
    assert read["k2499"] == Counted(2_499)

    # As read: every part is written from its pickle.
    again, pickled = _pickled_again(PartedDict(read, like=read))
    assert (again, pickled) == (read, 0)

    # One value made again (an edited claim): its part of a thousand is pickled again, and the
    # dict reads back with the new value.
    edited = PartedDict({**read, "k1500": Counted(-1)}, like=read)
    again, pickled = _pickled_again(edited)
    assert pickled == 1_000
    assert again == {**read, "k1500": Counted(-1)}
    # Saved again from memory (the preview's next save), that part is a pickle kept too.
    assert _pickled_again(edited)[1] == 0

    # An equal value that is another object is not the value read.
    copied = PartedDict({**read, "k10": Counted(10)}, like=read)
    assert _pickled_again(copied)[1] == 1_000

    # A key added before the others moves every part: all are pickled again.
    moved = PartedDict({"first": Counted(0), **read}, like=read)
    assert _pickled_again(moved)[1] == 2_501

    # Its pickles let go, it is pickled whole, as a dict new to the cache.
    forgotten = PartedDict(read, like=read)
    forgotten.forget_pickles()
    assert _pickled_again(forgotten)[1] == 2_500
    assert _pickled_again(forgotten)[1] == 2_500, "and keeps none of them"

    # Sent elsewhere (to a worker), it is a plain dict, without its pickles.
    sent = pickle.loads(pickle.dumps(read))
    assert type(sent) is dict and sent == read
