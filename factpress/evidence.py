"""Load and verify the evidence base: the sources, the claims, where each quote sits, and the
claims' ClaimReview lints; from the cache when facts.yaml and sources/ are unchanged, reusing
the sources, and where the quotes were found in them, when only facts.yaml changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from factpress.cache import BuildIndex, Warm, load_cached_facts
from factpress.claimreview import lint_claim_review
from factpress.diagnostics import Diagnostic
from factpress.digests import content_digest
from factpress.facts import Written, read_claims
from factpress.model import Anchor, Claim, Draft
from factpress.pickling import PartedDict, Shelf
from factpress.sources import load_sources
from factpress.verify import Located, verify_claims, verify_drafts


@dataclass(frozen=True, slots=True)
class Facts:
    """The evidence base once loaded and verified: what depends only on facts.yaml and sources/."""

    source_keys: Mapping[str, str]  # source id -> digest of its two files (pipeline)
    sources: Shelf  # source id -> Source, each unpickled from the cache on use
    archived: Mapping[str, date]  # by source id: all that review dates are checked against
    languages: Mapping[str, str]  # by source id: which renderings its claims need
    broken_sources: set[str]  # sources that exist but failed to load (reported already)
    source_diagnostics: tuple[Diagnostic, ...]
    claims: dict[str, Claim]
    # The claims that did not read whole, with what of each did; None: facts.yaml could not
    # be read at all.
    broken: Mapping[str, Draft] | None
    anchors: dict[str, Anchor]
    diagnostics: tuple[Diagnostic, ...]
    written: Mapping[str, Written]  # each claim as written in facts.yaml (facts.read_claims)
    lints: Mapping[str, tuple[Diagnostic, ...]]  # each claim's ClaimReview warnings
    claim_keys: Mapping[str, str]  # each claim's digest (digests.content_digest)


def load_evidence(
    root: Path,
    previous: BuildIndex | None,
    facts_key: str,
    source_keys: Mapping[str, str],
    warm: Warm | None = None,
) -> Facts:
    """The facts from the cache if their inputs are unchanged; else loaded and verified again,
    reusing each source whose files are unchanged, and where quotes were found in it."""
    saved = load_cached_facts(root, previous, warm)
    if saved is not None and saved[0] == facts_key:
        same: Facts = saved[1]
        if warm is None:
            # Read from the cache and not changed, the facts are not saved again: the pickles
            # read with them would be ~20 MB held for nothing at 4,000 explainers. (The
            # preview keeps them in memory, for its next claim edit.)
            for parted in (same.claims, same.anchors):
                if isinstance(parted, PartedDict):
                    parted.forget_pickles()
        return same
    old: Facts | None = saved[1] if saved is not None else None
    # A source whose files are as they were at the last build (which passed every check) is
    # the same source, and a quote found in it then is where it was: a claim edit searches
    # for its own quote only, and a new source is the only one split into sentences.
    kept = (
        {s for s, key in source_keys.items() if old.source_keys.get(s) == key and s in old.sources}
        if old is not None
        else set()
    )
    loaded, broken_sources, source_problems = load_sources(root, skip=kept)
    sources = old.sources.keeping(kept, loaded) if old is not None else Shelf.of(loaded)
    archived = {source_id: source.archived for source_id, source in loaded.items()}
    languages = {source_id: source.language for source_id, source in loaded.items()}
    located: Located = {}
    known: dict[str, tuple[Written, Claim]] = {}
    linted: Mapping[str, tuple[Diagnostic, ...]] = {}
    digested: Mapping[str, str] = {}
    if old is not None:
        archived.update((source_id, old.archived[source_id]) for source_id in kept)
        languages.update((source_id, old.languages[source_id]) for source_id in kept)
        located = {
            (claim.source_id, claim.quote): old.anchors[claim.id]
            for claim in old.claims.values()
            if claim.source_id in kept and claim.id in old.anchors
        }
        # A claim written as it was is the claim it was: only edited claims are parsed.
        known = {i: (text, old.claims[i]) for i, text in old.written.items() if i in old.claims}
        linted = old.lints
        digested = old.claim_keys
    # The last build's claims go before the new ones are read: at newsroom scale both at once
    # were the peak memory of a claim edit. (In the preview, the memory of the last build
    # keeps them until this one is saved.) The claims themselves stay, in `known`, and so do
    # the pickles of the cache's parts that hold them, for the parts that do not change.
    old_claims = old.claims if old is not None else None
    old_anchors = old.anchors if old is not None else None
    saved = old = None
    problems: list[Diagnostic] = list(source_problems)
    claims, broken_claims, found, written = read_claims(root, known)
    problems += found
    anchors, found = verify_claims(
        claims, sources, broken_sources, located, unchanged=kept, languages=languages
    )
    problems += found
    # Every build reads them again (they are never in `known`), and never saves them: a build
    # with a broken claim fails.
    problems += verify_drafts(broken_claims or {}, sources, broken_sources)
    # A claim read as it was (the very object) has the warnings and the digest it had: at
    # 5,000 claims, digesting every one took a tenth of a second of each claim edit.
    as_was = {i for i, claim in claims.items() if i in known and known[i][1] is claim}
    lints = {
        i: linted[i] if i in as_was and i in linted else tuple(lint_claim_review(claim))
        for i, claim in claims.items()
    }
    claim_keys = {
        i: digested[i] if i in as_was and i in digested else content_digest(claim)
        for i, claim in claims.items()
    }
    problems += (warning for warnings in lints.values() for warning in warnings)
    return Facts(
        source_keys,
        sources,
        archived,
        languages,
        broken_sources,
        tuple(source_problems),
        PartedDict(claims, like=old_claims),
        broken_claims,
        PartedDict(anchors, like=old_anchors),
        tuple(problems),
        written,
        lints,
        claim_keys,
    )
