"""Load the claims of facts.yaml: their shape and types, nothing about their sources yet."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
import re

from factpress.diagnostics import Diagnostic, Location, error
from factpress.fields import FieldReader
from factpress.model import Bilingual, Claim, Correction, Status
from factpress.yamlio import YNode, load_yaml

FACTS_FILE = PurePosixPath("facts.yaml")
CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# /<lang>/claims/<id>.html is a claim's record; /<lang>/claims/index.html is the reviewer table.
RESERVED_IDS = frozenset({"index"})
_FIELDS = (
    "source",
    "quote",
    "quote_en",
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


def load_claims(root: Path) -> tuple[dict[str, Claim], set[str] | None, list[Diagnostic]]:
    """Well-formed claims keyed by id, the ids of the malformed ones, and their problems.

    The ids are None when facts.yaml itself cannot be read: then no citation can be judged.
    """
    diagnostics: list[Diagnostic] = []
    path = root / FACTS_FILE
    if not path.is_file():
        return (
            {},
            None,
            [
                error(
                    Location(FACTS_FILE),
                    "facts-missing",
                    "facts.yaml is missing",
                    "create it with a top-level `claims:` mapping (see README)",
                )
            ],
        )
    node, problems = load_yaml(path.read_text("utf-8"), FACTS_FILE)
    diagnostics.extend(problems)
    if node is None:
        return {}, (None if problems else set()), diagnostics
    if not node.is_mapping or "claims" not in node.mapping():
        diagnostics.append(
            error(node.where, "facts-shape", "facts.yaml must have a top-level `claims:` mapping")
        )
        return {}, None, diagnostics
    top = FieldReader(node, "facts.yaml", diagnostics)
    top.check_known(("claims",))
    claims_node = node.mapping()["claims"]
    if claims_node.value is None:
        return {}, set(), diagnostics
    if not claims_node.is_mapping:
        diagnostics.append(
            error(
                claims_node.where,
                "facts-shape",
                "`claims:` must map each claim id to its fields",
                "write `claims:` then, indented, `my-claim-id:` and its fields",
            )
        )
        return {}, None, diagnostics
    claims: dict[str, Claim] = {}
    broken: set[str] = set()
    for claim_id, claim_node in claims_node.mapping().items():
        claim = _load_claim(claim_id, claim_node, diagnostics)
        if claim is None:
            broken.add(claim_id)  # cited pages should not add "unknown claim" to its errors
        else:
            claims[claim_id] = claim
    return claims, broken, diagnostics


def _load_claim(claim_id: str, node: YNode, diagnostics: list[Diagnostic]) -> Claim | None:
    id_at = node.key_or_value_where
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
        return None
    if not CLAIM_ID.fullmatch(claim_id):
        diagnostics.append(
            error(
                id_at,
                "claim-id",
                f"claim id '{claim_id}' may use only lower-case letters, digits and hyphens",
                "ids are cited as [@id] in pages: keep them short, stable and ASCII",
            )
        )
        return None
    if not node.is_mapping:
        diagnostics.append(
            error(node.where, "facts-shape", f"claim '{claim_id}' must be a mapping of fields")
        )
        return None
    before = len(diagnostics)
    fields = FieldReader(node, f"claim '{claim_id}'", diagnostics)
    fields.check_known(_FIELDS)
    source = fields.text("source", example="<file stem in sources/>")
    quote = fields.text("quote", example='"the exact words of the source"')
    quote_en = fields.text("quote_en", example='"the quote in English"')
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
        return None
    assert source and quote and quote_en and vi and en and status and reviewer and reviewed
    return Claim(
        id=claim_id,
        source_id=source,
        quote=quote,
        quote_en=quote_en,
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
        error(node.where, "field-type", f"{what} must be text, or a mapping with `vi:` and `en:`")
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
                error(item.where, "field-type", "a correction must be a mapping (date, vi, en)")
            )
            continue
        fields = FieldReader(item, f"a correction of claim '{claim_id}'", diagnostics)
        fields.check_known(("date", "vi", "en"))
        when, vi, en = fields.date("date"), fields.text("vi"), fields.text("en")
        if when and vi and en:
            corrections.append(Correction(date=when, text=Bilingual(vi=vi, en=en)))
    return tuple(sorted(corrections, key=lambda c: c.date))
