"""The review workflow: which claims are not verified, which reviews are due, and counts.

A review is due when it is older than `review_max_age_days`, or older than the archived copy of
its source (the text it was checked against has been replaced since): a warning. A claim not yet
verified is published with its status shown; it is reported only by the publishing gate,
`check --strict`, which fails on it: on every ordinary build it would be noise that hides the
warnings a writer must act on.

A review or a correction dated after tomorrow (a day's grace for the time zones between a desk
and its build server) is an error: the record would say a claim was checked, or corrected, on a
day that has not come.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from factpress.diagnostics import Diagnostic, error, warning
from factpress.model import GRACE, Claim, Draft, Status


@dataclass(frozen=True, slots=True)
class Due:
    """Why a claim's review is due; both reasons may hold."""

    too_old: bool  # older than the configured age
    before_archive: bool  # older than the archived copy of its source

    def __bool__(self) -> bool:
        return self.too_old or self.before_archive


def review_due(claim: Claim, archived: date | None, today: date, max_age_days: int) -> Due:
    """`archived`: when the claim's source was captured (None if it has no source)."""
    return Due(
        too_old=claim.reviewed < today - timedelta(days=max_age_days),
        before_archive=archived is not None and claim.reviewed < archived,
    )


def check_reviews(
    claims: Mapping[str, Claim],
    archived: Mapping[str, date],
    today: date,
    max_age_days: int,
    *,
    gate: bool = False,
) -> list[Diagnostic]:
    """Errors for the reviews and corrections dated after tomorrow; warnings for the reviews
    that are due and, at the gate, for the claims not verified.
    `archived`: when each source was captured, by source id."""
    problems = []
    for claim in claims.values():
        problems += _dated_ahead(claim, today)
        if gate and claim.status is not Status.VERIFIED:
            problems.append(
                warning(
                    claim.defined_at,
                    "claim-not-verified",
                    f"claim '{claim.id}' is {claim.status.value}, not verified",
                    "it is published with its status shown; the gate fails until it is verified",
                )
            )
        captured = archived.get(claim.source_id)
        due = review_due(claim, captured, today, max_age_days)
        if due.too_old:
            problems.append(
                warning(
                    claim.defined_at,
                    "review-due",
                    f"the review of claim '{claim.id}' ({claim.reviewed.isoformat()}) is older "
                    f"than {max_age_days} days",
                    "check it against its source again, then update `reviewed:`",
                )
            )
        if due.before_archive and captured is not None:
            problems.append(
                warning(
                    claim.defined_at,
                    "review-due",
                    f"the review of claim '{claim.id}' ({claim.reviewed.isoformat()}) is older "
                    f"than the archived copy of '{claim.source_id}' ({captured.isoformat()})",
                    "the claim was checked against an earlier capture: review it against this "
                    "one, then update `reviewed:`",
                )
            )
    return problems


def check_draft_dates(drafts: Mapping[str, Draft], today: date) -> list[Diagnostic]:
    """The errors of check_reviews for the claims that did not read whole, where their dates
    did; a claim that is not published is not due for review, so no warning."""
    return [problem for draft in drafts.values() for problem in _dated_ahead(draft, today)]


def _dated_ahead(claim: Claim | Draft, today: date) -> list[Diagnostic]:
    """Errors for a review or a correction dated after tomorrow."""
    problems = []
    if claim.reviewed is not None and claim.reviewed > today + GRACE:
        problems.append(
            error(
                claim.defined_at,
                "review-date",
                f"claim '{claim.id}' was reviewed on {claim.reviewed.isoformat()}, a day "
                f"still to come (today is {today.isoformat()})",
                "write the day the claim was checked against its source in `reviewed:`",
            )
        )
    for correction in claim.corrections:
        if correction.date > today + GRACE:
            problems.append(
                error(
                    correction.date_at,
                    "review-date",
                    f"a correction of claim '{claim.id}' is dated "
                    f"{correction.date.isoformat()}, a day still to come (today is "
                    f"{today.isoformat()})",
                    "date a correction by the day it was made",
                )
            )
    return problems


def status_counts(claims: Mapping[str, Claim]) -> dict[Status, int]:
    """How many claims have each status, every status listed (zero included), in scale order."""
    counts = Counter(claim.status for claim in claims.values())
    return {status: counts[status] for status in Status}
