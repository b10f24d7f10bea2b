"""Writes `dates_corpus.jsonl`: day-grain date expressions as people write them, with the day
each one means, said on Tuesday 2026-09-15 (10:00 in the speaker's timezone).

Written before the date grammar was changed, from the families of issue 13, not from the
rows the grammar failed. Expected days are plain calendar arithmetic here (or written out by
hand for holidays), never the code under test. Conventions the rows encode:

- a bare weekday as a due date is the coming one (today excluded from the corpus: "due
  tuesday" said on a Tuesday is ambiguous); as a log date the most recent past one;
- "next <weekday>" is that day of next week, "<weekday> after next" of the week after;
- numbers: m/d for US speakers, d/m for others; 2-digit years 00–68 → 20yy, 69–99 → 19yy;
- a holiday by name is its first day, the next one from today; "before" is the last working
  day before its break, "after" the first working day after it (weekends are off).

Run `python -m tests.intents.extract.build_dates_corpus` to rewrite the file.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

REF = date(2026, 9, 15)  # a Tuesday
OUT = Path(__file__).with_name("dates_corpus.jsonl")
WD_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WD_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WD_ZH = "一二三四五六日"
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
       8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 19: "nineteenth",
       20: "twentieth", 21: "twenty-first", 24: "twenty-fourth", 30: "thirtieth"}
ZH_NUM = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十",
          11: "十一", 12: "十二", 13: "十三", 14: "十四", 16: "十六", 17: "十七", 18: "十八",
          19: "十九", 20: "二十", 21: "二十一", 22: "二十二", 23: "二十三", 24: "二十四",
          25: "二十五", 26: "二十六", 27: "二十七", 28: "二十八", 29: "二十九", 30: "三十", 31: "三十一"}

rows: list[dict[str, object]] = []


def add(lang: str, family: str, text: str, expected: date | None, *, prefer: str = "future",
        region: str | None = None) -> None:
    rows.append({"lang": lang, "family": family, "text": text, "prefer": prefer,
                 "region": region or ("US" if lang == "en" else "CN"),
                 "expected": expected.isoformat() if expected else None})


def suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def coming(wd: int) -> date:
    return REF + timedelta(days=(wd - REF.weekday()) % 7)


def past(wd: int) -> date:
    return REF - timedelta(days=(REF.weekday() - wd) % 7)


def week_day(week: int, wd: int) -> date:
    return REF - timedelta(days=REF.weekday()) + timedelta(weeks=week, days=wd)


def nth(year: int, month: int, wd: int, n: int) -> date:
    if n == -1:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - wd) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(wd - first.weekday()) % 7, weeks=n - 1)


def dom(day: int) -> date:
    """The coming day-of-month `day` (today counts)."""
    return date(2026, 9, day) if day >= REF.day and day <= 30 else date(2026, 10, day)


def english() -> None:
    others = [wd for wd in range(7) if wd != REF.weekday()]
    # weekday as a due date: the coming one
    frames = ["due {w}", "by {W}", "need the draft by {a}", "{W} please", "can you get it done on {w}"]
    for wd in others:
        for f in frames:
            add("en", "weekday_due", f.format(w=WD_EN[wd], W=WD_EN[wd].title(), a=WD_ABBR[wd]),
                coming(wd))
    # weekday as a log date: the most recent one
    for wd in others:
        for f in ["worked on the deck {w}", "3h on {W}", "log 2 hours for {w}", "on {a} I met the client"]:
            add("en", "weekday_log", f.format(w=WD_EN[wd], W=WD_EN[wd].title(), a=WD_ABBR[wd]),
                past(wd), prefer="past")
    # modified weekdays
    for wd in range(7):
        add("en", "weekday_modified", f"due next {WD_EN[wd]}", week_day(1, wd))
    for wd in range(2, 7):
        add("en", "weekday_modified", f"by this {WD_EN[wd]}", week_day(0, wd))
        add("en", "weekday_modified", f"last {WD_EN[wd]}", week_day(-1, wd), prefer="past")
    for wd in others:
        add("en", "weekday_modified", f"this coming {WD_EN[wd]}", coming(wd))
    # ordinal days
    frames = ["by the {o}", "due on the {o}", "the {o}", "deadline is the {o}"]
    for i, day in enumerate(d for d in range(1, 32) if d != REF.day):
        add("en", "ordinal_day", frames[i % 4].format(o=f"{day}{suffix(day)}"), dom(day))
    for text, exp in [
        ("first of march", date(2027, 3, 1)), ("march first", date(2027, 3, 1)),
        ("by the first of october", date(2026, 10, 1)), ("october first", date(2026, 10, 1)),
        ("the 20th of next month", date(2026, 10, 20)), ("20th of next month", date(2026, 10, 20)),
        ("the 5th of next month", date(2026, 10, 5)), ("the first of next month", date(2026, 10, 1)),
        ("the twenty-fourth", date(2026, 9, 24)), ("the nineteenth", date(2026, 9, 19)),
        ("october 3rd", date(2026, 10, 3)), ("3rd of october", date(2026, 10, 3)),
        ("the 10th of november", date(2026, 11, 10)), ("november tenth", date(2026, 11, 10)),
        ("december the 1st", date(2026, 12, 1)), ("second of december", date(2026, 12, 2)),
        ("the twentieth", date(2026, 9, 20)), ("on the thirtieth", date(2026, 9, 30)),
        ("the 12th of january", date(2027, 1, 12)), ("by the 2nd of next month", date(2026, 10, 2)),
    ]:
        add("en", "ordinal_day", text, exp)
    # relative weeks
    for wd in range(7):
        add("en", "relative_weeks", f"{WD_EN[wd]} of next week", week_day(1, wd))
        add("en", "relative_weeks", f"due {WD_EN[wd]} after next", week_day(2, wd))
    for wd in (0, 2, 4, 5, 6):
        add("en", "relative_weeks", f"by {WD_EN[wd]} next week", week_day(1, wd))
    for wd in (2, 3, 4):
        add("en", "relative_weeks", f"next week {WD_EN[wd]}", week_day(1, wd))
        add("en", "relative_weeks", f"a week from {WD_EN[wd]}", coming(wd) + timedelta(weeks=1))
        add("en", "relative_weeks", f"{WD_EN[wd]} the week after next", week_day(2, wd))
    for text, days in [("in two weeks", 14), ("in 3 weeks", 21), ("two weeks from today", 14),
                       ("a fortnight from today", 14), ("a week from today", 7), ("in a week", 7)]:
        add("en", "relative_weeks", text, REF + timedelta(days=days))
    # N-th weekday of a month
    for text, exp in [
        ("the second Monday of January", nth(2027, 1, 0, 2)),
        ("first monday of october", nth(2026, 10, 0, 1)),
        ("the third thursday of november", nth(2026, 11, 3, 3)),
        ("last friday of september", nth(2026, 9, 4, -1)),
        ("the last friday of the month", nth(2026, 9, 4, -1)),
        ("first tuesday of next month", nth(2026, 10, 1, 1)),
        ("the second wednesday in december", nth(2026, 12, 2, 2)),
        ("4th thursday of november", nth(2026, 11, 3, 4)),
        ("last monday of october", nth(2026, 10, 0, -1)),
        ("the first friday of next month", nth(2026, 10, 4, 1)),
        ("third monday in january", nth(2027, 1, 0, 3)),
        ("the 2nd tuesday of october", nth(2026, 10, 1, 2)),
        ("first wednesday of november", nth(2026, 11, 2, 1)),
        ("the last thursday of october", nth(2026, 10, 3, -1)),
        ("second friday of december", nth(2026, 12, 4, 2)),
        ("the 1st monday of december", nth(2026, 12, 0, 1)),
        ("last wednesday of the month", nth(2026, 9, 2, -1)),
        ("the third friday of next month", nth(2026, 10, 4, 3)),
        ("first thursday in october", nth(2026, 10, 3, 1)),
        ("the fourth monday of october", nth(2026, 10, 0, 4)),
        ("last tuesday of november", nth(2026, 11, 1, -1)),
        ("the second saturday of october", nth(2026, 10, 5, 2)),
        ("first sunday of november", nth(2026, 11, 6, 1)),
        ("the last monday of next month", nth(2026, 10, 0, -1)),
        ("second monday in february", nth(2027, 2, 0, 2)),
        ("the third wednesday of january", nth(2027, 1, 2, 3)),
        ("by the first monday of march", nth(2027, 3, 0, 1)),
        ("due the second thursday of october", nth(2026, 10, 3, 2)),
    ]:
        add("en", "nth_weekday", text, exp)
    # numeric dates, US m/d
    for text, exp in [
        ("10/31", date(2026, 10, 31)), ("9/30", date(2026, 9, 30)), ("12/1", date(2026, 12, 1)),
        ("1/15", date(2027, 1, 15)), ("10/31/26", date(2026, 10, 31)), ("10/31/2026", date(2026, 10, 31)),
        ("10.31.1974", date(1974, 10, 31)), ("10-31-2026", date(2026, 10, 31)),
        ("11/2/2026", date(2026, 11, 2)), ("3/1/27", date(2027, 3, 1)), ("12.24.2026", date(2026, 12, 24)),
        ("due 9/21", date(2026, 9, 21)), ("by 10/5", date(2026, 10, 5)), ("11/30", date(2026, 11, 30)),
        ("on 10/12/26", date(2026, 10, 12)), ("2/14/2027", date(2027, 2, 14)),
        ("due 12-18-26", date(2026, 12, 18)), ("by 1/4/27", date(2027, 1, 4)),
        ("7/4/76", date(1976, 7, 4)), ("the deadline is 10/9", date(2026, 10, 9)),
        ("9/25/2026", date(2026, 9, 25)), ("11.3.2026", date(2026, 11, 3)),
    ]:
        add("en", "numeric_us", text, exp)
    # numeric dates, day first (GB/AU/IN) and month abbreviations with 2-digit years
    for text, exp, region in [
        ("31/10", date(2026, 10, 31), "GB"), ("1/10/2026", date(2026, 10, 1), "GB"),
        ("31-Oct-74", date(1974, 10, 31), "US"), ("31-Oct-74", date(1974, 10, 31), "GB"),
        ("5/11", date(2026, 11, 5), "GB"), ("25/12/2026", date(2026, 12, 25), "GB"),
        ("30.09.2026", date(2026, 9, 30), "DE"), ("1.10.26", date(2026, 10, 1), "DE"),
        ("21/9", date(2026, 9, 21), "AU"), ("3/10/27", date(2027, 10, 3), "AU"),
        ("31-Oct-2026", date(2026, 10, 31), "GB"), ("05-Nov-26", date(2026, 11, 5), "US"),
        ("due 2/10", date(2026, 10, 2), "GB"), ("by 12/11", date(2026, 11, 12), "IN"),
        ("on 28/09/26", date(2026, 9, 28), "GB"), ("15-Jan-27", date(2027, 1, 15), "US"),
        ("01-Dec-2026", date(2026, 12, 1), "US"), ("7/10", date(2026, 10, 7), "NZ"),
        ("the 4/11 deadline", date(2026, 11, 4), "GB"), ("20/10/2026", date(2026, 10, 20), "FR"),
        ("3-Mar-27", date(2027, 3, 3), "GB"), ("18.10.2026", date(2026, 10, 18), "DE"),
    ]:
        add("en", "numeric_dmy", text, exp, region=region)
    # month names
    for text, exp in [
        ("Oct 3", date(2026, 10, 3)), ("3 October", date(2026, 10, 3)),
        ("October 3, 2026", date(2026, 10, 3)), ("Sept. 30", date(2026, 9, 30)),
        ("Dec 1st", date(2026, 12, 1)), ("Nov. 12", date(2026, 11, 12)),
        ("January 8", date(2027, 1, 8)), ("8 Jan 2027", date(2027, 1, 8)),
        ("on 12 November", date(2026, 11, 12)), ("by Sept 22", date(2026, 9, 22)),
        ("due Oct 15th", date(2026, 10, 15)), ("the 9th of October", date(2026, 10, 9)),
        ("December 18", date(2026, 12, 18)), ("Feb 1", date(2027, 2, 1)),
        ("21st September", date(2026, 9, 21)), ("Sep 29", date(2026, 9, 29)),
        ("by november 2nd", date(2026, 11, 2)), ("Oct. 27th", date(2026, 10, 27)),
        ("March 15, 2027", date(2027, 3, 15)), ("30 Sep", date(2026, 9, 30)),
        ("oct 19", date(2026, 10, 19)), ("Jan. 4", date(2027, 1, 4)),
    ]:
        add("en", "month_names", text, exp)
    # month names with their weekday
    for i, d in enumerate([date(2026, 10, 2), date(2026, 9, 21), date(2026, 10, 1), date(2026, 11, 11),
                           date(2026, 9, 25), date(2026, 10, 6), date(2026, 11, 30), date(2026, 12, 5),
                           date(2027, 1, 15), date(2026, 10, 16), date(2026, 9, 17), date(2026, 12, 22),
                           date(2026, 10, 28), date(2026, 11, 19), date(2027, 2, 3), date(2026, 9, 18),
                           date(2026, 10, 20), date(2026, 12, 31)]):
        wd, mon = WD_EN[d.weekday()], MONTHS[d.month - 1]
        forms = [f"{wd[:3].title()}, {mon[:3].title()} {d.day}", f"{wd.title()}, {mon.title()} {d.day}",
                 f"{wd[:3].title()} {d.day} {mon[:3].title()}", f"{wd.title()} {d.day} {mon.title()}",
                 f"{wd.title()}, {mon.title()} {d.day}{suffix(d.day)}", f"{wd[:3]} {mon[:3]} {d.day}"]
        add("en", "month_weekday", "due " + forms[i % len(forms)] if i % 3 == 0 else forms[i % len(forms)], d)
    # holidays by name
    for text, exp, region in [
        ("by Christmas", date(2026, 12, 25), "US"), ("after Christmas", date(2026, 12, 28), "US"),
        ("before Christmas", date(2026, 12, 24), "US"), ("before thanksgiving", date(2026, 11, 25), "US"),
        ("after thanksgiving", date(2026, 11, 27), "US"), ("on thanksgiving", date(2026, 11, 26), "US"),
        ("by new year's day", date(2027, 1, 1), "US"), ("after new year", date(2027, 1, 4), "US"),
        ("before new year's day", date(2026, 12, 31), "US"), ("columbus day", date(2026, 10, 12), "US"),
        ("after columbus day", date(2026, 10, 13), "US"), ("before veterans day", date(2026, 11, 10), "US"),
        ("on veterans day", date(2026, 11, 11), "US"), ("by MLK day", date(2027, 1, 18), "US"),
        ("after labor day", date(2027, 9, 7), "US"), ("before memorial day", date(2027, 5, 28), "US"),
        ("independence day", date(2027, 7, 4), "US"), ("presidents day", date(2027, 2, 15), "US"),
        ("juneteenth", date(2027, 6, 19), "US"), ("christmas eve", date(2026, 12, 24), "US"),
        ("new year's eve", date(2026, 12, 31), "US"), ("by thanksgiving", date(2026, 11, 26), "US"),
        ("xmas", date(2026, 12, 25), "US"), ("before xmas", date(2026, 12, 24), "GB"),
        ("boxing day", date(2026, 12, 26), "GB"), ("after boxing day", date(2026, 12, 29), "GB"),
        ("good friday", date(2027, 3, 26), "GB"), ("by christmas day", date(2026, 12, 25), "GB"),
        ("before the holidays", None, "US"),
    ]:
        if exp is not None:
            add("en", "holidays", text, exp, region=region)
    # relative days
    for text, days in [("today", 0), ("tomorrow", 1), ("the day after tomorrow", 2), ("in 3 days", 3),
                       ("3 days from now", 3), ("in five days", 5), ("tmrw", 1), ("in 10 days", 10),
                       ("ten days from today", 10), ("two days from now", 2), ("in a couple of days", 2),
                       ("tomorrow morning", 1), ("day after tomorrow", 2), ("by tomorrow", 1),
                       ("due today", 0), ("by end of day today", 0), ("in 2 days", 2), ("tonight", 0),
                       ("in four days' time", 4), ("a day from now", 1)]:
        add("en", "relative_days", text, REF + timedelta(days=days))
    for text, days in [("yesterday", -1), ("the day before yesterday", -2), ("3 days ago", -3),
                       ("two days ago", -2), ("last night", -1), ("a week ago", -7)]:
        add("en", "relative_days", text, REF + timedelta(days=days), prefer="past")
    # plain ISO
    for text, exp in [("2026-10-05", date(2026, 10, 5)), ("2026/10/05", date(2026, 10, 5)),
                      ("2026.10.05", date(2026, 10, 5)), ("on 2026-11-30", date(2026, 11, 30)),
                      ("due 2027-01-15", date(2027, 1, 15)), ("2026-9-30", date(2026, 9, 30)),
                      ("by 2026-12-01", date(2026, 12, 1)), ("2027-03-31", date(2027, 3, 31)),
                      ("deadline 2026-10-20", date(2026, 10, 20)), ("2026-09-16", date(2026, 9, 16)),
                      ("2026-10-05T17:00", date(2026, 10, 5)), ("20261005", date(2026, 10, 5))]:
        add("en", "iso", text, exp)
    # parts of months
    for text, exp in [("end of october", date(2026, 10, 31)), ("end of the month", date(2026, 9, 30)),
                      ("mid november", date(2026, 11, 15)), ("beginning of december", date(2026, 12, 1)),
                      ("end of next month", date(2026, 10, 31)), ("start of next month", date(2026, 10, 1)),
                      ("mid-october", date(2026, 10, 15)), ("end of the year", date(2026, 12, 31)),
                      ("the end of november", date(2026, 11, 30)), ("by month end", date(2026, 9, 30))]:
        add("en", "month_parts", text, exp)
    # things that are not dates
    for text in ["25", "two three", "3 hours", "2 weeks of work", "the 1st draft", "version 2.5",
                 "room 101", "rate it 4/5", "sat with the client", "may I add a note", "march forward",
                 "we're 3rd in line", "15 people", "Q3 numbers", "it costs 12.50", "1.5 days of effort",
                 "call 555-0123", "the second round", "page 12", "top 10"]:
        add("en", "not_a_date", text, None)


def chinese() -> None:
    others = [wd for wd in range(7) if wd != REF.weekday()]
    words = ["周", "星期", "礼拜"]
    frames = ["{x}前交", "{x}之前给我", "{x}截止", "{x}要", "请在{x}完成"]
    for i, wd in enumerate(others):
        for j, f in enumerate(frames):
            add("zh", "weekday_due", f.format(x=words[(i + j) % 3] + WD_ZH[wd]), coming(wd))
    for i, wd in enumerate(others):
        for j, f in enumerate(["{x}做了三小时", "{x}跟客户开会", "{x}加班了两小时"]):
            add("zh", "weekday_log", f.format(x=words[(i + j) % 3] + WD_ZH[wd]), past(wd), prefer="past")
    for wd in range(2, 7):
        add("zh", "weekday_modified", f"这周{WD_ZH[wd]}前", week_day(0, wd))
        add("zh", "weekday_modified", f"上周{WD_ZH[wd]}", week_day(-1, wd), prefer="past")
    for wd in range(7):
        add("zh", "weekday_modified", f"下周{WD_ZH[wd]}", week_day(1, wd))
    for text, exp in [("本周日", week_day(0, 6)), ("这个星期六", week_day(0, 5)), ("本礼拜五", week_day(0, 4)),
                      ("这礼拜天", week_day(0, 6)), ("这周六", week_day(0, 5))]:
        add("zh", "weekday_modified", text, exp)
    # relative weeks
    for wd in range(7):
        add("zh", "relative_weeks", f"下下周{WD_ZH[wd]}", week_day(2, wd))
    for wd in range(7):
        add("zh", "relative_weeks", f"下个{words[wd % 3]}{WD_ZH[wd]}", week_day(1, wd))
    for text, exp in [("下下个星期五", week_day(2, 4)), ("下下个礼拜一", week_day(2, 0)),
                      ("两周后", REF + timedelta(days=14)), ("三周后", REF + timedelta(days=21)),
                      ("一个星期后", REF + timedelta(days=7)), ("两个礼拜后", REF + timedelta(days=14)),
                      ("下星期五", week_day(1, 4)), ("下周的周二", week_day(1, 1)),
                      ("下礼拜三之前", week_day(1, 2)), ("一周后", REF + timedelta(days=7)),
                      ("下周周四", week_day(1, 3)), ("下下周的周一", week_day(2, 0))]:
        add("zh", "relative_weeks", text, exp)
    # relative days
    for text, days in [("今天", 0), ("明天", 1), ("后天", 2), ("大后天", 3), ("三天后", 3), ("五天以后", 5),
                       ("十天之后", 10), ("两天后", 2), ("明早", 1), ("明晚", 1), ("今晚", 0), ("过三天", 3),
                       ("再过两天", 2), ("明天下班前", 1), ("今天之内", 0), ("后天上午", 2), ("大后天前", 3),
                       ("一天后", 1), ("明儿", 1), ("三天之后", 3), ("两日后", 2)]:
        add("zh", "relative_days", text, REF + timedelta(days=days))
    for text, days in [("昨天", -1), ("前天", -2), ("大前天", -3), ("三天前", -3), ("昨晚", -1),
                       ("两天前", -2)]:
        add("zh", "relative_days", text, REF + timedelta(days=days), prefer="past")
    # ordinal days
    for i, day in enumerate([20, 24, 30, 1, 3, 10, 28, 18, 5, 16, 22, 8, 26, 2, 12, 19, 25, 31]):
        word = str(day) if i % 2 == 0 else ZH_NUM[day]
        add("zh", "ordinal_day", ["{d}号前", "{d}号之前交", "{d}日截止", "{d}号"][i % 4].format(d=word), dom(day))
    for text, exp in [("廿号", date(2026, 9, 20)), ("廿五号", date(2026, 9, 25)), ("廿一日", date(2026, 9, 21)),
                      ("卅号", date(2026, 9, 30)), ("下个月20号", date(2026, 10, 20)),
                      ("下月5号", date(2026, 10, 5)), ("下个月1号", date(2026, 10, 1)),
                      ("本月28号", date(2026, 9, 28)), ("这个月30号", date(2026, 9, 30)),
                      ("下下个月3号", date(2026, 11, 3)), ("下个月的10号", date(2026, 10, 10)),
                      ("下个月二十号", date(2026, 10, 20)), ("月底前", date(2026, 9, 30)),
                      ("下个月十五号", date(2026, 10, 15)), ("廿八号前", date(2026, 9, 28)),
                      ("初一", None), ("下月初三", None)]:
        if exp is not None:
            add("zh", "ordinal_day", text, exp)
    # N-th weekday of a month
    for text, exp in [
        ("十月第一个星期一", nth(2026, 10, 0, 1)), ("十一月第三个周四", nth(2026, 11, 3, 3)),
        ("下个月第二个周五", nth(2026, 10, 4, 2)), ("本月最后一个周五", nth(2026, 9, 4, -1)),
        ("12月第一个周一", nth(2026, 12, 0, 1)), ("10月的第二个星期三", nth(2026, 10, 2, 2)),
        ("下个月最后一个周一", nth(2026, 10, 0, -1)), ("一月第二个周一", nth(2027, 1, 0, 2)),
        ("十月第1个周五", nth(2026, 10, 4, 1)), ("这个月最后一个星期三", nth(2026, 9, 2, -1)),
        ("11月最后一个周五", nth(2026, 11, 4, -1)), ("十二月的第二个礼拜二", nth(2026, 12, 1, 2)),
        ("下个月第一个周三", nth(2026, 10, 2, 1)), ("10月第三个周一", nth(2026, 10, 0, 3)),
        ("十一月第一个星期五", nth(2026, 11, 4, 1)), ("明年一月第一个周一", nth(2027, 1, 0, 1)),
        ("下个月第三个星期四", nth(2026, 10, 3, 3)), ("十月最后一个星期五", nth(2026, 10, 4, -1)),
        ("12月第四个周四", nth(2026, 12, 3, 4)), ("下个月的第一个礼拜一", nth(2026, 10, 0, 1)),
        ("11月第二个周二", nth(2026, 11, 1, 2)), ("十月第二个周日", nth(2026, 10, 6, 2)),
        ("本月第四个周一", nth(2026, 9, 0, 4)), ("二月第一个周五", nth(2027, 2, 4, 1)),
    ]:
        add("zh", "nth_weekday", text, exp)
    # month and day
    for text, exp in [("10月1日", date(2026, 10, 1)), ("十月一号", date(2026, 10, 1)), ("10月8号", date(2026, 10, 8)),
                      ("9月30日前", date(2026, 9, 30)), ("12月25日", date(2026, 12, 25)),
                      ("11月11日", date(2026, 11, 11)), ("一月五号", date(2027, 1, 5)), ("10.8前交", date(2026, 10, 8)),
                      ("10/8", date(2026, 10, 8)), ("9/28之前", date(2026, 9, 28)),
                      ("十一月三十号", date(2026, 11, 30)), ("12月1号截止", date(2026, 12, 1)),
                      ("9月22日", date(2026, 9, 22)), ("10月15号", date(2026, 10, 15)),
                      ("二月十四日", date(2027, 2, 14)), ("11月2号前", date(2026, 11, 2)),
                      ("10月20日之前", date(2026, 10, 20)), ("九月二十五号", date(2026, 9, 25)),
                      ("12.20前", date(2026, 12, 20)), ("3月1日", date(2027, 3, 1)), ("10月31号", date(2026, 10, 31)),
                      ("十二月三十一日", date(2026, 12, 31))]:
        add("zh", "month_day", text, exp)
    for text, exp in [("2026年10月8日", date(2026, 10, 8)), ("2026-10-08", date(2026, 10, 8)),
                      ("2026/10/8", date(2026, 10, 8)), ("2026.10.08", date(2026, 10, 8)),
                      ("二〇二六年十月八日", date(2026, 10, 8)), ("26年10月8日", date(2026, 10, 8)),
                      ("27年1月5日", date(2027, 1, 5)), ("2027年3月1号", date(2027, 3, 1)),
                      ("2026年12月31日前", date(2026, 12, 31)), ("2026年11月20号截止", date(2026, 11, 20)),
                      ("20261120", date(2026, 11, 20)), ("2027年1月15日", date(2027, 1, 15)),
                      ("2026年9月30号", date(2026, 9, 30)), ("2026-12-24", date(2026, 12, 24)),
                      ("2026/11/05前", date(2026, 11, 5)), ("二〇二七年一月八日", date(2027, 1, 8)),
                      ("2026年10月1日前", date(2026, 10, 1))]:
        add("zh", "ymd", text, exp)
    for text, exp in [("10月9日周五", date(2026, 10, 9)), ("10月9日（周五）", date(2026, 10, 9)),
                      ("9月18号星期五", date(2026, 9, 18)), ("10月12日 周一", date(2026, 10, 12)),
                      ("11月2日(周一)", date(2026, 11, 2)), ("9月25日 星期五", date(2026, 9, 25)),
                      ("10月14号周三前", date(2026, 10, 14)), ("12月4日（五）", date(2026, 12, 4)),
                      ("11月11号 礼拜三", date(2026, 11, 11)), ("下周三9月23日", date(2026, 9, 23)),
                      ("9月21日周一", date(2026, 9, 21)), ("10月30日(周五)截止", date(2026, 10, 30)),
                      ("10月16日周五", date(2026, 10, 16)), ("11月20号（星期五）", date(2026, 11, 20)),
                      ("12月7日周一", date(2026, 12, 7)), ("9月29日周二", date(2026, 9, 29)),
                      ("10月22日 周四", date(2026, 10, 22))]:
        add("zh", "md_weekday", text, exp)
    # holidays by name
    for text, exp in [("国庆", date(2026, 10, 1)), ("国庆前", date(2026, 9, 30)), ("国庆后", date(2026, 10, 8)),
                      ("国庆节之前", date(2026, 9, 30)), ("国庆节以后", date(2026, 10, 8)),
                      ("中秋", date(2026, 9, 25)), ("中秋前", date(2026, 9, 24)), ("中秋节后", date(2026, 9, 28)),
                      ("春节", date(2027, 2, 6)), ("春节前", date(2027, 2, 4)), ("春节后", date(2027, 2, 11)),
                      ("元旦", date(2027, 1, 1)), ("元旦前", date(2026, 12, 31)), ("元旦后", date(2027, 1, 4)),
                      ("清明", date(2027, 4, 5)), ("清明节前", date(2027, 4, 2)), ("五一前", date(2027, 4, 30)),
                      ("劳动节后", date(2027, 5, 5)), ("端午", date(2027, 6, 9)), ("端午节前", date(2027, 6, 8)),
                      ("除夕", date(2027, 2, 5)), ("国庆节前交", date(2026, 9, 30)), ("过完国庆", date(2026, 10, 8)),
                      ("中秋节", date(2026, 9, 25)), ("春节之前", date(2027, 2, 4)), ("元旦之后", date(2027, 1, 4)),
                      ("五一劳动节", date(2027, 5, 1)), ("端午节以后", date(2027, 6, 10))]:
        add("zh", "holidays", text, exp)
    # Cantonese and Traditional
    for text, exp, prefer in [
        ("聽日", 1, "future"), ("後日", 2, "future"), ("今日", 0, "future"), ("琴日", -1, "past"),
        ("尋日", -1, "past"), ("大後日", 3, "future"), ("下個禮拜三", date(2026, 9, 23), "future"),
        ("下星期五", date(2026, 9, 25), "future"), ("呢個禮拜五", date(2026, 9, 18), "future"),
        ("今個月尾", date(2026, 9, 30), "future"), ("下個月尾", date(2026, 10, 31), "future"),
        ("今個月28號", date(2026, 9, 28), "future"), ("下個月十號", date(2026, 10, 10), "future"),
        ("禮拜五前", date(2026, 9, 18), "future"), ("星期日", date(2026, 9, 20), "future"),
        ("下下個禮拜一", date(2026, 9, 28), "future"), ("上個禮拜五", date(2026, 9, 11), "past"),
        ("下週三", date(2026, 9, 23), "future"), ("週五之前", date(2026, 9, 18), "future"),
        ("十月一號", date(2026, 10, 1), "future"), ("下個月初", date(2026, 10, 1), "future"),
        ("三日後", 3, "future"), ("兩個禮拜後", 14, "future"), ("聽朝", 1, "future"), ("聽晚", 1, "future"),
        ("禮拜一", date(2026, 9, 21), "future"), ("呢個月底", date(2026, 9, 30), "future"),
        ("國慶前", date(2026, 9, 30), "future"), ("聖誕節後", date(2026, 12, 28), "future"),
        ("下個禮拜日", date(2026, 9, 27), "future"), ("今個禮拜六", date(2026, 9, 19), "future"),
    ]:
        value = REF + timedelta(days=exp) if isinstance(exp, int) else exp
        add("zh", "cantonese_traditional", text, value, prefer=prefer,
            region="HK" if any(c in text for c in "聽後琴尋呢個國聖") else "CN")
    for text, exp in [("月底", date(2026, 9, 30)), ("下个月底", date(2026, 10, 31)), ("十月底", date(2026, 10, 31)),
                      ("十月中旬", date(2026, 10, 15)), ("下个月初", date(2026, 10, 1)), ("11月初", date(2026, 11, 1)),
                      ("年底", date(2026, 12, 31)), ("本月底", date(2026, 9, 30)), ("12月中", date(2026, 12, 15)),
                      ("下月底前", date(2026, 10, 31))]:
        add("zh", "month_parts", text, exp)
    for text in ["25", "二三", "3号线", "一周三次", "十五个人", "3点开会", "第三版", "三楼会议室",
                 "五一广场的店", "十一个人", "两三个", "百分之二十", "1.5倍", "二号楼", "三天的工作量"]:
        add("zh", "not_a_date", text, None)


def main() -> None:
    english()
    chinese()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
