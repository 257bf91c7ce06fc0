"""What the reviewer-facing templates need beyond a claim view: review due dates, coverage,
counts per status, deep links into the originals, and each claim's ClaimReview."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from factpress.claimreview import BEST, RATINGS, WORST, claim_review, date_modified, json_ld
from factpress.coverage import Coverage, site_coverage
from factpress.model import Lang, Site, Status
from factpress.review import Due, review_due, status_counts
from factpress.textfragment import deep_link


@dataclass(frozen=True, slots=True)
class Record:
    due: Mapping[str, Due]  # by claim id
    deep_links: Mapping[str, str | None]  # by claim id: the original URL with a text fragment
    modified: Mapping[str, date]  # by claim id: review date or latest correction
    coverage: Mapping[str, Coverage]  # by source id
    counts: Mapping[Status, int]
    site: Site

    @property
    def due_count(self) -> int:
        return sum(bool(due) for due in self.due.values())

    @property
    def ratings(self) -> list[tuple[Status, int | None]]:
        """Each status and its ratingValue (None: no rating is published), best first."""
        return sorted(((s, RATINGS.get(s)) for s in Status), key=lambda r: -(r[1] or 0))

    @property
    def rating_bounds(self) -> tuple[int, int]:
        return WORST, BEST

    def claim_review(self, claim_id: str, lang: Lang, rating_name: str) -> Markup:
        """The JSON-LD body of the claim's ClaimReview in `lang`; empty while it awaits review."""
        claim = self.site.claims[claim_id]
        data = claim_review(
            claim, self.site.sources[claim.source_id], self.site.config, lang, rating_name.strip()
        )
        return json_ld(data) if data else Markup("")


def make_record(site: Site) -> Record:
    links: dict[str, str | None] = {}
    for claim_id, anchor in site.anchors.items():
        source = site.sources[anchor.source_id]
        links[claim_id] = (
            deep_link(source.url, source.text, anchor.start, anchor.end) if source.url else None
        )
    return Record(
        due={
            c.id: review_due(
                c, site.sources.get(c.source_id), site.today, site.config.review_max_age_days
            )
            for c in site.claims.values()
        },
        deep_links=links,
        modified={c.id: date_modified(c) for c in site.claims.values()},
        coverage=site_coverage(site.sources, site.anchors),
        counts=status_counts(site.claims),
        site=site,
    )
