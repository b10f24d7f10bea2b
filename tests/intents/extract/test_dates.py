"""Dates and periods, per the labelling conventions of the NLU workspace.

Weeks run Monday..Sunday; a bare day of month goes to the nearest such day in the
direction the intent implies; an impossible date is no date at all.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from intents.extract.dates import effective_today, find_dates, find_period, warm_up
from intents.extract.text import normalise

FRI = date(2026, 11, 27)
SUN = date(2026, 11, 29)
MON = date(2026, 11, 30)
WED = date(2026, 12, 2)
NEW_YEAR_EVE = date(2026, 12, 30)
JAN_2 = date(2027, 1, 2)


def dates(text: str, today: date, prefer: str = "past") -> list[str]:
    return [str(f.value) for f in find_dates(normalise(text), today, prefer=prefer)]  # type: ignore[arg-type]


def period(text: str, today: date) -> tuple[str, str] | None:
    found = find_period(normalise(text), today)
    return None if found is None else (str(found.value[0]), str(found.value[1]))


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", FRI, "2026-11-27"), ("by EOD", FRI, "2026-11-27"), ("tonight", FRI, "2026-11-27"),
        ("this morning", MON, "2026-11-30"), ("tomorrow", FRI, "2026-11-28"),
        ("tmrw", FRI, "2026-11-28"), ("yesterday", MON, "2026-11-29"),
        ("the day after tomorrow", FRI, "2026-11-29"), ("this Fri", MON, "2026-12-04"),
        ("next Mon", FRI, "2026-11-30"), ("next mon", SUN, "2026-11-30"),
        ("last fri", MON, "2026-11-27"), ("on wednesday", FRI, "2026-11-25"),
        ("for monday", WED, "2026-11-30"),
        ("on sunday", FRI, "2026-11-22"), ("this saturday", MON, "2026-12-05"),
        ("monday next week", FRI, "2026-11-30"), ("before the weekend", SUN, "2026-11-27"),
        ("end of month", WED, "2026-12-31"), ("end of next week", FRI, "2026-12-04"),
        ("in 2 weeks", WED, "2026-12-16"), ("in two weeks", WED, "2026-12-16"),
        ("in 3 days", SUN, "2026-12-02"), ("2 days ago", FRI, "2026-11-25"),
        ("2026-12-05", FRI, "2026-12-05"), ("tomorrow EOD", FRI, "2026-11-28"),
        ("in a week", NEW_YEAR_EVE, "2027-01-06"), ("end of month", date(2027, 2, 3), "2027-02-28"),
    ],
)
def test_english_relative_dates_follow_the_conventions(text: str, today: date, expected: str) -> None:
    assert dates(text, today) == [expected]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("今天", FRI, "2026-11-27"), ("今晚", FRI, "2026-11-27"), ("明天", FRI, "2026-11-28"),
        ("后天", FRI, "2026-11-29"), ("大后天", FRI, "2026-11-30"), ("昨天", MON, "2026-11-29"),
        ("前天", WED, "2026-11-30"), ("本周五", FRI, "2026-11-27"), ("这周五", MON, "2026-12-04"),
        ("下周一", FRI, "2026-11-30"), ("下周一", SUN, "2026-11-30"), ("下下周三", FRI, "2026-12-09"),
        ("上周五", MON, "2026-11-27"), ("周四", SUN, "2026-11-26"), ("周六", WED, "2026-11-28"),
        ("星期天", FRI, "2026-11-22"), ("下礼拜二", FRI, "2026-12-01"), ("周末前", date(2026, 11, 26), "2026-11-27"),
        ("月底", MON, "2026-11-30"), ("月底", WED, "2026-12-31"), ("下个月底", MON, "2026-12-31"),
        ("两周后", MON, "2026-12-14"), ("三天后", SUN, "2026-12-02"), ("3天内", SUN, "2026-12-02"),
        ("一个月后", date(2027, 1, 31), "2027-02-28"), ("下个月5号", MON, "2026-12-05"),
        ("12月5日", FRI, "2025-12-05"), ("十二月五号", FRI, "2025-12-05"),
        ("2026年12月5日", FRI, "2026-12-05"), ("下週三", FRI, "2026-12-02"),
        ("明天下午3点", FRI, "2026-11-28"),
    ],
)
def test_chinese_relative_dates_follow_the_conventions(text: str, today: date, expected: str) -> None:
    assert dates(text, today) == [expected]


@pytest.mark.parametrize(
    ("text", "today", "prefer", "expected"),
    [
        ("the 3rd", FRI, "past", "2026-11-03"), ("the 3rd", FRI, "future", "2026-12-03"),
        ("5号", FRI, "past", "2026-11-05"), ("5号", FRI, "future", "2026-12-05"),
        ("27号", FRI, "past", "2026-11-27"), ("27号", FRI, "future", "2026-11-27"),
        ("Dec 5", FRI, "future", "2026-12-05"), ("5 Dec", FRI, "future", "2026-12-05"),
        ("Dec 1st", FRI, "past", "2025-12-01"), ("12/5", FRI, "future", "2026-12-05"),
        ("12/5", FRI, "past", "2025-12-05"), ("11/20", FRI, "past", "2026-11-20"),
        ("the 31st", FRI, "future", "2026-12-31"), ("the 31st", date(2026, 12, 1), "past", "2026-10-31"),
        ("jan 5", NEW_YEAR_EVE, "future", "2027-01-05"), ("dec 28", JAN_2, "past", "2026-12-28"),
        ("the 2nd", NEW_YEAR_EVE, "future", "2027-01-02"), ("30号", JAN_2, "past", "2026-12-30"),
        ("下个月5号", NEW_YEAR_EVE, "future", "2027-01-05"),
    ],
)
def test_a_bare_day_of_month_is_the_nearest_in_the_preferred_direction(
    text: str, today: date, prefer: str, expected: str
) -> None:
    assert dates(text, today, prefer) == [expected]


@pytest.mark.parametrize(
    ("today", "due", "logged"),
    [(SUN, "2026-12-04", "2026-11-27"), (MON, "2026-12-04", "2026-11-27"),
     (date(2026, 11, 28), "2026-12-04", "2026-11-27"), (FRI, "2026-11-27", "2026-11-27"),
     (date(2026, 11, 24), "2026-11-27", "2026-11-20")],
)
def test_a_bare_weekday_is_the_coming_one_when_due_and_the_last_one_when_logged(
    today: date, due: str, logged: str
) -> None:
    for text in ("周五", "friday", "by Friday", "礼拜五前"):
        assert dates(text, today, "future") == [due]
        assert dates(text, today, "past") == [logged]


def test_an_undirected_bare_weekday_is_that_day_of_the_current_week() -> None:
    found = find_period(normalise("friday"), MON)
    assert found is not None and str(found.value[0]) == "2026-12-04"


@pytest.mark.parametrize(
    "text",
    ["Feb 30", "2月30日", "2/30", "4/31", "2026-02-30", "本月31号"],
)
def test_an_impossible_date_is_no_date_and_is_not_guessed(text: str) -> None:
    assert dates(text, FRI) == []
    assert dates(text, FRI, "future") == []


@pytest.mark.parametrize(
    "text",
    ["3 hours", "3小时", "2 weeks' work", "2 days of effort", "两个半钟头", "90 min", "1h30",
     "#12 done", "3点开会", "at 10:30", "周一直在忙", "一周三次", "3号线", "1st draft",
     "3rd party api", "sat with the client", "may I log time?", "rate it 4/5", "十分满意"],
)
def test_durations_times_ids_and_ordinary_words_are_not_dates(text: str) -> None:
    assert dates(text, FRI) == []
    assert period(text, FRI) is None


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("log 3h on ACME-WEB yesterday", FRI, "2026-11-26"),
        ("昨天 3h on ACME-WEB", FRI, "2026-11-26"),
        ("帮我log 3h 到官网改版，昨天的", FRI, "2026-11-26"),
        ("create a task for bob, due 下个月5号", MON, "2026-12-05"),
        ("上周五 HX-DATA 访谈整理 3.5h", MON, "2026-11-27"),
    ],
)
def test_dates_are_found_in_mixed_language_sentences(text: str, today: date, expected: str) -> None:
    assert dates(text, today, "future") == [expected]


def test_a_found_date_points_at_its_words_in_the_normalised_text() -> None:
    text = normalise("把 #14 的截止日期改到下週三")
    [found] = find_dates(text, FRI, prefer="future")
    assert text[found.start:found.end] == found.text == "下周三"


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("this week", date(2026, 11, 26), ("2026-11-23", "2026-11-29")),
        ("this week", SUN, ("2026-11-23", "2026-11-29")),
        ("last week", date(2026, 11, 26), ("2026-11-16", "2026-11-22")),
        ("last month", FRI, ("2026-10-01", "2026-10-31")),
        ("this month", WED, ("2026-12-01", "2026-12-31")),
        ("november", FRI, ("2026-11-01", "2026-11-30")),
        ("in december", JAN_2, ("2026-12-01", "2026-12-31")),
        ("本周", FRI, ("2026-11-23", "2026-11-29")), ("上周", MON, ("2026-11-23", "2026-11-29")),
        ("这个月", FRI, ("2026-11-01", "2026-11-30")), ("上个月", WED, ("2026-11-01", "2026-11-30")),
        ("上个月", JAN_2, ("2026-12-01", "2026-12-31")), ("本月利润报告", FRI, ("2026-11-01", "2026-11-30")),
        ("11月", FRI, ("2026-11-01", "2026-11-30")), ("下周", FRI, ("2026-11-30", "2026-12-06")),
        ("最近7天", FRI, ("2026-11-21", "2026-11-27")), ("今年", FRI, ("2026-01-01", "2026-12-31")),
    ],
)
def test_named_periods_cover_whole_weeks_months_and_years(
    text: str, today: date, expected: tuple[str, str]
) -> None:
    assert period(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("vacation from dec 21 to dec 31", FRI, ("2026-12-21", "2026-12-31")),
        ("from Dec 21 to Dec 24", FRI, ("2026-12-21", "2026-12-24")),
        ("dec 21-24", FRI, ("2026-12-21", "2026-12-24")),
        ("dec 28 to jan 3", FRI, ("2026-12-28", "2027-01-03")),
        ("12月21号到24号", FRI, ("2026-12-21", "2026-12-24")),
        ("12月14号到16号请年假", FRI, ("2026-12-14", "2026-12-16")),
        ("annual leave next Mon to Wed", FRI, ("2026-11-30", "2026-12-02")),
        ("next Mon-Wed", FRI, ("2026-11-30", "2026-12-02")),
        ("Mon to Wed next week", FRI, ("2026-11-30", "2026-12-02")),
        ("下周一到周三", FRI, ("2026-11-30", "2026-12-02")),
        ("下周四周五请年假", date(2026, 11, 26), ("2026-12-03", "2026-12-04")),
        ("sick leave today and tomorrow", date(2026, 11, 26), ("2026-11-26", "2026-11-27")),
        ("今明两天", FRI, ("2026-11-27", "2026-11-28")),
    ],
)
def test_ranges_run_from_the_first_day_to_the_last(
    text: str, today: date, expected: tuple[str, str]
) -> None:
    assert period(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("how many hours did I log yesterday?", FRI, ("2026-11-26", "2026-11-26")),
        ("need a personal day on dec 7", FRI, ("2026-12-07", "2026-12-07")),
        ("我明天请一天病假", MON, ("2026-12-01", "2026-12-01")),
        ("月底那天想请个年假", WED, ("2026-12-31", "2026-12-31")),
    ],
)
def test_a_single_day_is_a_period_of_one_day(
    text: str, today: date, expected: tuple[str, str]
) -> None:
    assert period(text, today) == expected


def test_two_dates_that_are_not_joined_are_not_a_range() -> None:
    assert period("3h today, 2h yesterday", FRI) == ("2026-11-27", "2026-11-27")


def test_a_message_without_a_date_has_no_period() -> None:
    assert period("how is ACME-WEB going?", FRI) is None


def test_just_after_midnight_today_still_means_the_day_that_is_ending() -> None:
    late = datetime(2026, 12, 1, 1, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert effective_today(late) == date(2026, 11, 30)
    assert effective_today(late.replace(hour=9)) == date(2026, 12, 1)


def test_warm_up_leaves_the_parsers_working() -> None:
    warm_up()
    assert dates("明天", FRI) == ["2026-11-28"]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("下周一到三请假", FRI, ("2026-11-30", "2026-12-02")),
        ("周一至五", FRI, ("2026-11-23", "2026-11-27")),
        ("12月14-16号", FRI, ("2026-12-14", "2026-12-16")),
        ("hours since monday", FRI, ("2026-11-23", "2026-11-27")),
        ("周一以来记了多少工时", FRI, ("2026-11-23", "2026-11-27")),
        ("from monday to today", FRI, ("2026-11-23", "2026-11-27")),
    ],
)
def test_chinese_shorthand_ranges_and_since_phrases_make_periods(
    text: str, today: date, expected: tuple[str, str]
) -> None:
    assert period(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("dec 31", NEW_YEAR_EVE, "2026-12-31"), ("tomorrow", NEW_YEAR_EVE, "2026-12-31"),
        ("后天", NEW_YEAR_EVE, "2027-01-01"), ("next friday", NEW_YEAR_EVE, "2027-01-08"),
        ("下个月5号", date(2026, 12, 1), "2027-01-05"), ("last fri", JAN_2, "2026-12-25"),
        ("上个月底", JAN_2, "2026-12-31"), ("in 3 days", NEW_YEAR_EVE, "2027-01-02"),
        ("a week from tomorrow", FRI, "2026-12-05"),
    ],
)
def test_dates_roll_over_the_new_year(text: str, today: date, expected: str) -> None:
    assert dates(text, today, "future") == [expected]
