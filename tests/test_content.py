"""The published explainer itself: its claims, its pages, and how they hold together."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
import dataclasses
from functools import lru_cache
from pathlib import Path
import re

import pytest

from factpress import quotes
from factpress.content import load_pages
from factpress.diagnostics import BuildError
from factpress.facts import load_claims
from factpress.model import LANGS, Status
from factpress.parse import make_markdown, parse_page
from factpress.pipeline import build
from factpress.sources import load_sources
from factpress.verify import verify_claims

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages():
    sources, _unreadable, problems = load_pages(REPO)
    assert problems == []
    md = make_markdown()
    return [parse_page(source, md)[0] for source in sources]


@pytest.fixture(scope="module")
def claims():
    loaded, broken, problems = load_claims(REPO)
    assert (broken, problems) == (set(), [])
    return loaded


def test_the_site_builds_without_a_warning(tmp_path: Path) -> None:
    report = build(REPO, out_dir=tmp_path / "site")
    assert report.warnings == ()
    assert report.pages >= 16


def test_only_claims_not_yet_verified_hold_back_the_publishing_gate(claims) -> None:
    with pytest.raises(BuildError) as failure:
        build(REPO, strict=True, write=False)
    held = {d.message.split("'")[1] for d in failure.value.diagnostics}
    assert {d.code for d in failure.value.diagnostics} == {"claim-not-verified"}
    assert held == {c.id for c in claims.values() if c.status is not Status.VERIFIED}


def test_the_explainer_has_at_least_thirty_claims_all_anchored_in_the_article(claims) -> None:
    sources, broken, problems = load_sources(REPO)
    anchors, problems = verify_claims(claims, sources, broken)
    assert problems == []
    assert len(claims) >= 30
    assert set(anchors) == set(claims)


def test_claims_are_searched_source_by_source_and_anchored_in_their_own_order(
    claims, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twelve copies of the article, more than the normalized texts quotes.py keeps, each
    # cited in turn: every copy is still normalized once.
    sources, broken, _ = load_sources(REPO)
    (article,) = sources.values()
    copies = {
        f"copy-{n}": dataclasses.replace(article, id=f"copy-{n}", text=f"{article.text}\n{n}\n")
        for n in range(12)
    }
    spread = {
        claim.id: dataclasses.replace(claim, source_id=f"copy-{n % 12}")
        for n, claim in enumerate(claims.values())
    }
    normalized: Counter[str] = Counter()

    def counted(text: str) -> tuple[str, Sequence[int]]:
        normalized[text] += 1
        return quotes._normalize(text)

    monkeypatch.setattr(quotes, "_normalize_cached", lru_cache(maxsize=8)(counted))
    anchors, problems = verify_claims(spread, copies, broken)
    assert problems == []
    assert list(anchors) == list(spread)
    assert {anchors[c].source_id for c in anchors} == set(copies)
    assert sorted(normalized.values()) == [1] * len(copies)


def test_every_claim_is_cited_in_each_language(pages, claims) -> None:
    for lang in LANGS:
        cited = {use.claim_id for page in pages if page.lang == lang for use in page.uses}
        assert set(claims) - cited == set(), f"claims never cited in {lang}"


def test_every_page_exists_in_both_languages_citing_the_same_claims(pages) -> None:
    by_name: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for page in pages:
        assert not page.source.front.translation_pending, page.source.src_path
        by_name[page.name][page.lang] = set(page.cited_ids)
    for name, versions in by_name.items():
        assert set(versions) == set(LANGS), name
        assert versions["vi"] == versions["en"], name


def test_every_number_of_a_claim_is_in_its_quote(claims) -> None:
    def numbers(text: str) -> set[str]:
        return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}

    for claim in claims.values():
        for lang in LANGS:
            assert numbers(claim.text[lang]) <= numbers(claim.quote), (claim.id, lang)


def test_claims_attributed_to_people_name_who_said_it(claims) -> None:
    speakers = {c.attributed_to for c in claims.values() if c.attributed_to}
    for person in ("Nguyễn Văn Hùng", "Aaron Thean", "Trần Đình Thiên"):
        assert any(person in speaker for speaker in speakers), person


def test_a_claim_not_marked_verified_says_why(claims) -> None:
    for claim in claims.values():
        if claim.status is not Status.VERIFIED:
            assert claim.notes is not None, claim.id
