"""Parse a page's markdown once into tokens, with every claim citation and link it contains."""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from factpress.claim_syntax import USES_KEY, CitationSite, claim_citation_plugin
from factpress.content import url_words
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
    raw_uses: list[CitationSite] = env.get(USES_KEY, [])  # type: ignore[assignment]
    # Where each block's content starts on a file line: several blocks may share one line
    # (table cells), and a cell's text may repeat an earlier cell's.
    shifts: dict[tuple[int, int], int] = {}
    for claim_id, line, col, content_line, block_index, written in raw_uses:
        key = (line, block_index)
        if key not in shifts:
            after = max((s + 1 for (at, _), s in shifts.items() if at == line), default=0)
            shifts[key] = _content_shift(body_lines, line, content_line, after)
        where = Location(source.src_path, source.body_line + line, shifts[key] + col + 1)
        if not CLAIM_ID.fullmatch(claim_id):
            diagnostics.append(
                error(
                    where,
                    "citation-syntax",
                    f"'{written.rstrip()}' is not a valid claim citation",
                    _citation_hint(written),
                )
            )
            continue
        uses.append(ClaimUse(claim_id, where))
    links = []
    for block in tokens:
        if block.type != "inline" or block.map is None:
            continue
        for child in block.children or ():
            target = child.attrGet("href" if child.type == "link_open" else "src")
            if child.type in ("link_open", "image") and target is not None:
                href = unquote(str(target))  # as the writer wrote it, not percent-encoded
                links.append(Link(href, _link_location(source, body_lines, block.map, href)))
    return Page(
        source=source, tokens=tuple(tokens), uses=tuple(uses), links=tuple(links)
    ), diagnostics


def _citation_hint(written: str) -> str:
    if not written.endswith("]"):
        return "close it with `]` on the same line: [@claim-id]"
    if written.count("@") > 1:
        return "cite each claim in brackets of its own: [@first-id][@second-id]"
    if any(c.isspace() for c in written):
        return (
            "write it with no space inside the brackets: [@claim-id] (or \\[@ to show it as text)"
        )
    return "claim ids use only lower-case letters, digits and hyphens"


def _content_shift(body_lines: list[str], line: int, content_line: str, after: int) -> int:
    """How far the block's content line is shifted on the file line: a column of the content
    plus the shift is the column of the file line (both 0-based, in code points)."""
    # The content lost its indentation or `>` prefix, and markdown-it writes what is left of
    # a tab it consumed in part as spaces (a tab under a list item's two columns leaves two):
    # so the content's leading white space need not be the file's. What follows it is the
    # file's own text, and no citation sits in white space.
    text = body_lines[line] if line < len(body_lines) else ""
    core = content_line.lstrip(" \t")
    if not core:
        return 0
    found = text.find(core, after)
    return max(found, 0) - (len(content_line) - len(core)) if found >= 0 else 0


def _link_location(
    source: PageSource, body_lines: list[str], block_map: list[int], href: str
) -> Location:
    # Links carry no position either: look for the target on the lines of the block, then
    # anywhere in the body (a reference-style link's target is in its definition).
    # The target as markdown writes it first (`](href`, `<href>`, `]: href`), so that a link to
    # /en/claims/a is not placed on an earlier /en/claims/a.html#x of the same line.
    block_lines = range(block_map[0], min(block_map[1], len(body_lines)))
    target = re.escape(href)
    forms = (
        rf"\]\(<?({target})>?[\s)]",  # [text](href) or [text](href "title")
        rf"<({target})>",  # <href>
        rf"\]:\s*<?({target})>?(\s|$)",  # [name]: href
        f"({target})",
    )
    for line in (*block_lines, *range(len(body_lines))):
        for form in forms:
            found = re.search(form, body_lines[line])
            if found is not None:
                return Location(source.src_path, source.body_line + line, found.start(1) + 1)
    return Location(source.src_path, source.body_line + block_map[0], 1)


def slugify(text: str) -> str:
    """ASCII anchor name: Vietnamese letters lose their marks (đ becomes d)."""
    return url_words(text) or "section"


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
