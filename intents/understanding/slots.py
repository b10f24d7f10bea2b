"""Slot filling per intent: what the message states, in the contract's slot names.

Works on the `Context` built once per message by `understand` (see `intents.understanding.entities`).
Dates are read in the direction the intent implies: past for logged hours and expenses,
future for dues, leave and overtime. Free text (title, note, question) is what is left
once every structured piece and the filler words around it are cut (`intents.extract.freetext`).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from intents.extract.freetext import (
    QUESTION_FILLER,
    clean,
    finditer,
    search,
)
from intents.understanding.cues import values, words
from intents.understanding.entities import (
    Context,
    chunks,
    dates,
    first_person,
    invalid_dates,
    last_clauses,
    noise,
    note_after,
    people,
    period,
    pick,
    project,
    spans,
    task_ref,
    unresolved_spans,
)
from intents.understanding.slots_tasks import whole_title

CATEGORY_WORDS = values("expense_category")
# "other" is a category only when said as the kind of expense: next to the amount ("100 yuan
# other", "其他 50元"), before the expense word ("other expenses", 其他费用), or after a category
# cue ("category: other", "on other", 类别其他); elsewhere ("the other project") it is just a word.
OTHER_KIND = words("OTHER_KIND")
NOT_KIND = words("NOT_KIND")
OTHER_WORD = words("OTHER_WORD")
# The whole note is only the kind already given as `category` ("travel", "travel expense", 人工).
KIND_ONLY = words("KIND_ONLY")
REPORT_KINDS = values("report")
CHART_KINDS = values("chart")
LEAVE_TYPES = values("leave_type")


def fill_log_time(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.hours:
        out["hours"] = ctx.hours[0].value
    found = dates(ctx, "past")
    if found:
        out["date"] = found[0]
    project(ctx, out, unresolved)
    if len(ctx.hours) == 1:
        one_of_several(ctx, out, "project", "project")
    task_ref(ctx, out, unresolved, titles=False)
    titled = [m for m in ctx.of("task") if re.match(r"\s*(task|任务)", ctx.low[m.end:])
              or search(r"(task|任务)\s*$", ctx.low[:m.start]) or whole_title(ctx, m)]
    if "task" not in out and titled:
        out["task"] = titled[0].value
    kinds = {"project", "date"} | ({"task"} if titled else set())
    extra = unresolved_spans(ctx, unresolved)
    for_whom = worked_for(ctx)
    if for_whom is not None:
        out["person"], span = for_whom
        extra = [*extra, span]
    note = note_after(ctx, kinds, extra=extra)
    if note:
        out["note"] = note


JOINED = r"\s*(?:,|，|、|/|&|\band\b|\bor\b|和|跟|与|及|或)\s*"


def one_of_several(ctx: Context, out: dict, kind: str, slot: str) -> None:
    """Two things named for one slot ("3h on A and B", "assign #4 to A and B"): no guess;
    the slot is left empty and the names are offered, so the conversation asks which."""
    found = sorted(ctx.of(kind), key=lambda m: m.start)
    for a, b in zip(found, found[1:], strict=False):
        if a.value != b.value and re.fullmatch(JOINED, ctx.low[a.end:b.start]):
            out.pop(slot, None)
            ctx.choices[slot] = list(dict.fromkeys(m.value for m in found))
            return


FOR_WHOM = re.compile(r"(?:\bfor|\bon behalf of|帮|替|代|给)\s*$")


def worked_for(ctx: Context) -> tuple[str, tuple[int, int]] | None:
    """ "log 3h for xiaoyu", "帮小宇登记": the person the hours are for, and the words saying so.
    Whether the speaker may is the domain's question; the hours are never booked to the speaker."""
    for m in ctx.of("person"):
        head = FOR_WHOM.search(ctx.low[:m.start])
        if head is not None and m.value != ctx.speaker:
            return m.value, (head.start(), m.end)
    return None


LIST_STATUS = values("list_status")


# Tasks that are the speaker's, said by what was given to them: "分给我的", "派给我的",
# "我手上的", "我负责的", "轮到我的", "归我的", "assigned to me" (给我 alone is a recipient).
MY_TASKS = (r"(?:分|派|分配|指派|安排|交|转|丢|扔)(?:了|咗)?(?:给|俾)我(?!们)|(?:轮|落|归)(?:到)?我(?!们)|"
            r"\bassigned to me\b|\b(?:on|for) me\b")


def fill_list_tasks(ctx: Context, out: dict, unresolved: dict) -> None:
    found = people(ctx)
    if found:
        out["person"] = found[0]
    elif first_person(ctx) or search(MY_TASKS, ctx.low):
        out["person"] = ctx.speaker
    else:
        m = search(r"what(?:'s| is) ([A-Za-z][\w.]+) working on|([A-Za-z][\w.]+)'s tasks", ctx.text)
        if m and (m.group(1) or m.group(2)).lower() not in {"everyone", "everybody", "the", "team"}:
            unresolved["person"] = m.group(1) or m.group(2)
    project(ctx, out, unresolved)
    status = pick(LIST_STATUS, ctx.masked)
    if status:
        out["status"] = status
    if search(r"\boverdue\b|\blate\b|逾期|过期|超期", ctx.low):
        out["overdue"] = True  # open and due before today, in the asker's timezone
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


def fill_project_status(ctx: Context, out: dict, unresolved: dict) -> None:
    """A project's state; or one task's or milestone's, when that is what is asked or denied."""
    from intents.understanding.classify import chat_speak, state_talk

    if (ctx.task_refs or ctx.of("task")) and not ctx.of("project") and not ctx.of("milestone"):
        task_ref(ctx, out, unresolved)  # "#7 进展如何", "入库接口开发做到哪了": that task's state
        return
    refs = bool(ctx.task_refs) or bool(ctx.of("task")) or bool(ctx.of("milestone"))
    if not state_talk(chat_speak(ctx.masked), refs):
        if milestone_asked(ctx, out):
            return
        if ctx.task_refs and not ctx.of("project"):  # "is #3 on track?": that task's state
            task_ref(ctx, out, unresolved)
            return
        project(ctx, out, unresolved)
        one_of_several(ctx, out, "project", "project")  # "TW-YARD, DS-WMS — how are they looking"
        return
    if ctx.task_refs or ctx.of("task"):
        task_ref(ctx, out, unresolved)
        return
    fill_complete_milestone(ctx, out, unresolved)
    if not search(r"<project>", ctx.masked):
        out.pop("project", None)  # the milestone says which project; only a named one is a slot


def milestone_asked(ctx: Context, out: dict) -> bool:
    """ "is Payment go-live still realistic?", "入库模块上线还来得及吗": a milestone named in a
    status question, without the word "milestone", and no project or task named beside it, is
    what is asked about. A name two projects share is not guessed."""
    found = ctx.of("milestone")
    if not found or ctx.task_refs or ctx.of("task") or "<project>" in ctx.masked:
        return False
    names = list(dict.fromkeys(v for m in found for v in (m.value, *m.alternatives)))
    if len(names) > 1 or any(m.project is None for m in found):
        ctx.choices["milestone"] = names
        return False
    out["milestone"] = names[0]
    return True


def fill_log_expense(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.money:
        amount, currency = total(ctx).value
        out["amount"] = amount
        if currency:
            out["currency"] = currency
    from intents.understanding.classify import spaced

    category = (pick(CATEGORY_WORDS, ctx.masked) or pick(CATEGORY_WORDS, spaced(ctx.masked))  # "个RFID读卡器"
                or ("other" if other_kind(ctx) else None))
    if category:
        out["category"] = category
    project(ctx, out, unresolved)
    found = dates(ctx, "past")
    if found:
        out["date"] = found[0]
    note = note_after(ctx, {"project", "date"}, first=True, after_structure=False,
                      extra=unresolved_spans(ctx, unresolved))
    bought = thing_bought(ctx)
    if bought and note and bought != note and bought in ctx.text and note not in bought:
        note = bought  # "为了X的演示，在京东上买了一个树莓派": the thing bought, not the reason
    if note and not (category and re.fullmatch(KIND_ONLY, note.strip(), re.IGNORECASE)):
        out["note"] = note


def per_unit(ctx: Context, f: Any) -> bool:
    """ "每个300", "40 each", "at 40 apiece": a price per piece, not what was spent."""
    return bool(search(r"(?:每|单价)\s*(?:个|台|张|件|套|人|位|晚|天)?\s*[¥$€]?\s*$|\b(?:at|@)\s*[¥$€]?\s*$",
                       ctx.low[max(0, f.start - 6):f.start])
                or search(r"^\s*(?:rmb|cny|yuan|元|块|usd|dollars?)?\s*(?:each|apiece|a piece|per (?:piece|unit))\b|"
                          r"^\s*(?:元|块)?\s*(?:一个|一台|一张|一件|/个|/台)", ctx.low[f.end:]))


TOTAL_BEFORE = r"(?:一共|总共|共计|合计|总计|\bin total|\btotal(?: of)?|\baltogether)\s*(?:花了|是|:|：)?\s*[¥$€]?\s*$"


def total(ctx: Context) -> Any:
    """The amount said as the total ("每个300，一共1500"), else the first one not a unit price."""
    for f in ctx.money:
        if search(TOTAL_BEFORE, ctx.low[max(0, f.start - 14):f.start]) or search(
                r"^\s*(?:rmb|cny|yuan|元|块|usd|dollars?)?\s*(?:in total|total|altogether)\b", ctx.low[f.end:]):
            return f
    return next((f for f in ctx.money if not per_unit(ctx, f)), ctx.money[0])


BOUGHT = r"(?:买了|買了|买咗|買咗|购买了?|購買了?|订了|訂了)(?:个|個)?([^,，.。;；!！?？]+)"


def thing_bought(ctx: Context) -> str | None:
    """What follows the buying verb in a clause of its own with nothing structured in it."""
    m = search(BOUGHT, ctx.text)
    if m is None:
        return None
    start, end = m.start(1), m.end(1)
    taken = spans(ctx, {"project", "date"}, noise(ctx))
    if any(s < end and e > start for s, e in taken):
        return None
    return clean(m.group(1)) or None


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
    days = sorted(set(dates(ctx, "future")))
    if len(days) > 1 and search(r"\band\b|和|、|,|，|&|同埋|同|跟|与|及", ctx.low):  # "12月24号和25号", 同埋
        out["start"], out["end"] = days[0], days[-1]
    pair = search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|&|,)\s*(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,}",
                  ctx.low)
    if pair and len(days) == 1 and days[0].day == int(pair.group(2)) and int(pair.group(1)) < days[0].day:
        out["start"], out["end"] = days[0].replace(day=int(pair.group(1))), days[0]  # "24 and 25 December"
    if out.get("start") is not None and out.get("start") == out.get("end"):
        out["end"] = _after_working_days(out["start"], leave_length(ctx.low))
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


# "three days off from monday", "下周四开始请三天年假", "放3个工作日": how long, said with one day.
LEAVE_LENGTH = (r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:working\s+|business\s+|full\s+)?"
                r"days?\b(?!\s+(?:ago|before|earlier|later))"
                r"|(?<![\d.月])(\d{1,2}|[一二两兩三四五六七八九十]{1,2})\s*(?:个|個)?\s*(?:工作)?(?:天|工作日)")


def leave_length(low: str) -> int:
    """The number of days a leave is said to last, 1 when none is said (or a half day)."""
    from intents.extract.numbers import parse_number

    said = re.search(LEAVE_LENGTH, low)
    value = parse_number(said.group(1) or said.group(2)) if said else None
    return int(value) if value and value == int(value) and 1 <= value <= 60 else 1


def _after_working_days(start: date, days: int) -> date:
    """The last day of a leave of `days` working days from `start` (weekends not counted)."""
    day, left = start, days - 1
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def fill_request_overtime(ctx: Context, out: dict, unresolved: dict) -> None:
    found = dates(ctx, "future")
    if found:
        out["date"] = found[0]
    elif search(r"tonight|今晚|今天晚上", ctx.low):
        out["date"] = ctx.today
    if ctx.hours:
        out["hours"] = ctx.hours[0].value
    project(ctx, out, unresolved)
    asked = [(k.start(), k.end()) for k in finditer(OVERTIME_ASKED, ctx.low)]
    glued = [(m.start, m.end) for m in ctx.of("project") if ctx.lang == "zh" and in_words(ctx, m.start, m.end)]
    cut = [c for c in spans(ctx, {"project", "date"}, noise(ctx) + asked) if c not in glued]
    if cut:
        pieces = chunks(ctx, cut)
        reason = [(pos, t) for pos, t in pieces if pos >= max(e for _s, e in cut) - 1]
        if not reason and asked:  # "周六加班，X上线前演练，5小时": the reason sits between the pieces
            reason = [(pos, t) for pos, t in pieces if pos >= asked[0][1]]
        if reason:
            out["note"] = last_clauses(ctx, reason)
    if "note" not in out and ctx.lang == "en":
        purpose = overtime_purpose(ctx)
        if purpose:
            out["note"] = purpose


# "stay late friday for the pilot cutover": what the extra hours are for, in a clause of its own.
PURPOSE = re.compile(r"\bfor\s+(?:the\s+|a\s+|an\s+|our\s+)?([a-z][^,.;:!?()]{2,60}?)"
                     r"(?=\s*(?:$|[,.;:!?()]|\s[-–—]\s|\b(?:on|in|tonight|today|tomorrow|this|next|i|we)\b))",
                     re.IGNORECASE)


def overtime_purpose(ctx: Context) -> str | None:
    """The first "for the X" whose X is free text (no project, date or hours in it)."""
    taken = spans(ctx, {"project", "date", "person", "task", "milestone"}, noise(ctx))
    for m in PURPOSE.finditer(ctx.text):
        start, end = m.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        what = clean(m.group(1))
        if what and not re.fullmatch(r"(?:overtime|ot|extra hours|it|that|this|me|us|them)", what, re.I):
            return what
    return None


# The asking, cut from the reason; "加3小时班" is asked around its hours: 加 before, 班 after.
OVERTIME_ASKED = (r"overtime|\bot\b|request|加班|申请|加(?=\s*[\d一二两三四五六七八九十半][^，,。班]{0,6}班)|"
                  r"(?<=[时鐘钟头h])\s*的?班")


def in_words(ctx: Context, start: int, end: int) -> bool:
    """A name inside a Chinese phrase ("赶仓储系统上线"): a word of its own before it (not a
    preposition like 在/给) and text right after it; the phrase keeps the name."""
    before, after = ctx.text[max(0, start - 1):start], ctx.text[end:end + 1]
    return (bool(re.fullmatch(r"[\u4e00-\u9fff]", before)) and bool(re.fullmatch(r"[\u4e00-\u9fffA-Za-z]", after))
            and not re.fullmatch(r"[在给到为于把跟和与对帮替从是的了]", before))


def fill_decide(ctx: Context, out: dict, unresolved: dict) -> None:
    reject = r"\b(reject|rejected|decline|declined|deny|denied|refuse)\b|驳回|拒绝|不批|不同意|不行|不准"
    out["decision"] = "reject" if search(reject, ctx.low) else "approve"
    m = search(r"#\s*(\d+)|\brequest\s+(?:no\.?\s*)?(\d+)|申请\s*(\d+)", ctx.low)
    if m:
        out["request"] = int(next(g for g in m.groups() if g))
    note = decision_note(ctx)
    if note:
        out["note"] = note  # the reason, for the requester; not a contract slot of `decide`
    if "request" not in out:  # "approve Sam's leave", "批准李静的加班": whose and which kind
        whose = [m.value for m in ctx.of("person") if m.value != ctx.speaker]
        if whose:
            out["requester"] = whose[0]
        kind = pick(REQUEST_KINDS, ctx.masked)
        if kind:
            out["kind"] = kind


REQUEST_KINDS = values("request_kind")


def fill_smalltalk(ctx: Context, out: dict, unresolved: dict) -> None:
    """Thanks are acknowledged, not greeted back (not a contract slot)."""
    if search(r"\b(thanks?|thank you|thx|ty|cheers)\b|谢|感谢|辛苦", ctx.low):
        out["thanks"] = True


def fill_list_approvals(ctx: Context, out: dict, unresolved: dict) -> None:
    """Whose requests: the speaker's own ("我的请假批了吗？") or those waiting for them."""
    from intents.understanding.classify import OWN_REQUEST

    out["whose"] = "mine" if OWN_REQUEST.search(ctx.masked) else "to_decide"


DECISION_HEAD = (r"\b(?:approved?|approving|rejected?|declined?|decline|deny|denied|refused?|lgtm)\b"
                 r"(?:\s+(?:it|that|this|them))?|批准|同意|驳回|拒绝|不批|不同意|批了|准了|"
                 r"#\s*\d+|\b(?:(?:the|his|her|their|<person>'s)\s+)?(?:leave\s+|overtime\s+|expense\s+)?request"
                 r"(?:\s+(?:no\.?\s*)?\d+)?|(?:的)?申请\s*\d*")


def decision_note(ctx: Context) -> str | None:
    """The reason given after the verdict and its request: "reject #1 busy" → "busy"."""
    heads = list(finditer(DECISION_HEAD, ctx.low, re.IGNORECASE))
    if not heads:
        return None
    rest = re.sub(r"^(?:\s*(?:[,，:：;；-]|because\b|since\b|as\b|reason\b|(?:原因|理由)(?:是)?|因为))*\s*", "",
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


# "according to the booking engine API spec, …", "per the Kowloon Bay contract, …": the source
# named before the question, in a clause of its own; what is asked is the rest.
SOURCE_FIRST = re.compile(
    r"^\W*(?:according to|as per|per|based on|going by|in|from|check)\s+(?:the|our|this|that)?\b"
    r"[^,:;?!.]{0,60}?\b(?:specs?|specification|contract|sow|docs?|documentation|document|guide|"
    r"handbook|manual|policy|runbook|playbook|checklist|minutes|notes|wiki|requirements|brief|"
    r"proposal|agreement|sla|faq|readme)\b\s*(?:,|:|\s[-–—])\s*(?=\S)", re.IGNORECASE)


def fill_ask_docs(ctx: Context, out: dict, unresolved: dict) -> None:
    project(ctx, out, unresolved)
    cut = spans(ctx, {"project"})
    source = SOURCE_FIRST.match(ctx.text) if ctx.lang == "en" else None
    if source:
        cut = sorted([*cut, (0, source.end())])
    pieces = chunks(ctx, cut, QUESTION_FILLER) if cut else [(0, clean(ctx.text, QUESTION_FILLER))]
    question = " ".join(t for _p, t in pieces if t)
    if ctx.lang == "zh":  # "根据SOW，…": the source stays, the word pointing at it goes
        question = re.sub(r"^(?:根据|按照|依照|依据|参照)\s*(?:的\s*)?", "", question)
    if question:
        out["question"] = question


def fill_feedback(ctx: Context, out: dict, unresolved: dict) -> None:
    if ctx.scores:
        out["score"] = ctx.scores[0].value
    project(ctx, out, unresolved)
    milestones = [m for m in ctx.of("milestone") if m.project == out.get("project")] or ctx.of("milestone")
    if milestones:  # what is rated; not a contract slot of `feedback`, the service checks it is reached
        out["milestone"] = milestones[0].value
    extra = [(k.start(), k.end()) for k in finditer(
        r"feedback|rate|rating|out of \d|满意度|打分|评分|这期|我们|给|打(?=\s*[\d一二三四五两])|"
        r"(?<=[\d一二三四五两])\s*分|吧", ctx.low)]  # 分 of a score, never of 充分 or 部分 in the comment
    cut = spans(ctx, {"project"}, extra)
    if ctx.scores:
        after = [(pos, t) for pos, t in chunks(ctx, cut) if pos >= ctx.scores[0].end]
        if after:
            out["note"] = last_clauses(ctx, after)


def fill_report(ctx: Context, out: dict, unresolved: dict) -> None:
    kind = pick(REPORT_KINDS, ctx.masked)
    if kind:
        out["report"] = kind
    project(ctx, out, unresolved, clients=False)
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
    if "task" not in out and "task" not in unresolved:
        named = task_by_part(ctx)
        if named is not None:
            out["task"] = named
    skills = list(dict.fromkeys(m.value for m in ctx.of("skill")))
    if skills:
        out["skills"] = skills


# The work a person is wanted for: "找个会java的人帮忙做入库接口", "who could take the gate OCR bit".
WORK_ON = (r"(?:帮忙|帮手|来|去)?(?:做|负责|接手|接|搞|弄|写|处理|跟进|开发|跟)|"
           r"\b(?:do|take|handle|work on|pick up|help (?:out )?with|own)\b")
WORK_TAIL = r"(?:这个|那个|呢个)?(?:活|任务|工作|事|嘢|task|bit|piece|part)?\s*(?:吗|呢|啊|吧|嘛|\?|？)*\s*$"


def task_by_part(ctx: Context) -> int | None:
    """The one open task whose title holds the words said after the work verb ("入库接口" of
    "入库接口开发"); none when no title or several do, so the conversation asks."""
    for m in finditer(rf"(?:{WORK_ON})\s*(?:一下|下)?\s*(?:the\s+|on\s+)?([^,，.。;；!！?？]+)", ctx.low):
        phrase = re.sub(WORK_TAIL, "", clean(m.group(1))).strip()
        if not (len(phrase) >= 4 or (len(phrase) >= 3 and search(r"[\u4e00-\u9fff]", phrase))):
            continue
        found = [task for task, title in ctx.task_titles.items() if phrase in title]
        if len(found) == 1:
            return found[0]
    return None


def fill(intent: str, ctx: Context) -> tuple[dict[str, Any], dict[str, str]]:
    """The intent's slots, by its registry entry's filler; a date nothing reads ("Feb 30")
    goes to `unresolved` under the entry's date slot, to be asked, never guessed."""
    from intents.understanding.registry import spec

    out: dict[str, Any] = {}
    unresolved: dict[str, str] = {}
    entry = spec(intent)
    if entry.fill is not None:
        entry.fill(ctx, out, unresolved)
    slot = entry.date_slot
    bad = invalid_dates(ctx) if slot else []
    if slot and slot not in out and bad:
        unresolved[slot] = bad[0][2]  # "Feb 30": ask, do not guess
    for k, v in list(out.items()):
        if v == "":
            del out[k]  # free text that was all slot material ("加了两小时的班"): no note
        elif isinstance(v, date):
            out[k] = v.isoformat()
        elif isinstance(v, float) and v.is_integer():
            out[k] = int(v)
    return out, unresolved
