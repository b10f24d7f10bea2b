"""Public holidays said by name ("after Christmas", 春节后, 国庆前), in the speaker's country.

The days come from the `holidays` package (offline tables), imported only when a message
names a holiday. A name is its first day, the next one from today for a due date (the last
one for a log date). "Before" is the last working day before its break and "after" the
first working day after it: a break runs over the weekend and the country's other days off
(国庆 2026 is Oct 1–7, so 国庆后 is Oct 8; Christmas 2026 is a Friday, so "after Christmas"
is Monday the 28th). A few days are the same date everywhere (Christmas Eve, New Year's Eve)
and are read even where they are no public holiday; a holiday the speaker's country does
not keep (Thanksgiving in China) is not guessed: the phrase stays unread, to be asked about.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from intents.extract.dates.tokens import Prefer, Tok, pick

# key: (pattern over the package's English names, fixed (month, day) or None, default country)
HOLIDAYS: dict[str, tuple[str, tuple[int, int] | None, str]] = {
    "christmas": (r"^Christmas Day$", (12, 25), "US"),
    "christmas_eve": (r"^Christmas Eve$", (12, 24), "US"),
    "new_year": (r"^New Year's Day$", (1, 1), "US"),
    "new_years_eve": (r"^New Year's Eve$", (12, 31), "US"),
    "thanksgiving": (r"^Thanksgiving( Day)?$", None, "US"),
    "labor_day": (r"^Labou?r Day$", None, "US"),
    "memorial_day": (r"^Memorial Day$", None, "US"),
    "independence_day": (r"^Independence Day$", None, "US"),
    "columbus_day": (r"^Columbus Day$", None, "US"),
    "veterans_day": (r"^Veterans Day$", None, "US"),
    "mlk_day": (r"^Martin Luther King", None, "US"),
    "presidents_day": (r"^Washington's Birthday$|^Presidents'? Day$", None, "US"),
    "juneteenth": (r"^Juneteenth", None, "US"),
    "boxing_day": (r"^Boxing Day$", (12, 26), "GB"),
    "good_friday": (r"^Good Friday$", None, "GB"),
    "easter_monday": (r"^Easter Monday$", None, "GB"),
    "spring_festival": (r"^Chinese New Year( \(Spring Festival\))?$|^(The first day of )?"
                        r"(Chinese|Lunar) New Year('s Day)?$", None, "CN"),
    "spring_festival_eve": (r"^Chinese New Year's Eve$", None, "CN"),
    "national_day": (r"^National Day$", None, "CN"),
    "mid_autumn": (r"^Mid-Autumn Festival$", None, "CN"),
    "qingming": (r"^Tomb-Sweeping Day$|^Ching Ming", None, "CN"),
    "may_day": (r"^Labou?r Day$", (5, 1), "CN"),
    "dragon_boat": (r"^Dragon Boat Festival$|^Tuen Ng", None, "CN"),
    # Days people name that fall on the same date every year, holiday or not.
    "valentines": (r"^Valentine", (2, 14), "US"),
    "halloween": (r"^Halloween$", (10, 31), "US"),
    "womens_day": (r"^International Women's Day$", (3, 8), "CN"),
    "childrens_day": (r"^Children's Day$", (6, 1), "CN"),
    "teachers_day": (r"^Teachers' Day$", (9, 10), "CN"),
    "singles_day": (r"^$", (11, 11), "CN"),
    "double_twelve": (r"^$", (12, 12), "CN"),
}
# Names by which each key is said, in either language (normalised, lower case for English).
_ON = r"(?:on|by|until|till|for|over|around|at)"
EN_NAMES: dict[str, str] = {
    "christmas_eve": r"christmas\s+eve|xmas\s+eve",
    "christmas": r"christmas(?:\s+day)?|xmas|x-mas",
    "new_years_eve": r"new\s+year'?s'?\s+eve|nye",
    "new_year": r"new\s+year'?s'?(?:\s+day)?|new\s+year",
    "thanksgiving": r"thanksgiving(?:\s+day)?",
    "labor_day": r"labou?r\s+day",
    "memorial_day": r"memorial\s+day",
    "independence_day": r"independence\s+day|(?:the\s+)?(?:4th|fourth)\s+of\s+july|july\s+(?:4th|fourth)",
    "columbus_day": r"columbus\s+day",
    "veterans_day": r"veterans'?\s+day",
    "mlk_day": r"(?:mlk|martin\s+luther\s+king(?:\s+jr\.?)?)\s+day",
    "presidents_day": r"presidents'?\s+day|washington'?s\s+birthday",
    "juneteenth": r"juneteenth",
    "boxing_day": r"boxing\s+day",
    "good_friday": r"good\s+friday",
    "easter_monday": r"easter\s+monday",
    "spring_festival": r"(?:chinese|lunar)\s+new\s+year|spring\s+festival",
    "mid_autumn": r"mid-?autumn(?:\s+festival)?|moon\s+festival",
    "dragon_boat": r"dragon\s+boat(?:\s+festival)?",
    "valentines": r"valentine'?s'?(?:\s+day)?",
    "halloween": r"halloween",
}
ZH_NAMES: dict[str, str] = {
    "spring_festival_eve": r"除夕|大年三十|年三十",
    "spring_festival": r"春节|农历新年|过年",
    "national_day": r"国庆节?|国庆长假",
    "mid_autumn": r"中秋节?",
    "qingming": r"清明节?",
    "may_day": r"五一劳动节|五一(?=节|假期|长假|前|之前|以前|后|之后|以后|过后|$|[\s,，。!！?？])|劳动节",
    "dragon_boat": r"端午节?",
    "new_year": r"元旦",
    "christmas_eve": r"平安夜",
    "christmas": r"圣诞节?",
    "valentines": r"情人节",
    "halloween": r"万圣节",
    "womens_day": r"妇女节|三八节",
    "childrens_day": r"儿童节|六一(?=节|前|之前|以前|后|之后|以后)",
    "teachers_day": r"教师节",
    "singles_day": r"双十一|双11|光棍节",
    "double_twelve": r"双十二|双12",
}


@lru_cache(maxsize=64)
def _table(country: str, year: int) -> dict[date, str]:
    import holidays

    try:
        found = holidays.country_holidays(country, years=year)
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    return {d: str(n) for d, n in found.items()}


def _days_named(key: str, country: str, year: int) -> list[date]:
    pattern, fixed, _default = HOLIDAYS[key]
    table = _table(country, year)
    days = [d for d, names in table.items()
            if any(re.search(pattern, n) for n in names.split("; ") if "observed" not in n)]
    if key == "may_day":
        days = [d for d in days if d.month == 5]
    if not days and fixed is not None:
        days = [date(year, *fixed)]
    return sorted(days)


def _off(day: date, country: str) -> bool:
    return day.weekday() >= 5 or day in _table(country, day.year)


def resolve_holiday(tok: Tok, today: date, prefer: Prefer, region: str | None) -> date | None:
    """The day "before/on/after <holiday>" means for a speaker in `region`."""
    key = tok.mode or ""
    if key not in HOLIDAYS:
        return None
    country = (region or HOLIDAYS[key][2]).upper()
    firsts = [days[0] for y in (today.year - 1, today.year, today.year + 1)
              if (days := _days_named(key, country, y))]
    if not firsts:
        return None
    where = tok.offset or 0
    if where == 0:
        return pick(firsts, today, prefer)
    moved = [_beside(day, where, country) for day in firsts]
    return pick(moved, today, prefer)


def _beside(day: date, where: int, country: str) -> date:
    step = timedelta(days=where)
    at = day + step
    while _off(at, country):
        at += step
    return at


def holiday_tok(key: str, where: int, m: Any) -> Tok:
    return Tok("holiday", m.start(), m.end(), mode=key, offset=where)
