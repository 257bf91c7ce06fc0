"""English sources split as well as Vietnamese ones: the abbreviations of English news prose
end a sentence only where a reader would say one ends."""

from __future__ import annotations

import pytest

from factpress.sentences import split_sentences

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]


def texts(source: str) -> list[str]:
    return [s.text for s in split_sentences(source)]


@pytest.mark.parametrize("month", MONTHS)
def test_an_abbreviated_month_before_a_day_ends_nothing(month: str) -> None:
    text = f"The board met on {month}. 5 to approve the budget."
    assert texts(text) == [text]
    text = f"It opened {month}. 21, 2024, in the capital."
    assert texts(text) == [text]


@pytest.mark.parametrize("month", ["Dec", "Sept"])
def test_an_abbreviated_month_before_a_capital_ends_the_sentence(month: str) -> None:
    # News style spells a month out when no day follows: `in Dec.` closes a sentence.
    assert texts(f"The plant closed in {month}. The next year it reopened.") == [
        f"The plant closed in {month}.",
        "The next year it reopened.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Polls open at 7 a.m. Tuesday and close at 8 p.m. Wednesday.",
        "The launch is at 9:30 a.m. EST in Florida.",
        "Doors open at 6 p.m. GMT and close late.",
        "The meeting starts at 10 a.m. Sept. 3 in Hanoi.",
        "The meeting starts at 10 A.M. Monday.",
    ],
)
def test_a_time_of_day_before_a_weekday_month_or_time_zone_ends_nothing(text: str) -> None:
    assert texts(text) == [text]


def test_a_time_of_day_before_another_capital_ends_the_sentence() -> None:
    assert texts("The vote ended at 5 p.m. Members then left the hall.") == [
        "The vote ended at 5 p.m.",
        "Members then left the hall.",
    ]


@pytest.mark.parametrize(
    "text",
    ["Resolution No. 57 was signed in 2024.", "Rules Nos. 3 and 4 apply.", "Decree No. IV holds."],
)
def test_no_before_a_number_ends_nothing(text: str) -> None:
    assert texts(text) == [text]


def test_no_as_an_answer_ends_the_sentence() -> None:
    assert texts("Asked if the deal was off, he said No. Talks resume today.") == [
        "Asked if the deal was off, he said No.",
        "Talks resume today.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The hospital is on St. Mary Street.",
        "St. Louis signed a partnership with the province.",
    ],
)
def test_saint_before_a_name_ends_nothing(text: str) -> None:
    assert texts(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Department of State welcomed the agreement.",
        "A U.N. Security Council resolution followed.",
        "The U.K. Government funded it.",
    ],
)
def test_initials_before_a_capital_end_nothing(text: str) -> None:
    assert texts(text) == [text]


def test_a_press_release_keeps_its_sentence_ids_where_a_reader_puts_them() -> None:
    release = (
        "HANOI, Jan. 5 (Reuters) - The university said on Jan. 5 it would open a lab.\n"
        "The lab opens at 9 a.m. Monday on St. Paul Road. It cost $3 million.\n"
    )
    assert [(s.id, s.text) for s in split_sentences(release)] == [
        ("p1s1", "HANOI, Jan. 5 (Reuters) - The university said on Jan. 5 it would open a lab."),
        ("p2s1", "The lab opens at 9 a.m. Monday on St. Paul Road."),
        ("p2s2", "It cost $3 million."),
    ]
