"""The cache's files are written a part at a time, so that saving a large site's facts does
not hold a second copy of them in memory, and read back whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import io
import tracemalloc

from factpress.pickling import FastPickler, Shelf, dump_in_parts, load_in_parts


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


def test_a_plain_value_is_one_part() -> None:
    assert _round_trip({"a": [1, 2]}) == {"a": [1, 2]}
    assert _round_trip("text") == "text"


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
