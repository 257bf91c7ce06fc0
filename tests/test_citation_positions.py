"""An unknown citation is reported at its own line and column of the page file, wherever the
markdown puts it: a paragraph's later line, a list, a blockquote, a heading, a table cell.

Each case writes one page in both languages (so that only the citation is wrong) and lists the
file positions, 1-based as editors count them, of every `[@nope]` in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import page, parse_diagnostics, write

CASES = [
    ("paragraph-first-line", "See [@nope].", [(5, 5)]),
    ("paragraph-second-line", "First line of a paragraph\nand its second line [@nope].", [(6, 21)]),
    ("paragraph-third-line", "a\nb\nc [@nope]", [(7, 3)]),
    ("indented-paragraph", "   indented [@nope]", [(5, 13)]),
    ("after-blank-lines", "First.\n\n\nLater [@nope].", [(8, 7)]),
    ("twice-on-one-line", "See [@nope] and [@nope].", [(5, 5), (5, 17)]),
    ("after-vietnamese-text", "Thành phố Đà Nẵng [@nope]", [(5, 19)]),
    ("list-item", "- a list item [@nope]", [(5, 15)]),
    ("nested-list-item", "- outer\n  - nested item [@nope]", [(6, 17)]),
    ("ordered-list-item", "1. ordered [@nope]", [(5, 12)]),
    ("list-item-second-paragraph", "- item\n\n  second paragraph [@nope]", [(7, 20)]),
    ("blockquote", "> quoted text [@nope]", [(5, 15)]),
    ("blockquote-second-line", "> first\n> second quoted line [@nope]", [(6, 22)]),
    ("nested-blockquote", "> > deep [@nope]", [(5, 10)]),
    ("blockquote-in-list", "- > quoted in list [@nope]", [(5, 20)]),
    ("atx-heading", "## Heading [@nope]", [(5, 12)]),
    ("setext-heading", "Heading [@nope]\n=======", [(5, 9)]),
    ("table-body-cell", "| a | b |\n|---|---|\n| x | y [@nope] |", [(7, 9)]),
    ("table-header-cell", "| h [@nope] | b |\n|---|---|\n| x | y |", [(5, 5)]),
    (
        "table-cells-with-the-same-text",
        "| a | b |\n|---|---|\n| [@nope] | [@nope] |",
        [(7, 3), (7, 13)],
    ),
    ("emphasis", "*em [@nope]* text", [(5, 5)]),
    ("link-text", "[see [@nope]](/en/)", [(5, 6)]),
    ("after-a-code-span-holding-the-same-text", "`[@nope]` and [@nope]", [(5, 15)]),
]


@pytest.mark.parametrize(("body", "positions"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unknown_citation_is_reported_at_its_line_and_column(
    project: Callable[[str], Path],
    run_cli: Callable[..., Any],
    body: str,
    positions: list[tuple[int, int]],
) -> None:
    root = project("minimal")
    for lang in ("en", "vi"):
        write(root, f"content/{lang}/extra.md", page("Extra", "More.", body + "\n"))
    result = run_cli("check", "--root", root)
    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [d.head for d in printed if d.path == "content/en/extra.md"] == [
        f"content/en/extra.md:{line}:{col}: error: unknown claim 'nope' [claim-unknown]"
        for line, col in positions
    ]


def test_longer_front_matter_moves_the_body_lines(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    for lang in ("en", "vi"):
        write(
            root,
            f"content/{lang}/extra.md",
            page("Extra", "More.", "Text [@nope].\n", order="3", slug="extra-page"),
        )
    result = run_cli("check", "--root", root)
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.line, d.column) for d in printed] == [
        ("content/en/extra.md", 7, 6),
        ("content/vi/extra.md", 7, 6),
    ]


def test_windows_line_endings_count_lines_the_same(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    text = page("Extra", "More.", "First.\n\nSecond [@nope].\n").replace("\n", "\r\n")
    for lang in ("en", "vi"):
        (root / f"content/{lang}/extra.md").write_bytes(text.encode("utf-8"))
    result = run_cli("check", "--root", root)
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.line, d.column) for d in printed] == [
        ("content/en/extra.md", 7, 8),
        ("content/vi/extra.md", 7, 8),
    ]
