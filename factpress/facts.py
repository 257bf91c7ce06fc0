"""Load the claims of facts.yaml: their shape and types, nothing about their sources yet."""

from __future__ import annotations

from collections.abc import Mapping
import hashlib
from pathlib import Path
import re
from typing import NamedTuple

from factpress.diagnostics import Diagnostic, Location, error
from factpress.fields import FieldReader
from factpress.layout import FACTS_FILE
from factpress.model import LANGS, Bilingual, Claim, Correction, Draft, Lang, Status
from factpress.yamlio import YNode, load_yaml

CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# /<lang>/claims/<id>.html is a claim's record; /<lang>/claims/index.html is the reviewer table.
RESERVED_IDS = frozenset({"index"})
# The quote rendered into a site language: `quote_vi`, `quote_en`. Each is optional here; the
# source's language says which a claim needs (verify.py).
RENDERING_FIELDS: dict[Lang, str] = {lang: f"quote_{lang}" for lang in LANGS}
_FIELDS = (
    "source",
    "quote",
    *RENDERING_FIELDS.values(),
    "vi",
    "en",
    "status",
    "reviewer",
    "reviewed",
    "attributed_to",
    "notes",
    "short",
    "corrections",
)
_STATUSES = tuple(s.value for s in Status)


# A claim as written: a digest of its lines of facts.yaml, and the number of the first.
Written = tuple[bytes, int]


class ClaimsRead(NamedTuple):
    claims: dict[str, Claim]  # the well-formed ones, by id
    # The malformed ones, by id, with what of each could be read; None if facts.yaml is
    # unreadable.
    broken: dict[str, Draft] | None
    diagnostics: list[Diagnostic]
    written: dict[str, Written]  # by claim id, when each claim could be read on its own


def load_claims(root: Path) -> tuple[dict[str, Claim], set[str] | None, list[Diagnostic]]:
    """Well-formed claims keyed by id, the ids of the malformed ones, and their problems.

    The ids are None when facts.yaml itself cannot be read: then no citation can be judged.
    """
    read = read_claims(root)
    return read.claims, None if read.broken is None else set(read.broken), read.diagnostics


def read_claims(root: Path, known: Mapping[str, tuple[Written, Claim]] | None = None) -> ClaimsRead:
    """As load_claims, and each claim as written. A claim written as `known` has it (the same
    text from the same line on) is `known`'s claim, not read again: a claim edit parses one
    claim rather than all of them (0.4 s at 5,000 claims)."""
    path = root / FACTS_FILE
    if not path.is_file():
        missing = error(
            Location(FACTS_FILE),
            "facts-missing",
            "facts.yaml is missing",
            "create it with a top-level `claims:` mapping (see README)",
        )
        return ClaimsRead({}, None, [missing], {})
    text = path.read_text("utf-8")
    pieces = split_claims(text)
    written: dict[str, Written] | None = None
    nodes: Mapping[str, YNode | Claim] | None = None
    if pieces is not None:
        written = {i: (_digest(lines), line) for i, (lines, line) in pieces.items()}
        nodes = _claim_nodes(pieces, written, known or {})
    diagnostics: list[Diagnostic] = []
    if nodes is None:
        written = None
        whole = _whole_file(text, diagnostics)
        if whole is None:
            return ClaimsRead({}, None if diagnostics else {}, diagnostics, {})
        if not whole.is_mapping:
            return ClaimsRead({}, None, diagnostics, {})
        nodes = whole.mapping()
    loaded: dict[str, Claim] = {}
    broken: dict[str, Draft] = {}
    for claim_id, node in nodes.items():
        claim = node if isinstance(node, Claim) else _load_claim(claim_id, node, diagnostics)
        if isinstance(claim, Draft):
            broken[claim_id] = claim  # cited pages should not add "unknown claim" to its errors
        else:
            loaded[claim_id] = claim
    return ClaimsRead(loaded, broken, diagnostics, written or {})


def _whole_file(text: str, diagnostics: list[Diagnostic]) -> YNode | None:
    """The `claims:` node of facts.yaml parsed as one document; None if there is none."""
    node, problems = load_yaml(text, FACTS_FILE)
    diagnostics.extend(problems)
    if node is None:
        return None
    if not node.is_mapping or "claims" not in node.mapping():
        diagnostics.append(
            error(
                node.where,
                "facts-shape",
                "facts.yaml must have a top-level `claims:` mapping",
                "start the file with a `claims:` line, each claim's id indented under it",
            )
        )
        return YNode(None, node.where)
    top = FieldReader(node, "facts.yaml", diagnostics)
    top.check_known(("claims",))
    claims_node = node.mapping()["claims"]
    if claims_node.value is None:
        return YNode({}, claims_node.where)
    if not claims_node.is_mapping:
        diagnostics.append(
            error(
                claims_node.where,
                "facts-shape",
                "`claims:` must map each claim id to its fields",
                "write `claims:` then, indented, `my-claim-id:` and its fields",
            )
        )
        return YNode(None, claims_node.where)
    return claims_node


# The shape nearly every facts.yaml has: comments, `claims:`, then each claim at one indent,
# its id a plain key. Cut at those keys, the file reads as one small YAML document per claim,
# each as the whole file would read it: YAML carries no state from one key of a block mapping
# to the next, except anchors, and an alias to another claim's anchor fails to parse alone.
_HEAD = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*claims:[ \t]*(?:#[^\n]*)?\n")
_FIRST_KEY = re.compile(r"^( +)[^ #\n]", re.MULTILINE)
# Line breaks that YAML 1.1 knows and this module's line counting would not.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def split_claims(text: str) -> dict[str, tuple[str, int]] | None:
    """Each claim's lines and the number of the first, by id; None unless the file has the
    plain shape (then it is read as a whole, as YAML)."""
    head = _HEAD.match(text)
    if head is None or any(mark in text for mark in _OTHER_BREAKS):
        return None
    first = _FIRST_KEY.search(text, head.end())
    if first is None:
        return None
    indent = first[1]
    # Every line that is not blank or a comment is indented at least as far as the ids, and
    # those at exactly that indent are plain `id:` keys.
    odd = re.compile(
        rf"^(?!{indent})(?![ \t]*(?:#|$))|^{indent}(?![ #\n])(?!{CLAIM_ID.pattern}:(?: |$))",
        re.MULTILINE,
    )
    if odd.search(text, head.end()):
        return None
    keys = re.compile(rf"^{indent}({CLAIM_ID.pattern}):", re.MULTILINE)
    starts = list(keys.finditer(text, head.end()))
    # What comes before the first claim must read as `claims:` alone, as YAML reads it (a
    # tab or a control character in a comment there is an error of the whole file).
    before, problems = load_yaml(text[: starts[0].start()], FACTS_FILE)
    if problems or before is None or not before.is_mapping:
        return None
    if list(before.mapping()) != ["claims"] or before.mapping()["claims"].value is not None:
        return None
    line = text.count("\n", 0, starts[0].start()) + 1
    pieces: dict[str, tuple[str, int]] = {}
    for this, after in zip(starts, [*starts[1:], None], strict=True):
        end = after.start() if after is not None else len(text)
        if this[1] in pieces:
            return None  # a duplicate id: the whole file says where
        pieces[this[1]] = (text[this.start() : end], line)
        line += text.count("\n", this.start(), end)
    return pieces


def _claim_nodes(
    pieces: Mapping[str, tuple[str, int]],
    written: Mapping[str, Written],
    known: Mapping[str, tuple[Written, Claim]],
) -> dict[str, YNode | Claim] | None:
    """Each claim's node, parsed alone, or its Claim if it is written as `known` has it; None
    if a claim does not parse alone without a problem (the whole file then says what)."""
    nodes: dict[str, YNode | Claim] = {}
    for claim_id, (lines, line) in pieces.items():
        same = known.get(claim_id)
        if same is not None and same[0] == written[claim_id]:
            nodes[claim_id] = same[1]
            continue
        node, problems = load_yaml(lines, FACTS_FILE, first_line=line)
        if problems or node is None or not node.is_mapping or list(node.mapping()) != [claim_id]:
            return None
        nodes[claim_id] = node.mapping()[claim_id]
    return nodes


def _digest(lines: str) -> bytes:
    # A digest rather than the text: the cache keeps one per claim (3.7 MB of text at 5,000).
    return hashlib.blake2b(lines.encode("utf-8"), digest_size=16).digest()


def _load_claim(claim_id: str, node: YNode, diagnostics: list[Diagnostic]) -> Claim | Draft:
    """The claim, or, if any of it is wrong, a Draft of the fields that read: every field is
    read, whatever is wrong with the id or the other fields, so that all are reported."""
    id_at = node.key_or_value_where
    before = len(diagnostics)
    _check_id(claim_id, id_at, diagnostics)
    if not node.is_mapping:
        diagnostics.append(
            error(
                node.where,
                "facts-shape",
                f"claim '{claim_id}' must be a mapping of fields",
                "indent its fields (source, quote, vi, en, status…) under its id",
            )
        )
        return Draft(claim_id, id_at)
    fields = FieldReader(node, f"claim '{claim_id}'", diagnostics)
    fields.check_known(_FIELDS)
    source = fields.text("source", example="<file stem in sources/>")
    quote = fields.text("quote", example='"the exact words of the source"')
    renderings = {
        lang: text
        for lang, name in RENDERING_FIELDS.items()
        if (text := fields.text(name, optional=True)) is not None
    }
    vi = fields.text("vi", example="the claim in Vietnamese")
    en = fields.text("en", example="the claim in English")
    status = _status(node, fields, diagnostics)
    reviewer = fields.text("reviewer", example="<name>")
    reviewed = fields.date("reviewed")
    attributed_to = fields.text("attributed_to", optional=True)
    notes = _bilingual_text(
        node.mapping().get("notes"), f"notes of claim '{claim_id}'", diagnostics
    )
    corrections = _corrections(node.mapping().get("corrections"), claim_id, diagnostics)
    short = _bilingual_text(
        node.mapping().get("short"), f"short of claim '{claim_id}'", diagnostics
    )
    if len(diagnostics) > before:
        return Draft(
            claim_id,
            id_at,
            source_id=source,
            source_at=node.mapping()["source"].where if source is not None else None,
            quote=quote,
            quote_at=node.mapping()["quote"].where if quote is not None else None,
            reviewed=reviewed,
            corrections=corrections,
        )
    assert source and quote and vi and en and status and reviewer and reviewed
    return Claim(
        id=claim_id,
        source_id=source,
        quote=quote,
        renderings=renderings,
        text=Bilingual(vi=vi, en=en),
        status=status,
        reviewer=reviewer,
        reviewed=reviewed,
        attributed_to=attributed_to,
        notes=notes,
        short=short,
        corrections=corrections,
        defined_at=id_at,
        source_at=node.mapping()["source"].where,
        quote_at=node.mapping()["quote"].where,
        renderings_at={
            lang: node.mapping()[RENDERING_FIELDS[lang]].key_or_value_where for lang in renderings
        },
        text_at={lang: node.mapping()[lang].key_or_value_where for lang in LANGS},
        short_at=node.mapping()["short"].key_or_value_where if short is not None else None,
    )


def _check_id(claim_id: str, id_at: Location, diagnostics: list[Diagnostic]) -> None:
    if claim_id in RESERVED_IDS:
        diagnostics.append(
            error(
                id_at,
                "claim-id",
                f"claim id '{claim_id}' is reserved",
                f"/<lang>/claims/{claim_id}.html is the first page of the reviewer table: "
                "rename the claim",
            )
        )
    elif not CLAIM_ID.fullmatch(claim_id):
        diagnostics.append(
            error(
                id_at,
                "claim-id",
                f"claim id '{claim_id}' may use only lower-case letters, digits and hyphens",
                "ids are cited as [@id] in pages: keep them short, stable and ASCII",
            )
        )


def _status(node: YNode, fields: FieldReader, diagnostics: list[Diagnostic]) -> Status | None:
    value = fields.text("status", example="needs-review")
    if value is None:
        return None
    try:
        return Status(value)
    except ValueError:
        diagnostics.append(
            error(
                node.mapping()["status"].where,
                "claim-status",
                f"unknown review status '{value}'",
                f"use one of: {', '.join(_STATUSES)}",
            )
        )
        return None


def _bilingual_text(
    node: YNode | None, what: str, diagnostics: list[Diagnostic]
) -> Bilingual[str] | None:
    """A string used for both languages, or a {vi, en} mapping."""
    if node is None or node.value is None:
        return None
    if isinstance(node.value, str) and node.value.strip():
        return Bilingual(vi=node.value.strip(), en=node.value.strip())
    if node.is_mapping:
        fields = FieldReader(node, what, diagnostics)
        fields.check_known(("vi", "en"))
        vi, en = fields.text("vi"), fields.text("en")
        return Bilingual(vi=vi, en=en) if vi and en else None
    diagnostics.append(
        error(
            node.where,
            "field-type",
            f"{what} must be text, or a mapping with `vi:` and `en:`",
            "write the text after the colon, or a `vi:` and an `en:` line indented under it",
        )
    )
    return None


def _corrections(
    node: YNode | None, claim_id: str, diagnostics: list[Diagnostic]
) -> tuple[Correction, ...]:
    if node is None or node.value is None:
        return ()
    if not node.is_sequence:
        diagnostics.append(
            error(
                node.where,
                "field-type",
                f"corrections of claim '{claim_id}' must be a list",
                "each item: `- date: YYYY-MM-DD` with `vi:` and `en:` saying what changed and why",
            )
        )
        return ()
    corrections = []
    for item in node.items():
        if not item.is_mapping:
            diagnostics.append(
                error(
                    item.where,
                    "field-type",
                    "a correction must be a mapping (date, vi, en)",
                    "write `- date: YYYY-MM-DD`, then `vi:` and `en:` indented under it",
                )
            )
            continue
        fields = FieldReader(item, f"a correction of claim '{claim_id}'", diagnostics)
        fields.check_known(("date", "vi", "en"))
        when, vi, en = fields.date("date"), fields.text("vi"), fields.text("en")
        if when and vi and en:
            date_at = item.mapping()["date"].where
            corrections.append(Correction(when, Bilingual(vi=vi, en=en), date_at))
    return tuple(sorted(corrections, key=lambda c: c.date))
