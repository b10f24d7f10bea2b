"""Normalisation, language detection and numbers: what every other parser stands on."""
from __future__ import annotations

import pytest

from intents.extract.numbers import parse_number
from intents.extract.text import Found, detect_lang, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("幫我記一下：下週一 進度", "帮我记一下:下周一 进度"),
        ("兩個半鐘頭", "两个半钟头"),
        ("３ｈ　ｏｎ　ＡＣＭＥ－ＷＥＢ", "3h on ACME-WEB"),
        ("￥１，２００", "¥1,200"),
        ("  log   3h\n\ton  #4  ", "log 3h on #4"),
        ("", ""),
    ],
)
def test_traditional_fullwidth_and_spacing_read_like_plain_simplified_text(
    raw: str, expected: str
) -> None:
    assert normalise(raw) == expected


def test_normalising_keeps_the_case_of_titles_and_codes() -> None:
    assert normalise("Fix Login on ACME-WEB") == "Fix Login on ACME-WEB"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("log 3h on ACME-WEB yesterday", "en"),
        ("昨天官网改版做了3个小时", "zh"),
        ("帮我log 3h 到官网改版，昨天的", "zh"),
        ("周四 ACME-APP 3h 修积分页面bug", "zh"),
        ("ACME-APP 看板", "zh"),
        ("HX-CRM 预算偏差报告", "zh"),
        ("官网改版 Go-live 完成！", "zh"),
        ("create a task for bob: draft the Q1 retainer proposal, GL-BRAND, due 下个月5号", "en"),
        ("昨天 3h on ACME-WEB", "zh"),
        ("UAT milestone on HX-CRM is complete", "en"),
        ("ok 👍", "en"),
        ("👍👍", "en"),
        ("", "en"),
    ],
)
def test_the_main_language_of_a_mixed_message_is_the_one_with_more_words(
    text: str, lang: str
) -> None:
    assert detect_lang(normalise(text)) == lang


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("3", 3), ("2.5", 2.5), ("1,200", 1200), ("1.2k", 1200), ("3万", 30000),
        ("1.5万", 15000), ("three", 3), ("twenty-five", 25), ("twenty five", 25),
        ("one hundred fifty", 150), ("三", 3), ("两", 2), ("十二", 12), ("二十", 20),
        ("一百五", 150), ("两千五", 2500), ("三万五", 35000), ("一千零五", 1005),
        ("三点五", 3.5), ("二〇二六", 2026),
    ],
)
def test_numbers_are_read_from_digits_words_and_chinese_numerals(
    token: str, value: float
) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["", "abc", "1,2", "万", "一个", "3h"])
def test_a_token_that_is_not_a_number_reads_as_none(token: str) -> None:
    assert parse_number(token) is None


def test_a_found_value_remembers_where_it_was_written() -> None:
    found = Found(3.0, 4, 6, "3h")
    assert (found.value, found.start, found.end, found.text) == (3.0, 4, 6, "3h")
