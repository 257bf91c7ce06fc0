"""The markdown-it plugin for `[@claim-id]` on its own: what it renders (tests/fixtures/
claim_refs.md, in markdown-it's fixture format) and where it says each citation is."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
import pytest

from factpress.claim_syntax import USES_KEY, claim_citation_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "claim_refs.md"
NUMBERS = {"a": 1, "b-2": 2, "Bad_ID": 3, 'a"b<c': 4}


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table"]).use(claim_citation_plugin)


def _render_env() -> dict[str, object]:
    return {"claim_numbers": NUMBERS, "cite_label": lambda number: f"Claim {number}"}


@pytest.mark.parametrize(("line", "title", "source", "expected"), read_fixture_file(FIXTURES))
def test_claim_ref_fixture(line: int, title: str, source: str, expected: str) -> None:
    html = _markdown().render(source, _render_env())
    assert html.rstrip() == expected.rstrip(), f"{FIXTURES.name}:{line}: {title}"


def test_the_accessible_name_comes_from_the_page_language() -> None:
    env = {"claim_numbers": {"a": 7}, "cite_label": lambda number: f"Nhận định {number} <&>"}
    html = _markdown().render("x [@a]", env)
    assert 'aria-label="Nhận định 7 &lt;&amp;&gt;"' in html


def _uses(source: str) -> list[tuple[str, int, int, str]]:
    env: dict[str, object] = {}
    _markdown().parse(source, env)
    return env.get(USES_KEY, [])  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # (claim id, 0-based line of the markdown, 0-based column within the block's text of
        # that line, that line of the block's text)
        ("Deaths fell [@a].", [("a", 0, 12, "Deaths fell [@a].")]),
        ("one\ntwo [@a]\nthree [@b-2]", [("a", 1, 4, "two [@a]"), ("b-2", 2, 6, "three [@b-2]")]),
        ("\n\nafter blanks [@a]", [("a", 2, 13, "after blanks [@a]")]),
        ("- item\n- second [@a]", [("a", 1, 7, "second [@a]")]),
        ("> quoted\n> more [@a]", [("a", 1, 5, "more [@a]")]),
        ("# Title [@a]", [("a", 0, 6, "Title [@a]")]),
        ("| h |\n|---|\n| x [@a] |", [("a", 2, 2, "x [@a]")]),
        ("[@a] then [@a]", [("a", 0, 0, "[@a] then [@a]"), ("a", 0, 10, "[@a] then [@a]")]),
        ("`[@a]` and \\[@a]", []),
        ("[@Bad_ID]", [("Bad_ID", 0, 0, "[@Bad_ID]")]),
        # Mistyped, to be reported: taken whole, up to the next bracket or code span.
        (
            "x [@ a] [@a, @b]",
            [("[@ a]", 0, 2, "x [@ a] [@a, @b]"), ("[@a, @b]", 0, 8, "x [@ a] [@a, @b]")],
        ),
        ("[@a and `[@a]`", [("[@a and ", 0, 0, "[@a and `[@a]`")]),
        # A link whose text starts with @ and holds a space is a link, as it always was.
        (
            "[@Bộ Y tế](https://x.example/b) [@a]",
            [("a", 0, 32, "[@Bộ Y tế](https://x.example/b) [@a]")],
        ),
    ],
)
def test_every_use_is_recorded_with_its_position(
    source: str, expected: list[tuple[str, int, int, str]]
) -> None:
    assert [site[:4] for site in _uses(source)] == expected


def test_parsing_twice_with_fresh_envs_records_uses_once_each() -> None:
    md = _markdown()
    first: dict[str, object] = {}
    second: dict[str, object] = {}
    md.parse("x [@a]", first)
    md.parse("y [@b-2]", second)
    assert [u[0] for u in first[USES_KEY]] == ["a"]  # type: ignore[attr-defined]
    assert [u[0] for u in second[USES_KEY]] == ["b-2"]  # type: ignore[attr-defined]
