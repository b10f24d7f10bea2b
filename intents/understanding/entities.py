"""What a message names and states, resolved: the `Context` of one message and the
entity readers every intent shares (project, people, task, dates, priority, free-text cuts).

A mention that names nothing known goes to `unresolved`, under the slot's name, as written.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from intents.extract.freetext import FILLER, clean, finditer, search, split
from intents.understanding.cues import values
from intents.understanding.gazetteer import Mention

FIRST_PERSON = re.compile(r"\b(my|mine|myself|i|i'm|i've|i'd|i'll)\b|(?<!show )(?<!give )(?<!tell )"
                          r"(?<!let )\bme\b|(?<!发)(?<!给)(?<!诉)我(?!们)|"
                          r"自己", re.IGNORECASE)  # 发我/给我/告诉我: the recipient
ZH_NOT_NAME = {"我们", "我们的", "这个", "那个", "哪个", "所有", "各", "全部", "各个", "每个", "这", "那", "的"}
PRIORITY_WORDS = values("priority")
TIME_OF_DAY = re.compile(r"this (morning|afternoon|evening)|tonight|今晚|晚上|上午|下午|早上|中午|"
                         r"\b(?:tomorrow|today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+"
                         r"(?:morning|afternoon|evening|night)\b|"
                         r"\b(eod|pls|please|asap)\b|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


@dataclass
class Context:
    text: str                          # normalised, case kept
    low: str
    lang: str
    speaker: str
    today: date
    mentions: list[Mention]
    hours: list[Any] = field(default_factory=list)       # Found[float]
    money: list[Any] = field(default_factory=list)       # Found[(amount, currency)]
    scores: list[Any] = field(default_factory=list)      # Found[float]
    task_refs: list[tuple[int, int, int]] = field(default_factory=list)  # (id, start, end)
    known_tasks: set[int] = field(default_factory=set)
    task_dues: dict[int, date] = field(default_factory=dict)
    dates_fn: Callable[..., list[Any]] | None = None
    period_fn: Callable[..., Any] | None = None
    choices: dict[str, list[Any]] = field(default_factory=dict)  # ambiguous mentions, by slot
    masked: str = ""                   # `low` with named things replaced by <project>, …
    client_projects: dict[str, list[str]] = field(default_factory=dict)
    # (client, words said) → the one project a client named in passing stands for, for the speaker
    client_project_fn: Callable[[str, str], str | None] | None = None
    named_spans: list[tuple[int, int]] = field(default_factory=list)  # "星河项目": cut from notes
    task_titles: dict[int, str] = field(default_factory=dict)  # open to the asker, key()-normalised
    vague_hours: list[Any] = field(default_factory=list)  # "一上午" beside "3小时": cut, not counted

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    def dates(self, prefer: str) -> list[Any]:
        return self.dates_fn(self.text, self.today, prefer=prefer) if self.dates_fn else []

    def period(self, prefer: str | None = None) -> Any:
        return self.period_fn(self.text, self.today, prefer=prefer) if self.period_fn else None


def pick(pairs: list[tuple[str, str]], text: str) -> str | None:
    for value, pattern in pairs:
        if search(pattern, text, re.IGNORECASE):
            return value
    return None


def project(ctx: Context, out: dict, unresolved: dict, *, clients: bool = True) -> None:
    """The project named; `clients=False` where a client named is a slot of its own (a report
    on a client is not a report on its project)."""
    found = sorted(ctx.of("project"), key=lambda m: (-m.strength, m.start))
    if found:
        out["project"] = found[0].value
        if found[0].alternatives:
            ctx.choices["project"] = [found[0].value, *found[0].alternatives]
        return
    by_client = client_project(ctx)
    if by_client:
        out["project"] = by_client
        return
    name = unknown_project(ctx)
    if name:
        unresolved["project"] = name
        return
    by_client = client_in_passing(ctx) if clients else None
    if by_client:
        out["project"] = by_client


def client_in_passing(ctx: Context) -> str | None:
    """ "out to the tidewater terminal for the site walk", "开鼎盛的需求会": a client named
    in passing stands for its one open project the speaker works on (see
    `Gazetteer.client_project`); the name stays in the note, it is what the note is about.
    A task or milestone named already places the message ("#7 跟鼎盛对接口"): the client is
    then whom the work was with, not a project slot the message states."""
    if ctx.client_project_fn is None or ctx.task_refs or ctx.of("task") or ctx.of("milestone"):
        return None
    found = {ctx.client_project_fn(m.value, m.text) for m in ctx.of("client")}
    return found.pop() if len(found) == 1 else None


def client_project(ctx: Context) -> str | None:
    """ "the Phoenix project", "星河项目", "星河那个项目": a client named as a project, when it has only one."""
    for m in ctx.of("client"):
        codes = ctx.client_projects.get(m.value, [])
        after = search(r"^\s*(?:那个|这个|那边的?|的)?\s*(?:项目|project)", ctx.low[m.end:])  # 鼎盛那个项目
        if len(codes) == 1 and (after or ctx.low[:m.start].endswith("project ")):
            ctx.named_spans.append((m.start, m.end + (after.end() if after else 0)))
            return codes[0]
    return None


def unknown_project(ctx: Context, *, loose: bool = True) -> str | None:
    """A project named but unknown: "Zeta项目", "project Zeta", "ZX-9"; loosely also "on Zeta"."""
    m = search(r"([A-Za-z][\w-]{1,30}|[\u4e00-\u9fff]{2,8})\s*项目", ctx.text)
    if m:
        name = split(r"[在给到对为把帮跟和从]|[今昨明前后]天|上周|本周|这周|下周", m.group(1))[-1]
        if len(name) >= 2 and name not in ZH_NOT_NAME and not search(
                r"[这那哪各该此们的个我你他她看每]|所有|全部|其他", name):
            return name
    m = search(r"\bproject\s+([A-Z][\w-]+)|\b([A-Z][A-Za-z0-9]+)\s+project\b", ctx.text)
    if m:
        return m.group(1) or m.group(2)
    m = search(r"\b([A-Z]{2,}[A-Z0-9]*-[A-Z0-9]+)\b", ctx.text)
    if m or not loose:
        return m.group(1) if m else None
    taken = [(x.start, x.end) for x in ctx.mentions] + [(f.start, f.end) for f in ctx.dates("past")]
    for m in finditer(r"\b(?:on|for|to|in|into)\s+(?:the\s+)?([A-Z][A-Za-z0-9-]{2,})\b", ctx.text):
        if ACRONYM_BEFORE_NOUN.match(ctx.text, m.start(1)):
            continue  # "for the ISO audit fee", "for the RFID samples": a thing's kind, not a project
        if m.group(1).lower() not in NOT_PROJECT and not any(
                s < m.end(1) and m.start(1) < e for s, e in taken):
            return m.group(1)
    return None


ACRONYM_BEFORE_NOUN = re.compile(r"[A-Z]{2,6}s?\s+(?!(?:today|tomorrow|yesterday|tonight|this|next|last|on|"
                                 r"for|at|by|from|and|or|pls|please)\b)[a-z]{3,}")
NOT_PROJECT = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "tomorrow", "yesterday", "eod", "me", "it", "this", "that",
    "the", "team", "everyone", "chinese", "english",
})


def people(ctx: Context, slot: str = "person") -> list[str]:
    """Handles of the people named, in order; a shared first name is noted as a choice."""
    found = ctx.of("person")
    if found and found[0].alternatives:
        ctx.choices[slot] = [found[0].value, *found[0].alternatives]
    return list(dict.fromkeys(m.value for m in found))


def first_person(ctx: Context) -> bool:
    return bool(FIRST_PERSON.search(ctx.low))


def task_ref(ctx: Context, out: dict, unresolved: dict, *, titles: bool = True,
             key: str = "task") -> None:
    for task_id, start, _end in ctx.task_refs:
        if task_id in ctx.known_tasks:
            out[key] = task_id
        else:
            unresolved[key] = ctx.text[start:_end]
        return
    if titles:
        found = ctx.of("task")
        if found:
            out[key] = found[0].value


def dates(ctx: Context, prefer: str) -> list[date]:
    return [f.value for f in ctx.dates(prefer)]


def period(ctx: Context, out: dict, prefer: str = "past") -> None:
    p = ctx.period(prefer)
    if p is not None:
        out["start"], out["end"] = p.value
        if p.value[0] == p.value[1]:
            out["end"] = weekday_run(ctx, p.end, p.value[1])
        return
    found = dates(ctx, prefer)
    if found:
        out["start"], out["end"] = min(found), max(found)


WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# "下周一二", "这周四、五", "下礼拜一二三": more days of the same week after a weekday, each
# one digit, never a count or a time ("周五六点", "周一两个小时", "周三四个小时").
WEEKDAY_MORE = re.compile(r"(?:、|和|及)?([一二三四五六日天])(?![点點个個时時号號月次十百千万半\d:：])")
WEEKDAY_HEAD = re.compile(r"(?:周|星期|礼拜|拜)([一二三四五六日天])$")


def weekday_run(ctx: Context, end: int, last: date) -> date:
    """The last day of a run of weekdays said one digit each after a Chinese weekday, or `last`."""
    head = WEEKDAY_HEAD.search(ctx.text[max(0, end - 4):end])
    if head is None:
        return last
    day = WEEKDAY_ZH[head.group(1)]
    at = end
    while (more := WEEKDAY_MORE.match(ctx.text, at)) is not None and WEEKDAY_ZH[more.group(1)] > day:
        last = last + timedelta(days=WEEKDAY_ZH[more.group(1)] - day)
        day, at = WEEKDAY_ZH[more.group(1)], more.end()
    return last


def spans(ctx: Context, kinds: set[str], extra: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The spans of structured pieces, to be cut out of free text."""
    out = [(m.start, m.end) for m in ctx.mentions if m.kind in kinds]
    out += [(f.start, f.end) for f in ctx.hours + ctx.vague_hours] + [(f.start, f.end) for f in ctx.money]
    out += [(f.start, f.end) for f in ctx.scores] + [(s, e) for _i, s, e in ctx.task_refs]
    if "date" in kinds:
        out += [(f.start, f.end) for f in ctx.dates("past")]
        out += [(f.start, f.end) for f in ctx.dates("future")]
        p = ctx.period()
        if p is not None:
            out.append((p.start, p.end))
    out += list(extra)
    return sorted(out)


def chunks(ctx: Context, cut: list[tuple[int, int]],
           filler: re.Pattern[str] | None = None,
           glue: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """The pieces of text between the cut spans, each cleaned of filler at both ends.

    A `glue` span is cut out of the middle of its clause, the words on either side joined:
    "开了[两个小时的]需求澄清会" is one activity, "开了需求澄清会"."""
    pieces: list[tuple[int, str]] = []
    at = 0
    for start, end in cut + [(len(ctx.text), len(ctx.text))]:
        if start > at:
            if pieces and _glued(pieces[-1], at, glue):
                pos, before = pieces[-1]
                pieces[-1] = (pos, before + ctx.text[at:start])
            else:
                pieces.append((at, ctx.text[at:start]))
        at = max(at, end)
    cleaned = []
    for pos, piece in pieces:
        for sub in split(r"\s+[-–—]\s+|[,，;；。!！?？()（）]|:\s|：", piece):
            text = clean(sub, filler or FILLER)
            if text:
                cleaned.append((pos, text))
    return cleaned


def _glued(last: tuple[int, str], at: int, glue: Sequence[tuple[int, int]]) -> bool:
    """The piece `last` ends where a glue span starts, and the next piece starts where it ends."""
    pos, text = last
    return any(s == pos + len(text) and e == at for s, e in glue)


# An amount of time said as an attribute inside a clause: "开了两个小时的会", "写了3h的unit test".
INNER_HOURS_AFTER = re.compile(r"(?:的|嘅)?(?=[\u4e00-\u9fffA-Za-z])")


def inner_hours(ctx: Context) -> list[tuple[int, int]]:
    """Hours said inside a Chinese clause, with the 的 that ties them to the activity: cut out
    of the middle, so the clause around them stays one note ("跟客户开了[两个小时的]评审会")."""
    out = []
    for f in ctx.hours + ctx.vague_hours:
        before = ctx.text[f.start - 1:f.start] if f.start else ""
        after = INNER_HOURS_AFTER.match(ctx.text, f.end)
        if re.fullmatch(r"[\u4e00-\u9fff]", before) and after is not None:
            out.append((f.start, after.end()))
    return out


def noise(ctx: Context) -> list[tuple[int, int]]:
    """Spans that are neither a slot nor free text: times of day, emoji, impossible dates."""
    out = [(m.start(), m.end()) for m in TIME_OF_DAY.finditer(ctx.text)]
    return out + [(s, e) for s, e, _text in invalid_dates(ctx)]


def invalid_dates(ctx: Context) -> list[tuple[int, int, str]]:
    """Day phrases that name no real day ("Feb 30"): reported, never guessed."""
    from intents.extract.dates import scan
    from intents.extract.dates.tokens import DAY_KINDS

    valid = {(f.start, f.end) for f in ctx.dates("past")}
    return [(t.start, t.end, ctx.text[t.start:t.end]) for t in scan(ctx.text)
            if t.kind in DAY_KINDS and t.kind != "eod" and (t.start, t.end) not in valid]


def unresolved_spans(ctx: Context, unresolved: dict) -> list[tuple[int, int]]:
    out = []
    for name in unresolved.values():
        at = ctx.text.find(name)
        if at >= 0:
            tail = search(r"^\s*(项目|project)", ctx.text[at + len(name):], re.IGNORECASE)
            out.append((at, at + len(name) + (tail.end() if tail else 0)))
    return out


def note_after(ctx: Context, kinds: set[str], *, first: bool = False,
               after_structure: bool = True, extra: Sequence[tuple[int, int]] = ()) -> str | None:
    """Free text left once structured pieces are cut: the last (or first) clean chunk."""
    cut = spans(ctx, kinds, noise(ctx) + list(extra) + ctx.named_spans)
    if not cut:
        return None
    glue = inner_hours(ctx) if ctx.lang == "zh" else []
    if glue:
        starts = {s for s, _e in glue}
        cut = sorted([c for c in cut if c[0] not in starts or c in glue] + glue)
    found = chunks(ctx, cut, glue=glue)
    if after_structure:
        after = [(pos, t) for pos, t in found if pos >= cut[0][0]]
        lead = ctx.text[:cut[0][0]]
        if not after and lead.strip() and not search(r"[,，;；:：!！?？]|\s[-–—]\s", lead):
            after = [(0, t) for t in [clean(lead)] if t]  # "code review 2h on X"
        found = after
    if not found:
        return None
    if first:
        return first_clauses(ctx, found)
    return last_clauses(ctx, found) or None


# A clause that is only a period or a rate ("一个月", "每晚"): what the amount is per, not a note.
PER_ONLY = re.compile(r"(?:每|一|半|两|三)?(?:个)?(?:月|年|季度|周|天|晚|日)(?:的|一次)?|每(?:个|台|张|件|人|位|套)?")


def first_clauses(ctx: Context, found: list[tuple[int, str]]) -> str:
    """The first chunk of free text; in Chinese with the clauses that follow it up to the
    amount: "去客户现场部署，来回打车一共花了156元" is one expense told in two clauses."""
    pos0, text0 = found[0]
    if ctx.lang != "zh":
        return text0
    amount_at = min((f.start for f in ctx.money), default=len(ctx.text))
    run = [t for pos, t in found if pos == pos0 or pos0 < pos < amount_at]
    kept = [t for t in run if not TIME_ONLY.fullmatch(t) and not PER_ONLY.fullmatch(t)]
    return "，".join(kept) or text0


def last_clauses(ctx: Context, found: list[tuple[int, str]]) -> str:
    """The last chunk of free text; in Chinese every activity clause: "排查接口超时，最后发现是
    配置问题" is one note told in two clauses, and "跟客户开了评审会，仓储系统，主要讨论编码规则"
    is one told around the project's name. A clause that only says how long ("加了一晚上") is
    hours material, and a clause that is only a name or a date is cut before this."""
    if ctx.lang != "zh":
        return found[-1][1]
    return "，".join(t for _pos, t in found if not TIME_ONLY.fullmatch(t))


# A clause that only says how long or when work went on ("加了一晚上", "忙了一下午", "熬了个通宵"):
# hours material, not a note.
TIME_ONLY = re.compile(r"(?:又|再|一直)?(?:加班?|(?i:ot)|忙|干|搞|弄|做|写|熬|折腾|肝)(?:了|咗)?"
                       r"(?:整整|差不多|大概|快)?(?:一|半|两|大半|整|几)?(?:个)?(?:整)?(?:晚上|晚|夜|下午|上午|早上|中午|白天|天|整天|日|"
                       r"通宵|宵|会儿?|阵子?)?(?:的?班)?"  # the time of day may be cut already
                       r"|(?:加班|忙|干|搞|弄|熬|做)(?:到|至)(?:晚上|凌晨|半夜|夜里)?[\d一二两三四五六七八九十]{1,3}"
                       r"(?:点|點)(?:多|半|钟)?")


def priority_spans(ctx: Context) -> list[tuple[int, int]]:
    pat = (r"\b(?:low|normal|medium|high|urgent)\s*(?:priority|prio)\b|\b(?:priority|prio)\s*[:=]?\s*"
           r"(?:low|normal|medium|high|urgent)\b|\burgent\b|\basap\b|紧急|(?:高|低|普通)优先级|优先级(?:高|低|普通)|"
           r"\bp[0-3]\b|\b\d+(?:\.\d+)?\s*h\s*estimate\b|\best\.?\s*\d+(?:\.\d+)?\s*h\b|预计\s*\S*?小时")
    return [(m.start(), m.end()) for m in finditer(pat, ctx.text, re.IGNORECASE)]


def priority(ctx: Context) -> str | None:
    m = search(r"(?:priority|prio|优先级)[^,，.;；]{0,15}?(low|normal|medium|high|urgent|高|低|普通)"
                  r"|(low|normal|medium|high|urgent|高|低|普通)\s*(?:priority|prio|优先级)", ctx.low)
    if m:
        word = m.group(1) or m.group(2)
        return {"medium": "normal", "高": "high", "低": "low", "普通": "normal"}.get(word, word)
    level = search(r"\bp([0-3])\b", ctx.low)
    if level:
        return ("urgent", "high", "normal", "low")[int(level.group(1))]
    return pick(PRIORITY_WORDS, ctx.low) if search(r"urgent|asap|紧急|加急|调低|调高|不急|优先级|重要",
                                                      ctx.low) else None


ASSIGN_BEFORE = re.compile(r"(?:\bfor|\bto|\bassign(?:ed)?(?: it)? to|@|(?<![发寄递传送告])给|交给|转给|让|指派给|"
                           r"分配给)\s*$")  # 发给/寄给 a person: the recipient, not who does it
ASSIGN_AFTER = re.compile(r"^\s*(?:负责|来做|来负责|跟进)")


# "assign the login page to zed": the thing first, the person at the end of the phrase.
ASSIGN_LATER = re.compile(
    r"\b(?:re)?assign(?:ed)?\b[^,，.;；:：!?]{1,60}?\bto\s+@?([A-Za-z][A-Za-z0-9_.]{1,30})"
    r"(?=\s*(?:$|[,，.;；!?！？]|\b(?:by|on|due|from|starting|please|pls|today|tomorrow|instead)\b))",
    re.IGNORECASE)
NOT_ASSIGNEE = frozenset({"the", "it", "me", "them", "him", "her", "task", "us", "you", "myself",
                          "someone", "somebody", "anyone", "anybody", "whoever", "do", "be"})


REMIND_ME = r"\bremind me\b|提醒我|提我"
ASSIGN_EXPLICIT = re.compile(r"(?:\bassign(?:ed)?(?: it)? to|\bhand (?:it )?to|指派给|分配给|交给|转给|让)\s*$")


def assignee(ctx: Context, out: dict, unresolved: dict, *, create: bool) -> None:
    found = people(ctx, "assignee")
    if found:
        cued = [m.value for m in ctx.of("person")
                if ASSIGN_BEFORE.search(ctx.low[:m.start]) or ASSIGN_AFTER.search(ctx.low[m.end:])]
        if search(REMIND_ME, ctx.low):  # "remind me to send the deck to sam": sam receives it
            cued = [m.value for m in ctx.of("person") if ASSIGN_EXPLICIT.search(ctx.low[:m.start])]
        if cued or not search(REMIND_ME, ctx.low):
            out["assignee"] = (cued or found)[0]
            return
    me = (r"\bremind me\b|提醒我|\bfor me\b|\bto me\b|\bmyself\b|给我(?!建|加|创|新|记|开|做|log|看)|给自己|指派给自己|"
          r"自己负责|我负责|我来|\bi'll take\b|\bi will take\b|\bmine\b")
    if search(me, ctx.low):
        out["assignee"] = ctx.speaker
        return
    m = search(r"(?:assign(?:ed)?(?: it)? to|give (?:it )?to|hand (?:it )?to|给|交给|转给|指派给)\s*@?"
                  r"([A-Za-z][A-Za-z0-9_.]{1,30})", ctx.text)
    m = m or ASSIGN_LATER.search(ctx.text)
    if m and m.group(1).lower() not in NOT_ASSIGNEE:
        unresolved["assignee"] = m.group(1)
