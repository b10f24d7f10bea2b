"""Hours, money and scores as people type them, in English, Chinese or both."""
from __future__ import annotations

import pytest

from intents.extract.quantities import find_hours, find_money, find_score
from intents.extract.text import normalise


def hours(text: str) -> list[float]:
    return [f.value for f in find_hours(normalise(text))]


def money(text: str) -> list[tuple[float, str | None]]:
    return [f.value for f in find_money(normalise(text))]


def scores(text: str) -> list[float]:
    return [f.value for f in find_score(normalise(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("log 3h on ACME-WEB yesterday", 3), ("2.5 hrs on the website", 2.5),
        ("1 hr on HX-DATA", 1), ("90 min on #4", 1.5), ("45 mins code review", 0.75),
        ("three hours", 3), ("an hour", 1), ("half an hour", 0.5), ("1h30", 1.5),
        ("1h 30m", 1.5), ("an hour and a half", 1.5), ("two and a half hours", 2.5),
        ("a couple of hours", 2), ("a full day on ACME", 8), ("half a day", 4),
        ("~5h", 5), ("est 6h", 6), ("5h estimate", 5),
        ("3个小时", 3), ("3小时", 3), ("两小时", 2), ("一个半小时", 1.5), ("半小时", 0.5),
        ("两个半钟头", 2.5), ("2个半小时", 2.5), ("1.5小时", 1.5), ("90分钟", 1.5),
        ("1小时30分钟", 1.5), ("三刻钟", 0.75), ("半天", 4), ("一整天", 8), ("3.5h", 3.5),
        ("帮我log 3h 到官网改版", 3), ("記3小時", 3),
    ],
)
def test_hours_are_read_in_every_common_form(text: str, expected: float) -> None:
    assert hours(text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["3pm meeting", "三点钟开会", "#3 done", "in 2 weeks", "三天后", "12/5", "周一天气不错",
     "4 out of 5", "1,200 rmb"],
)
def test_times_ids_dates_and_money_are_not_hours(text: str) -> None:
    assert hours(text) == []


def test_every_duration_of_a_message_is_found_in_order() -> None:
    assert hours("3h today and 45 min yesterday") == [3, 0.75]


def test_a_found_duration_points_at_its_words_in_the_normalised_text() -> None:
    text = normalise("昨天 官网改版 兩個半小時")
    [found] = find_hours(text)
    assert text[found.start:found.end] == found.text == "两个半小时"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥1,200", (1200, "CNY")), ("￥553", (553, "CNY")), ("1200元", (1200, "CNY")),
        ("800块", (800, "CNY")), ("三千块", (3000, "CNY")), ("1.5万元", (15000, "CNY")),
        ("500 rmb", (500, "CNY")), ("86 CNY", (86, "CNY")), ("两百块钱", (200, "CNY")),
        ("$45.50", (45.5, "USD")), ("US$20", (20, "USD")), ("50美元", (50, "USD")),
        ("300 eur", (300, "EUR")), ("€300", (300, "EUR")), ("45 EUR", (45, "EUR")),
        ("£12", (12, "GBP")), ("S$30", (30, "SGD")), ("3.2k cny", (3200, "CNY")),
        ("2k", (2000, None)), ("3万", (30000, None)), ("花了 420", (420, None)),
        ("taxi 86 yesterday", (86, None)),
    ],
)
def test_amounts_are_read_with_their_currency_when_stated(
    text: str, expected: tuple[float, str | None]
) -> None:
    assert money(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报销：给HX-DATA项目买了两块移动硬盘，共980元", [(980, "CNY")]),
        ("hotel in shanghai 2 nights, 1,460 rmb, ACME-APP", [(1460, "CNY")]),
        ("taxi 65元 昨天 3h on #4", [(65, "CNY")]),
        ("lunch at 12:30, 88 元, 12/5", [(88, "CNY")]),
    ],
)
def test_counted_things_times_dates_and_ids_beside_an_amount_are_not_money(
    text: str, expected: list[tuple[float, str | None]]
) -> None:
    assert money(text) == expected


@pytest.mark.parametrize(
    "text",
    ["log 3h on #4", "approve request 5", "3点开会", "spent 90% of the budget",
     "rate it 4/5", "12月18日前完成", "due dec 5", "2 nights in shanghai", "Q1 plan v2",
     "90 min on ACME-WEB", "一块去吃饭吧"],
)
def test_hours_ids_times_dates_and_scores_are_never_money(text: str) -> None:
    assert money(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'd rate the website work 4 out of 5, great design", 4), ("5/5, love it", 5),
        ("8/10", 4), ("five stars", 5), ("4 stars", 4), ("⭐⭐⭐⭐", 4), ("rate us 4", 4),
        ("会员小程序这期我们打5分，很满意", 5), ("CRM对接项目给3分吧", 3),
        ("满意度打4分", 4), ("5分", 5), ("给个5星", 5), ("五星好评", 5), ("打8分", 4),
    ],
)
def test_scores_are_read_on_a_one_to_five_scale(text: str, expected: float) -> None:
    assert scores(text) == [expected]


@pytest.mark.parametrize("text", ["十分满意", "1小时30分", "3点20分", "5分钟", "log 3h", "12/5"])
def test_minutes_times_and_adverbs_are_not_scores(text: str) -> None:
    assert scores(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("spent 30m on review", 0.5), ("两个多小时", 2), ("今天一下午都在改官网", 4), ("3h30min", 3.5)],
)
def test_colloquial_durations_are_read_too(text: str, expected: float) -> None:
    assert hours(text) == [expected]


def test_a_range_of_hours_is_left_for_the_speaker_to_settle() -> None:
    assert hours("4-5 hours") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1200 yuan", (1200, "CNY")), ("300€", (300, "EUR")), ("RMB 500", (500, "CNY")),
     ("一千二块", (1200, "CNY")), ("1,200.50 rmb", (1200.5, "CNY"))],
)
def test_currencies_written_after_or_before_the_amount_are_recognised(
    text: str, expected: tuple[float, str | None]
) -> None:
    assert money(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I'd give it a 4", 4), ("⭐️⭐️⭐️", 3), ("满分5分打4分", 4), ("给你们五分", 5),
     ("给满分", 5), ("四颗星", 4), ("rating: 5", 5), ("4.5/5", 4.5)],
)
def test_more_ways_of_giving_a_score(text: str, expected: float) -> None:
    assert scores(text) == [expected]


def test_a_task_id_after_give_is_not_a_score() -> None:
    assert scores("give #5 to chen") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("rate -2", -2), ("rate -3", -3), ("打-2分", -2), ("给-3分", -3), ("Prototype 打-2分", -2),
    ("打负2分", -2), ("给Prototype打负3分", -3), ("rate it −2/10", -2), ("I give it a -3", -3),
    ("rate Prototype – 2", -2), ("-2分", -2), ("score: -4", -4),
])
def test_a_score_written_with_a_minus_is_negative_never_its_absolute_value(text: str, expected: float) -> None:
    assert scores(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("1-5分", []), ("rate 3-4", [3]), ("给Dashboard v1-2打9分", [4.5]), ("rate ACME-WEB 9", [4.5]),
])
def test_a_hyphen_in_a_range_or_a_name_is_not_a_minus(text: str, expected: list[float]) -> None:
    assert scores(text) == expected


def test_an_amount_right_after_a_folded_chinese_comma_is_money_but_a_thousands_group_is_whole() -> None:
    got = find_money(normalise("键盘，420块"))
    assert [f.value for f in got] == [(420, "CNY")]
    assert [f.value for f in find_money(normalise("服务器 1,200元"))] == [(1200, "CNY")]


@pytest.mark.parametrize(("text", "hours"), [
    ("下午两点到五点在改接口", 3), ("上午9点到11点半开评审会", 2.5), ("晚上七点至十点加班", 3),
    ("中午12点到下午2点", 2), ("from 1 to 4pm on the exporter", 3), ("8am-11:30 on reviews", 3.5),
    ("13:15-15:45 pairing", 2.5), ("from 10 to 1pm", 3),
])
def test_a_stretch_of_the_clock_is_its_length_in_hours(text, hours):
    assert [f.value for f in find_hours(text)] == [hours]


@pytest.mark.parametrize("text", ["pages 2 to 5", "2-5 days", "加班到十点", "3 to 4 people",
                                  "from 9 to 5", "下午五点到三点"])
def test_numbers_that_are_no_stretch_of_the_clock_are_no_hours(text):
    assert find_hours(text) == []
