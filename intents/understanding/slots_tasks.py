"""Slot filling for tasks: a new task's title, assignee and estimate; changes to a task,
including shifts of its due date ("push #4 back a week", "延后一周")."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from intents.extract.freetext import (
    TITLE_FILLER,
    clean,
    finditer,
    search,
    split,
    strip_edges,
)
from intents.understanding.cues import values
from intents.understanding.entities import (
    Context,
    assignee,
    dates,
    noise,
    pick,
    priority,
    priority_spans,
    project,
    spans,
    task_ref,
    unresolved_spans,
)

STATUS_WORDS = values("task_status")



def whole_title(ctx: Context, m: Any) -> bool:
    """ "3 hrs on facade options today": a task's full title as the thing worked on, not a note.

    It must follow "on"/"for" and end its phrase (at a date, punctuation or the end), so that
    "on the website today, login page styling" stays a note about the login page.
    """
    if not search(r"(?:\bon|\bfor)\s+(?:the\s+)?$", ctx.low[:m.start]):
        return False
    rest = ctx.low[m.end:]
    for f in ctx.dates("past"):
        if f.start >= m.end:
            rest = rest.replace(ctx.low[f.start:f.end], " ", 1)
    return bool(re.match(r"\s*(?:$|[,，.。;；!！])", rest))


def fill_create_task(ctx: Context, out: dict, unresolved: dict) -> None:
    """A client named in passing stays in the title ("提醒我周五给鼎盛发周报"): what is to be
    done and for whom, not which project the task is filed under."""
    project(ctx, out, unresolved, clients=False)
    assignee(ctx, out, unresolved, create=True)
    found = dates(ctx, "future")
    said_due = [] if found else period_due(ctx, out, unresolved)
    if found:
        out["due"] = found[-1]
    prio = priority(ctx)
    if prio:
        out["priority"] = prio
    if ctx.hours:
        out["estimate_hours"] = ctx.hours[0].value
    milestones = ctx.of("milestone")
    if milestones and search(r"milestone|里程碑", ctx.low):
        own = [m for m in milestones if m.project == out.get("project")]
        out["milestone"] = (own or milestones)[0].value
    title = task_title(ctx, unresolved_spans(ctx, unresolved) + said_due, milestone="milestone" in out,
                       assignee=out.get("assignee"))
    if title:
        out["title"] = title


CREATE_HEAD = re.compile(
    r"(?:create|add|new|make|open|set up)\b[^:：\-–—]{0,40}?\b(?:task|ticket|todo)\b[^:：]{0,40}?[:：]|"
    r"(?:create|add|new)\b[^:：\-–—]{0,40}?\btask\b[^:：]{0,40}?\s[-–—]\s|"
    r"^(?:todo|to-do|task|ticket)\b[^:：]{0,40}?[:：]|remind me to\b|"
    r"(?:加|建|新建|新增|创建|添加|开|建立)(?:个|一个|一条|条)?[^，,。：:\s]{0,6}?(?:任务|task|待办)[:：]?|新任务[:：]?|提醒我|"
    r"(?:create|add|new)\s+(?:a\s+)?(?:\w+\s+)?(?:priority\s+)?task\b|"
    r"\b(?:need|needs|want|wants)\s+(?:a|an|another|one more)\s+(?:new\s+)?(?:task|ticket|todo)\b"
    r"(?!\s*(?:list|board|tracker|tool|system|manager|management|template))|"
    r"\b(?:open|create|add|make|file|raise)\s+(?:a|an)\s+(?:new\s+)?(?:task|ticket|todo)\b", re.IGNORECASE)
# A time of day in Chinese ("两点", "三点半", "10:30"): when, not what; cut from a title's edges.
CLOCK = (r"(?<![\d一二两三四五六七八九十])(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|點)"
         r"(?:半|钟|鐘|\d{1,2}分?)?|(?<!\d)\d{1,2}[:：]\d{2}(?!\d)")
QUOTED = re.compile(r"[\"'“”‘’「『]([^\"'“”‘’」』]{2,80})[\"'“”‘’」』]")


SELF_ASSIGN = (r"(?:指派|分配|交)?给(?:我自己|自己|我)(?!建|加|创|新|记|开|做)|(?:我|自己)负责|"
               r"\bassign(?:ed)? to (?:me|myself)\b|\bfor me\b")


def task_title(ctx: Context, unknown: Sequence[tuple[int, int]] = (), *, milestone: bool = False,
               assignee: str | None = None) -> str | None:
    """The new task's name: what is left of the message once its other slots are cut,
    including names that matched nothing ("add task Foo to ZZZ" is titled "Foo"). A milestone
    is cut only when it is the task's milestone slot: "把蓝图评审纪要发给客户" is about the
    milestone's minutes, and its name is part of the title. Likewise a person is cut only as
    the assignee: in "把纪要发给郑强" the recipient is part of what is to be done."""
    quoted = QUOTED.search(ctx.text)
    if quoted:
        return quoted.group(1).strip()
    head = CREATE_HEAD.search(ctx.text)
    start = head.end() if head else 0
    tail = ctx.text[start:]
    extra = noise(ctx) + priority_spans(ctx) + list(unknown) + [
        (m.start(), m.end()) for m in finditer(SELF_ASSIGN, ctx.text, re.IGNORECASE)] + [
        (m.start(), m.end()) for m in finditer(CLOCK, ctx.text)]
    others = [(m.start, m.end) for m in ctx.of("person") if assignee is not None and m.value != assignee]
    others += [(m.start, m.end) for m in ctx.of("project") if owned_object(ctx, m.start, m.end)]
    kinds = {"project", "person", "date"} | ({"milestone"} if milestone else set())
    cut = [(s - start, e - start) for s, e in spans(ctx, kinds, extra) if s >= start and (s, e) not in others]
    at = 0
    for piece in split(r"([,，;；]|\s[-–—]\s)", tail):
        text = clean(strip_edges(piece, [(s - at, e - at) for s, e in cut if s >= at]), TITLE_FILLER)
        at += len(piece)
        if text:
            return _without_article(ctx.text, text, start)
    return None


def _without_article(text: str, title: str, start: int) -> str:
    """ "a ticket for the gate camera calibration": the thing the task is for, without "the"."""
    at = text.find(title, start)
    if at > 0 and re.search(r"\bfor\s+$", text[:at], re.IGNORECASE) and re.match(r"the\s+\S", title, re.IGNORECASE):
        return title[4:].lstrip()
    return title


def owned_object(ctx: Context, start: int, end: int) -> bool:
    """ "把仓储系统的周报发出去": a name owning the object of 把 is part of the title (and still
    the project slot)."""
    return ctx.text[max(0, start - 1):start] in ("把", "将") and ctx.text[end:end + 1] == "的"


PERCENT = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:%|％|percent\b|pct\b)|百分之\s*([一二两三四五六七八九十百零\d]+)")
FRACTION_WORDS = [
    (50, r"\bhalf(?:\s*way)?\b(?!\s+(?:an?\s+)?(?:hour|day|hr))|\bhalfway\b|一半|过半|做了?半"),
    (75, r"\bthree[- ]quarters?\b|\b3/4\b|四分之三"),
    (25, r"\ba quarter\b|\bone[- ]quarter\b|\b1/4\b|四分之一"),
    (33, r"\ba third\b|\bone[- ]third\b|\b1/3\b|三分之一"),
    (67, r"\btwo[- ]thirds\b|\b2/3\b|三分之二"),
]
TENTHS = re.compile(r"(?<![\d一二两三四五六七八九十])([一二两三四五六七八九])\s*成(?![员本果立功])")
CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def find_progress(low: str) -> int | None:
    """How far along a task is, in whole percent: "80%", "half done", "三分之一", "做了七成"."""
    m = PERCENT.search(low)
    if m:
        if m.group(1):
            value = int(m.group(1))
        else:
            from intents.extract.numbers import parse_number

            number = parse_number(m.group(2))
            return int(number) if number is not None else None
        return value  # out of range ("150%") too: the service refuses it, it never means "done"
    m = TENTHS.search(low)
    if m:
        return CN_DIGIT[m.group(1)] * 10
    for value, pattern in FRACTION_WORDS:
        if search(pattern, low):
            return value
    return None


def fill_delete_task(ctx: Context, out: dict, unresolved: dict) -> None:
    """Only which task: "delete task #7", "删除任务#7", "remove the Wireframes task"."""
    task_ref(ctx, out, unresolved)


def fill_update_task(ctx: Context, out: dict, unresolved: dict) -> None:
    task_ref(ctx, out, unresolved)
    status = pick(STATUS_WORDS, ctx.masked or ctx.low)
    progress = find_progress(ctx.masked or ctx.low)
    if progress is not None:
        out["progress"] = progress  # "50% done" is how far along, never "done"
        status = status if status == "blocked" else None
    if status:
        out["status"] = status
    assignee(ctx, out, unresolved, create=False)
    from intents.understanding.slots import one_of_several

    one_of_several(ctx, out, "person", "assignee")
    mine = search(r"我来|接手|\bi'll\b|\bme\b", ctx.low)
    if "assignee" not in out and "assignee" not in ctx.choices and mine and not status:
        out["assignee"] = ctx.speaker
    found = dates(ctx, "future")
    if found:
        out["due"] = found[-1]
    elif isinstance(out.get("task"), int) and out["task"] in ctx.task_dues:
        days = due_shift(ctx.low)
        if days:
            out["due"] = ctx.task_dues[out["task"]] + timedelta(days=days)
    if "due" not in out and search(DUE_CHANGE, ctx.low):
        period_due(ctx, out, unresolved)
    prio = priority(ctx)
    if prio and search(r"priority|prio|优先级|urgent|紧急", ctx.low) or prio and not status:
        out["priority"] = prio


# a task's due date being set or moved: only then does a period in an update mean its due date
DUE_CHANGE = (r"\b(?:due|deadline|move[ds]?|push(?:ed)?|postpone[ds]?|reschedule[ds]?|delay(?:ed)?|shift(?:ed)?)\b|"
              r"截止|到期|推到|改到|延到|挪到|调到|延期|推迟|顺延")


# the words that make a period a due date, cut with it from a title: "sometime next week", 下个月内, 下周交
DUE_BEFORE = re.compile(r"\b(?:some\s*time|within|during|over|in\s+the\s+course\s+of)\s+$", re.IGNORECASE)
DUE_AFTER = re.compile(r"^(?:之内|以内|内|之前|前|交付?|完成)")


def period_due(ctx: Context, out: dict, unresolved: dict) -> list[tuple[int, int]]:
    """A week, month or quarter given as the due date ("due next week", "by this month", 下周交,
    下个月内): its last working day, in the speaker's today (a week said on its weekend: today).
    `due_period` keeps the phrase, so the reply says which day it chose and why. A period
    already over ("due last month") is asked about, never dropped. Returns the words said."""
    from intents.extract.dates import find_due_period, last_working_day

    found = find_due_period(ctx.text, ctx.today)
    if found is None:
        return []
    if found.value is None:
        unresolved["due"] = found.text
        return []
    day = last_working_day(*found.value)
    out["due"] = max(day, ctx.today)
    if day >= ctx.today:
        out["due_period"] = found.text
    before = DUE_BEFORE.search(ctx.text[:found.start])
    after = DUE_AFTER.match(ctx.text[found.end:])
    return [(before.start() if before else found.start, found.end + (after.end() if after else 0))]


SHIFT_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "a couple of": 2,
               "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "十": 10, "半": 0.5}
EN_SHIFT = re.compile(r"\b(push(?:ed)?(?: it)? back|postpone|delay|slip|extend|move(?: it)? back|push|"
                      r"(?:pull|bring|move)\b.{0,12}?\b(?:in|forward|up))\b.{0,20}?\b(?:by |for )?"
                      r"(a couple of|an?|one|two|three|four|five|\d+)\s+(day|days|week|weeks)\b")
ZH_SHIFT = re.compile(r"(延后|推迟|顺延|往后推|推后|延期|提前)\s*(\d+|[一两二三四五六七十半])?\s*个?\s*(天|日|周|星期|"
                      r"礼拜)")


def due_shift(low: str) -> int:
    """Days a due date moves by ("push #4 back a week" = +7, "提前两天" = -2); 0 if none stated."""
    m = EN_SHIFT.search(low)
    if m:
        verb, count, unit = m.groups()
        sign = -1 if re.search(r"\b(in|forward|up)$", verb) else 1
    else:
        m = ZH_SHIFT.search(low)
        if not m:
            return 0
        verb, count, unit = m.group(1), m.group(2) or "一", m.group(3)
        sign = -1 if verb == "提前" else 1
    n = float(count) if count.isdigit() else SHIFT_COUNT.get(count, 0)
    return int(sign * n * (1 if unit.startswith(("day", "天", "日")) else 7))
