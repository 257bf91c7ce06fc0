"""The markdown-it plugin for claim citations: `[@claim-id]` in prose becomes a numbered marker."""

from __future__ import annotations

from collections.abc import Sequence
import re
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# Anything up to `]` without white space, so that a mistyped id (`[@Bd-1]`) is still taken as a
# citation and reported, instead of passing silently into the page as literal text.
_CITATION = re.compile(r"\[@([^\]\s\[]+)\]")
# What else a writer types meaning a citation: white space inside the brackets (`[@ id]`,
# `[ @id]`), a list of ids (`[@a, @b]`, `[@a; @b]`), a bracket never closed. Up to the next
# `]`, `[` or code span on the line, taken too, so that it is reported rather than published
# as typed (`\[@` shows the text as it is).
_MISTYPED = re.compile(r"\[[ \t]*@[^\]\[`\n]*\]?")
USES_KEY = "claim_uses"


class CitationSite(NamedTuple):
    """Where a citation was written, as far as markdown-it can tell."""

    claim_id: str  # as written: parse.py reports one that is not an id
    line: int  # 0-based line of the markdown
    column: int  # 0-based, within that line of the block's content
    content_line: str  # that line of the block's content, to find its place on the file line
    block: int  # index of the block token: several blocks (table cells) can share a line
    written: str  # the whole citation as written, brackets and all


def claim_citation_plugin(md: MarkdownIt) -> None:
    """Make `[@id]` a `claim_ref` token, record every use with its position, and render it."""
    # Before `link`, so that `[@id]` is never read as a link label; `[` already stops the
    # fast text rule, so no terminator character needs adding.
    md.inline.ruler.before("link", "claim_ref", _claim_ref_rule)
    md.core.ruler.after("inline", "claim_ref_positions", _record_uses)
    md.add_render_rule("claim_ref", _render_claim_ref)


def _claim_ref_rule(state: StateInline, silent: bool) -> bool:
    match = _CITATION.match(state.src, state.pos)
    if match is None:
        match = _MISTYPED.match(state.src, state.pos)
        if match is None or state.src.startswith("(", match.end()):
            return False  # a link whose text starts with @ (`[@Bộ Y tế](https://…)`), as before
    if not silent:
        token = state.push("claim_ref", "", 0)
        claim_id = match.group(1) if match.re is _CITATION else match.group()
        token.meta = {"claim_id": claim_id, "written": match.group(), "offset": state.pos}
    state.pos = match.end()
    return True


def _record_uses(state: StateCore) -> None:
    # Inline tokens carry no line map: the position comes from the parent block's map plus the
    # newlines of its content before the citation. Column is within the content's line, which
    # parse.py maps back to the file's line (the block may be indented or quoted).
    uses: list[CitationSite] = state.env.setdefault(USES_KEY, [])
    for index, block in enumerate(state.tokens):
        if block.type != "inline" or block.map is None:
            continue
        for child in block.children or ():
            if child.type == "claim_ref":
                offset = child.meta["offset"]
                line_start = block.content.rfind("\n", 0, offset) + 1
                line_end = block.content.find("\n", offset)
                content_line = block.content[line_start : None if line_end < 0 else line_end]
                line = block.map[0] + block.content.count("\n", 0, offset)
                uses.append(
                    CitationSite(
                        child.meta["claim_id"],
                        line,
                        offset - line_start,
                        content_line,
                        index,
                        child.meta["written"],
                    )
                )


def _render_claim_ref(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    # The render env supplies `claim_numbers` (id -> its number on the page) and `cite_label`,
    # the accessible name in the page's language; counting occurrences gives each marker an id.
    claim_id = tokens[idx].meta["claim_id"]
    number = env["claim_numbers"].get(claim_id)
    if number is None:
        # Not a citation the page may make (an invalid id): the build reports it and publishes
        # nothing, but rendering must not fail on it, as pages render before the checks end.
        return escapeHtml(tokens[idx].meta["written"])
    seen: dict[str, int] = env.setdefault("claim_seen", {})
    seen[claim_id] = seen.get(claim_id, 0) + 1
    safe_id = escapeHtml(claim_id)
    label: Any = env["cite_label"](number)
    return (
        f'<sup class="cite"><a href="#claim-{safe_id}" id="cite-{safe_id}-{seen[claim_id]}" '
        f'data-claim="{safe_id}" aria-label="{escapeHtml(label)}">[{number}]</a></sup>'
    )
