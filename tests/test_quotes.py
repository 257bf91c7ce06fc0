"""Finding a claim's quote in its source: normalization, the offset map back to the original
text, and the three outcomes (found once, missing with the closest sentence, ambiguous)."""

from __future__ import annotations

import difflib
from pathlib import Path
import random
import re
import unicodedata

import pytest

from factpress.quotes import (
    QuoteAmbiguous,
    QuoteFound,
    QuoteMissing,
    line_col,
    locate_quote,
    normalize,
)
from factpress.sentences import Sentence, split_sentences

ARTICLE = Path(__file__).parent.parent / "sources" / "bao-binh-duong-hop-tac-quoc-te-khcn.txt"
PARTNERS = "Bình Dương đã thiết lập quan hệ hợp tác song phương với 14 tỉnh, thành phố nước ngoài"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def sentences(article: str) -> tuple[Sentence, ...]:
    return split_sentences(article)


def locate(quote: str, text: str) -> QuoteFound | QuoteMissing | QuoteAmbiguous:
    return locate_quote(quote, text, split_sentences(text))


# normalize


def test_white_space_runs_fold_to_one_space_that_maps_to_the_run_start() -> None:
    assert normalize("a  \n\t b") == ("a b", [0, 1, 6, 7])
    assert normalize("a\u00a0\u2009b\r\n") == ("a b ", [0, 1, 3, 4, 6])


def test_curly_quotes_and_primes_become_straight_without_moving_offsets() -> None:
    assert normalize("“a” „b‟ 5″ ‘c’ ‚d‛ 3′") == ("\"a\" \"b\" 5\" 'c' 'd' 3'", list(range(22)))


def test_nfd_input_is_composed_and_maps_back_to_whole_clusters() -> None:
    # "Việt" in NFD is V, i, e, U+0323 (dot below), U+0302 (circumflex), t.
    assert normalize(nfd("Việt")) == ("Việt", [0, 1, 2, 5, 6])


def test_marks_in_non_canonical_order_are_reordered_and_composed() -> None:
    assert normalize("ê\u0323") == ("ệ", [0, 2])
    assert normalize("e\u0302\u0323x") == ("ệx", [0, 3, 4])


def test_a_combining_mark_after_white_space_does_not_stop_the_folding() -> None:
    assert normalize("a \n\u0301b") == ("a \u0301b", [0, 1, 3, 4, 5])


def test_text_that_is_already_normal_maps_one_to_one() -> None:
    assert normalize("Đến nay") == ("Đến nay", list(range(8)))
    assert normalize("") == ("", [0])


_CHARS = [
    "a",
    "e",
    "E",
    "o",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "“",
    "”",
    "’",
    "\u0301",
    "\u0302",
    "\u0323",
    "\u0300",
    "\u0309",
    "\u031b",
    "ê",
    "ơ",
    "Đ",
    "\u1100",
    "\u1161",
    "\u11a8",
    "Å",
    "\u212b",
]


def random_texts(count: int) -> list[str]:
    """Seeded, so a failure names a text that fails again on the next run."""
    rng = random.Random(20261127)
    return ["".join(rng.choices(_CHARS, k=rng.randrange(30))) for _ in range(count)]


def test_normalize_is_nfc_of_the_whole_text_and_its_offset_map_is_monotone() -> None:
    for text in random_texts(500):
        _assert_normalized(text)


def _assert_normalized(text: str) -> None:
    normalized, offsets = normalize(text)
    expected = re.sub(r"\s+", " ", nfc(text)).translate(str.maketrans("“”’", '""\''))
    assert normalized == _tone_on_the_first_vowel(expected)
    assert len(offsets) == len(normalized) + 1
    assert offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(text) for offset in offsets)


def _tone_on_the_first_vowel(text: str) -> str:
    """A tone mark alone on the second vowel of oa, oe or uy, moved onto the first (read in
    NFD, where the marks follow their letters)."""
    tone = "[\u0300\u0301\u0309\u0303\u0323](?![\u0300-\u036f])"
    moved = re.sub(f"([oO])([aAeE])({tone})|([uU])([yY])({tone})", _swap, nfd(text))
    return nfc(moved)


def _swap(pair: re.Match[str]) -> str:
    first, second, tone = [g for g in pair.groups() if g is not None]
    return first + tone + second


# locate_quote: found once


def test_an_exact_quote_is_found_with_its_span_and_sentence(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote(PARTNERS, article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == PARTNERS
    assert found.sentence_ids == ("p5s1",)


def test_outer_white_space_of_the_quote_is_ignored(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote("  \n Mở rộng hợp tác quốc tế\t\n", article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == "Mở rộng hợp tác quốc tế"
    assert found.sentence_ids == ("p4s1",)


def test_an_nfd_quote_matches_an_nfc_source(article: str, sentences: tuple[Sentence, ...]) -> None:
    quote = nfd(PARTNERS)
    assert quote != PARTNERS
    found = locate_quote(quote, article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == PARTNERS
    assert found.sentence_ids == ("p5s1",)


def test_an_nfc_quote_matches_an_nfd_source_at_the_original_offsets(article: str) -> None:
    source = nfd(article)
    assert len(source) > len(article)
    found = locate(PARTNERS, source)
    assert isinstance(found, QuoteFound)
    assert source[found.start : found.end] == nfd(PARTNERS)
    assert found.sentence_ids == ("p5s1",)


def test_a_quote_ending_in_a_decomposed_letter_covers_all_its_marks() -> None:
    source = nfd("Ở Việt Nam, hợp tác.")
    found = locate("Ở Việ", source)
    assert isinstance(found, QuoteFound)
    assert source[found.start : found.end] == nfd("Ở Việ")
    assert source[found.end] == "t"


def test_curly_quotes_in_the_quote_match_straight_ones_in_the_source(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote("Mô hình “3 nhà” tạo ra đầu vào rộng lớn", article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == 'Mô hình "3 nhà" tạo ra đầu vào rộng lớn'
    assert found.sentence_ids == ("p11s1",)


def test_straight_quotes_in_the_quote_match_curly_ones_in_the_source(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote('tác động lan tỏa khắp khu vực".', article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == "tác động lan tỏa khắp khu vực”."
    assert found.sentence_ids == ("p6s4",)


@pytest.mark.parametrize(
    ("quote", "in_source"),
    [
        ("tác động lan toả khắp khu vực", "tác động lan tỏa khắp khu vực"),  # new style, old
        ("Ông Hoà", "Ông Hòa"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ lợi", "thủy lợi"),
        (nfd("sức khoẻ"), "sức khỏe"),  # decomposed, and in the other style
    ],
)
def test_a_tone_written_on_either_vowel_of_oa_oe_uy_is_the_same_word(
    quote: str, in_source: str
) -> None:
    # Both styles are common, in sources and in what a writer types: the span found is the
    # source's own spelling.
    source = f"Trước đó. Theo báo cáo, {in_source} là kết quả. Sau đó."
    found = locate(quote, source)
    assert isinstance(found, QuoteFound)
    assert source[found.start : found.end] == in_source
    assert found.sentence_ids == ("p1s2",)
    assert isinstance(locate(in_source, source.replace(in_source, quote)), QuoteFound)


def test_a_tone_on_another_vowel_is_another_word() -> None:
    assert not isinstance(locate("Ông Hoá", "Ông Hòa nói."), QuoteFound)


def test_white_space_is_folded_on_both_sides_including_line_breaks(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote("Bình Dương  đã thiết lập\nquan hệ", article, sentences)
    assert isinstance(found, QuoteFound)
    assert article[found.start : found.end] == "Bình Dương đã thiết lập quan hệ"
    across_lines = locate_quote("công nghệ của mình... PHƯƠNG LÊ", article, sentences)
    assert isinstance(across_lines, QuoteFound)
    assert article[across_lines.start : across_lines.end] == "công nghệ của mình...\nPHƯƠNG LÊ"
    assert across_lines.sentence_ids == ("p12s5", "p13s1")


def test_a_quote_over_two_sentences_names_both(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    found = locate_quote("chuyển đổi số. Bình Dương hướng đến", article, sentences)
    assert isinstance(found, QuoteFound)
    assert found.sentence_ids == ("p3s1", "p3s2")


def test_a_whole_quoted_sentence_touches_only_itself(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    p6s3 = next(s for s in sentences if s.id == "p6s3")
    found = locate_quote(p6s3.text, article, sentences)
    assert found == QuoteFound(p6s3.start, p6s3.end, ("p6s3",))


# locate_quote: missing


def test_an_empty_quote_is_missing_with_no_closest_sentence(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    assert locate_quote("", article, sentences) == QuoteMissing(None, 0.0)
    assert locate_quote(" \n\t", article, sentences) == QuoteMissing(None, 0.0)


def test_a_misquoted_sentence_is_missing_and_names_the_sentence_it_resembles(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    quote = "Bình Dương hướng tới trở thành điểm đến về khoa học công nghệ của Đông Nam Á."
    missing = locate_quote(quote, article, sentences)
    assert isinstance(missing, QuoteMissing)
    assert missing.closest is not None
    assert missing.closest.id == "p3s2"
    assert 0.8 < missing.similarity < 1.0


def test_a_wrong_number_points_at_the_sentence_with_the_right_one(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    missing = locate_quote(PARTNERS.replace("14", "15"), article, sentences)
    assert isinstance(missing, QuoteMissing)
    assert missing.closest is not None
    assert missing.closest.id == "p5s1"


def test_the_closest_sentence_is_the_best_difflib_ratio_first_one_winning_ties(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    # The pruning with the quick ratios must not change the answer of a plain search.
    for quote in [
        "Bình Dương là kỳ tích của Việt Nam",
        "Giáo sư Aaron Thean nói NUS hân hạnh hợp tác",
        "xyz",
        "Theo dõi Báo Bình Phước",
        "Hiện nay Bình Dương kết nối 45 trường nghề.",
    ]:
        missing = locate_quote(quote, article, sentences)
        assert isinstance(missing, QuoteMissing), quote
        ratios = [difflib.SequenceMatcher(None, s.text, quote).ratio() for s in sentences]
        best = max(ratios)
        assert missing.similarity == pytest.approx(best), quote
        if best > 0:
            assert missing.closest == sentences[ratios.index(best)], quote


def test_of_two_equally_close_sentences_the_earlier_one_is_named() -> None:
    source = "Hai câu giống hệt nhau.\nHai câu giống hệt nhau."
    missing = locate("Hai câu giống hệt nhau!", source)
    assert isinstance(missing, QuoteMissing)
    assert missing.closest is not None
    assert missing.closest.id == "p1s1"


def test_a_source_without_sentences_has_no_closest_sentence() -> None:
    assert locate_quote("anything", "", ()) == QuoteMissing(None, 0.0)


# locate_quote: ambiguous


def test_a_quote_found_twice_gives_both_starts(
    article: str, sentences: tuple[Sentence, ...]
) -> None:
    quote = "Bình Dương được vinh danh"
    ambiguous = locate_quote(quote, article, sentences)
    first = article.index(quote)
    second = article.index(quote, first + 1)
    assert ambiguous == QuoteAmbiguous((first, second))


def test_overlapping_occurrences_count() -> None:
    assert locate("aa", "aaa") == QuoteAmbiguous((0, 1))
    assert locate("ana", "banana") == QuoteAmbiguous((1, 3))


def test_occurrences_that_differ_only_in_normalization_are_the_same_quote() -> None:
    source = "Việt Nam mở rộng. " + nfd("Việt Nam") + " hợp tác."
    ambiguous = locate("Việt Nam", source)
    assert ambiguous == QuoteAmbiguous((0, 18))


# line_col


def test_line_col_is_one_based_and_counts_code_points(article: str) -> None:
    assert line_col(article, 0) == (1, 1)
    assert line_col(article, article.index("Giáo sư Aaron Thean")) == (8, 441)
    assert line_col(article, article.index("PHƯƠNG LÊ")) == (16, 1)


def test_line_col_counts_crlf_and_cr_as_one_break() -> None:
    text = "ab\r\ncd\ref\ngh"
    assert [line_col(text, text.index(c)) for c in "bdfh"] == [(1, 2), (2, 2), (3, 2), (4, 2)]


def test_line_col_agrees_with_the_sentence_positions(sentences: tuple[Sentence, ...]) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    for s in sentences:
        assert line_col(text, s.start) == (s.line, s.column), s.id
