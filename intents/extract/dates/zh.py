"""Chinese date grammar: phrases → `Tok`s, without knowing today's date.

dateparser resolves almost no Chinese relative date (下周五, 两周后, 月底 all fail), so this
is our own: 今天/明天/后天/大后天/昨天/前天, 本周五/下周一/下下周三/上周五, 周末(前),
月底, 下个月5号, 12月5日, 5号, 两周后, 三天后, 本月/上个月/11月 and the week periods.
Traditional forms (下週, 禮拜) arrive already simplified by `normalise`.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from intents.extract.dates.named_days import ZH_NAMES
from intents.extract.dates.tokens import Tok
from intents.extract.numbers import parse_number

CND = r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})"
CNN = r"(?:\d+|[零一二两三四五六七八九十百]+|半)"
_NO_NUM_BEFORE = r"(?<![\d一二三四五六七八九十零〇两年])"
_WEEK = {"上上": -2, "上": -1, "本": 0, "这": 0, "呢": 0, "今": 0, "下": 1, "下下": 2, "": None}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_MONTH_SHIFT = {"下下": 2, "下": 1, "上上": -2, "上": -1, "本": 0, "这": 0, "当": 0, "今": 0, "呢": 0,
                "": 0}
# A 下 right after 一 is the verb particle 一下 ("补录一下周二"), not "next".
_WEEK_PREFIX = r"(上上|(?<!一)下下|上|(?<!一)下|本|这|呢|今(?=\s*个))?\s*(?:个)?\s*"
_MONTH_PREFIX = r"(下下|上上|下|上|本|这|当|呢|今(?=\s*个))\s*(?:个)?\s*"
_NTH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_HOLIDAY_NAMES = "|".join(f"(?P<{key}>{pattern})" for key, pattern in ZH_NAMES.items())
_HOLIDAY_WHERE = {"前": -1, "之前": -1, "以前": -1, "后": 1, "之后": 1, "以后": 1, "过后": 1}

Builder = Callable[[re.Match[str], str], "Tok | list[Tok] | None"]


def num(token: str) -> int:
    if token == "半":
        return 0
    token = token.replace("廿", "二十").replace("卅", "三十")
    value = parse_number(token)
    return int(value) if value is not None else 0


def _tok(kind: str, m: re.Match[str], **kw: object) -> Tok:
    return Tok(kind, m.start(), m.end(), **kw)  # type: ignore[arg-type]


def _fixed(days: int) -> Builder:
    return lambda m, text: _tok("offset", m, days=days)


def _ymd(m: re.Match[str], text: str) -> Tok:
    return _tok("ymd", m, year=num(m[1]), month=num(m[2]), day=num(m[3]))


def _md(m: re.Match[str], text: str) -> Tok:
    return _tok("md", m, month=num(m[1]), day=num(m[2]))


def _month_part(m: re.Match[str], text: str) -> Tok | None:
    month = num(m[1])
    if not 1 <= month <= 12:
        return None
    return _tok(_PART[m[2][0]], m, month=month)


_PART = {"底": "month_end", "末": "month_end", "尾": "month_end", "初": "month_start",
         "中": "month_mid", "上": "month_start", "下": "month_end"}


def _relative_month_part(m: re.Match[str], text: str) -> Tok:
    return _tok(_PART[m[2][0]], m, offset=_MONTH_SHIFT[m[1] or ""])


def _relative_dom(m: re.Match[str], text: str) -> Tok:
    return _tok("dom", m, day=num(m[2]), offset=_MONTH_SHIFT[m[1]])


def _dom(m: re.Match[str], text: str) -> Tok:
    return _tok("dom", m, day=num(m[1]))


def _month_period(m: re.Match[str], text: str) -> Tok | None:
    month = num(m[2])
    if not 1 <= month <= 12:
        return None
    return _tok("month_period", m, month=month, year=num(m[1]) if m[1] else None)


def _relative_month_period(m: re.Match[str], text: str) -> Tok:
    return _tok("month_period", m, offset=_MONTH_SHIFT[m[1]])


def _weekday(m: re.Match[str], text: str) -> Tok:
    return _tok("weekday", m, weekday=_WEEKDAY[m[2]], week=_WEEK[m[1] or ""])


def _weekday_pair(m: re.Match[str], text: str) -> list[Tok]:
    week = _WEEK[m[1] or ""]
    first = Tok("weekday", m.start(), m.end(2), weekday=_WEEKDAY[m[2]], week=week)
    return [first, Tok("weekday", m.start(3), m.end(), weekday=_WEEKDAY[m[3]], week=week)]


def _week_friday(m: re.Match[str], text: str) -> Tok:
    return _tok("friday", m, week=_WEEK[m[1] or ""] or 0)


def _weekend(m: re.Match[str], text: str) -> Tok:
    return _tok("weekend", m, week=_WEEK[m[1] or ""] or 0)


def _week_period(m: re.Match[str], text: str) -> Tok:
    return _tok("week_period", m, week=_WEEK[m[1]])


def _duration(sign: int) -> Builder:
    def build(m: re.Match[str], text: str) -> Tok | None:
        n, unit = m[1], m[2]
        if unit == "月":
            if n == "半":
                return _tok("offset", m, days=sign * 15)
            return _tok("months_later", m, offset=sign * num(n))
        if n == "半":
            return _tok("offset", m, days=0 if unit in ("天", "日") else sign * 3)
        per = 1 if unit in ("天", "日") else 7
        return _tok("offset", m, days=sign * num(n) * per)
    return build


def _last_days(m: re.Match[str], text: str) -> Tok:
    per = {"天": 1, "日": 1, "月": 30}.get(m[2], 7)
    return _tok("last_days", m, days=max(num(m[1]), 1) * per)


def _two_days(m: re.Match[str], text: str) -> list[Tok]:
    return [Tok("offset", m.start(), m.start() + 1, days=0),
            Tok("offset", m.start() + 1, m.end(), days=1)]


def _year(shift: int) -> Builder:
    return lambda m, text: _tok("year_period", m, offset=shift)


def _nth_weekday(m: re.Match[str], text: str) -> Tok | None:
    """十月第一个星期一, 下个月第二个周五, 本月最后一个周五, 明年一月第二个周一."""
    n = -1 if m["last"] else _NTH[m["n"]]
    weekday = _WEEKDAY[m["wd"]]
    if m["month"]:
        month = num(m["month"])
        if not 1 <= month <= 12:
            return None
        shift = {"今": 0, "明": 1, "去": -1}[m["year"][0]] if m["year"] else None
        return _tok("nth_weekday", m, day=n, weekday=weekday, month=month, offset=shift)
    return _tok("nth_weekday", m, day=n, weekday=weekday, offset=_MONTH_SHIFT[m["shift"] or ""])


def _holiday(m: re.Match[str], text: str) -> Tok:
    where = 1 if m["done"] else _HOLIDAY_WHERE.get(m["where"] or "", 0)
    key = next(k for k in ZH_NAMES if m[k])
    return _tok("holiday", m, mode=key, offset=where)


def _week_then_weekday(m: re.Match[str], text: str) -> Tok:
    return _tok("weekday", m, weekday=_WEEKDAY[m[2]], week=_WEEK[m[1]])


def _quarter(m: re.Match[str], text: str) -> Tok:
    return _tok("quarter_period", m, offset=_MONTH_SHIFT[m[1]])


_c = re.compile
_NOT_DAY = r"(?!\s*[\d一二三四五六七八九十底末初中号日])"
# 一共: "本周一共" is "this week in all"; only after 一 ("周六回来加班" is Saturday)
_NOT_WEEKDAY_WORD = r"(?!(?<=一)[直起样般些切致定回共]|[次遍趟\d])"
_UNIT_AFTER = r"(?!\s*(?:内|之内|楼|线|会议室|房|门|机|位|窗|床|口|车|柜|店|厅|馆|院|桌|台|字|码|文件|报|人))"

RULES: list[tuple[re.Pattern[str], Builder]] = [
    (_c(rf"(\d{{4}}|[〇零一二三四五六七八九]{{4}}|(?<!\d)\d{{2}})\s*年\s*({CND})\s*月\s*({CND})\s*[日号]?(?!\d)"),
     _ymd),
    (_c(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?=\s*(?:前|之前|以前|截止|交|到期|当天|那天|号|日))"),
     lambda m, t: _tok("md", m, month=int(m[1]), day=int(m[2]))),
    (_c(rf"(?:(?P<year>今年|明年|去年)\s*)?(?:(?P<month>{CND})\s*月|(?P<shift>下下|上上|下|上|本|这|当|今|呢)\s*个?\s*月)"
        r"\s*(?:份)?\s*的?\s*(?:第\s*(?P<n>[一二两三四五1-5])\s*个?|(?P<last>最后\s*一?\s*个?))\s*"
        r"(?:周|星期|礼拜)\s*(?P<wd>[一二三四五六日天1-7])"), _nth_weekday),
    (_c(rf"(?P<done>过完|过了)?\s*(?:{_HOLIDAY_NAMES})\s*(?P<where>之前|以前|前|之后|以后|过后|后)?"),
     _holiday),
    (_c(r"(上上|(?<!一)下下|上|(?<!一)下|本|这)\s*(?:个)?\s*(?:周|星期|礼拜)\s*的?\s*(?:周|星期|礼拜)"
        r"\s*([一二三四五六日天1-7])"), _week_then_weekday),
    (_c(r"(?<![\d〇零一二三四五六七八九十两几多半今明去每当同成新周])年\s*(之前|以前|前|之后|以后|后)"
        r"|过完年|(?<![\d一二三四五六七八九十两几多半])年后"),
     lambda m, t: _tok("holiday", m, mode="spring_festival",
                       offset=-1 if m[1] and m[1].endswith("前") else 1)),
    (_c(r"(?:本|这个?|今|下个?|上个?)?季度\s*(?:末|底)"),
     lambda m, t: _tok("quarter_end", m, offset=1 if "下" in m[0] else -1 if "上" in m[0] else 0)),
    (_c(r"听日|听朝|听晚"), _fixed(1)),
    (_c(r"大后日"), _fixed(3)),
    (_c(r"(?<![以之然最前日])后日"), _fixed(2)),
    (_c(r"琴日|寻日|琴晚|寻晚"), _fixed(-1)),
    (_c(r"(今|明)年\s*(?:底|末|尾)|(?<![去明今])年\s*(?:底|末|尾)"),
     lambda m, t: _tok("year_end", m, offset=1 if m[1] == "明" else 0)),
    # Date-like phrases nothing above reads (lunar days, lunar festivals): asked about.
    (_c(r"(?:农历|阴历)?(?:正|腊|冬|十[一二]|[一二三四五六七八九十])月(?:初|廿|二十|三十)[一二三四五六七八九十]?"
        r"|(?:(?<![\u4e00-\u9fff])|(?<=[在到于等]))初[一二三四五六七八九十]"
        r"(?=前|之前|以前|后|之后|以后|截止|交|$|[\s,，。!！?？])"
        r"|(?:下个?月|这个?月|本月)初[一二三四五六七八九十]"
        r"|(?:七夕|重阳|元宵|腊八|感恩|复活|万圣|开斋|排灯)节?\s*(?:之前|以前|前|之后|以后|后)"),
     lambda m, t: _tok("unread", m)),
    (_c(rf"{_NO_NUM_BEFORE}({CND})\s*月\s*({CND})\s*[日号]?(?![\d个天周点时小])"), _md),
    (_c(rf"(今|明|去)年\s*({CND})\s*月\s*({CND})\s*[日号]?(?![\d个天周点时小])"),
     lambda m, t: _tok("md", m, month=num(m[2]), day=num(m[3]), offset={"今": 0, "明": 1, "去": -1}[m[1]])),
    (_c(rf"{_NO_NUM_BEFORE}({CND})\s*月\s*(底|末|初|中旬|中|上旬|下旬)"), _month_part),
    (_c(rf"{_MONTH_PREFIX}月\s*({CND})\s*[号日]"), _relative_dom),
    (_c(r"(下下|上上|下|上|本|这|当|今|呢)?\s*(?:个)?\s*月\s*(底|末|尾|初|中旬|中)"), _relative_month_part),
    (_c(rf"{_MONTH_PREFIX}月份?"), _relative_month_period),
    (_c(rf"(\d{{4}})\s*年\s*({CND})\s*月份?{_NOT_DAY}"), _month_period),
    (_c(rf"(){_NO_NUM_BEFORE}({CND})\s*月份?{_NOT_DAY}"), _month_period),
    (_c(rf"(?<![\d月第])({CND})\s*[号日]{_UNIT_AFTER}"), _dom),
    (_c(r"今明两?天"), _two_days),
    (_c(r"大前天"), _fixed(-3)),
    (_c(r"大后天"), _fixed(3)),
    (_c(r"今天|今日|今儿个?|今晚|今早|今夜|当天"), _fixed(0)),
    (_c(r"明天|明日|明儿个?|明早|明晚"), _fixed(1)),
    (_c(r"后天"), _fixed(2)),
    (_c(r"昨天|昨日|昨儿个?|昨晚|昨夜"), _fixed(-1)),
    (_c(r"前天"), _fixed(-2)),
    (_c(rf"{_WEEK_PREFIX}(?:周|星期|礼拜)\s*([一二三四五六日天1-7]){_NOT_WEEKDAY_WORD}"),
     _weekday),
    (_c(rf"{_WEEK_PREFIX}(?:周|星期|礼拜)\s*([一二三四五六日天1-7])\s*(?:到|至|-|~|、|和)\s*"
        r"([一二三四五六日天1-7])(?![天个次号日周月点小\d])"), _weekday_pair),
    (_c(rf"{_WEEK_PREFIX}周末\s*(?:前|之前|以前)"), _week_friday),
    (_c(rf"{_WEEK_PREFIX}(?:周末|周六日)"), _weekend),
    (_c(rf"(上上|(?<!一)下下|上|(?<!一)下|本|这)\s*(?:个)?\s*(?:周|星期|礼拜)(?!\s*(?:[一二三四五六日天1-7]{_NOT_WEEKDAY_WORD}|末))"),
     _week_period),
    (_c(rf"({CNN})\s*个?\s*(天|日|周|星期|礼拜|月)\s*(?:后|以后|之后|过后)"), _duration(1)),
    (_c(rf"(?<![超经通度])(?:再)?过\s*({CNN})\s*个?\s*(天|周|星期|礼拜|月)"), _duration(1)),
    (_c(rf"({CNN})\s*个?\s*(天|日|周|星期|礼拜)\s*(?:内|之内|以内)"), _duration(1)),
    (_c(rf"({CNN})\s*个?\s*(天|周|星期|礼拜|月)\s*(?:前|以前|之前)"), _duration(-1)),
    (_c(rf"(?:最近|近|过去)\s*({CNN})\s*个?\s*(天|日|周|星期|礼拜|月)"), _last_days),
    (_c(r"今年|本年度?"), _year(0)),
    (_c(r"去年|上一年"), _year(-1)),
    (_c(r"明年|下一年"), _year(1)),
    (_c(r"(下下|上上|下|上|本|这|当)\s*(?:个)?\s*季度"), _quarter),
    (_c(r"下班前|下班之前|收工前"), lambda m, t: _tok("eod", m)),
]
