"""Date tokens: what a date phrase says, kept apart from the day it means.

The grammars (`dates_en`, `dates_zh`) turn phrases into `Tok`s without knowing today's date,
so a scan can be cached per text; `resolve_day` and `resolve_period` then apply the
labelling conventions (weeks run Monday..Sunday, a bare day of month goes to the nearest
such day in the preferred direction, an impossible date such as Feb 30 means nothing).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Prefer = Literal["past", "future"] | None

DAY_KINDS = frozenset({
    "offset", "months_later", "weekday", "friday", "weekend", "month_end", "month_start",
    "month_mid", "md", "dom", "ymd", "year_end", "eod", "nth_weekday", "numeric", "holiday",
    "quarter_end", "unread",
})
# Countries that write a numeric date month first (12/5 is December 5th: the US, and the
# year-month-day countries, whose short form drops the year); others write the day first.
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM",
                         "CN", "TW", "JP", "KR", "MN", "HU", "LT"})
PERIOD_KINDS = frozenset({"week_period", "month_period", "year_period", "quarter_period",
                          "last_days", "weekend"})


@dataclass(frozen=True)
class Tok:
    """One date phrase at [start, end) of the normalised text.

    `week` is None for a bare weekday ("friday", 周五), which lets a neighbour lend it its
    week ("next Mon-Wed", 下周四周五). `offset` counts months for month kinds, years for
    year kinds, quarters for quarter kinds, and -1/0/+1 for before/on/after a holiday.
    A "numeric" token keeps its two numbers as written (`month`, `day` in US order) until
    the speaker's country says which is which; an "unread" token is a date-like phrase that
    no rule reads, kept so that it is asked about rather than dropped.
    """

    kind: str
    start: int
    end: int
    days: int = 0
    week: int | None = None
    weekday: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int | None = None
    mode: str | None = None

    def moved(self, **changes: object) -> Tok:
        return replace(self, **changes)  # type: ignore[arg-type]


def monday_of(today: date, week: int = 0) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=week)


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def pick(candidates: list[date], today: date, prefer: Prefer) -> date | None:
    """The candidate the speaker most likely means: nearest in the preferred direction."""
    if prefer == "past":
        past = [d for d in candidates if d <= today]
        return max(past) if past else None
    if prefer == "future":
        future = [d for d in candidates if d >= today]
        return min(future) if future else None
    return min(candidates, key=lambda d: (abs((d - today).days), d < today), default=None)


def resolve_day(tok: Tok, today: date, prefer: Prefer, region: str | None = None) -> date | None:
    """The single day a day-kind token means, or None (an impossible or unread date).

    `region` is the speaker's country (ISO 3166 alpha-2), for numeric dates and holidays."""
    kind = tok.kind
    if kind in ("offset", "eod"):
        return today + timedelta(days=tok.days)
    if kind == "weekday":
        return _weekday(tok, today, prefer)
    if kind == "nth_weekday":
        return _nth_weekday(tok, today, prefer)
    if kind == "numeric":
        return _numeric(tok, today, prefer, region)
    if kind == "holiday":
        from intents.extract.dates.named_days import resolve_holiday

        return resolve_holiday(tok, today, prefer, region)
    if kind == "friday":
        return monday_of(today, tok.week or 0) + timedelta(days=4)
    if kind == "weekend":
        return monday_of(today, tok.week or 0) + timedelta(days=5)
    if kind == "months_later":
        y, m = add_months(today.year, today.month, tok.offset or 0)
        return safe_date(y, m, min(today.day, last_day(y, m).day))
    if kind in ("month_end", "month_start", "month_mid"):
        y, m = _month_of(tok, today, prefer)
        day = {"month_end": last_day(y, m).day, "month_start": 1, "month_mid": 15}[kind]
        return date(y, m, day)
    if kind == "quarter_end":
        y, m = add_months(today.year, (today.month - 1) // 3 * 3 + 3, 3 * (tok.offset or 0))
        return last_day(y, m)
    if kind == "year_end":
        return date(today.year + (tok.offset or 0), 12, 31)
    if kind == "ymd":
        return safe_date(full_year(tok.year) if tok.year else today.year, tok.month or 0, tok.day or 0)
    if kind == "md":
        return _month_day(tok, today, prefer)
    if kind == "dom":
        return _day_of_month(tok, today, prefer)
    return None


def _weekday(tok: Tok, today: date, prefer: Prefer = None) -> date:
    """A weekday in its week; a bare one ("friday", 周五) is the coming one for a due date and
    the most recent one for a log date (today counts for both), this week's when undirected."""
    day = monday_of(today, tok.week or 0) + timedelta(days=tok.weekday or 0)
    mode = tok.mode
    if mode is None and tok.week is None:
        mode = {"future": "coming", "past": "recent"}.get(prefer or "")
    if mode == "coming" and day < today:
        day += timedelta(weeks=1)
    elif mode == "past" and day >= today:
        day -= timedelta(weeks=1)
    elif mode == "recent" and day > today:
        day -= timedelta(weeks=1)
    return day + timedelta(days=tok.days)


def nth_in_month(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (1..5, or -1 for the last) given weekday of a month, if it has one."""
    if n == -1:
        last = last_day(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7, weeks=n - 1)
    return day if day.month == month else None


def _nth_weekday(tok: Tok, today: date, prefer: Prefer) -> date | None:
    """ "the second Monday of January", 十月第一个星期一, "last friday of next month"."""
    n, weekday = tok.day or 1, tok.weekday or 0
    if tok.month is None:
        y, m = add_months(today.year, today.month, tok.offset or 0)
        return nth_in_month(y, m, weekday, n)
    if tok.year is not None:
        return nth_in_month(tok.year, tok.month, weekday, n)
    if tok.offset is not None:  # 明年一月第二个周一
        return nth_in_month(today.year + tok.offset, tok.month, weekday, n)
    years = (today.year - 1, today.year, today.year + 1)
    candidates = [d for y in years if (d := nth_in_month(y, tok.month, weekday, n)) is not None]
    return pick(candidates, today, prefer)


def full_year(year: int) -> int:
    """A two-digit year the POSIX way: 00-68 are 20yy, 69-99 are 19yy."""
    if year >= 100:
        return year
    return 2000 + year if year <= 68 else 1900 + year


def _numeric(tok: Tok, today: date, prefer: Prefer, region: str | None) -> date | None:
    """12/5, 5.12.2026, 31-10-74: month first for US speakers (and when unknown), day first
    elsewhere; an order that names no real day gives way to the other (31/10 is October)."""
    a, b = tok.month or 0, tok.day or 0
    orders = [(a, b), (b, a)] if (region or "US").upper() in MONTH_FIRST else [(b, a), (a, b)]
    for month, day in orders:
        if 1 <= month <= 12:
            return resolve_day(Tok("md", tok.start, tok.end, month=month, day=day, year=tok.year,
                                   weekday=tok.weekday), today, prefer)
    return None


def _month_of(tok: Tok, today: date, prefer: Prefer) -> tuple[int, int]:
    if tok.month is None:
        return add_months(today.year, today.month, tok.offset or 0)
    if tok.year is not None:
        return tok.year, tok.month
    candidates = [date(today.year + dy, tok.month, 1) for dy in (-1, 0, 1)]
    this_month = today.replace(day=1)
    chosen = pick(candidates, this_month, prefer) or date(today.year, tok.month, 1)
    return chosen.year, chosen.month


def _month_day(tok: Tok, today: date, prefer: Prefer) -> date | None:
    month, day = tok.month or 0, tok.day or 0
    if tok.year is not None:
        return safe_date(full_year(tok.year), month, day)
    if tok.offset is not None:  # 明年1月8日
        return safe_date(today.year + tok.offset, month, day)
    if safe_date(2024, month, day) is None:  # Feb 30, 4/31: never a date, in any year
        return None
    years = (today.year - 1, today.year, today.year + 1)
    candidates = [d for y in years if (d := safe_date(y, month, day)) is not None]
    if tok.weekday is not None:  # "Fri, Oct 2": the year whose Oct 2 is a Friday, if near
        named = [d for d in candidates if d.weekday() == tok.weekday]
        candidates = named if pick(named, today, prefer) else candidates
    return pick(candidates, today, prefer)


def _day_of_month(tok: Tok, today: date, prefer: Prefer) -> date | None:
    day = tok.day or 0
    if tok.offset is not None:
        y, m = add_months(today.year, today.month, tok.offset)
        return safe_date(y, m, day)
    if not 1 <= day <= 31:
        return None
    candidates = []
    for shift in range(-12, 13):
        y, m = add_months(today.year, today.month, shift)
        found = safe_date(y, m, day)
        if found is not None:
            candidates.append(found)
    if tok.weekday is not None:  # "Tuesday the 22nd": the month whose 22nd is a Tuesday
        named = [d for d in candidates if d.weekday() == tok.weekday]
        candidates = named if pick(named, today, prefer) else candidates
    return pick(candidates, today, prefer)


def resolve_period(tok: Tok, today: date, prefer: Prefer) -> tuple[date, date] | None:
    """The first and last day of a period-kind token."""
    kind = tok.kind
    if kind == "week_period":
        start = monday_of(today, tok.week or 0)
        return start, start + timedelta(days=6)
    if kind == "weekend":
        sat = monday_of(today, tok.week or 0) + timedelta(days=5)
        return sat, sat + timedelta(days=1)
    if kind == "month_period":
        y, m = _month_of(tok, today, prefer)
        return date(y, m, 1), last_day(y, m)
    if kind == "year_period":
        y = tok.year if tok.year is not None else today.year + (tok.offset or 0)
        return date(y, 1, 1), date(y, 12, 31)
    if kind == "quarter_period":
        y, m = add_months(today.year, (today.month - 1) // 3 * 3 + 1, 3 * (tok.offset or 0))
        end_y, end_m = add_months(y, m, 2)
        return date(y, m, 1), last_day(end_y, end_m)
    if kind == "last_days":
        return today - timedelta(days=max(tok.days, 1) - 1), today
    return None


def follow(prev: Tok, prev_day: date, tok: Tok, today: date, *, ranged: bool = False) -> date | None:
    """The day a bare token means right after `prev` ("Mon-Wed", 14号到16号); the end of a
    range ("Nov 1 to Nov 30", 12月28日到1月3日) is the first such day from its start on,
    whatever direction a lone day would lean to."""
    if ranged and tok.kind == "md" and tok.year is None:
        for year in (prev_day.year, prev_day.year + 1):
            found = safe_date(year, tok.month or 0, tok.day or 0)
            if found is not None and found >= prev_day:
                return found
        return None
    if tok.kind == "weekday" and tok.week is None and prev.kind == "weekday":
        day = monday_of(prev_day) + timedelta(days=tok.weekday or 0)
        return day if day >= prev_day else day + timedelta(weeks=1)
    if tok.kind == "dom" and tok.offset is None:
        found = safe_date(prev_day.year, prev_day.month, tok.day or 0)
        if found is not None and found >= prev_day:
            return found
        y, m = add_months(prev_day.year, prev_day.month, 1)
        return safe_date(y, m, tok.day or 0)
    return None


def lend_week(tok: Tok, nxt: Tok) -> Tok | None:
    """A bare weekday before an explicit one borrows its week ("Mon to Wed next week")."""
    if (tok.kind == "weekday" and tok.week is None and nxt.kind == "weekday"
            and nxt.week is not None and nxt.mode is None):
        return tok.moved(week=nxt.week)
    return None
