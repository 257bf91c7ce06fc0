"""URL text fragments built by the rules of the Text Fragments draft, on Vietnamese text."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from factpress.textfragment import deep_link, encode_part, text_fragment

SOURCE = (
    "Khánh thành cầu Sông Xanh - Bình Minh & Đông Hòa\n\n"
    "Ngày 22-12-2024, tỉnh Bình Minh khánh thành cầu dài 1.200 m. Cầu có 4 làn xe, tổng vốn "
    "850 tỷ đồng. Theo thiết kế, cầu có 4 làn xe và vỉa hè rộng 2 m.\n"
)


def _parts(fragment: str) -> list[str]:
    assert fragment.startswith(":~:text=")
    return fragment.removeprefix(":~:text=").split(",")


def test_vietnamese_letters_are_percent_encoded_utf8_of_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "cầu Sông")
    assert decomposed != "cầu Sông"
    assert encode_part(decomposed) == "c%E1%BA%A7u%20S%C3%B4ng"


def test_the_directive_syntax_characters_are_escaped() -> None:
    assert encode_part("Sông Xanh - Bình Minh & Đông, Hòa") == (
        "S%C3%B4ng%20Xanh%20%2D%20B%C3%ACnh%20Minh%20%26%20%C4%90%C3%B4ng%2C%20H%C3%B2a"
    )


def test_a_unique_span_is_its_own_start_text() -> None:
    start = SOURCE.index("Ngày 22-12-2024")
    end = SOURCE.index(", tỉnh")
    fragment = text_fragment(SOURCE, start, end)
    assert fragment == ":~:text=Ng%C3%A0y%2022%2D12%2D2024"


def test_an_ambiguous_start_gets_the_word_before_as_prefix() -> None:
    # Browsers match case-insensitively: "Cầu có 4 làn xe" also matches "cầu có 4 làn xe".
    start = SOURCE.index("Cầu có 4 làn xe")
    fragment = text_fragment(SOURCE, start, start + len("Cầu có 4 làn xe"))
    prefix, text = _parts(fragment)
    assert prefix.endswith("-")
    assert unquote(prefix[:-1]) == "m."
    assert unquote(text) == "Cầu có 4 làn xe"
    assert SOURCE.casefold().count(f"{unquote(prefix[:-1])} {unquote(text)}".casefold()) == 1


def test_the_second_occurrence_needs_its_own_context() -> None:
    start = SOURCE.index("cầu có 4 làn xe")
    fragment = text_fragment(SOURCE, start, start + len("cầu có 4 làn xe"))
    prefix, text = _parts(fragment)
    assert prefix == "k%E1%BA%BF%2C-"  # "kế," with its comma escaped, then the `-` marker
    assert unquote(text) == "cầu có 4 làn xe"


def test_deep_link_replaces_any_fragment_of_the_original_url() -> None:
    start = SOURCE.index("Ngày")
    link = deep_link("https://news.example.com/a?id=7#top", SOURCE, start, start + 4)
    assert link == "https://news.example.com/a?id=7#:~:text=Ng%C3%A0y"
