"""The reviewer table at scale: its page carries the first rows and stays the same size however
large the site grows; one data file per language holds every claim, read back exactly; plain
listings of at most 200 rows hold every claim once."""

from __future__ import annotations

from datetime import date
import json
from pathlib import Path
import sys
from typing import Any

from bs4 import BeautifulSoup
import pytest
from test_html_validity import vnu
from test_page_weight import TABLE_BUDGET, weight

from factpress.pipeline import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

TODAY = date(2026, 11, 27)


def make_project(root: Path, claims: int) -> Path:
    generate(root, pages=12, claims=claims)
    build(root, out_dir=root / "site", today=TODAY)
    return root / "site"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("table") / "small", 40)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("table") / "large", 250)


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def export(site: Path) -> list[dict[str, Any]]:
    claims: list[dict[str, Any]] = json.loads((site / "claims.json").read_text("utf-8"))["claims"]
    return claims


def decoded(site: Path, lang: str) -> list[dict[str, Any]]:
    """The data file read as the table's script reads it (static/review.js, `decode`)."""
    data = json.loads((site / lang / "claims" / "data.json").read_text("utf-8"))

    def text(numbers: list[int] | None) -> str | None:
        return None if numbers is None else " ".join(data["words"][n] for n in numbers)

    return [
        {
            "id": c[0], "status": c[1], "text": text(c[2]), "quote": text(c[3]),
            "rendering": text(c[4]),
            "source": data["sources"][c[5]][0],
            "cited_by": [data["pages"][n][0] for n in c[7]],
            "reviewer": data["reviewers"][c[8]], "reviewed": c[9], "due": c[10] == 1,
            "permalink": data["urls"]["claim"].replace("{id}", c[0]),
        }
        for c in data["claims"]
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_data_file_holds_every_claim_as_the_export_has_it(large: Path, lang: str) -> None:
    claims = {c["id"]: c for c in export(large)}
    rows = decoded(large, lang)
    assert sorted(r["id"] for r in rows) == sorted(claims)
    base = "https://bench.example.org"
    for row in rows:
        claim = claims[row["id"]]
        assert row["text"] == claim["text"][lang]
        assert row["quote"] == claim["quote"]
        assert (row["status"], row["source"], row["reviewer"]) == (
            claim["status"], claim["source"], claim["reviewer"],
        )  # fmt: skip
        assert (row["reviewed"], row["due"]) == (claim["reviewed"], claim["review_due"])
        assert [base + url for url in row["cited_by"]] == claim["cited_by"][lang]
        assert base + row["permalink"] == claim["url"][lang]
        # The rendering in the table's language, where the source is in another.
        rendering = claim[f"quote_{lang}"]
        assert row["rendering"] == rendering


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_plain_listing_holds_every_claim_once_in_pages_of_at_most_200_rows(
    large: Path, lang: str
) -> None:
    table = read(large / lang / "claims" / "index.html")
    links = [a["href"] for a in table.select("nav.claim-listing a")]
    assert links == [f"/{lang}/claims/page/{n}/" for n in (1, 2, 3)]
    seen = []
    for link in links:
        page = read(large / link.strip("/") / "index.html")
        rows = page.select("table.claims-list tbody tr")
        assert 0 < len(rows) <= 200
        seen += [row.a["href"] for row in rows]
    assert sorted(seen) == sorted(f"/{lang}/claims/{c['id']}.html" for c in export(large))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_table_page_stays_within_the_budget_in_a_site_six_times_larger(
    small: Path, large: Path, lang: str
) -> None:
    before, after = (site / lang / "claims" / "index.html" for site in (small, large))
    rows = [read(p).select("table.claims-table tbody tr") for p in (before, after)]
    assert len(rows[0]) == len(rows[1]) == 10, "the first rows only"
    # The rows differ (other claims come first), not their number: the size follows them.
    assert abs(after.stat().st_size - before.stat().st_size) <= 0.05 * before.stat().st_size
    assert weight(large, after) <= TABLE_BUDGET
    form = read(after).select_one("form.claim-filters")
    assert [o["value"] for o in form.select("select[name=source] option")] == [""]


def test_the_table_and_its_listing_are_valid_html(large: Path) -> None:
    pages = [large / lang / "claims" / rel for lang in ("vi", "en") for rel in
             ("index.html", "page/2/index.html")]  # fmt: skip
    assert vnu(*pages) == []
