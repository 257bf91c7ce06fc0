"""Check each claim against its source: it exists, is unchanged, and holds the quote."""

from __future__ import annotations

from collections.abc import Collection, Mapping
import difflib

from factpress.claimnumbers import unsupported
from factpress.diagnostics import Diagnostic, Location, error
from factpress.facts import RENDERING_FIELDS
from factpress.model import LANGS, Anchor, Claim, Draft, Lang, Source, primary_language
from factpress.quotes import QuoteAmbiguous, QuoteFound, QuoteMissing, line_col, locate_quote

# (source id, quote) -> where the quote was found in that source, by an earlier build
Located = Mapping[tuple[str, str], Anchor]


def verify_claims(
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    broken_sources: Collection[str] = (),
    located: Located | None = None,
    unchanged: Collection[str] = (),
    languages: Mapping[str, str] | None = None,
) -> tuple[dict[str, Anchor], list[Diagnostic]]:
    """Locate every claim's quote in its source; report what cannot be found or trusted.
    `located` holds quotes found before in these very sources: they are not searched again.
    `unchanged` are the ids of sources as the last build (which had no errors) read them:
    their bytes still match their sha256. `languages` gives each source's `language:` by id.
    None of them needs the source itself (a source kept in the cache is then not even
    unpickled); without `languages`, each source is asked for its own."""
    diagnostics: list[Diagnostic] = []
    anchors: dict[str, Anchor] = {}
    diagnostics.extend(_check_drift(claims, sources, unchanged))
    # Source by source: quotes.py keeps the normalized text of the last few sources only, so
    # that each is normalized once and the build does not hold every source's twice.
    for claim in sorted(claims.values(), key=lambda claim: claim.source_id):
        if claim.source_id not in sources:
            if claim.source_id not in broken_sources:
                diagnostics.append(
                    _unknown_source(claim.id, claim.source_id, claim.source_at, sources)
                )
            continue
        language = (
            languages[claim.source_id]
            if languages is not None
            else sources[claim.source_id].language
        )
        diagnostics.extend(_check_renderings(claim, language))
        known = located.get((claim.source_id, claim.quote)) if located else None
        if known is not None:  # found before in this very source: not even unpickled
            match: QuoteFound | QuoteMissing | QuoteAmbiguous = QuoteFound(
                known.start, known.end, known.sentence_ids
            )
        else:
            source = sources[claim.source_id]
            match = locate_quote(claim.quote, source.text, source.sentences)
        if known is not None and known.claim_id == claim.id:
            anchors[claim.id] = known  # the very object: the cache keeps its part's pickle
        elif isinstance(match, QuoteFound):
            anchors[claim.id] = Anchor(
                claim.id, claim.source_id, match.start, match.end, match.sentence_ids
            )
        else:
            diagnostics.append(
                _quote_problem(claim.id, claim.quote_at, sources[claim.source_id], match)
            )
        diagnostics.extend(_check_numbers(claim, language))
    return {i: anchors[i] for i in claims if i in anchors}, diagnostics  # in the claims' order


def verify_drafts(
    drafts: Mapping[str, Draft],
    sources: Mapping[str, Source],
    broken_sources: Collection[str] = (),
) -> list[Diagnostic]:
    """What verify_claims would say of the source and quote of claims that did not read whole,
    where those two fields did: a writer fixing a misspelt status should not learn only on the
    next build that the quote is wrong too. Nothing is anchored: such a claim is not published."""
    diagnostics: list[Diagnostic] = []
    for draft in drafts.values():
        if draft.source_id is None or draft.source_at is None:
            continue
        if draft.source_id not in sources:
            if draft.source_id not in broken_sources:
                diagnostics.append(
                    _unknown_source(draft.id, draft.source_id, draft.source_at, sources)
                )
            continue
        if draft.quote is None or draft.quote_at is None:
            continue
        source = sources[draft.source_id]
        match = locate_quote(draft.quote, source.text, source.sentences)
        if not isinstance(match, QuoteFound):
            diagnostics.append(_quote_problem(draft.id, draft.quote_at, source, match))
    return diagnostics


def _check_drift(
    claims: Mapping[str, Claim], sources: Mapping[str, Source], unchanged: Collection[str]
) -> list[Diagnostic]:
    problems = []
    for source_id in sources:
        if source_id in unchanged:
            continue
        source = sources[source_id]
        archived = [(source.src_path, source.sha256, source.actual_sha256, source.sha256_at)]
        if source.page_path and source.page_sha256 and source.actual_page_sha256:
            assert source.page_sha256_at is not None
            archived.append(
                (
                    source.page_path,
                    source.page_sha256,
                    source.actual_page_sha256,
                    source.page_sha256_at,
                )
            )
        for path, recorded, actual, at in archived:
            if actual == recorded:
                continue
            resting = sorted(c.id for c in claims.values() if c.source_id == source.id)
            named = ", ".join(resting) if resting else "none"
            problems.append(
                error(
                    at,
                    "source-changed",
                    f"{path} no longer matches its recorded sha256 "
                    f"(now {actual[:12]}…); claims resting on it: {named}",
                    "restore the archived bytes; if the new capture is intended, review those "
                    "claims against it again, then record the new sha256",
                )
            )
    return problems


def _unknown_source(
    claim_id: str, source_id: str, at: Location, sources: Mapping[str, Source]
) -> Diagnostic:
    close = difflib.get_close_matches(source_id, list(sources), n=1)
    return error(
        at,
        "source-unknown",
        f"claim '{claim_id}' cites unknown source '{source_id}'",
        f"did you mean '{close[0]}'?"
        if close
        else "a source id is the file stem of sources/<id>.txt and sources/<id>.yaml",
    )


def _quote_problem(
    claim_id: str, at: Location, source: Source, match: QuoteMissing | QuoteAmbiguous
) -> Diagnostic:
    if isinstance(match, QuoteMissing):
        return _missing_quote(claim_id, at, source, match)
    return _ambiguous_quote(claim_id, at, source, match)


def _missing_quote(claim_id: str, at: Location, source: Source, match: QuoteMissing) -> Diagnostic:
    hint = "copy the words from the source exactly"
    if match.closest is not None:
        s = match.closest
        hint = (
            f"the closest sentence ({source.src_path}:{s.line}:{s.column}, {s.id}, "
            f"{match.similarity:.0%} alike) reads: {_clip(s.text)}"
        )
    return error(
        at,
        "quote-not-found",
        f"the quote of claim '{claim_id}' is not in source '{source.id}'",
        hint,
    )


def _ambiguous_quote(
    claim_id: str, at: Location, source: Source, match: QuoteAmbiguous
) -> Diagnostic:
    places = " and ".join(
        "{}:{}:{}".format(source.src_path, *line_col(source.text, start)) for start in match.starts
    )
    return error(
        at,
        "quote-ambiguous",
        f"the quote of claim '{claim_id}' occurs {len(match.starts)} times in source "
        f"'{source.id}': at {places}",
        "quote more of the sentence so that the words occur only once",
    )


# For messages; a language the site does not publish in is named by its code.
_LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, f"language '{code}'")


def _check_renderings(claim: Claim, source_language: str) -> list[Diagnostic]:
    """A claim renders its quote into each site language but the source's own: a rendering
    into the quote's own language could only repeat it, or worse, differ from it."""
    own = primary_language(source_language)
    problems = []
    for lang in LANGS:
        field = RENDERING_FIELDS[lang]
        if lang == own and lang in claim.renderings:
            problems.append(
                error(
                    claim.renderings_at[lang],
                    "rendering-same-language",
                    f"claim '{claim.id}' renders its quote into {_language_name(lang)}, "
                    f"the language of its source '{claim.source_id}' (language: "
                    f"{source_language})",
                    f"the quote is already in {_language_name(lang)}: delete `{field}:`"
                    + _needed(own),
                )
            )
        elif lang != own and lang not in claim.renderings:
            problems.append(
                error(
                    claim.defined_at,
                    "field-missing",
                    f"claim '{claim.id}' has no '{field}': its source '{claim.source_id}' is in "
                    f"{_language_name(own)} (language: {source_language})",
                    f"add `{field}:` with a faithful {_language_name(lang)} rendering of the "
                    f"quote, for readers of the {_language_name(lang)} pages",
                )
            )
    return problems


def _needed(own: str) -> str:
    needed = [f"`{RENDERING_FIELDS[lang]}:`" for lang in LANGS if lang != own]
    return f"; a source in {_language_name(own)} needs {' and '.join(needed)}" if needed else ""


def _check_numbers(claim: Claim, source_language: str) -> list[Diagnostic]:
    """Every number of the claim's texts, and of each rendering of its quote, is in the quote
    (each read as its language writes numbers)."""
    problems = []
    checked: list[tuple[str, Lang, str]] = [("text", lang, claim.text[lang]) for lang in LANGS]
    checked += [("rendering", lang, text) for lang, text in claim.renderings.items()]
    for what, lang, text in checked:
        missing = unsupported(text, claim.quote, lang, source_language)
        if not missing:
            continue
        numbers = ", ".join(sorted(set(missing)))
        if what == "text":
            problems.append(
                error(
                    claim.text_at[lang],
                    "claim-number-unsupported",
                    f"the {lang} text of claim '{claim.id}' has {numbers}, which its quote "
                    "does not",
                    "a claim may state only the numbers its quote contains: quote more, "
                    "or correct the claim",
                )
            )
        else:
            problems.append(
                error(
                    claim.renderings_at[lang],
                    "claim-number-unsupported",
                    f"the {_language_name(lang)} rendering of the quote of claim '{claim.id}' "
                    f"has {numbers}, which the quote does not",
                    "a rendering states the numbers of the quote, as the quote writes them: "
                    f"correct `{RENDERING_FIELDS[lang]}:`",
                )
            )
    return problems


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
