"""What the reviewer-facing templates need beyond a claim view: review due dates, coverage,
counts per status, deep links into the originals, and each claim's ClaimReview."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import TypeVar

from markupsafe import Markup

from factpress.claimreview import BEST, RATINGS, WORST, claim_review, date_modified, json_ld
from factpress.coverage import Coverage, site_coverage
from factpress.model import LANGS, Lang, Site, Status
from factpress.review import Due, review_due, status_counts
from factpress.textfragment import deep_link

V = TypeVar("V")


class Record:
    """Computed from the site on first use, once: a build that renders a handful of pages
    should not pay for the deep links or the coverage of every claim and source."""

    def __init__(self, site: Site) -> None:
        self.site = site

    @cached_property
    def translations(self) -> Mapping[str, Mapping[str, str]]:
        """The versions of each explainer that crawlers are told of, by page name ({language:
        URL}, in LANGS order): every one but those waiting for their translation, which are
        not indexed. What the pages' hreflang links, the language picker and the sitemap all
        say."""
        by_name: dict[str, dict[str, str]] = {}
        for page in sorted(self.site.pages, key=lambda p: (p.name, LANGS.index(p.lang))):
            if not page.pending:
                by_name.setdefault(page.name, {})[page.lang] = page.url
        return by_name

    @cached_property
    def due(self) -> Mapping[str, Due]:
        """By claim id."""
        site = self.site
        return {
            c.id: review_due(
                c, _archived(site, c.source_id), site.today, site.config.review_max_age_days
            )
            for c in site.claims.values()
        }

    @cached_property
    def deep_links(self) -> Mapping[str, str | None]:
        """By claim id: the original URL with a text fragment, where the source has a URL;
        each made when first asked for (a claim edit renders two claim records, not 10,000)."""
        return _OnDemand(self.site.anchors, self._deep_link)

    def _deep_link(self, claim_id: str) -> str | None:
        anchor = self.site.anchors[claim_id]
        source = self.site.sources[anchor.source_id]
        return deep_link(source.url, source.text, anchor.start, anchor.end) if source.url else None

    @cached_property
    def modified(self) -> Mapping[str, date]:
        """By claim id: the review date or the latest correction."""
        return {c.id: date_modified(c) for c in self.site.claims.values()}

    @cached_property
    def coverage(self) -> Mapping[str, Coverage]:
        """By source id."""
        return site_coverage(self.site.sources, self.site.anchors)

    @cached_property
    def counts(self) -> Mapping[Status, int]:
        return status_counts(self.site.claims)

    @cached_property
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


class _OnDemand(Mapping[str, V]):
    """The value of each key of `keys`, worked out on first use and kept."""

    def __init__(self, keys: Mapping[str, object], make: Callable[[str], V]) -> None:
        self._keys = keys
        self._make = make
        self._made: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        if key not in self._made:
            if key not in self._keys:
                raise KeyError(key)
            self._made[key] = self._make(key)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _archived(site: Site, source_id: str) -> date | None:
    source = site.sources.get(source_id)
    return source.archived if source is not None else None


def make_record(site: Site) -> Record:
    return Record(site)
