"""Slot filling per intent: what the message states, in the contract's slot names.

Works on the `Context` built once per message by `understand` (see `intents.entities`).
Dates are read in the direction the intent implies: past for logged hours and expenses,
future for dues, leave and overtime. Free text (title, note, question) is what is left
once every structured piece and the filler words around it are cut (`intents.freetext`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from intents.entities import (
    Context,
    assignee,
    chunks,
    dates,
    first_person,
    invalid_dates,
    noise,
    note_after,
    people,
    period,
    pick,
    priority,
    priority_spans,
    project,
    spans,
    task_ref,
    unresolved_spans,
)
from intents.freetext import (
    QUESTION_FILLER,
    TITLE_FILLER,
    clean,
    finditer,
    search,
    split,
    strip_edges,
)

STATUS_WORDS = [
    ("in_progress", r"in[- ]progress|started|进行中|开始做|在做"),
    ("blocked", r"blocked|stuck|flag|on hold|paused?|卡住|阻塞|被卡|暂停|挂起|搁置"),
    ("todo", r"\btodo\b|\bto[- ]do\b|reopen|待办|未开始|重新打开"),
    ("done", r"\bdone\b|finished|complete[d]?\b|\bclosed?\b|完成|搞定|做完|关闭"),
]
CATEGORY_WORDS = [
    ("travel", (r"taxi|uber|didi|\bcab\b|train|flight|hotel|airfare|mileage|\btravel|打车|出租|高铁|火车|机票|"
                r"航班|酒店|住宿|滴滴|差旅|出差|交通费")),
    ("software", r"licen[cs]e|subscription|saas|software|授权|订阅|软件|会员费"),
    ("labor", r"freelanc|contractor|outsourc|\blabou?r\b|外包|兼职|劳务|人工(?!智能)|人力"),
    ("procurement", r"^(?!.*(\brent|\bhire|租)).*(\bprocurement|hardware|laptop|monitor|mouse|keyboard|hard drive|\bssd\b|\bsd cards?\b|"
                    r"memory card|camera|tripod|gimbal|printer|webcam|headset|硬盘|显示器|电脑|设备|采购|键盘|鼠标|"
                    r"sd卡|内存卡|存储卡|相机|镜头|三脚架|稳定器|打印机|耳机)"),
]
# "other" is a category only when said as the kind of expense: next to the amount ("100 yuan
# other", "其他 50元"), before the expense word ("other expenses", 其他费用), or after a category
# cue ("category: other", "on other", 类别其他); elsewhere ("the other project") it is just a word.
OTHER_KIND = (r"\b(?:other|misc|miscellaneous|sundry)\s+(?:expenses?|costs?|spend(?:ing)?|items?)\b"
              r"|\b(?:category|type|kind|as|on|under)\s*[:=]?\s*(?:other|misc|miscellaneous)\b(?!\s+\w)"
              r"|(?:其他|其它|杂项)(?:费用|开支|支出|类)|(?:类别|类型|分类|记为|记到|算)\s*[:：]?\s*(?:其他|其它|杂项)")
NOT_KIND = r"(?:projects?|tasks?|clients?|teams?|people|persons?|things?|ones?|stuff|days?)\b|项目|任务|客户|人|事"
OTHER_WORD = r"(?:\bother\b|\bmisc\b|\bmiscellaneous\b|其他|其它|杂项)"
# The whole note is only the kind already given as `category` ("travel", "travel expense", 人工).
KIND_ONLY = (r"(?:category|type|kind)|(?:(?:an?|the|for|on|as)\s+)?(?:travel(?:ling)?|labou?r|procurement|software|other|misc|miscellaneous)"
             r"(?:\s+(?:expenses?|costs?|category))?|差旅|出差|人工|人力|劳务|采购|软件|其他|其它|杂项")
REPORT_KINDS = [("profit", r"profit|margin|利润|盈利|毛利"), ("utilization", r"utili[sz]ation|利用率"),
                ("satisfaction", r"satisfaction|满意度"), ("variance", r"variance|偏差")]
CHART_KINDS = [("gantt", r"gantt|甘特"), ("kanban", r"kanban|board|看板"),
               ("burndown", r"burn[- ]?down|燃尽"), ("utilization", r"utili[sz]ation|利用率"),
               ("budget", r"budget|预算")]
LEAVE_TYPES = [("sick", r"sick|ill\b|illness|病假|生病"), ("annual", r"annual|vacation|holiday|年假"),
               ("personal", r"personal|事假")]


def fill_log_time(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.hours:
        out["hours"] = ctx.hours[0].value
    found = dates(ctx, "past")
    if found:
        out["date"] = found[0]
    project(ctx, out, unresolved)
    task_ref(ctx, out, unresolved, titles=False)
    titled = [m for m in ctx.of("task") if re.match(r"\s*(task|任务)", ctx.low[m.end:])
              or search(r"(task|任务)\s*$", ctx.low[:m.start]) or whole_title(ctx, m)]
    if "task" not in out and titled:
        out["task"] = titled[0].value
    kinds = {"project", "date"} | ({"task"} if titled else set())
    note = note_after(ctx, kinds, extra=unresolved_spans(ctx, unresolved))
    if note:
        out["note"] = note


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
    project(ctx, out, unresolved)
    assignee(ctx, out, unresolved, create=True)
    found = dates(ctx, "future")
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
    title = task_title(ctx, unresolved_spans(ctx, unresolved))
    if title:
        out["title"] = title


CREATE_HEAD = re.compile(
    r"(?:create|add|new|make|open|set up)\b[^:：\-–—]{0,40}?\b(?:task|ticket|todo)\b[^:：]{0,40}?[:：]|"
    r"(?:create|add|new)\b[^:：\-–—]{0,40}?\btask\b[^:：]{0,40}?\s[-–—]\s|"
    r"^(?:todo|to-do|task|ticket)\b[^:：]{0,40}?[:：]|remind me to\b|"
    r"(?:加|建|新建|新增|创建|添加|开|建立)(?:个|一个|一条|条)?[^，,。：:\s]{0,6}?(?:任务|task|待办)[:：]?|新任务[:：]?|提醒我|"
    r"(?:create|add|new)\s+(?:a\s+)?(?:\w+\s+)?(?:priority\s+)?task\b", re.IGNORECASE)
QUOTED = re.compile(r"[\"'“”‘’「『]([^\"'“”‘’」』]{2,80})[\"'“”‘’」』]")


SELF_ASSIGN = (r"(?:指派|分配|交)?给(?:我自己|自己|我)(?!建|加|创|新|记|开|做)|(?:我|自己)负责|"
               r"\bassign(?:ed)? to (?:me|myself)\b|\bfor me\b")


def task_title(ctx: Context, unknown: list[tuple[int, int]] = ()) -> str | None:
    """The new task's name: what is left of the message once its other slots are cut,
    including names that matched nothing ("add task Foo to ZZZ" is titled "Foo")."""
    quoted = QUOTED.search(ctx.text)
    if quoted:
        return quoted.group(1).strip()
    head = CREATE_HEAD.search(ctx.text)
    start = head.end() if head else 0
    tail = ctx.text[start:]
    extra = noise(ctx) + priority_spans(ctx) + list(unknown) + [
        (m.start(), m.end()) for m in finditer(SELF_ASSIGN, ctx.text, re.IGNORECASE)]
    cut = [(s - start, e - start) for s, e in spans(ctx, {"project", "person", "milestone", "date"},
                                                     extra) if s >= start]
    at = 0
    for piece in split(r"([,，;；]|\s[-–—]\s)", tail):
        text = clean(strip_edges(piece, [(s - at, e - at) for s, e in cut if s >= at]), TITLE_FILLER)
        at += len(piece)
        if text:
            return text
    return None


def fill_update_task(ctx: Context, out: dict, unresolved: dict) -> None:
    task_ref(ctx, out, unresolved)
    status = pick(STATUS_WORDS, ctx.masked or ctx.low)
    if status:
        out["status"] = status
    assignee(ctx, out, unresolved, create=False)
    if "assignee" not in out and search(r"我来|接手|\bi'll\b|\bme\b", ctx.low) and not status:
        out["assignee"] = ctx.speaker
    found = dates(ctx, "future")
    if found:
        out["due"] = found[-1]
    elif isinstance(out.get("task"), int) and out["task"] in ctx.task_dues:
        days = due_shift(ctx.low)
        if days:
            out["due"] = ctx.task_dues[out["task"]] + timedelta(days=days)
    prio = priority(ctx)
    if prio and search(r"priority|prio|优先级|urgent|紧急", ctx.low) or prio and not status:
        out["priority"] = prio


SHIFT_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "a couple of": 2,
               "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "十": 10, "半": 0.5}
EN_SHIFT = re.compile(r"\b(push(?:ed)?(?: it)? back|postpone|delay|slip|extend|move(?: it)? back|push|"
                      r"(?:pull|bring|move)\b.{0,12}?\b(?:in|forward|up))\b.{0,20}?\b(?:by |for )?"
                      r"(a couple of|an?|one|two|three|four|five|\d+)\s+(day|days|week|weeks)\b")
ZH_SHIFT = re.compile(r"(延后|推迟|顺延|往后推|推后|延期|提前)\s*(\d+|[一两二三四五六七十半])?\s*个?\s*(天|日|周|星期|礼拜)")


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


LIST_STATUS = [
    ("in_progress", r"in[- ]progress|进行中|在做的"),
    ("blocked", r"blocked|stuck|卡住|阻塞|被卡"),
    ("todo", r"\btodo\b|\bto-do\b|\bto do (tasks?|items?|list)\b|not started|待办|未开始"),
    ("done", r"\bdone\b|completed|finished tasks|已完成|完成了的|做完的"),
]


def fill_list_tasks(ctx: Context, out: dict, unresolved: dict) -> None:
    found = people(ctx)
    if found:
        out["person"] = found[0]
    elif first_person(ctx):
        out["person"] = ctx.speaker
    else:
        m = search(r"what(?:'s| is) ([A-Za-z][\w.]+) working on|([A-Za-z][\w.]+)'s tasks", ctx.text)
        if m and (m.group(1) or m.group(2)).lower() not in {"everyone", "everybody", "the", "team"}:
            unresolved["person"] = m.group(1) or m.group(2)
    project(ctx, out, unresolved)
    status = pick(LIST_STATUS, ctx.masked)
    if status:
        out["status"] = status
    found_dates = dates(ctx, "future")
    if found_dates:
        out["due"] = found_dates[0]


def fill_timesheet(ctx: Context, out: dict, unresolved: dict) -> None:
    found = people(ctx)
    if found:
        out["person"] = found[0]
    elif first_person(ctx):
        out["person"] = ctx.speaker
    project(ctx, out, unresolved)
    period(ctx, out)


def fill_project(ctx: Context, out: dict, unresolved: dict) -> None:
    project(ctx, out, unresolved)


def fill_log_expense(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.money:
        amount, currency = ctx.money[0].value
        out["amount"] = amount
        if currency:
            out["currency"] = currency
    category = pick(CATEGORY_WORDS, ctx.masked) or ("other" if other_kind(ctx) else None)
    if category:
        out["category"] = category
    project(ctx, out, unresolved)
    found = dates(ctx, "past")
    if found:
        out["date"] = found[0]
    note = note_after(ctx, {"project", "date"}, first=True, after_structure=False,
                      extra=unresolved_spans(ctx, unresolved))
    if note and not (category and re.fullmatch(KIND_ONLY, note.strip(), re.IGNORECASE)):
        out["note"] = note


def other_kind(ctx: Context) -> bool:
    """ "other" named as the expense's kind, by a cue or by standing next to the amount."""
    if search(OTHER_KIND, ctx.masked):
        return True
    for f in ctx.money:
        before, after = ctx.low[max(0, f.start - 12):f.start], ctx.low[f.end:f.end + 14]
        if (re.match(rf"\s*{OTHER_WORD}(?!\s*(?:{NOT_KIND}))", after)
                or re.search(rf"{OTHER_WORD}\s*[:：]?\s*[¥$€]?\s*$", before)):
            return True
    return False


def fill_request_leave(ctx: Context, out: dict, unresolved: dict) -> None:
    period(ctx, out, prefer="future")
    kind = pick(LEAVE_TYPES, ctx.masked)
    if kind:
        out["leave_type"] = kind
    keyword = list(finditer(r"\b((personal|annual|sick|vacation) days?|days? off|leave|off|sick|vacation|"
                            r"holiday|pto)\b|请假|病假|年假|事假|假", ctx.low))
    extra = [(k.start(), k.end()) for k in keyword]
    cut = spans(ctx, {"date"}, extra)
    if cut:
        last_end = max(e for _s, e in cut)
        note = clean(ctx.text[last_end:])
        if note:
            out["note"] = note


def fill_request_overtime(ctx: Context, out: dict, unresolved: dict) -> None:
    found = dates(ctx, "future")
    if found:
        out["date"] = found[0]
    elif search(r"tonight|今晚|今天晚上", ctx.low):
        out["date"] = ctx.today
    if ctx.hours:
        out["hours"] = ctx.hours[0].value
    project(ctx, out, unresolved)
    extra = [(k.start(), k.end()) for k in finditer(r"overtime|\bot\b|request|加班|申请", ctx.low)]
    cut = spans(ctx, {"project", "date"}, noise(ctx) + extra)
    if cut:
        note = [t for pos, t in chunks(ctx, cut) if pos >= max(e for _s, e in cut) - 1]
        if note:
            out["note"] = note[-1]


def fill_decide(ctx: Context, out: dict, unresolved: dict) -> None:
    reject = r"\b(reject|rejected|decline|declined|deny|denied|refuse)\b|驳回|拒绝|不批|不同意|不行|不准"
    out["decision"] = "reject" if search(reject, ctx.low) else "approve"
    m = search(r"#\s*(\d+)|\brequest\s+(?:no\.?\s*)?(\d+)|申请\s*(\d+)", ctx.low)
    if m:
        out["request"] = int(next(g for g in m.groups() if g))
    note = decision_note(ctx)
    if note:
        out["note"] = note  # the reason, for the requester; not a contract slot of `decide`


DECISION_HEAD = (r"\b(?:approved?|approving|rejected?|declined?|decline|deny|denied|refused?|lgtm)\b"
                 r"(?:\s+(?:it|that|this|them))?|批准|同意|驳回|拒绝|不批|不同意|批了|准了|"
                 r"#\s*\d+|\b(?:(?:the|his|her|their|<person>'s)\s+)?(?:leave\s+|overtime\s+|expense\s+)?request"
                 r"(?:\s+(?:no\.?\s*)?\d+)?|(?:的)?申请\s*\d*")


def decision_note(ctx: Context) -> str | None:
    """The reason given after the verdict and its request: "reject #1 busy" → "busy"."""
    heads = list(finditer(DECISION_HEAD, ctx.low, re.IGNORECASE))
    if not heads:
        return None
    rest = re.sub(r"^(?:\s*(?:[,，:：;；-]|because\b|since\b|as\b|reason\b|原因|因为|理由))*\s*", "",
                  ctx.text[heads[-1].end():], flags=re.IGNORECASE)
    rest = rest.strip(" \t,，.。;；:：!！?？~-")
    return rest if search(r"[A-Za-z0-9]{2,}|[\u4e00-\u9fff]{2,}", rest) else None


def fill_complete_milestone(ctx: Context, out: dict, unresolved: dict) -> None:
    project(ctx, out, unresolved)
    found = ctx.of("milestone")
    own = [m for m in found if m.project == out.get("project")] or found
    if own:
        out["milestone"] = own[0].value
        return
    m = search(r"milestone\s+['\"“]?([\w -]{2,40}?)['\"”]?\s+(?:is\s+)?(?:done|complete|reached)|"
                  r"([\w\u4e00-\u9fff-]{2,20})\s*里程碑", ctx.text)
    if m:
        unresolved["milestone"] = (m.group(1) or m.group(2)).strip()


def fill_ask_docs(ctx: Context, out: dict, unresolved: dict) -> None:
    project(ctx, out, unresolved)
    cut = spans(ctx, {"project"})
    pieces = chunks(ctx, cut, QUESTION_FILLER) if cut else [(0, clean(ctx.text, QUESTION_FILLER))]
    question = " ".join(t for _p, t in pieces if t)
    if question:
        out["question"] = question


def fill_feedback(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.scores:
        out["score"] = ctx.scores[0].value
    project(ctx, out, unresolved)
    extra = [(k.start(), k.end()) for k in finditer(
        r"feedback|rate|rating|out of \d|满意度|打分|评分|这期|我们|给|打|分|吧", ctx.low)]
    cut = spans(ctx, {"project"}, extra)
    if ctx.scores:
        after = [t for pos, t in chunks(ctx, cut) if pos >= ctx.scores[0].end]
        if after:
            out["note"] = after[-1]


def fill_report(ctx: Context, out: dict, unresolved: dict) -> None:
    kind = pick(REPORT_KINDS, ctx.masked)
    if kind:
        out["report"] = kind
    project(ctx, out, unresolved)
    clients = ctx.of("client")
    if clients:
        out["client"] = clients[0].value
    period(ctx, out)


def fill_chart(ctx: Context, out: dict, unresolved: dict) -> None:
    kind = pick(CHART_KINDS, ctx.masked)
    if kind:
        out["chart"] = kind
    project(ctx, out, unresolved)


def fill_suggest(ctx: Context, out: dict, unresolved: dict) -> None:
    project(ctx, out, unresolved)
    task_ref(ctx, out, unresolved)
    skills = list(dict.fromkeys(m.value for m in ctx.of("skill")))
    if skills:
        out["skills"] = skills


FILLERS: dict[str, Callable[[Context, dict, dict], None]] = {
    "log_time": fill_log_time, "create_task": fill_create_task, "update_task": fill_update_task,
    "list_tasks": fill_list_tasks, "timesheet": fill_timesheet, "project_status": fill_project,
    "budget_status": fill_project, "log_expense": fill_log_expense,
    "request_leave": fill_request_leave, "request_overtime": fill_request_overtime,
    "decide": fill_decide, "complete_milestone": fill_complete_milestone,
    "ask_docs": fill_ask_docs, "feedback": fill_feedback, "report": fill_report,
    "chart": fill_chart, "suggest_assignee": fill_suggest,
}


DATE_SLOT = {"log_time": "date", "log_expense": "date", "request_overtime": "date",
             "create_task": "due", "update_task": "due", "list_tasks": "due",
             "request_leave": "start", "timesheet": "start", "report": "start"}


def fill(intent: str, ctx: Context) -> tuple[dict[str, Any], dict[str, str]]:
    out: dict[str, Any] = {}
    unresolved: dict[str, str] = {}
    filler = FILLERS.get(intent)
    if filler is not None:
        filler(ctx, out, unresolved)
    slot = DATE_SLOT.get(intent)
    bad = invalid_dates(ctx) if slot else []
    if slot and slot not in out and bad:
        unresolved[slot] = bad[0][2]  # "Feb 30": ask, do not guess
    for k, v in list(out.items()):
        if isinstance(v, date):
            out[k] = v.isoformat()
        elif isinstance(v, float) and v.is_integer():
            out[k] = int(v)
    return out, unresolved
