"""Date conventions that depend on who speaks: their country (numeric order, holidays), and
the date phrases no rule reads, which are listed to be asked about rather than dropped."""
from __future__ import annotations

from datetime import date

import pytest

from intents.extract.dates import find_dates, region_of, unread_dates
from intents.extract.text import normalise

TUE = date(2026, 9, 15)


def read(text: str, region: str | None, prefer: str = "future") -> list[str]:
    return [f.value.isoformat() for f in find_dates(normalise(text), TUE, prefer=prefer,  # type: ignore[arg-type]
                                                    region=region)]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [("12/5", "US", "2026-12-05"), ("12/5", "GB", "2027-05-12"), ("12/5", None, "2026-12-05"),
     ("31/10", "US", "2026-10-31"), ("1.10.26", "DE", "2026-10-01"), ("10/8", "CN", "2026-10-08"),
     ("10.31.1974", "US", "1974-10-31"), ("31-Oct-74", "GB", "1974-10-31")],
)
def test_a_numeric_date_is_read_in_the_speakers_convention(text: str, region: str | None,
                                                           expected: str) -> None:
    assert read(text, region) == [expected]


def test_a_holiday_is_the_one_of_the_speakers_country() -> None:
    assert read("after boxing day", "GB") == ["2026-12-29"]
    assert read("国庆后", "CN") == ["2026-10-08"]
    assert read("before thanksgiving", "US") == ["2026-11-25"]


def test_a_holiday_the_speakers_country_does_not_keep_is_not_guessed() -> None:
    text = normalise("due before thanksgiving")
    assert find_dates(text, TUE, prefer="future", region="CN") == []
    assert [f.value for f in unread_dates(text, TUE, prefer="future", region="CN")] == ["before thanksgiving"]


@pytest.mark.parametrize("text", ["due after Easter", "初一前交", "the second friday", "腊月廿三之前"])
def test_a_date_phrase_nothing_reads_is_listed_as_unread(text: str) -> None:
    norm = normalise(text)
    assert find_dates(norm, TUE, prefer="future") == []
    assert unread_dates(norm, TUE, prefer="future") != []


def test_a_month_day_with_its_weekday_takes_the_year_it_fits() -> None:
    assert read("Fri, Jul 18", "US", prefer="past") == ["2025-07-18"]
    assert read("Fri, Oct 2", "US") == ["2026-10-02"]


def test_the_country_comes_from_the_timezone() -> None:
    assert (region_of("Asia/Shanghai"), region_of("America/New_York"), region_of("UTC")) == ("CN", "US", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tuesday 22nd", "2026-09-22"), ("friday, the 2nd", "2026-10-02"), ("by end of Q3", "2026-09-30"),
     ("end of next quarter", "2026-12-31"), ("下季度末", "2026-12-31"), ("年后上线", "2027-02-11"),
     ("年前交", "2027-02-04"), ("过完年再说", "2027-02-11"), ("on Christmas Day", "2026-12-25")],
)
def test_weekday_with_day_quarter_ends_and_the_new_year_break_are_read(text: str, expected: str) -> None:
    assert read(text, "CN") == [expected]


@pytest.mark.parametrize("text", ["三年后", "去年前三季度", "一年前的项目"])
def test_years_ago_and_later_are_not_the_new_year_break(text: str) -> None:
    assert read(text, "CN") == []


@pytest.mark.parametrize("text", ["I was the first", "who was the first?", "for the first time",
                                  "you may first check", "we're 3rd in line", "the second round"])
def test_ranks_and_verbs_are_not_days(text: str) -> None:
    assert read(text, "US") == []
