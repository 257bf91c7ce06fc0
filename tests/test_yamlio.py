"""YAML to plain values that remember where they were written: 1-based lines and columns, the
line a front-matter block starts on, syntax errors and duplicate keys as diagnostics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import PurePosixPath
import pickle
import unicodedata

import pytest

from factpress.diagnostics import Location
from factpress.yamlio import Misread, YNode, dump_scalar, load_yaml

FILE = PurePosixPath("facts.yaml")


def load(text: str, first_line: int = 1) -> YNode:
    node, problems = load_yaml(text, FILE, first_line)
    assert problems == []
    assert node is not None
    return node


def at(line: int, column: int) -> Location:
    return Location(FILE, line, column)


def test_values_keep_their_line_and_column() -> None:
    root = load("claims:\n  one:\n    quote: 'words'\n    reviewed: 2026-11-02\n")
    one = root.mapping()["claims"].mapping()["one"]
    quote = one.mapping()["quote"]
    assert (quote.value, quote.where, quote.key_where) == ("words", at(3, 12), at(3, 5))
    assert one.key_where == at(2, 3)
    assert one.where == at(3, 5)  # a block mapping starts at its first key
    assert one.key_or_value_where == at(2, 3)
    assert one.mapping()["reviewed"].value == date(2026, 11, 2)


def test_sequences_become_tuples_of_positioned_values() -> None:
    items = load("- a\n- b: 1\n").items()
    assert [item.where for item in items] == [at(1, 3), at(2, 3)]
    assert items[0].value == "a"
    assert items[1].mapping()["b"].value == 1


def test_first_line_shifts_every_position() -> None:
    # front matter starts on line 2 of a page, after the opening `---`
    root = load("title: T\nsummary: S\n", first_line=2)
    assert root.mapping()["summary"].where == at(3, 10)
    assert root.mapping()["title"].key_where == at(2, 1)


def test_an_empty_document_is_no_value_and_no_problem() -> None:
    assert load_yaml("", FILE) == (None, [])
    assert load_yaml("# only a comment\n", FILE) == (None, [])


@pytest.mark.parametrize(
    ("text", "first_line", "where", "problem"),
    [
        ("a: b: c\n", 1, at(1, 5), "mapping values are not allowed in this context"),
        ("x: 1\ntitle: a: b\n", 2, at(3, 9), "mapping values are not allowed in this context"),
        ("a:\n  - x\n  b: 2\n", 1, at(3, 3), "did not find expected '-' indicator"),
    ],
)
def test_syntax_error_is_one_diagnostic_at_the_problem(
    text: str, first_line: int, where: Location, problem: str
) -> None:
    node, problems = load_yaml(text, FILE, first_line)
    assert node is None
    assert [(p.where, p.code, p.message) for p in problems] == [
        (where, "yaml-syntax", f"YAML syntax error: {problem}")
    ]
    assert problems[0].hint


def test_unreadable_character_is_a_diagnostic_not_an_exception() -> None:
    node, problems = load_yaml("a: \x07\n", FILE, first_line=4)
    assert node is None
    assert [(p.where.path, p.where.line, p.code) for p in problems] == [(FILE, 4, "yaml-syntax")]


def test_duplicate_scalar_key_is_reported_at_the_second_one_and_the_first_wins() -> None:
    node, problems = load_yaml("a: 1\nb: 2\na: 3\n", FILE)
    assert node is not None
    assert node.mapping()["a"].value == 1
    assert [(p.where, p.code, p.message) for p in problems] == [
        (at(3, 1), "yaml-duplicate-key", "duplicate key 'a' (first defined at line 1)")
    ]


def test_duplicate_mapping_key_names_the_line_of_the_first_key() -> None:
    # a claim defined twice: the message must point at the first `one:` line, not at the
    # first field under it
    text = "claims:\n  one:\n    quote: x\n  two:\n    quote: y\n  one:\n    quote: z\n"
    _, problems = load_yaml(text, FILE)
    assert [(p.where, p.message) for p in problems] == [
        (at(6, 3), "duplicate key 'one' (first defined at line 2)")
    ]


def test_duplicate_keys_are_found_at_every_depth_and_all_reported() -> None:
    text = "claims:\n  one:\n    quote: x\n    quote: y\n  two:\n    vi: a\n    vi: b\n"
    node, problems = load_yaml(text, FILE)
    assert node is not None
    assert [p.where for p in problems] == [at(4, 5), at(7, 5)]
    assert node.mapping()["claims"].mapping()["one"].mapping()["quote"].value == "x"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2026-02-30", "a real date"),
        ("2026-13-06", "a real date"),
        ("0000-01-01", "a real date"),
        ("!!int abc", "a whole number"),
        ("!!float abc", "a number"),
        ("!!bool maybe", "true or false"),
        ("!!timestamp hello", "a real date"),
    ],
)
def test_a_value_yaml_misreads_is_its_text_saying_what_it_is_not(text: str, meant: str) -> None:
    value = load(f"reviewed: {text}\n").mapping()["reviewed"].value
    assert isinstance(value, Misread) and value.meant == meant
    assert value == text.rsplit(" ", 1)[-1] if text.startswith("!!") else value == text
    assert pickle.loads(pickle.dumps(value)).meant == meant  # as the cache keeps it


@pytest.mark.parametrize("text", ["!Breaking plan for two libraries", "!!map abc"])
def test_a_tag_yaml_cannot_apply_is_an_error_not_text_lost(text: str) -> None:
    _, problems = load_yaml(f"title: {text}\n", FILE)
    assert [(p.code, p.where) for p in problems] == [("yaml-syntax", at(1, 8))]


def test_a_character_yaml_does_not_allow_is_reported_where_it_is() -> None:
    # A vertical tab pasted from a word processor into the second line of front matter.
    _, problems = load_yaml("title: A\nreviewer: Tr\x0bn\n", FILE, first_line=2)
    [problem] = problems
    assert problem.where == at(3, 13)
    assert problem.message == "the character U+000B is not allowed in YAML"
    assert problem.hint


def test_text_saved_decomposed_is_read_composed_as_the_web_writes_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Bình Dương đổi mới")
    assert decomposed != "Bình Dương đổi mới"
    assert load(f"title: {decomposed}\n").mapping()["title"].value == "Bình Dương đổi mới"


# The values `capture` and `reanchor` write into a source's metadata, and text YAML would read
# as something else if it were written plain.
SHA_OF_DIGITS = "0123456701234567012345670123456701234567012345670123456701234567"  # octal
SHA_FROM_A_DIGIT = "38401f63" + "a" * 56
WRITTEN = [
    (SHA_FROM_A_DIGIT, SHA_FROM_A_DIGIT),
    (SHA_OF_DIGITS, f"'{SHA_OF_DIGITS}'"),
    ("http://127.0.0.1:8123/ok2?a=1&b=2#top", "http://127.0.0.1:8123/ok2?a=1&b=2#top"),
    (datetime(2026, 12, 8, 0, 38, 24, tzinfo=UTC), "2026-12-08T00:38:24Z"),
    (date(2026, 12, 8), "2026-12-08"),
    ("2026-12-08", "'2026-12-08'"),
    ("yes", "'yes'"),
    ("null", "'null'"),
    ("Tin tức: số 14 # mới", "'Tin tức: số 14 # mới'"),
    (None, "null"),
]


@pytest.mark.parametrize(("value", "written"), WRITTEN)
def test_a_value_written_after_its_key_reads_back_as_the_same_value(
    value: str | date | None, written: str
) -> None:
    assert dump_scalar(value) == written
    read = load(f"field: {written}  # a comment\n").mapping()["field"].value
    assert (read, type(read)) == (value, type(value))
