"""A fraction written with a slash is not a date: "1/2 the budget" is half of it, not Jan 2.

A slashed pair is a date unless it is a proper fraction followed by what it is a part of
(of, the, done, left, …); "due 1/2" and "on 3/4" stay dates, in the speaker's convention.
"""
from __future__ import annotations

from datetime import date

import pytest

from intents.extract.dates import find_dates
from intents.extract.text import normalise

TODAY = date(2026, 11, 27)


def read(text: str, region: str = "US", prefer: str = "future") -> list[str]:
    return [str(f.value) for f in find_dates(normalise(text), TODAY, prefer=prefer,  # type: ignore[arg-type]
                                             region=region)]


@pytest.mark.parametrize("text", [
    "spend 1/2 the budget on design",
    "about 1/3 of the hours went to QA",
    "the migration is 3/4 done",
    "we burned 2/3 of our contingency",
    "1/4 of the tickets are still open",
    "2/5 complete so far",
    "we have 1/3 left",
    "only 3/8 remaining",
])
def test_a_fraction_of_something_is_not_a_date(text: str) -> None:
    assert read(text) == []
    assert read(text, region="GB", prefer="past") == []


@pytest.mark.parametrize(("text", "region", "expected"), [
    ("due 1/2", "US", ["2027-01-02"]),
    ("on 3/4", "US", ["2027-03-04"]),
    ("on 3/4", "GB", ["2027-04-03"]),
    ("ship it by 2/3, the client demo is 2/5", "US", ["2027-02-03", "2027-02-05"]),
    ("deadline 1/3 for the report", "US", ["2027-01-03"]),
    ("12/5 of course", "US", ["2026-12-05"]),
])
def test_a_slashed_date_is_still_a_date_in_the_speakers_convention(
        text: str, region: str, expected: list[str]) -> None:
    assert read(text, region=region) == expected
