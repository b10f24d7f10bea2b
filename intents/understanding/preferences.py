"""Notification preferences as people say them: "mute the weekly digest", "don't remind me on
Fridays", "不要再发周报", "周五不要提醒我", "unmute", "恢复通知".

A small grammar that reads the whole message or nothing (`read` → None), so that anything it
does not fully read is left to the classifier. Carried out by `intents.handlers.preferences`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from domain.notices.due import REMINDERS
from intents.understanding.cues import values

# the notices each kind of notice word stands for (`cues.*_values`: "notice_kind"); a kind not
# listed here is the one notice of that name
GROUPS: dict[str, tuple[str, ...]] = {
    "milestone": ("milestone_upcoming", "milestone_reached", "milestone_slipped", "milestone_forecast"),
    "reminder": REMINDERS,
}
# words for kinds of notice, every language, most specific first
KIND_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (pattern, GROUPS.get(kind, (kind,))) for kind, pattern in values("notice_kind")]

DAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
    "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "周天": 6,
    "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5,
    "星期日": 6, "星期天": 6, "礼拜一": 0, "礼拜二": 1, "礼拜三": 2, "礼拜四": 3, "礼拜五": 4,
    "礼拜六": 5, "礼拜天": 6, "weekend": 5, "weekends": 5, "周末": 5,
}
_DAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|" \
       r"sat(?:urday)?|sun(?:day)?|weekends?)s?"
_ZH_DAY = r"(?:周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六天]|周末)"
_KINDS = "|".join(f"(?:{pattern})" for pattern, _ in KIND_WORDS)

MUTE_EN = re.compile(
    rf"^(?:please\s+)?(?:mute|silence|stop(?:\s+sending)?(?:\s+me)?|turn\s+off|disable|"
    rf"no\s+more|don'?t\s+send(?:\s+me)?)\s+(?:the\s+|my\s+|all\s+)?(?P<what>{_KINDS})"
    rf"(?:\s+(?:please|any\s*more|anymore))?[.!]?$", re.I)
MUTE_ZH = re.compile(
    rf"^(?:请)?(?:不要再?|别再?|不用再?|停止|关闭|屏蔽|静音)(?:给我)?(?:发送?|推送|发)?(?:了)?"
    rf"(?P<what>{_KINDS})(?:了|吧)?[。！!]?$")
UNMUTE_EN = re.compile(
    rf"^(?:please\s+)?(?:unmute|resume|turn\s+on|enable|restart)(?:\s+(?:the\s+|my\s+|all\s+)?"
    rf"(?P<what>{_KINDS}|notifications?|everything|all))?[.!]?$", re.I)
UNMUTE_ZH = re.compile(
    rf"^(?:请)?(?:恢复|取消静音|重新(?:发送?|推送)?|打开|开启)(?P<what>{_KINDS}|通知|全部通知|所有通知)?"
    rf"(?:吧)?[。！!]?$")
DAYS_EN = re.compile(
    rf"^(?:please\s+)?(?:don'?t|do\s+not|no)\s+(?:remind(?:ers?)?|nudge)(?:\s+(?:me|for\s+me))?\s+"
    rf"(?:on\s+)?(?P<days>{_DAY}(?:\s*(?:,|and|&|or)\s*{_DAY})*)[.!]?$", re.I)
DAYS_ZH = re.compile(
    rf"^(?:请)?(?:每)?(?P<days>{_ZH_DAY}(?:[、,，和及]?{_ZH_DAY})*)(?:都)?(?:不要|别|不用)(?:再)?"
    rf"(?:提醒我?|给我发提醒|发提醒)(?:了)?[。！!]?$")


def _kinds_of(what: str | None) -> tuple[str, ...] | None:
    if not what:
        return None
    for pattern, kinds in KIND_WORDS:
        if re.fullmatch(pattern, what.strip(), re.I):
            return kinds
    return None


def _days_of(text: str) -> list[int]:
    words = re.findall(rf"{_DAY}|{_ZH_DAY}", text, re.I)
    days: set[int] = set()
    for word in words:
        key = word.lower()
        if key not in DAY_WORDS:
            key = key.rstrip("s")
        day = DAY_WORDS.get(key)
        if day is None:
            continue
        days |= {5, 6} if key.startswith("weekend") or word == "周末" else {day}
    return sorted(days)


def read(said: str) -> tuple[str, Sequence[object] | None] | None:
    for pattern in (DAYS_EN, DAYS_ZH):
        found = pattern.match(said)
        if found:
            days = _days_of(found.group("days"))
            return ("days", days) if days else None
    for pattern in (MUTE_EN, MUTE_ZH):
        found = pattern.match(said)
        if found:
            kinds = _kinds_of(found.group("what"))
            return ("mute", kinds) if kinds else None
    for pattern in (UNMUTE_EN, UNMUTE_ZH):
        found = pattern.match(said)
        if found:
            return "unmute", _kinds_of(found.group("what"))
    return None
