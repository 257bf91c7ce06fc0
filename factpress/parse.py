"""Parse a page's markdown once into tokens, with every claim citation and link it contains."""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from factpress.claim_syntax import USES_KEY, claim_citation_plugin
from factpress.diagnostics import Diagnostic, Location, error
from factpress.facts import CLAIM_ID
from factpress.model import ClaimUse, Link, Page, PageSource


def make_markdown() -> MarkdownIt:
    """CommonMark with tables, claim citations and heading anchors; raw HTML is escaped."""
    # Raw HTML off: a page may not smuggle markup (or scripts) past the templates' escaping.
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(claim_citation_plugin)
    md.core.ruler.push("heading_ids", _heading_ids)
    return md


def parse_page(source: PageSource, md: MarkdownIt) -> tuple[Page, list[Diagnostic]]:
    env: dict[str, object] = {}
    tokens = md.parse(source.body, env)
    body_lines = source.body.split("\n")
    uses: list[ClaimUse] = []
    diagnostics: list[Diagnostic] = []
    raw_uses: list[tuple[str, int, int, str]] = env.get(USES_KEY, [])  # type: ignore[assignment]
    for claim_id, line, col, content_line in raw_uses:
        where = _file_location(source, body_lines, line, col, content_line)
        if not CLAIM_ID.fullmatch(claim_id):
            diagnostics.append(
                error(
                    where,
                    "citation-syntax",
                    f"'[@{claim_id}]' is not a valid claim citation",
                    "claim ids use only lower-case letters, digits and hyphens",
                )
            )
            continue
        uses.append(ClaimUse(claim_id, where))
    links = []
    for block in tokens:
        if block.type != "inline" or block.map is None:
            continue
        for child in block.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                links.append(Link(href, _link_location(source, body_lines, block.map, href)))
    return Page(
        source=source, tokens=tuple(tokens), uses=tuple(uses), links=tuple(links)
    ), diagnostics


def _file_location(
    source: PageSource, body_lines: list[str], line: int, col: int, content_line: str
) -> Location:
    text = body_lines[line] if line < len(body_lines) else ""
    # The block's content lost its indentation or `>` prefix; find where it starts on the line.
    shift = text.find(content_line) if content_line else -1
    return Location(source.src_path, source.body_line + line, max(shift, 0) + col + 1)


def _link_location(
    source: PageSource, body_lines: list[str], block_map: list[int], href: str
) -> Location:
    # Links carry no position either: look for the target on the lines of the block.
    for line in range(block_map[0], min(block_map[1], len(body_lines))):
        column = body_lines[line].find(href)
        if column >= 0:
            return Location(source.src_path, source.body_line + line, column + 1)
    return Location(source.src_path, source.body_line + block_map[0], 1)


def slugify(text: str) -> str:
    """ASCII anchor name: Vietnamese letters lose their marks (đ becomes d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _heading_ids(state: StateCore) -> None:
    taken: set[str] = set()
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        words = "".join(
            c.content for c in inline.children or () if c.type in ("text", "code_inline")
        )
        base = slugify(words)
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        token.attrSet("id", anchor)
