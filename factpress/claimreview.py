"""ClaimReview structured data (schema.org) for a claim's permalink, and the lints it needs.

Aggregators such as Fact Check Explorer read ClaimReview from a
`<script type="application/ld+json">` element: data, not script, so a strict
Content-Security-Policy allows it. The review statuses map onto a three-step rating scale,
documented on the site's rating-scale page; a claim that still needs review has no review to
publish, so it gets no ClaimReview.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
import json
import re
from typing import Any

from markupsafe import Markup

from factpress.diagnostics import Diagnostic, warning
from factpress.model import LANGS, Claim, Lang, SiteConfig, Source, Status
from factpress.urls import claim_url, source_url

# ratingValue per status; the scale runs from WORST to BEST.
RATINGS: Mapping[Status, int] = {
    Status.VERIFIED: 3,
    Status.NEEDS_CORROBORATION: 2,
    Status.DISPUTED: 1,
}
BEST, WORST = 3, 1
MAX_CLAIM_LENGTH = 75  # what aggregators show of claimReviewed before they cut it

# Words that state a verdict: in claimReviewed they would read as part of what was claimed.
_RATING_WORDS = {
    "en": (
        "true", "false", "mostly", "misleading", "verified", "unverified", "correct",
        "incorrect", "accurate", "inaccurate", "disputed", "fake", "debunked", "unproven",
        "hoax",
    ),
    # Phrases, not the syllables "đúng" and "sai" alone, which are in everyday words of any
    # claim: "đúng giờ" (on time), "sai phạm" (violations), "là sai quy định" (is against the
    # rules).
    "vi": (
        "sai sự thật", "đúng sự thật", "đúng là", "gây hiểu lầm", "đã xác minh",
        "chưa xác minh", "được xác minh", "tin giả", "bịa đặt", "không chính xác",
    ),
}  # fmt: skip


def date_modified(claim: Claim) -> date:
    """The review's last change: its review date, or a later correction's."""
    return max([claim.reviewed, *(c.date for c in claim.corrections)])


def claim_review(
    claim: Claim, source: Source, config: SiteConfig, lang: Lang, rating_name: str
) -> dict[str, Any] | None:
    """The ClaimReview of `claim` as published in `lang`, or None while it awaits review."""
    value = RATINGS.get(claim.status)
    if value is None:
        return None
    publisher = {"@type": "Organization", "name": config.publisher, "url": config.base_url + "/"}
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": source.url or config.base_url + source_url(lang, source.id),
        "headline": source.title,
        "inLanguage": source.language,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.published:
        appearance["datePublished"] = source.published.isoformat()
    said_by = claim.attributed_to or source.author
    claim_author = (
        {"@type": "Person", "name": said_by}
        if said_by
        else {"@type": "Organization", "name": source.publisher}
    )
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": config.base_url + claim_url(lang, claim.id),
        "claimReviewed": claim_reviewed(claim, lang),
        "inLanguage": lang,
        "datePublished": claim.reviewed.isoformat(),
        "dateModified": date_modified(claim).isoformat(),
        "author": publisher,
        "publisher": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": rating_name,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": claim_author,
            # Where the claim appears: the archived article. Not also as firstAppearance, which
            # Google reads in its place (either will do) and which would claim it was the first.
            "appearance": [appearance],
        },
    }


def json_ld(data: Mapping[str, Any]) -> Markup:
    """`data` as the body of a JSON-LD script element."""
    # `<` is written as its JSON escape, so neither `</script>` nor `<!--` can end or confuse
    # the element, whatever text a claim holds; the JSON still parses to the same value.
    # Compact: with no indent, json uses its C encoder (a page per claim makes this add up).
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return Markup(text)


def claim_reviewed(claim: Claim, lang: Lang) -> str:
    """The claim as aggregators show it: its `short` form when it has one."""
    return claim.short[lang] if claim.short else claim.text[lang]


def lint_claim_review(claim: Claim) -> list[Diagnostic]:
    """Warn where a claim's text would make a poor claimReviewed: too long, or a verdict in it.
    The warnings follow from the claim alone."""
    problems = []
    for lang in LANGS:
        text = claim_reviewed(claim, lang)
        # Where the text ClaimReview uses is written: the `short:` form, else the claim's text.
        where = claim.short_at or claim.text_at[lang]
        if len(text) > MAX_CLAIM_LENGTH:
            problems.append(
                warning(
                    where,
                    "claimreview-too-long",
                    f"the {lang} claimReviewed of claim '{claim.id}' has {len(text)} "
                    f"characters; fact-check readers show about {MAX_CLAIM_LENGTH}",
                    "give the claim a `short:` form (vi and en) of at most "
                    f"{MAX_CLAIM_LENGTH} characters, or state it more briefly",
                )
            )
        found = rating_words(text, lang)
        if found:
            problems.append(
                warning(
                    where,
                    "claimreview-rating-word",
                    f"the {lang} text of claim '{claim.id}' contains the rating word "
                    f"{', '.join(repr(w) for w in found)}",
                    "write the claim as it was made (the verdict is its status), or give it "
                    "a `short:` form (vi and en) for ClaimReview",
                )
            )
    return problems


def rating_words(text: str, lang: Lang) -> list[str]:
    folded = text.casefold()
    return [word for word, pattern in _RATING_PATTERNS[lang] if pattern.search(folded)]


# Compiled once: the lint runs on every claim of every build.
_RATING_PATTERNS = {
    lang: [(word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")) for word in words]
    for lang, words in _RATING_WORDS.items()
}
