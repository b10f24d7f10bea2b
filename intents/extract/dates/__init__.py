"""Dates and periods in English and Chinese chat, resolved against the speaker's today.

The labelling conventions of the NLU workspace are the specification: weeks run
Monday..Sunday; "this Fri"/本周五 is that day of the current week, "next Mon"/下周一 that
day of next week, a bare weekday that day of the current week; "before the weekend"/周末前
is Friday; a bare day of month ("the 3rd", 5号, Dec 1st, 12/5) is the nearest such day in
the direction the intent implies (`prefer`: past for hours and expenses, future for dues,
leave and overtime); an impossible date (Feb 30) is no date at all.

Scanning is split from resolving: the phrases of a text are found once (cached) by the
compiled grammars of `dates_en` and `dates_zh`, then resolved for the given day.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from intents.extract.dates import en as dates_en
from intents.extract.dates import zh as dates_zh
from intents.extract.dates.region import region_of
from intents.extract.dates.tokens import (
    DAY_KINDS,
    PERIOD_KINDS,
    Prefer,
    Tok,
    follow,
    lend_week,
    resolve_day,
    resolve_period,
)
from intents.extract.text import Found

__all__ = ["effective_today", "find_dates", "find_due_period", "find_period", "last_working_day", "region_of",
           "scan", "unread_dates", "warm_up"]

_RULES = [*dates_en.RULES, *dates_zh.RULES]
_RANGE_GAP = re.compile(
    r"\s*(?:from\s+)?(?:-|–|—|~|to|till|until|thru|through|and|&|到|至|和|与|及|跟|、)?\s*", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:-|–|—|~|to|till|until|thru|through|and|&|到|至|和|与|及|跟|、|,|/)?\s*",
                       re.IGNORECASE)
_TO_GAP = re.compile(r"\s*(?:-|–|—|~|to|till|until|thru|through|到|至)\s*", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"(?:since|从|自)\s*$", re.IGNORECASE)
_DATE_KINDS = frozenset({"md", "ymd", "numeric", "dom"})
_WEEKDAY_GAP = re.compile(r"[\s,，(（]*(?:the\s+)?", re.IGNORECASE)
_WEEKDAY_AFTER = re.compile(r"[日号]?[\s,，(（]*")
_DUE_PERIODS = frozenset({"week_period", "month_period", "quarter_period", "year_period"})
_OWNED = re.compile(r"\s*(?:'s|’s|s'|的)", re.IGNORECASE)  # "this month's invoices", 这个月的发票
_SINCE_AFTER = re.compile(r"\s*(?:以来|至今|到现在|到目前|till now|until now|so far)", re.IGNORECASE)
LATE_NIGHT_HOUR = 5


@lru_cache(maxsize=1024)
def scan(text: str) -> tuple[Tok, ...]:
    """Every date phrase in `text`, longest first where they overlap, in text order."""
    candidates: list[Tok] = []
    for pattern, build in _RULES:
        for match in pattern.finditer(text):
            built = build(match, text)
            if built is None:
                continue
            candidates.extend(built if isinstance(built, list) else [built])
    candidates.sort(key=lambda t: (-(t.end - t.start), t.start))
    chosen: list[Tok] = []
    for tok in candidates:
        if all(tok.end <= c.start or tok.start >= c.end for c in chosen):
            chosen.append(tok)
    return tuple(sorted(chosen, key=lambda t: t.start))


def _named_weekdays(toks: list[Tok], text: str) -> list[Tok]:
    """ "Fri, Oct 2", 10月9日（周五）: a bare weekday right beside a date only names that
    date's day of week; it is folded into the date (which then picks the year it fits)."""
    out: list[Tok] = []
    skip: set[int] = set()
    for i, tok in enumerate(toks):
        if i in skip:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (tok.kind == "weekday" and tok.week is None and tok.mode is None and nxt is not None
                and nxt.kind in _DATE_KINDS and _WEEKDAY_GAP.fullmatch(text[tok.end:nxt.start])):
            out.append(nxt.moved(start=tok.start, weekday=tok.weekday))
            skip.add(i + 1)
            continue
        if (tok.kind in _DATE_KINDS and nxt is not None and nxt.kind == "weekday"
                and nxt.week is None and nxt.mode is None
                and _WEEKDAY_AFTER.fullmatch(text[tok.end:nxt.start])):
            out.append(tok.moved(end=nxt.end, weekday=nxt.weekday))
            skip.add(i + 1)
            continue
        out.append(tok)
    return out


def _days(text: str, today: date, prefer: Prefer, region: str | None = None
          ) -> list[tuple[Tok, date | None]]:
    """Day tokens with their dates; a bare neighbour takes its week or month from the one
    before ("next Mon-Wed", 下周四周五, 12月14号到16号), EOD counts only when alone."""
    toks = _named_weekdays([t for t in scan(text) if t.kind in DAY_KINDS], text)
    if any(t.kind != "eod" for t in toks):
        toks = [t for t in toks if t.kind != "eod"]
    for i in range(len(toks) - 2, -1, -1):
        if _LIST_GAP.fullmatch(text[toks[i].end:toks[i + 1].start]):
            toks[i] = lend_week(toks[i], toks[i + 1]) or toks[i]
    out: list[tuple[Tok, date | None]] = []
    for tok in toks:
        day = None
        gap = text[out[-1][0].end:tok.start] if out else ""
        if out and out[-1][1] is not None and _LIST_GAP.fullmatch(gap):
            day = follow(out[-1][0], out[-1][1], tok, today, ranged=bool(_TO_GAP.fullmatch(gap)))
        out.append((tok, day or resolve_day(tok, today, prefer, region)))
    return out


def _as_date(today: date) -> date:
    return today.date() if isinstance(today, datetime) else today


def find_dates(text: str, today: date, *, prefer: Literal["past", "future"],
               region: str | None = None) -> list[Found[date]]:
    """Every date the text states, in order; impossible dates (Feb 30) and phrases no rule
    reads are left out (`unread_dates` lists them). `prefer` is the slot's direction: a due
    date looks ahead ("friday" is the coming one), a log date back (the last one). `region`
    is the speaker's country: numeric dates are month first in the US, day first elsewhere,
    and holidays are that country's."""
    today = _as_date(today)
    return [Found(day, tok.start, tok.end, text[tok.start:tok.end])
            for tok, day in _days(text, today, prefer, region) if day is not None]


def unread_dates(text: str, today: date, *, prefer: Literal["past", "future"],
                 region: str | None = None) -> list[Found[str]]:
    """Date phrases the text holds that name no day: impossible ("Feb 30"), not read (初一,
    "after Easter") or a holiday the speaker's country does not keep; to be asked about."""
    today = _as_date(today)
    return [Found(text[tok.start:tok.end], tok.start, tok.end, text[tok.start:tok.end])
            for tok, day in _days(text, today, prefer, region) if day is None and tok.kind != "eod"]


def find_period(text: str, today: date, *, prefer: Prefer = None, region: str | None = None
                ) -> Found[tuple[date, date]] | None:
    """The span of days the text talks about: a range ("from Dec 21 to Dec 24", 下周一到周三,
    "today and tomorrow"), else a named period (this week, 上个月, november), else a single
    day as (d, d). A bare day of month goes to the nearest such day unless `prefer` says."""
    today = _as_date(today)
    days = [(t, d) for t, d in _days(text, today, prefer, region) if d is not None]
    span = _range(text, days)
    if span is not None:
        return span
    for tok in scan(text):
        if tok.kind in PERIOD_KINDS:
            period = resolve_period(tok, today, prefer)
            if period is not None:
                return Found(period, tok.start, tok.end, text[tok.start:tok.end])
    if days:
        tok, day = days[0]
        if day <= today and (_SINCE_BEFORE.search(text[:tok.start]) or _SINCE_AFTER.match(text, tok.end)):
            return Found((day, today), tok.start, tok.end, text[tok.start:tok.end])
        return Found((day, day), tok.start, tok.end, text[tok.start:tok.end])
    return None


def find_due_period(text: str, today: date) -> Found[tuple[date, date] | None] | None:
    """A whole week, month, quarter or year said where a day is wanted ("due next week",
    下个月内, "by this quarter"): the first such phrase and its first and last day, looking
    ahead ("november" is the coming one); the value is None when no day of it is left. A
    period that only qualifies a thing ("this month's invoices", 这个月的发票) is not one."""
    today = _as_date(today)
    for tok in scan(text):
        if tok.kind in _DUE_PERIODS and not _OWNED.match(text, tok.end):
            span = resolve_period(tok, today, "future")
            value = span if span is not None and span[1] >= today else None
            return Found(value, tok.start, tok.end, text[tok.start:tok.end])
    return None


def last_working_day(start: date, end: date) -> date:
    """The day a period given as a due date means: its last working day (Friday for a week;
    the last Monday-to-Friday day of a month or quarter)."""
    day = end
    while day.weekday() >= 5 and day > start:  # Saturday, Sunday
        day -= timedelta(days=1)
    return day


def _range(text: str, days: list[tuple[Tok, date]]) -> Found[tuple[date, date]] | None:
    for i in range(len(days) - 1):
        j = i
        while (j + 1 < len(days) and days[j + 1][1] >= days[j][1]
               and _RANGE_GAP.fullmatch(text[days[j][0].end:days[j + 1][0].start])):
            j += 1
        if j > i:
            start, end = days[i][0].start, days[j][0].end
            return Found((days[i][1], days[j][1]), start, end, text[start:end])
    return None


def effective_today(now: datetime) -> date:
    """The day a person means by "today": before 05:00 it is still the previous day
    ("long day, put 9h on ACME-WEB for today" sent at 01:30). `now` in their timezone."""
    day = now.date()
    return day - timedelta(days=1) if now.hour < LATE_NIGHT_HOUR else day


def warm_up() -> None:
    """Compile the grammars and load the Chinese dictionaries once per process."""
    from intents.extract.text import warm_up as warm_text

    warm_text()
    find_period("下周一到周三 next Mon-Wed 12/5 the 3rd", date(2026, 1, 1))
    scan.cache_clear()
