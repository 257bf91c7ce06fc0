"""The cache's shelf: values pickled one by one, read only when used, and saved again without
pickling those that did not change."""

from __future__ import annotations

import pickle

from factpress.pickling import Shelf


class Counted:
    """Counts how often instances are pickled and unpickled."""

    loads = 0
    dumps = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def __reduce__(self) -> tuple[object, ...]:
        Counted.dumps += 1
        return _load_counted, (self.name,)


def _load_counted(name: str) -> Counted:
    Counted.loads += 1
    return Counted(name)


def test_a_shelf_survives_pickling_with_its_keys_in_order() -> None:
    shelf = pickle.loads(pickle.dumps(Shelf.of({"b": Counted("B"), "a": Counted("A")})))
    assert list(shelf) == ["b", "a"]
    assert len(shelf) == 2
    assert "a" in shelf and "c" not in shelf
    assert shelf["a"].name == "A"


def test_only_the_values_used_are_unpickled() -> None:
    data = pickle.dumps(Shelf.of({str(n): Counted(str(n)) for n in range(50)}))
    Counted.loads = 0
    shelf = pickle.loads(data)
    assert Counted.loads == 0
    assert shelf["7"].name == "7"
    assert shelf["7"].name == "7"
    assert Counted.loads == 1


def test_saving_again_reuses_the_bytes_of_values_read() -> None:
    first = pickle.loads(pickle.dumps(Shelf.of({"a": Counted("A"), "b": Counted("B")})))
    assert first["a"].name == "A"
    Counted.dumps = Counted.loads = 0
    again = pickle.loads(pickle.dumps(first))
    assert Counted.dumps == 0, "values read are saved from the bytes they were read from"
    assert again["a"].name == "A"
    assert Counted.loads == 1


def test_a_shelf_keeping_some_values_saves_them_from_the_bytes_they_were_read_from() -> None:
    first = pickle.loads(pickle.dumps(Shelf.of({"a": Counted("A"), "b": Counted("B")})))
    assert first["a"].name == "A"
    Counted.dumps = 0
    kept = first.keeping({"a"}, {"c": Counted("C")})
    assert list(kept) == ["a", "c"]
    pickle.dumps(kept)
    assert Counted.dumps == 1, "only the new value is pickled"
