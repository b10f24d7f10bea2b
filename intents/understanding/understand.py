"""One message in, one `Intent` out: normalise, find, classify, fill.

The order matters: named things are found first (gazetteer, one cached index), quantities
next (hours, money, scores, "#12"), then the classifier reads the text with the named things
masked, and the slot filler works per intent. Dates are read in the speaker's timezone,
relative to `now`. Nothing here writes, and nothing queries the store beyond the cached
index's signature.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from domain.core.actors import Actor
from intents.extract.numbers import CN_NUMBER
from intents.understanding import classify, entities, slots
from intents.understanding.gazetteer import Gazetteer, Mention, gazetteer_for, normalise
from intents.understanding.registry import commands as command_specs
from intents.understanding.registry import is_write
from intents.understanding.schema import Intent

MAX_CHARS = 2000
DEFAULT_TIMEZONE = "Asia/Shanghai"
TASK_REF = re.compile(r"#\s?(\d{1,9})(?!\d)|\btask\s+(\d{1,9})\b|"
                      r"任务\s?(\d{1,9})(?!\s*(?:个|小时|天|h))", re.IGNORECASE)
MASK = {"project": "<project>", "person": "<person>", "milestone": "<milestone>",
        "task": "<task>", "client": "<client>"}


def understand(session: Session, *, text: str, actor: Actor, now: datetime,
               default_timezone: str = DEFAULT_TIMEZONE, llm: Any = None,
               commands: bool = True) -> Intent:
    """The intent of `text` said by `actor` at `now` (aware); slots hold only what was said.

    Dates are days in the speaker's timezone (`default_timezone`, the `PMBOT_TIMEZONE`
    setting, for people without one). `llm`, an optional langchain chat model, is asked for
    a second opinion only when the rules are unsure (see `intents.understanding.llm`).
    `commands=False` skips the conversation commands' fixed grammars ("undo", "rate WEB 9"),
    for words a command's handler found to name nothing ("我的评论" is no document).
    """
    if commands:
        command = read_command(text)
        if command is not None:
            return command
    rules = read(session, text=text, actor=actor, now=now, default_timezone=default_timezone)
    if llm is None:
        return rules
    from intents.understanding.llm import consult, is_unsure

    if not is_unsure(rules):
        return rules

    today = now.astimezone(speaker_zone(actor, default_timezone)).date()
    return consult(rules, model=llm, text=normalise(text or "")[:MAX_CHARS],
                   gaz=gazetteer_for(session, actor), today=today, speaker=actor.handle)


def read_command(text: str) -> Intent | None:
    """A conversation command: its grammar reads the whole message, or it is not one. The
    language is the sentence's (one detection, the same as for every other intent)."""
    from intents.extract.text import detect_lang
    from intents.understanding.commands import read_command as match

    said = (text or "").strip()
    if not said or len(said) > MAX_CHARS:
        return None
    found = match(said, command_specs())
    if found is None:
        return None
    name, slots_ = found
    return Intent(intent=name, lang=detect_lang(normalise(said)), confidence=1.0, slots=slots_)


def read(session: Session, *, text: str, actor: Actor, now: datetime,
         default_timezone: str = DEFAULT_TIMEZONE) -> Intent:
    """The rules' reading of a message: no model, no network, a few milliseconds."""
    norm = normalise(text or "")[:MAX_CHARS]
    if not norm.strip():
        return Intent(intent="unknown", lang=actor_lang(actor), confidence=1.0)
    today = now.astimezone(speaker_zone(actor, default_timezone)).date()
    gaz = gazetteer_for(session, actor)
    ctx = context(norm, gaz, actor, today)
    signals = signals_for(ctx, actor, gaz)
    name, confidence, _ranked = classify.choose(signals)
    found, unresolved = slots.fill(name, ctx)
    if is_write(name) and {"date", "due", "start", "end"} & unresolved.keys():
        confidence = min(confidence, 0.5)  # an impossible date ("Feb 30"): ask, never default
    more: list[dict] = []
    if is_write(name):
        from intents.understanding.entries import split

        each = split(name, ctx, lambda part: context(normalise(part), gaz, actor, today))
        if each:
            found, unresolved = each[0]
            more = [{**s, **({"_unresolved": u} if u else {})} for s, u in each[1:]]
            confidence = min(confidence, 0.7)  # several writes at once: confirm before doing them
    from intents.understanding.second_opinion import review

    out = review(Intent(intent=name, lang=ctx.lang, confidence=confidence, slots=found,
                        unresolved=unresolved, choices=ctx.choices, more=more), ctx)
    for entry in (out.slots, *out.more):  # after the second look, which may fill slots anew
        as_written(entry, text or "", norm)
    return out


FREE_TEXT = ("title", "note", "question")


def as_written(slots_: dict, text: str, norm: str) -> None:
    """Titles, notes and questions as the user wrote them: the rules read Traditional as
    Simplified, but what is stored keeps the user's characters (權限審計報告 stays so)."""
    import unicodedata

    written = " ".join(unicodedata.normalize("NFKC", text).split())[:MAX_CHARS]
    if written == norm or len(written) != len(norm):
        return
    for key in FREE_TEXT:
        value = slots_.get(key)
        if isinstance(value, str) and value:
            slots_[key] = _restored(value, norm, written)


def _restored(value: str, norm: str, written: str) -> str:
    """`value` in the written characters, piece by piece: a note joined from clauses or with
    words cut out of its middle ("做咗[三個鐘]UI") is no single stretch of the message."""
    out, i, at = [], 0, 0
    while i < len(value):
        j = len(value)
        while j > i and norm.find(value[i:j], at) < 0:
            j -= 1
        if j == i:  # a joining comma of our own
            out.append(value[i])
            i += 1
            continue
        k = norm.find(value[i:j], at)
        out.append(written[k:k + j - i])
        at, i = k + j - i, j
    return "".join(out)


WARM_UP = (
    "log 2h on #1 yesterday, review", "昨天在项目上做了3个小时", "create a task: draft plan, due friday",
    "新建任务：整理纪要，下周三前，紧急", "#1 done", "#1 给 someone 吧", "how many hours did I log this week?",
    "上个月用了多少工时", "taxi 50 rmb for the client", "报销：打车 30元", "sick leave tomorrow",
    "下周一请年假", "overtime saturday 4h", "申请周六加班 5小时", "approve request #1", "驳回申请 #2",
    "milestone reached", "里程碑完成了", "what does the contract say?", "手册里怎么规定的",
    "4 out of 5, great", "打5分", "profit report last month", "利润报告", "gantt chart", "燃尽图",
    "who knows python?", "谁有空做 #1", "help", "你好", "what's the weather", "今天吃什么",
    "budget left?", "预算还剩多少", "how's it going?", "进度怎么样", "what's on my plate", "我有哪些任务",
)


def warm_up(session: Session, actor: Actor, now: datetime) -> None:
    """Compile every pattern and build the index now, so the first real message is fast."""
    from intents.extract import dates

    dates.warm_up()
    for text in WARM_UP:
        understand(session, text=text, actor=actor, now=now)
    gc.freeze()  # long-lived index and patterns: keep them out of every later GC pass


def speaker_zone(actor: Actor, default: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    for name in (actor.timezone, default, DEFAULT_TIMEZONE):
        try:
            if name:
                return ZoneInfo(name)
        except (KeyError, ValueError):
            continue
    return ZoneInfo(DEFAULT_TIMEZONE)


def actor_lang(actor: Actor) -> str:
    return "zh" if actor.language == "zh" else "en"


def context(norm: str, gaz: Gazetteer, actor: Actor, today: date) -> entities.Context:
    from intents.extract import dates, quantities

    low = norm.lower()
    mentions = strongest(m for m in gaz.scan(low)
                         if not _inside_ref(m, low) and not _head_of_title(m, low, gaz.task_titles))
    refs = [(int(next(g for g in m.groups() if g)), m.start(), m.end()) for m in TASK_REF.finditer(norm)]
    said = quantities.find_hours(norm)
    hours = stated_hours(said)
    money = [f for f in quantities.find_money(norm) if not _overlaps(f, hours)] or spent(norm)
    ctx = entities.Context(
        text=norm, low=low, lang=sentence_lang(norm, mentions), speaker=actor.handle, today=today,
        mentions=mentions, hours=hours, money=money, scores=quantities.find_score(norm),
        task_refs=refs, known_tasks=gaz.task_ids, task_dues=gaz.task_due,
        dates_fn=_cached(partial(dates.find_dates, region=dates.region_of(actor.timezone))),
        period_fn=_cached(partial(dates.find_period, region=dates.region_of(actor.timezone))),
        client_projects=gaz.client_projects, task_titles=gaz.task_titles,
        client_project_fn=partial(_client_project, gaz, actor.handle, actor.is_admin),
        vague_hours=[f for f in said if f not in hours],
    )
    ctx.masked = mask(ctx)
    return ctx


def _client_project(gaz: Gazetteer, handle: str, admin: bool, client: str, said: str) -> str | None:
    return gaz.client_project(client, said, handle, admin)


# A stretch of the day said as a duration ("一上午" = 4 h, "a full day" = 8 h): a guess, which
# yields to hours stated in numbers in the same message ("搞了一上午…，3小时").
VAGUE_HOURS = re.compile(r"半天|半日|半个工作日|一上午|一下午|整个上午|整个下午|一早上|一整天|整整一天|整天|全天|一天|"
                         r"\b(?:full|whole|entire|all|half)[- ]?(?:a\s+)?day\b", re.IGNORECASE)


def stated_hours(found: list) -> list:
    """The hours of a message; a vague stretch of the day only when no number is said."""
    exact = [f for f in found if not VAGUE_HOURS.fullmatch(f.text.strip())]
    return exact if exact and len(exact) < len(found) else found


def sentence_lang(norm: str, mentions: list[Mention]) -> str:
    """The language of the sentence around the names: "how is 官网改版 going?" is English,
    a name mentions a thing, it is not what the speaker speaks. A message that is only
    names is judged on the names."""
    from intents.extract.text import detect_lang, has_words

    rest, at = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start >= at:
            rest.append(norm[at:m.start])
            at = m.end
    rest.append(norm[at:])
    residue = " ".join(rest)
    return detect_lang(residue if has_words(residue) else norm)


SPENT = re.compile(r"(?:花了|付了|用了|paid|spent|cost(?: me)?)\s*(\d[\d,]*(?:\.\d+)?)(?![\d.]*\s*(?:h|hrs?|hours?|"
                   r"mins?|小时|个|分钟|天|%))", re.IGNORECASE)


# "一共三千六", "总共花了八百": a Chinese number closing the clause after a total or a spending
# verb is the amount (a counted thing, "花了三个小时", has its counter after it and is not).
SPENT_CN = re.compile(rf"(?:一共|总共|共计|合计|花了|付了)\s*({CN_NUMBER})(?=\s*(?:$|[,.;!?。]))")


def spent(norm: str) -> list:
    """ "花了 420", "一共三千六": an amount after a spending verb, currency unstated."""
    from intents.extract.numbers import parse_number
    from intents.extract.text import Found

    found = [Found((float(m.group(1).replace(",", "")), None), m.start(1), m.end(1), m.group(1))
             for m in SPENT.finditer(norm)]
    for m in SPENT_CN.finditer(norm):
        value = parse_number(m.group(1))
        if value is not None and value >= 10:
            found.append(Found((value, None), m.start(1), m.end(1), m.group(1)))
    return found


def _cached(fn: Callable[..., Any]) -> Callable[..., Any]:
    memo: dict = {}

    def call(*args: Any, **kwargs: Any) -> Any:
        k = (args[1:], tuple(sorted(kwargs.items())))
        if k not in memo:
            memo[k] = fn(*args, **kwargs)
        return memo[k]
    return call


def strongest(mentions: Iterable[Mention]) -> list[Mention]:
    """Drop a weak mention ("the governance …") of a project also named outright."""
    found = list(mentions)
    best: dict[tuple[str, object], int] = {}
    for m in found:
        best[(m.kind, m.value)] = max(best.get((m.kind, m.value), 0), m.strength)
    return [m for m in found if m.strength > 1 or best[(m.kind, m.value)] == m.strength]


def _inside_ref(m: Mention, low: str) -> bool:
    return m.kind == "person" and low[max(0, m.start - 1):m.start] == "#"


def _head_of_title(m: Mention, low: str, titles: dict[int, str]) -> bool:
    """A project's short Chinese head ("订房" of 订房系统) that starts a longer part of a task's
    title ("赶订房页面" of 订房页面重构): the longer reading wins, the words name the task's
    work, not the project."""
    if m.kind != "project" or m.strength > 1 or not re.fullmatch(r"[\u4e00-\u9fff]+", m.text):
        return False
    after = low[m.end:m.end + 2]
    return len(after) == 2 and any((at := t.find(m.text)) >= 0 and t.startswith(after, at + len(m.text))
                                   for t in titles.values())


def _overlaps(found: Any, others: Iterable[Any]) -> bool:
    return any(found.start < o.end and o.start < found.end for o in others)


def signals_for(ctx: entities.Context, actor: Actor, gaz: Gazetteer) -> classify.Signals:
    from intents.understanding.slots_tasks import find_progress

    masked = ctx.masked
    money = bool(ctx.money) and (any(f.value[1] for f in ctx.money) or _spent_amount(ctx))
    bare = bool(ctx.money) or bool(re.search(r"\d{2,}", masked))
    return classify.Signals(
        text=ctx.low, masked=masked, lang=ctx.lang, is_contact=actor.is_contact,
        hours=bool(ctx.hours), money=money, bare_number=bare,
        score=bool(ctx.scores), task_ids=[r[0] for r in ctx.task_refs],
        kinds={m.kind for m in ctx.mentions},
        project_like=entities.unknown_project(ctx, loose=False) is not None,
        past_date=any(f.value < ctx.today for f in ctx.dates("future")),
        dates=bool(ctx.dates("future")),
        progress=find_progress(masked) is not None,
        bare=bool(ctx.hours) and not entities.chunks(
            ctx, entities.spans(ctx, {"project", "task", "person", "date"}, entities.noise(ctx))),
    )


def _spent_amount(ctx: entities.Context) -> bool:
    return bool(ctx.money) and bool(re.search(r"花了|付了|paid|cost|spent", ctx.low))


def mask(ctx: entities.Context) -> str:
    """The lower-cased text with named things replaced by placeholders, for the rules."""
    out, at = [], 0
    for m in ctx.mentions:
        if m.kind not in MASK or m.start < at:
            continue
        out.append(ctx.low[at:m.start])
        out.append(MASK[m.kind])
        at = m.end
    out.append(ctx.low[at:])
    return "".join(out)
