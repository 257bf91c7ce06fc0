"""Lints on a claim's texts: numbers and dates held to the quote, no empty text, unused claims."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claim_record import build_site, set_field
import pytest

from factpress.claimnumbers import unsupported
from factpress.diagnostics import BuildError


@pytest.mark.parametrize(
    ("claim", "quote"),
    [
        ("ngày 22-12-2024", "ngày 22 tháng 12 năm 2024"),
        ("on 22 December 2024", "Ngày 22-12-2024, tỉnh"),
        ("on December 22, 2024", "Ngày 22/12/2024, tỉnh"),
        ("ngày 22-12-2024", "on December 22, 2024"),
        ("in December 2024", "Ngày 22-12-2024"),
        ("tháng 12/2024", "on 22 December 2024"),
        ("on 2024-12-22", "22.12.2024"),
        ("in 2024", "Ngày 22-12-2024"),
        ("12,000 titles", "12.000 đầu sách"),
        ("3.5 percent", "3,5%"),
        ("they may open 3 more", "mở thêm 3 thư viện"),
    ],
)
def test_the_same_numbers_and_dates_in_either_language_pass(claim: str, quote: str) -> None:
    assert unsupported(claim, quote) == []


@pytest.mark.parametrize(
    ("text", "text_lang", "quote", "quote_lang", "missing"),
    [
        # One separator and three digits: as the language writes numbers.
        ("28.500 chuyến", "vi", "28.500 chuyến tàu", "vi", []),
        ("28,500 trips", "en", "28.500 chuyến tàu", "vi", []),
        ("28,500 chuyến", "vi", "28.500 chuyến tàu", "vi", ["28,500 (which reads 28.5 in vi)"]),
        ("28.500 trips", "en", "28.500 chuyến tàu", "vi", ["28.500 (which reads 28.5 in en)"]),
        ("28,5 km", "vi", "28.5 km", "en", []),
        ("28,500 trips", "en", "28,500 trips", "fr-CA", ["28500"]),  # 28,5 in French
        ("28,500 trips", "en", "28,500 voyages", "xx", []),  # not known: a thousand
        # Other shapes say themselves, whatever the language.
        ("1.234,5 tỷ", "vi", "1,234.5 billion", "en", []),
        ("tăng 1.5%", "vi", "up 1.5%", "en", []),
        ("1,234,567 people", "en", "1.234.567 người", "vi", []),
        # As the language's region writes it (CLDR, through Babel), where it differs.
        ("1.5 billion", "en", "1.500 millones", "es-MX", []),  # 1.5 in Mexico, 1500 in Spain
        ("1.5 billion", "en", "1.500 millones", "es", ["1.5"]),
        ("1.5 billion", "en", "1,500 млрд", "uk", []),
        # Thousands grouped by a space, as French or Russian write them, or an apostrophe.
        ("12,000 residents", "en", "12\u202f000 habitants", "fr", []),
        ("12,000 residents", "en", "12 000 habitants", "fr", []),
        ("12.000 cư dân", "vi", "12 000 жителей", "ru", []),
        ("12,000 residents", "en", "12\u00a0000 residents", "en", []),  # only ever a group
        ("12,000 residents", "en", "12’000 Einwohner", "de-CH", []),
        ("12,000 residents", "en", "12’000 Einwohner", "de", []),  # only ever a group
        # A claim or rendering copying its quote's grouping is read as the quote is.
        ("12 000 residents", "en", "12 000 habitants", "fr", []),
        ("12 000 cư dân", "vi", "12 000 habitants", "fr", []),
        ("call 0 800 123 456", "en", "appelez le 0 800 123 456", "fr", []),
        ("13 000 residents", "en", "12 000 habitants", "fr", ["13000"]),
        ("1,234,567.5 people", "en", "1 234 567,5 personnes", "fr", []),
        ("13,000 residents", "en", "12 000 habitants", "fr", ["13000"]),
        # A plain space groups nothing in a language that groups otherwise; nor after 4 digits.
        ("12,000 residents", "en", "12 000 residents", "en", ["12000"]),
        # ... and the message names such a number whole, and how it reads.
        (
            "12 000 residents",
            "en",
            "12,000 residents",
            "en",
            ["12 000 (which reads 12 and 0 in en)"],
        ),
        (
            "1 234 567 people",
            "en",
            "1,234,567 people",
            "en",
            ["1 234 567 (which reads 1, 234 and 567 in en)"],
        ),
        ("12 000 residents", "en", "12 residents", "en", ["12 000 (which reads 12 and 0 in en)"]),
        # ... every number that is missing, however the groups share their parts.
        (
            "12 000 homes and 5 000 shops",
            "en",
            "12 homes and 5 shops",
            "en",
            ["12 000 (which reads 12 and 0 in en)", "5 000 (which reads 5 and 0 in en)"],
        ),
        (
            "100 districts, 100 000 residents",
            "en",
            "100,000 residents",
            "en",
            ["100", "100 000 (which reads 100 and 0 in en)"],
        ),
        (
            "1 234.5 tonnes",
            "en",
            "1,234.5 tonnes",
            "en",
            ["1 234.5 (which reads 1 and 234.5 in en)"],
        ),
        (
            "1 234,567,890 dong",
            "en",
            "1 dong",
            "en",
            ["1 234,567,890 (which reads 1 and 234567890 in en)"],
        ),
        ("2020100 people", "en", "en 2020 100 personnes", "fr", ["2020100"]),
        # A decimal with more than three digits is one number; 0,5 is 0.5.
        ("inflation was 3.141%", "en", "inflation was 3.1415%", "en", ["3.141"]),
        ("giảm 0,5%", "vi", "giảm 0,7%", "vi", ["0.5"]),
    ],
)
def test_a_number_is_read_as_its_text_s_language_writes_it(
    text: str, text_lang: str, quote: str, quote_lang: str, missing: list[str]
) -> None:
    assert unsupported(text, quote, text_lang, quote_lang) == missing


@pytest.mark.parametrize(
    ("claim", "quote", "missing"),
    [
        ("on 23 December 2024", "Ngày 22-12-2024", ["2024-12-23"]),
        ("ngày 22-11-2024", "on December 22, 2024", ["2024-11-22"]),
        ("in November 2024", "Ngày 22-12-2024", ["2024-11"]),
        ("13,000 titles", "12.000 đầu sách", ["13000"]),
        ("in 2025", "Ngày 22-12-2024", ["2025"]),
    ],
)
def test_a_number_or_date_the_quote_lacks_is_named(
    claim: str, quote: str, missing: list[str]
) -> None:
    assert unsupported(claim, quote) == missing


def test_an_unsupported_date_fails_the_build_at_the_claim_text(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    set_field(root, "bridge-opened", "en", '"Binh Minh opened the bridge on December 23, 2024."')
    with pytest.raises(BuildError) as failure:
        build_site(root)
    [problem] = [d for d in failure.value.diagnostics if d.is_error]
    assert problem.code == "claim-number-unsupported"
    assert str(problem.where) == "facts.yaml:7:5"  # the claim's `en:`
    assert "2024-12-23" in problem.message


@pytest.mark.parametrize("field", ["vi", "en", "quote_en"])
def test_an_empty_text_is_an_error(project: Callable[[str], Path], field: str) -> None:
    root = project("record")
    set_field(root, "bridge-lanes", field, '"  "')
    with pytest.raises(BuildError) as failure:
        build_site(root)
    codes = {(d.code, d.where.line) for d in failure.value.diagnostics}
    assert ("field-type", 14 + ["quote_en", "vi", "en"].index(field)) in codes


def test_an_unused_claim_is_listed(project: Callable[[str], Path]) -> None:
    root = project("record")
    for lang in ("vi", "en"):
        page = root / "content" / lang / "index.md"
        page.write_text(page.read_text("utf-8").replace(" [@bridge-lanes]", ""), "utf-8")
    _, report = build_site(root)
    unused = [w for w in report.warnings if w.code == "claim-unused"]
    assert [(str(w.where), w.message) for w in unused] == [
        ("facts.yaml:11:3", "claim 'bridge-lanes' is not cited by any page")
    ]
