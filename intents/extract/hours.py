"""Durations in hours as people write them in English and Chinese chat.

Units follow the labelling conventions: 90 min = 1.5 h, 半天 / half a day = 4 h,
a full day / 一整天 = 8 h. Only single durations count: "2 days" or "in 2 weeks" are not
hours (dates read "in 2 weeks"; multi-day estimates are left to the caller).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from intents.extract.numbers import CN_NUMBER, DIGITS, EN_NUMBER, parse_number
from intents.extract.spans import select
from intents.extract.text import Found

L = r"(?<![A-Za-z])"
R = r"(?![A-Za-z])"
_NUM_START = r"(?<![A-Za-z0-9_.#/:$¥€£,-])"
_WORD_NUM = rf"(?:{EN_NUMBER}|an?|a\s+couple\s+of|couple\s+of|a\s+couple)"
_CNUM = rf"(?:{DIGITS}|{CN_NUMBER})"
_HOUR_EN = r"(?:h|hrs?|hours?)"
_HOUR_ZH = r"(?:小时|钟头|个?钟(?![头点]))"

Value = Callable[[re.Match[str]], float | None]


def number(token: str | None) -> float | None:
    if token is None:
        return None
    word = re.sub(r"\s+", " ", token.strip().lower())
    if word in ("a", "an"):
        return 1.0
    if word.startswith(("a couple", "couple")):
        return 2.0
    return parse_number(word)


def _sum(*parts: tuple[int, float]) -> Value:
    """Value = sum of group[i] * factor; a missing optional group counts as 0."""
    def value(m: re.Match[str]) -> float | None:
        total = 0.0
        for group, factor in parts:
            if m[group] is None:
                continue
            n = number(m[group])
            if n is None:
                return None
            total += n * factor
        return total
    return value


def _const(value: float) -> Value:
    return lambda m: value


def _plus_half(group: int) -> Value:
    return lambda m: (number(m[group]) or 0.0) + 0.5


def _zh_hours(m: re.Match[str]) -> float | None:
    n = number(m[1])
    return None if n is None else n + (0.5 if m[2] else 0.0)


# A stretch of the clock, "下午三点到六点", "from 2 to 5pm", "9:30-12:00": its length. English
# needs am/pm or minutes on both ends, so "2-5 days" or "pages 2 to 5" are no hours.
_HALF_DAY_ZH = r"(上午|早上|中午|下午|晚上)?"
_CLOCK_ZH = rf"{_HALF_DAY_ZH}\s*({_CNUM})\s*[点點](?:(半)|(\d{{1,2}})\s*分?)?"
_CLOCK_RANGE_ZH = rf"{_CLOCK_ZH}\s*(?:到|至|-|~|～|—|–)\s*{_CLOCK_ZH}"
_CLOCK_EN = r"(\d{1,2})(?::([0-5]\d))?\s*(am|pm|a\.m\.|p\.m\.)?"
_CLOCK_RANGE_EN = rf"{_NUM_START}(?:from\s+)?{_CLOCK_EN}\s*(?:to|-|–|till|until)\s*{_CLOCK_EN}(?![\w:])"


def _zh_clock(half: str | None, hour: str, half_hour: str | None, minutes: str | None) -> float | None:
    n = number(hour)
    if n is None or n > 24:
        return None
    if half in ("下午", "晚上") and n < 12:
        n += 12
    return n + (0.5 if half_hour else 0.0) + (int(minutes) / 60 if minutes else 0.0)


def _zh_stretch(m: re.Match[str]) -> float | None:
    start = _zh_clock(m[1], m[2], m[3], m[4])
    end = _zh_clock(m[5] or m[1], m[6], m[7], m[8])
    return _stretch(start, end)


def _en_stretch(m: re.Match[str]) -> float | None:
    start_h, start_m, start_half, end_h, end_m, end_half = m.groups()
    if not (start_half or end_half or (start_m and end_m)):
        return None
    end = _en_clock(end_h, end_m, end_half)
    start = _en_clock(start_h, start_m, start_half)
    if start is not None and end is not None and not start_half and end_half and \
            end_half.startswith("p") and start + 12 <= end:
        start += 12  # "from 2 to 5pm": both afternoon
    return _stretch(start, end)


def _en_clock(hour: str, minutes: str | None, half: str | None) -> float | None:
    n = int(hour)
    if n > 24 or (half and n > 12):
        return None
    if half and half.startswith("p") and n < 12:
        n += 12
    if half and half.startswith("a") and n == 12:
        n = 0
    return n + (int(minutes) / 60 if minutes else 0.0)


def _stretch(start: float | None, end: float | None) -> float | None:
    if start is None or end is None or not 0 < end - start <= 16:
        return None
    return end - start


_c = re.compile
_HOUR_RULES: list[tuple[re.Pattern[str], Value]] = [
    (_c(rf"{_NUM_START}(\d+(?:\.\d+)?)\s*{_HOUR_EN}\s*(?:and\s+)?(\d{{1,2}})\s*(?:m|mins?|minutes?){R}",
        re.IGNORECASE), _sum((1, 1), (2, 1 / 60))),
    (_c(rf"{_NUM_START}(\d+)h(\d{{2}})(?![\d.:])", re.IGNORECASE), _sum((1, 1), (2, 1 / 60))),
    (_c(rf"{_NUM_START}(\d+(?:\.\d+)?|\.\d+)\s*-?\s*{_HOUR_EN}{R}", re.IGNORECASE), _sum((1, 1))),
    (_c(rf"{L}({_WORD_NUM})\s*-?\s*(?:hours?|hrs?){R}", re.IGNORECASE), _sum((1, 1))),
    (_c(rf"{L}({_WORD_NUM}|\d+)\s+and\s+a\s+half\s+(?:hours?|hrs?){R}", re.IGNORECASE), _plus_half(1)),
    (_c(rf"{L}({_WORD_NUM}|\d+)\s+(?:hours?|hrs?)\s+and\s+a\s+half{R}", re.IGNORECASE), _plus_half(1)),
    (_c(rf"{L}(?:a\s+)?half\s+(?:an?\s+)?(?:hour|hr){R}|{L}half-hour{R}", re.IGNORECASE), _const(0.5)),
    (_c(rf"{L}(?:a\s+)?quarter\s+(?:of\s+)?(?:an?\s+)?hour{R}", re.IGNORECASE), _const(0.25)),
    (_c(rf"{L}three\s+quarters\s+of\s+an?\s+hour{R}", re.IGNORECASE), _const(0.75)),
    (_c(rf"{_NUM_START}(\d+(?:\.\d+)?)\s*(?:mins?|minutes?){R}", re.IGNORECASE), _sum((1, 1 / 60))),
    (_c(rf"{L}({_WORD_NUM})\s+(?:mins?|minutes?){R}", re.IGNORECASE), _sum((1, 1 / 60))),
    (_c(rf"{_NUM_START}(\d{{1,3}})\s*m(?![A-Za-z0-9])", re.IGNORECASE), _sum((1, 1 / 60))),
    (_c(rf"{L}(?:an?\s+)?(?:full|whole|entire)[- ]day{R}|{L}all\s+day{R}", re.IGNORECASE), _const(8.0)),
    (_c(rf"{L}(?:half\s+a\s+day|(?:a\s+)?half[- ]day){R}", re.IGNORECASE), _const(4.0)),
    (_c(rf"({_CNUM})\s*个?\s*{_HOUR_ZH}\s*({_CNUM})\s*分钟?"), _sum((1, 1), (2, 1 / 60))),
    (_c(rf"({_CNUM})\s*个?\s*(半)?\s*个?\s*多?\s*{_HOUR_ZH}"), _zh_hours),
    (_c(r"半\s*个?\s*(?:小时|钟头|钟(?![头点]))"), _const(0.5)),
    (_c(rf"(?<![点时])({_CNUM})\s*分钟"), _sum((1, 1 / 60))),
    (_c(r"([一两二三])\s*刻钟"), _sum((1, 0.25))),
    (_c(r"半天|半日|半个工作日|一上午|一下午|整个上午|整个下午|一早上"), _const(4.0)),
    (_c(r"一整天|整整一天|整天|全天|(?<![周期拜第每这那前后昨今明])一天(?![后前内之以])"), _const(8.0)),
    (_c(_CLOCK_RANGE_ZH), _zh_stretch),
    (_c(_CLOCK_RANGE_EN, re.IGNORECASE), _en_stretch),
]


def find_hours(text: str) -> list[Found[float]]:
    """Durations in hours: "3h", "2.5 hrs", "90 min", "an hour and a half", "1h30",
    "3个小时", "一个半小时", "半小时", "两个半钟头", "半天" (4), "一整天"/"a full day" (8),
    and stretches of the clock: "下午三点到六点" (3), "from 2 to 5pm" (3), "9:30-12:00" (2.5)."""
    found = []
    for pattern, value in _HOUR_RULES:
        for m in pattern.finditer(text):
            v = value(m)
            if v is not None and v > 0:
                found.append(Found(round(v, 4), m.start(), m.end(), m[0]))
    return select(found)
