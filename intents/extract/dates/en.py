"""English date grammar: phrases → `Tok`s, without knowing today's date.

Own compiled patterns instead of dateparser: they cover the forms chat uses (today, EOD,
last fri, next Mon-Wed, end of month, in 2 weeks, Dec 5, 5 Dec, 12/5, the 3rd) in
microseconds, never read a duration ("3 hours", "2 weeks' work") as a date, and do not
guess an impossible date (Feb 30 is consumed as invalid, not re-read as "the 30th").
"""
from __future__ import annotations

import re
from collections.abc import Callable

from intents.extract.dates.named_days import EN_NAMES
from intents.extract.dates.tokens import Tok
from intents.extract.numbers import EN_NUMBER, parse_number

L = r"(?<![A-Za-z])"
R = r"(?![A-Za-z])"
WD = (r"(?:mon(?:day)?|tue(?:s|sday|day)?|wed(?:n?e?s?day|s)?|thu(?:rs?|rsday|rday|sday)?"
      r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)")
MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
       r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
COUNT = rf"(?:\d+|a\s+couple\s+of|couple\s+of|an?|{EN_NUMBER})"
NOT_DURATION = r"(?!\s*(?:h|hrs?|hours?|mins?|minutes?|days?|weeks?|%)(?![A-Za-z]))"
_SUFFIX_WORDS = (r"round|draft|party|version|iteration|time|floor|place|phase|milestone|step"
                 r"|attempt|revision|option|batch|sprint|release|pass|level|quarter|half|task"
                 r"|item|one|page|line|week|month|year|day|person|grade|gen|edition")
_WEEKDAY_PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                   "nov", "dec")
_AMBIGUOUS_WEEKDAYS = {"sat", "sun", "wed", "mon"}
_AMBIGUOUS_MONTHS = {"may", "mar", "march", "jan", "june", "jun", "aug"}
_BEFORE_BARE = re.compile(
    r"(?:on|by|until|till|due|for|before|from|to|and|every|-|–|,|&)\s*$", re.IGNORECASE)
_RANGE_NEXT = re.compile(rf"\s*(?:-|–|to|through|thru|till|until|and|&)\s*{WD}(?![A-Za-z])", re.IGNORECASE)
_MONTH_CONTEXT = re.compile(r"(?:in|for|of|during|since|until|till|through|from)\s+$", re.IGNORECASE)
# "1/2 the budget", "1/3 of the hours", "3/4 done": a fraction of something, not a day
_FRACTION_AFTER = re.compile(
    r"\s*(?:of|the|done|complete|completed|finished|through|way|left|remaining|spent|used|gone|an?|my|our|"
    r"your|their|his|her|its)(?![A-Za-z])", re.IGNORECASE)
_SCORE_CUE = re.compile(r"rate|rating|score|feedback|stars?|out of|满意|评分|打分|评价|分", re.IGNORECASE)
_WEEK_SHIFT = {"next": 1, "last": -1, "this": 0, "previous": -1, "coming": 0, "past": 0,
               "current": 0, "the coming": 1}

_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                  "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_ORDINAL_VALUE = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
_ORDINAL_VALUE.update({f"twenty[- ]?{w}": 20 + i + 1 for i, w in enumerate(_ORDINAL_WORDS[:9])})
_ORDINAL_VALUE.update({"thirtieth": 30, "thirty[- ]?first": 31})
ORDW = "(?:" + "|".join(sorted(_ORDINAL_VALUE, key=len, reverse=True)) + ")"
ORDN = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDW})"
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1, "final": -1,
        "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
NTH = r"(?:first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)"
_DAY_CUE = re.compile(r"(?:on|by|until|till|due|before|after|from|for|is|was|the|of|and|to|-|–|,)\s*$",
                      re.IGNORECASE)
_DAY_END = re.compile(r"\s*(?:$|[,.;:!?)]|(?:at|by|please|pls|eod|and|or|to|-|–)(?![A-Za-z]))",
                      re.IGNORECASE)
_WORD_DAY_CUE = re.compile(r"(?:^|(?:on|by|until|till|due|before|after|from|for|since)\s+)$",
                           re.IGNORECASE)
HOLIDAY_NAMES = "|".join(f"(?P<{key}>{pattern})" for key, pattern in EN_NAMES.items())
_HOLIDAY_WHERE = {"before": -1, "ahead of": -1, "prior to": -1, "after": 1, "following": 1,
                  "past": 1, "post": 1}

Builder = Callable[[re.Match[str], str], "Tok | list[Tok] | None"]


def ordinal_value(word: str) -> int:
    """ "24th" → 24, "twenty-fourth" → 24, "first" → 1."""
    w = re.sub(r"\s+", " ", word.lower())
    if w[:1].isdigit():
        return int(re.sub(r"\D", "", w))
    for pattern, value in _ORDINAL_VALUE.items():
        if re.fullmatch(pattern, w):
            return value
    return 0


def weekday_index(word: str) -> int:
    return _WEEKDAY_PREFIXES.index(word[:3].lower())


def month_index(word: str) -> int:
    return _MONTH_PREFIXES.index(word[:3].lower()) + 1


def count(word: str) -> int:
    w = re.sub(r"\s+", " ", word.lower())
    if w in ("a", "an"):
        return 1
    if "couple" in w:
        return 2
    value = parse_number(w)
    return int(value) if value is not None else 1


def _tok(kind: str, m: re.Match[str], **kw: object) -> Tok:
    return Tok(kind, m.start(), m.end(), **kw)  # type: ignore[arg-type]


def _ymd(m: re.Match[str], text: str) -> Tok:
    return _tok("ymd", m, year=int(m[1]), month=int(m[2]), day=int(m[3]))


def _slash(m: re.Match[str], text: str) -> Tok | None:
    """12/5, 12/5/26, 10-31-2026, 10.31.1974: the two numbers as written; which one is the
    month is the speaker's country's convention, settled when the day is resolved. A proper
    fraction followed by what it is a part of ("1/3 of the hours", "3/4 done") is no date."""
    first, second = int(m[1]), int(m[2])
    if m[3] is None and second in (5, 10) and first <= second and _SCORE_CUE.search(text):
        return None  # "4/5" in feedback is a score
    if m[3] is None and first < second and _FRACTION_AFTER.match(text, m.end()):
        return None  # "1/2 the budget", "3/4 done": a fraction
    year = int(m[3]) if m[3] else None
    return _tok("numeric", m, month=first, day=second, year=year)


def _compact(m: re.Match[str], text: str) -> Tok:
    return _tok("ymd", m, year=int(m[1]), month=int(m[2]), day=int(m[3]))


def _ordinal_of_month(m: re.Match[str], text: str) -> Tok:
    return _tok("md", m, month=month_index(m[2]), day=ordinal_value(m[1]),
                year=int(m[3]) if m[3] else None)


def _month_ordinal(m: re.Match[str], text: str) -> Tok | None:
    """ "march first", "november the fifth"; "you may first check" is no date."""
    if m[1].lower() in _AMBIGUOUS_MONTHS and not m[3] and not _DAY_END.match(text, m.end()):
        return None
    return _tok("md", m, month=month_index(m[1]), day=ordinal_value(m[2]),
                year=int(m[3]) if m[3] else None)


def _ordinal_word_day(m: re.Match[str], text: str) -> Tok | None:
    """ "the twenty-fourth", "the first of next month": a day of month said in words, only
    where it cannot be a rank ("the first draft", "the second round")."""
    offset = {"this": 0, "the": 0, "next": 1, "last": -1}.get((m[2] or "").lower())
    if m[2] is None and not (_WORD_DAY_CUE.search(text[: m.start()]) and _DAY_END.match(text, m.end())):
        return None  # "I was the first", "for the first time"
    return _tok("dom", m, day=ordinal_value(m[1]), offset=offset)


def _nth_weekday(m: re.Match[str], text: str) -> Tok:
    """ "the second Monday of January", "last friday of next month", "first tue of the month"."""
    n, weekday = _NTH[m[1].lower()], weekday_index(m[2])
    if m[3]:
        return _tok("nth_weekday", m, day=n, weekday=weekday, month=month_index(m[3]),
                    year=int(m[4]) if m[4] else None)
    offset = {"next": 1, "last": -1, "previous": -1}.get((m[5] or "").lower(), 0)
    return _tok("nth_weekday", m, day=n, weekday=weekday, offset=offset)


def _weekday_in_week(week: int) -> Builder:
    """ "wednesday of next week", "friday after next", "monday the week after next"."""
    def build(m: re.Match[str], text: str) -> Tok:
        shift = week if week != 1 else _WEEK_SHIFT[(m[2] or "next").lower()]
        return _tok("weekday", m, weekday=weekday_index(m[1]), week=shift)
    return build


def _weeks_from_weekday(m: re.Match[str], text: str) -> Tok:
    """ "a week from friday": the coming Friday, a week on."""
    return _tok("weekday", m, weekday=weekday_index(m[2]), mode="coming", days=7 * count(m[1]))


def _holiday(m: re.Match[str], text: str) -> Tok:
    where = _HOLIDAY_WHERE.get(re.sub(r"\s+", " ", (m["where"] or "").lower()), 0)
    key = next(k for k in EN_NAMES if m[k])
    return _tok("holiday", m, mode=key, offset=where)


def _month_range(m: re.Match[str], text: str) -> list[Tok]:
    month = month_index(m[1])
    first = Tok("md", m.start(), m.end(2), month=month, day=int(m[2]))
    return [first, Tok("dom", m.start(3), m.end(), day=int(m[3]))]


def _month_day(m: re.Match[str], text: str) -> Tok:
    year = int(m[3]) if m[3] else None
    return _tok("md", m, month=month_index(m[1]), day=int(m[2]), year=year)


def _day_month(m: re.Match[str], text: str) -> Tok:
    year = int(m[3]) if m[3] else None
    return _tok("md", m, month=month_index(m[2]), day=int(m[1]), year=year)


def _ordinal(m: re.Match[str], text: str) -> Tok | None:
    offset = {"this": 0, "the": 0, "next": 1, "last": -1}.get((m[2] or "").lower())
    bare = not m[0].lower().startswith("the")
    if (bare and m[2] is None and not _DAY_CUE.search(text[: m.start()])
            and not _DAY_END.match(text, m.end())):
        return None  # "we're 3rd in line": a rank, not a day
    return _tok("dom", m, day=int(m[1]), offset=offset)


def _fixed(days: int) -> Builder:
    return lambda m, text: _tok("offset", m, days=days)


def _weekday_of_week(m: re.Match[str], text: str) -> Tok:
    return _tok("weekday", m, weekday=weekday_index(m[2]), week=_WEEK_SHIFT[m[1].lower()])


def _weekday(m: re.Match[str], text: str) -> Tok | None:
    modifier = re.sub(r"\s+", " ", (m[1] or "").lower())
    word = m[2].lower()
    if (not modifier and not m[3] and word in _AMBIGUOUS_WEEKDAYS and not m[2][0].isupper()
            and not _BEFORE_BARE.search(text[: m.start()]) and not _RANGE_NEXT.match(text, m.end())):
        return None  # "sat with the client", "sun", "wed": only a day after "on", "by"…
    weekday = weekday_index(word)
    if m[3]:
        return _tok("weekday", m, weekday=weekday, week=_WEEK_SHIFT[m[3].lower()])
    if modifier in ("this coming", "coming"):
        return _tok("weekday", m, weekday=weekday, week=0, mode="coming")
    if modifier in ("past", "previous"):
        return _tok("weekday", m, weekday=weekday, week=0, mode="past")
    week = _WEEK_SHIFT[modifier] if modifier else None
    return _tok("weekday", m, weekday=weekday, week=week)


def _shifted(kind: str, field: str = "week") -> Builder:
    def build(m: re.Match[str], text: str) -> Tok:
        word = (m[1] or "this").lower()
        shift = {"next": 1, "last": -1, "previous": -1}.get(word, 0)
        return _tok(kind, m, **{field: shift})
    return build


def _month_named(kind: str) -> Builder:
    return lambda m, text: _tok(kind, m, month=month_index(m[1]))


def _relative(sign: int, extra: int = 0) -> Builder:
    def build(m: re.Match[str], text: str) -> Tok:
        n, unit = count(m[1]), m[2].lower()
        if unit.startswith("month"):
            return _tok("months_later", m, offset=sign * n)
        days = {"day": 1, "week": 7, "fortnight": 14}[unit.rstrip("s")]
        return _tok("offset", m, days=sign * n * days + extra)
    return build


def _period(m: re.Match[str], text: str) -> Tok:
    which, unit = re.sub(r"\s+", " ", m[1].lower()), m[2].lower()
    shift = _WEEK_SHIFT[which]
    if unit in ("week", "wk"):
        return _tok("week_period", m, week=shift)
    kind = {"month": "month_period", "year": "year_period", "quarter": "quarter_period"}[unit]
    return _tok(kind, m, offset=shift)


def _last_days(m: re.Match[str], text: str) -> Tok:
    per = {"day": 1, "week": 7, "month": 30}[m[2].lower().rstrip("s")]
    return _tok("last_days", m, days=count(m[1]) * per)


def _month_alone(m: re.Match[str], text: str) -> Tok | None:
    word = m[1].lower()
    if m[2]:
        return _tok("month_period", m, month=month_index(word), year=int(m[2]))
    short = len(word) <= 4 and word not in ("june", "july")
    if (word in _AMBIGUOUS_MONTHS or short) and not _MONTH_CONTEXT.search(text[: m.start()]):
        return None
    return _tok("month_period", m, month=month_index(word))


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


RULES: list[tuple[re.Pattern[str], Builder]] = [
    (_c(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), _ymd),
    (_c(r"(?<![\d/#.:])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])(?!\s*(?:stars?|points?))"),
     _slash),
    (_c(r"(?<![\d/#.:,-])(\d{1,2})([-.])(\d{1,2})\2(\d{4}|\d{2})(?![\d.-]\d)"),
     lambda m, t: _tok("numeric", m, month=int(m[1]), day=int(m[3]), year=int(m[4]))),
    (_c(r"(?<![\d.,#/:-])(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d.])"), _compact),
    (_c(rf"(?<![\d.,#/:])(\d{{1,2}})-({MON})\.?-(\d{{4}}|\d{{2}})(?!\d)"),
     lambda m, t: _tok("md", m, day=int(m[1]), month=month_index(m[2]), year=int(m[3]))),
    (_c(rf"{L}(?:the\s+)?({ORDN})\s+(?:day\s+)?of\s+({MON}){R}\.?(?:,?\s*(\d{{4}})(?!\d))?"),
     _ordinal_of_month),
    (_c(rf"{L}({MON})\.?\s+(?:the\s+)?({ORDW}){R}(?:,?\s*(\d{{4}})(?!\d))?"), _month_ordinal),
    (_c(rf"{L}the\s+({ORDW})(?:\s+of\s+(this|next|last|the)\s+month)?{R}"), _ordinal_word_day),
    (_c(rf"{L}(?:the\s+)?({NTH})\s+({WD})\.?\s+(?:of|in)\s+(?:({MON}){R}\.?(?:,?\s*(\d{{4}})(?!\d))?"
        rf"|(?:the\s+)?(this|next|last|previous|the)?\s*month{R})"), _nth_weekday),
    (_c(rf"{L}({WD})\.?\s+(?:of|in)\s+(next|this|last)\s+week{R}"), _weekday_in_week(1)),
    (_c(rf"{L}(?:the\s+)?({WD})\.?\s+(?:(?:of\s+|in\s+)?the\s+week\s+)?after\s+next{R}"),
     _weekday_in_week(2)),
    (_c(rf"{L}({COUNT})\s+weeks?\s+(?:from|after)\s+({WD}){R}"), _weeks_from_weekday),
    (_c(rf"{L}(?:(?P<where>before|after|ahead\s+of|prior\s+to|following|past|post)\s+"
        rf"|(?:on|by|until|till|for|over|around)\s+)?(?:the\s+)?(?:{HOLIDAY_NAMES}){R}"), _holiday),
    (_c(rf"{L}({MON})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|~|to|till|until|through|thru)"
        rf"\s*(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:A-Za-z]){NOT_DURATION}"), _month_range),
    (_c(rf"{L}({MON})\.?\s*(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:A-Za-z]){NOT_DURATION}"
        r"(?:,?\s*(\d{4})(?!\d))?"), _month_day),
    (_c(rf"(?<![\d.,#/:])(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?({MON}){R}\.?"
        r"(?:,?\s*(\d{4})(?!\d))?"), _day_month),
    (_c(rf"{L}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)(?!\s+(?:{_SUFFIX_WORDS}){R}){R}"
        rf"(?:\s+of\s+(this|next|last|the)\s+month{R})?"), _ordinal),
    (_c(rf"{L}(?:the\s+)?day\s+after\s+(?:tomorrow|tomorow|tmrw?){R}"), _fixed(2)),
    (_c(rf"{L}(?:the\s+)?day\s+before\s+yesterday{R}"), _fixed(-2)),
    (_c(rf"{L}(?:today|todays|tdy|tonight|tonite|this\s+(?:morning|afternoon|evening|arvo)){R}"),
     _fixed(0)),
    (_c(rf"{L}(?:tomorrow|tomorow|tommorow|tommorrow|tomorrw|tmrw?|tmw|2morrow|2moro){R}"),
     _fixed(1)),
    (_c(rf"{L}(?:yesterday|yesterdy|yesturday|yday|yest|last\s+night){R}"), _fixed(-1)),
    (_c(rf"{L}(next|last|this)\s+week'?s?\s+({WD}){R}"), _weekday_of_week),
    (_c(rf"{L}(?:(this\s+coming|coming|this|next|last|past|previous)\s+)?({WD}){R}\.?"
        rf"(?:\s+(next|last|this)\s+week{R})?"), _weekday),
    (_c(rf"{L}(?:before|by)\s+(?:the\s+)?weekend{R}"), lambda m, t: _tok("friday", m, week=0)),
    (_c(rf"{L}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(this|next|last)?\s*week|eow){R}"),
     _shifted("friday")),
    (_c(rf"{L}(?:(this|next|last|the)\s+)?weekend{R}"), _shifted("weekend")),
    (_c(rf"{L}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(this|next|last)?\s*month|month[- ]?end|eom){R}"),
     _shifted("month_end", "offset")),
    (_c(rf"{L}(?:the\s+)?end\s+of\s+({MON}){R}"), _month_named("month_end")),
    (_c(rf"{L}(?:the\s+)?last\s+day\s+of\s+({MON}){R}"), _month_named("month_end")),
    (_c(rf"{L}(?:the\s+)?last\s+day\s+of\s+(?:the\s+)?(this|next|last)?\s*month{R}"),
     _shifted("month_end", "offset")),
    (_c(rf"{L}(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?(this|next|last)?\s*month{R}"),
     _shifted("month_start", "offset")),
    (_c(rf"{L}(?:the\s+)?(?:start|beginning)\s+of\s+({MON}){R}"), _month_named("month_start")),
    (_c(rf"{L}mid[- ]?({MON}){R}"), _month_named("month_mid")),
    (_c(rf"{L}mid[- ]?(next|this|last)?\s*month{R}"), _shifted("month_mid", "offset")),
    (_c(rf"{L}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(this|next|last)?\s*quarter|quarter[- ]end|eoq){R}"),
     _shifted("quarter_end", "offset")),
    (_c(rf"{L}(?:(?:the\s+)?end\s+of\s+q([1-4])|q([1-4])\s+end){R}"),
     lambda m, t: _tok("month_end", m, month=3 * int(m[1] or m[2]))),
    (_c(rf"{L}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?year|year[- ]end|eoy){R}"),
     lambda m, t: _tok("year_end", m, offset=0)),
    (_c(rf"{L}(?:in|within)\s+({COUNT})\s+(days?|weeks?|months?|fortnights?)(?:'?s?\s+time)?{R}"),
     _relative(1)),
    (_c(rf"{L}({COUNT})\s+(days?|weeks?|months?|fortnights?)\s+(?:from\s+(?:now|today)|later|hence){R}"),
     _relative(1)),
    (_c(rf"{L}({COUNT})\s+(days?|weeks?)\s+from\s+(?:tomorrow|tmrw){R}"), _relative(1, extra=1)),
    (_c(rf"{L}({COUNT})\s+(days?|weeks?|months?)\s+ago{R}"), _relative(-1)),
    (_c(rf"{L}(this|current|last|previous|next|the\s+coming|coming)\s+(week|wk|month|year|quarter){R}"),
     _period),
    (_c(rf"{L}(?:the\s+)?week\s+before\s+last{R}"), lambda m, t: _tok("week_period", m, week=-2)),
    (_c(rf"{L}(?:the\s+)?week\s+after\s+next{R}"), lambda m, t: _tok("week_period", m, week=2)),
    (_c(rf"{L}(?:last|past|previous)\s+({COUNT})\s+(days?|weeks?|months?){R}"), _last_days),
    (_c(rf"{L}past\s+(week|month)(){R}"),
     lambda m, t: _tok("last_days", m, days=7 if m[1].lower() == "week" else 30)),
    (_c(rf"{L}({MON}){R}\.?(?:\s+(\d{{4}})(?!\d))?"), _month_alone),
    (_c(rf"{L}(?:eod|cob|eob|end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+business){R}"),
     lambda m, t: _tok("eod", m)),
    # Date-like phrases nothing above reads: kept as "unread" so that they are asked about.
    (_c(rf"{L}(?:before|after|by|until|till|over|around|on)\s+(?:the\s+)?(?:holidays|easter(?:\s+sunday)?"
        r"|ramadan|eid|diwali|hanukkah|passover|(?-i:(?:[A-Z][a-z]+\s+){1,3}(?:Day|Festival|Eve)))(?![A-Za-z])"),
     lambda m, t: _tok("unread", m)),
    (_c(rf"{L}(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+({WD}){R}"),
     lambda m, t: _tok("unread", m)),
]
