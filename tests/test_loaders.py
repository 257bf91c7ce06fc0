"""The loaders of facts.yaml, sources/ and site.yaml: typed values with their positions, and a
diagnostic for every shape they refuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
import hashlib
from pathlib import Path, PurePosixPath

import pytest
from support import REPO, write

from factpress.config import DEFAULT, load_config
from factpress.diagnostics import Diagnostic, Location
from factpress.facts import load_claims, read_claims, split_claims
from factpress.model import Bilingual, Status
from factpress.sources import load_sources
from factpress.yamlio import YNode, load_yaml

FACTS = PurePosixPath("facts.yaml")


def _printed(problem: Diagnostic) -> tuple[str, int]:
    """File and line as the command line prints them (a whole-file problem shows line 1)."""
    path, line, _ = str(problem.where).rsplit(":", 2)
    return path, int(line)


CLAIM = """\
  c-1:
    source: s
    quote: q
    quote_en: q
    vi: v
    en: e
    status: disputed
    reviewer: R
    reviewed: 2026-01-31
"""


def _facts(tmp_path: Path, text: str) -> Path:
    write(tmp_path, "facts.yaml", text)
    return tmp_path


# --- facts.yaml -------------------------------------------------------------------------------


def test_claims_of_the_minimal_project(project: Callable[[str], Path]) -> None:
    claims, broken, problems = load_claims(project("minimal"))
    assert (problems, broken) == ([], set())
    assert list(claims) == ["library-third", "library-books", "library-plan"]
    books = claims["library-books"]
    assert books.status is Status.NEEDS_CORROBORATION
    assert books.reviewed == date(2026, 11, 2)
    assert books.notes == Bilingual(vi="Chưa có số liệu độc lập.", en="No independent figure yet.")
    assert books.quote == "Thư viện có 12.000 đầu sách"
    assert claims["library-plan"].attributed_to == "Ông Lê Văn B"
    third = claims["library-third"]
    assert (third.defined_at, third.source_at, third.quote_at) == (
        Location(FACTS, 2, 3),
        Location(FACTS, 3, 13),
        Location(FACTS, 4, 12),
    )


def test_notes_as_one_string_serve_both_languages(tmp_path: Path) -> None:
    claims, _, problems = load_claims(_facts(tmp_path, "claims:\n" + CLAIM + "    notes: N\n"))
    assert problems == []
    assert claims["c-1"].notes == Bilingual(vi="N", en="N")


def test_corrections_are_kept_in_date_order(tmp_path: Path) -> None:
    text = (
        "claims:\n"
        + CLAIM
        + "    corrections:\n"
        + "      - {date: 2026-03-01, vi: sau, en: later}\n"
        + "      - {date: 2026-02-01, vi: trước, en: earlier}\n"
    )
    claims, _, problems = load_claims(_facts(tmp_path, text))
    assert problems == []
    assert [(c.date, c.text.en) for c in claims["c-1"].corrections] == [
        (date(2026, 2, 1), "earlier"),
        (date(2026, 3, 1), "later"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("facts.yaml", 1, "facts-missing")]),
        ("sources: {}\n", [("facts.yaml", 1, "facts-shape")]),
        ("claims:\n  - a\n", [("facts.yaml", 2, "facts-shape")]),
        ("claims:\n  c-1: text\n", [("facts.yaml", 2, "facts-shape")]),
        (
            # A bad id does not hide what else is wrong with the claim.
            "claims:\n" + CLAIM.replace("c-1", "Bad_ID").replace("    reviewer: R\n", ""),
            [("facts.yaml", 2, "claim-id"), ("facts.yaml", 2, "field-missing")],
        ),
        ("claims:\n" + CLAIM + "extra: 1\n", [("facts.yaml", 11, "field-unknown")]),
        (
            "claims:\n" + CLAIM.replace("    quote: q\n", "").replace("disputed", "wrong"),
            [("facts.yaml", 2, "field-missing"), ("facts.yaml", 7, "claim-status")],
        ),
        ("claims:\n" + CLAIM + "    notes: [a]\n", [("facts.yaml", 11, "field-type")]),
        ("claims:\n" + CLAIM + "    corrections: yes\n", [("facts.yaml", 11, "field-type")]),
    ],
    ids=[
        "no-file",
        "no-claims-key",
        "claims-a-list",
        "claim-not-a-mapping",
        "bad-id",
        "unknown-top-level-key",
        "every-problem-of-a-claim",
        "notes-a-list",
        "corrections-not-a-list",
    ],
)
def test_facts_shapes_refused(
    tmp_path: Path, text: str, expected: list[tuple[str, int, str]]
) -> None:
    root = _facts(tmp_path, text) if text else tmp_path
    _, _, problems = load_claims(root)
    assert sorted((*_printed(p), p.code) for p in problems) == expected
    assert all(p.is_error for p in problems)


def test_a_malformed_claim_is_known_as_broken_not_as_missing(tmp_path: Path) -> None:
    text = "claims:\n" + CLAIM + CLAIM.replace("c-1", "c-2").replace("2026-01-31", "soon")
    claims, broken, _ = load_claims(_facts(tmp_path, text))
    assert list(claims) == ["c-1"]
    assert broken == {"c-2"}


def test_an_empty_claims_mapping_is_allowed(tmp_path: Path) -> None:
    assert load_claims(_facts(tmp_path, "claims:\n")) == ({}, set(), [])


# Read one claim at a time (a claim edit parses only that claim), facts.yaml must read as it
# reads whole, positions included; any shape where that could differ is read whole.
TRICKY = """\
# The claims of the explainer.
claims:  # by id

  c-1:
    source: s
    quote: "a quote that
      runs over two lines"
    notes: |
      A block of text,

      with a blank line in it.
    short: {vi: ngắn, en: short}
# a comment at the margin between two claims
  c-2:
    source: >-
      folded
    corrections:
      - date: 2026-02-01
        vi: V
        en: E
  c-3:
"""


def _whole(text: str) -> dict[str, YNode]:
    node, problems = load_yaml(text, FACTS)
    assert problems == [] and node is not None
    claims: dict[str, YNode] = node.mapping()["claims"].mapping()
    return claims


@pytest.mark.parametrize("which", ["tricky", "minimal", "explainer"])
def test_each_claim_read_alone_reads_as_in_the_whole_file(
    which: str, project: Callable[[str], Path]
) -> None:
    text = {
        "tricky": TRICKY,
        "minimal": (project("minimal") / "facts.yaml").read_text("utf-8"),
        "explainer": (REPO / "facts.yaml").read_text("utf-8"),
    }[which]
    written = split_claims(text)
    assert written is not None
    alone = {}
    for lines, line in written.values():
        node, problems = load_yaml(lines, FACTS, first_line=line)
        assert problems == [] and node is not None
        alone.update(node.mapping())
    assert alone == _whole(text)
    assert list(alone) == list(_whole(text))


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\n" + "claims:\n" + CLAIM,  # a directive
        "claims:\n" + CLAIM + "other: 1\n",  # another key at the margin
        "claims:\n" + CLAIM + '  "c-2":\n    source: s\n',  # a quoted id
        "claims:\n" + CLAIM + "  C_2:\n    source: s\n",  # an id the build refuses
        "claims:\n" + CLAIM + " c-2:\n    source: s\n",  # a claim indented otherwise
        "claims:\n" + CLAIM + CLAIM,  # an id twice
        "claims:\n- " + CLAIM.strip(),  # a list, not a mapping
        "claims:\n" + CLAIM + "  c-2:\n    notes: a\u2028b\n",  # a break YAML knows
        # Before the first claim, what the whole file would refuse.
        "\t# a tab before a comment\nclaims:\n" + CLAIM,
        "claims:\n\t# a tab before a comment\n" + CLAIM,
        "# a bell \x07 in a comment\nclaims:\n" + CLAIM,
        "claims:#not a comment\n" + CLAIM,
    ],
)
def test_other_shapes_are_read_whole(text: str) -> None:
    assert split_claims(text) is None


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # An alias to another claim's anchor: c-2 is c-1 again.
        ("claims:\n  c-1: &same\n    source: s\n  c-2: *same\n", {"c-1", "c-2"}),
        # A quoted text that goes on at the ids' indent, which YAML allows: no c-2 at all.
        ('claims:\n  c-1:\n    quote: "one\n  c-2: two"\n', {"c-1"}),
    ],
)
def test_claims_that_do_not_read_alone_are_read_with_the_whole_file(
    text: str, ids: set[str], tmp_path: Path
) -> None:
    assert split_claims(text) is not None
    read = read_claims(_facts(tmp_path, text))
    assert read.written == {}
    # Both fixtures' claims lack fields; their ids are what matter.
    assert read.broken is not None and set(read.broken) == ids
    assert {p.where.line for p in read.diagnostics} >= {2}


def test_a_claim_written_as_before_is_not_read_again(tmp_path: Path) -> None:
    second = CLAIM.replace("c-1", "c-2")
    first = read_claims(_facts(tmp_path, "claims:\n" + CLAIM + second))
    assert first.diagnostics == [] and list(first.claims) == ["c-1", "c-2"]
    known = {i: (first.written[i], first.claims[i]) for i in first.claims}

    again = read_claims(_facts(tmp_path, "claims:\n" + CLAIM + second), known)
    assert again.claims["c-1"] is first.claims["c-1"]
    assert again.claims["c-2"] is first.claims["c-2"]

    edited = read_claims(
        _facts(tmp_path, "claims:\n" + CLAIM + second.replace("vi: v", "vi: w")), known
    )
    assert edited.claims["c-1"] is first.claims["c-1"]
    assert edited.claims["c-2"].text.vi == "w"

    # One more line above it moves the claim: its positions change, so it is read again.
    moved = read_claims(_facts(tmp_path, "claims:\n" + CLAIM + "    notes: N\n" + second), known)
    assert moved.claims["c-2"] is not first.claims["c-2"]
    assert moved.claims["c-2"].defined_at.line == first.claims["c-2"].defined_at.line + 1
    assert moved.claims["c-1"].notes == Bilingual(vi="N", en="N")


# --- sources/ ----------------------------------------------------------------------------------


def test_source_of_the_minimal_project(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    sources, broken, problems = load_sources(root)
    assert (problems, broken) == ([], set())
    source = sources["thu-vien"]
    data = (root / "sources" / "thu-vien.txt").read_bytes()
    assert source.text == data.decode("utf-8")
    assert source.sha256 == source.actual_sha256 == hashlib.sha256(data).hexdigest()
    assert source.sha256_at == Location(PurePosixPath("sources/thu-vien.yaml"), 8, 9)
    assert (source.published, source.archived) == (date(2021, 6, 1), date(2026, 11, 1))
    assert (source.author, source.language) == ("Nguyễn C", "vi")
    assert [s.id for s in source.sentences] == ["p1s1", "p2s1", "p2s2", "p3s1"]


def test_changed_bytes_are_loaded_and_left_to_the_verifier(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    path = root / "sources" / "thu-vien.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    sources, _, problems = load_sources(root)
    assert problems == []
    assert sources["thu-vien"].actual_sha256 != sources["thu-vien"].sha256


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda root: (root / "sources/thu-vien.yaml").write_text(
                (root / "sources/thu-vien.yaml")
                .read_text("utf-8")
                .replace("sha256: 7d", "sha256: 7D"),
                "utf-8",
            ),
            [("sources/thu-vien.yaml", 8, "source-sha256")],
        ),
        (
            lambda root: (root / "sources/thu-vien.txt").write_bytes(b"caf\xe9\n"),
            [("sources/thu-vien.txt", 1, "source-encoding")],
        ),
        (
            lambda root: (root / "sources/thu-vien.yaml").write_text("- a\n", "utf-8"),
            [("sources/thu-vien.yaml", 1, "source-metadata")],
        ),
        (
            lambda root: (root / "sources/thu-vien.yaml").write_text(
                "title: T\npublisher: P\nlanguage: vi\narchived: 2026-01-01\nsha256: x\n", "utf-8"
            ),
            [("sources/thu-vien.yaml", 5, "source-sha256")],
        ),
        (
            lambda root: (root / "sources/thu-vien.yaml").write_text(
                "title: T\nlanguage: vi\narchived: 2026\nsha256: x\n", "utf-8"
            ),
            [
                ("sources/thu-vien.yaml", 1, "field-missing"),
                ("sources/thu-vien.yaml", 3, "field-type"),
                ("sources/thu-vien.yaml", 4, "source-sha256"),
            ],
        ),
    ],
    ids=["sha256-upper-case", "not-utf8", "metadata-a-list", "sha256-short", "several-problems"],
)
def test_source_problems(
    project: Callable[[str], Path],
    edit: Callable[[Path], None],
    expected: list[tuple[str, int, str]],
) -> None:
    root = project("minimal")
    edit(root)
    sources, broken, problems = load_sources(root)
    assert sorted((*_printed(p), p.code) for p in problems) == expected
    assert sources == {}
    assert broken == {"thu-vien"}


# --- site.yaml ---------------------------------------------------------------------------------


def test_site_yaml_is_optional(tmp_path: Path) -> None:
    assert load_config(tmp_path) == (DEFAULT, [])


def test_site_yaml_values(tmp_path: Path) -> None:
    write(
        tmp_path,
        "site.yaml",
        "title:\n  vi: Tựa\n  en: Title\nbase_url: https://facts.example/\n"
        "publisher: Báo\ncontact: a@b.c\nreview_max_age_days: 30\n",
    )
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.title == Bilingual(vi="Tựa", en="Title")
    assert config.base_url == "https://facts.example"  # no trailing slash to double up
    assert (config.publisher, config.contact, config.review_max_age_days) == ("Báo", "a@b.c", 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n", [(1, "config-shape")]),
        ("title: Site\n", [(1, "config-title")]),
        ("base_url: example.org\n", [(1, "config-base-url")]),
        ("review_max_age_days: 1.5\n", [(1, "field-type")]),
        ("contact: https://example.org/report\n", []),  # a form's page
        ("contact: toa soan at example\n", [(1, "config-contact")]),
        ("contact: example.org/report\n", [(1, "config-contact")]),
        ("contact: desk@example.org?subject=hi\n", [(1, "config-contact")]),
        ("title:\n  vi: A\n", [(1, "field-missing")]),
    ],
)
def test_site_yaml_problems(tmp_path: Path, text: str, expected: list[tuple[int, str]]) -> None:
    write(tmp_path, "site.yaml", text)
    _, problems = load_config(tmp_path)
    assert sorted((_printed(p)[1], p.code) for p in problems) == expected
    assert all(_printed(p)[0] == "site.yaml" for p in problems)


def test_unknown_language_under_site_title_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "site.yaml", "title:\n  vi: Tựa\n  en: Title\n  fr: Titre\n")
    _, problems = load_config(tmp_path)
    assert [(_printed(p), p.code) for p in problems] == [(("site.yaml", 4), "field-unknown")]
    assert problems[0].hint
