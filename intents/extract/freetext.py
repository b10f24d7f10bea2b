"""Free text in a message (a task's title, a note, a question): what is left once the
structured pieces and the filler words around them are cut away.

Also the shared compile cache for ad-hoc patterns: the stdlib's `re` cache holds 512
patterns and the intent layer uses more, so a miss would recompile on every message.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache


@cache
def _rx(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def search(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """`re.search` with our own unbounded compile cache (the stdlib's holds 512 patterns)."""
    return _rx(pattern, flags).search(text)


def finditer(pattern: str, text: str, flags: int = 0) -> Iterator[re.Match[str]]:
    return _rx(pattern, flags).finditer(text)


def split(pattern: str, text: str, maxsplit: int = 0) -> list[str]:
    return _rx(pattern, 0).split(text, maxsplit)


def fullmatch(pattern: str, text: str) -> re.Match[str] | None:
    return _rx(pattern, 0).fullmatch(text)


PUNCT = r"[\s,，.:：;；\-–—~、!！?？()（）'\"“”/]"
EN_FILLER = (r"on|for|to|in|at|the|a|an|of|and|with|from|by|into|about|task|project|pls|please|log|"
             r"logged|add|put|down|spent|worked|working|did|hours?|hrs?|today|just|also|then|was|"
             r"expense|expenses|est|estimate|due|milestone|i|we|me|my|our|some|its?|is|new|create|"
             r"need|needs|to|do|can|you|u|thanks|thank you|thx|ty|cheers|team|could|would|kindly|logg|logs|"
             r"record|recorded|book|booked|track|tracked|hey|hi|ok|okay|paid|bought|purchased|spent|ordered|"
             r"picked up|hired|took|claim|claiming|want|wanna|like")
# A verb with 了 ("做了3小时", "花了") says that work was done and goes; a bare verb before
# its object ("写SQL", "做首页设计", "搞部署") is what was done, the user's words, and stays.
ZH_FILLER = (r"(?:买|買|订|訂|购|購)(?:了|咗)(?:个|個)|订了|訂了|买咗|買咗|"  # the buying, not the thing bought
             r"请问|一下|补录|(?:做|写|搞|整|弄|花|干)咗|在|上(?![线班午周个次传门网手海面])|给|到|的|了|把|为|于|吧|呢|啊|做了|花了|干了|弄了|"
             r"搞了|写了|都在|在弄|帮我|记一下|记工时|记到|记|"
             r"项目|一笔|费用|报销|买了|共|一共|花(?!钱)|要|申请|请(?![^，,。]{0,6}(?:吃|喝|客))|和|负责|大概|大约|差不多|将近|左右|前|截止|之前|完成|"
             r"里程碑|任务|新建|新增|加个|建个|建|下面|里|工作了|工作|工时|谢谢|多谢")
FILLER = re.compile(rf"^(?:(?:\b(?:{EN_FILLER})\b|{ZH_FILLER}|{PUNCT})+)", re.IGNORECASE)
QUESTION_FILLER = re.compile(rf"^(?:(?:\b(?:on|for|in|at|of|and|pls|please|hey|hi|so)\b|请问|在|的|嘅|里|{PUNCT})+)",
                             re.IGNORECASE)
TITLE_FILLER = re.compile(rf"^(?:(?:\b(?:on|for|to|in|at|of|and|with|by|pls|please|task|project|called|"
                          rf"named|titled)\b|名为|叫做|叫|在|给|到|的|了|为|于|(?:之|以)?前(?=\s*[把将])|吧|呢|啊|帮我|项目|任务|下面|里|"
                          rf"{PUNCT})+)", re.IGNORECASE)
# Filler words left at the end of a phrase; never the end of a hyphenated word ("opt-in", "go-to").
TRAILING = re.compile(
    rf"(?:{PUNCT}|\b(?<!-)(?:on|for|to|in|at|the|a|of|and|by|with|from|due|before|until|pls|please|est|"
    r"estimate|estimated|priority|prio|assign(?:ed)?|assign to)\b|在|给|到|的|了|吧|前|截止|之前|完成|搞定|"
    r"负责|预计|优先级|由|让|花了|花|共|一共|总共|一下|大概|大约|差不多|将近|左右|"
    r"谢谢|多谢|\bthanks\b|\bthx\b|\bthank you\b)+$", re.IGNORECASE)
EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]")


def clean(text: str, filler: re.Pattern[str] = FILLER) -> str:
    text = EMOJI.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = filler.sub("", text.strip())
        text = TRAILING.sub("", text).strip(" \t,，.:：;；-–—~、!！?？()（）'\"“”")
    if not search(r"[A-Za-z0-9]{2,}|[\u4e00-\u9fff]{2,}", text):
        return ""
    return text


def strip_edges(text: str, cut: list[tuple[int, int]]) -> str:
    """Cut structured spans off the ends of a segment (never out of its middle)."""
    lo, hi = 0, len(text)
    moved = True
    while moved and lo < hi:
        moved = False
        for s, e in cut:
            if s >= hi or e <= lo:
                continue
            if s <= lo or _only_filler(text[lo:s]):
                lo, moved = max(lo, e), True
            elif e >= hi or _only_filler(text[e:hi]):
                hi, moved = min(hi, s), True
    return text[lo:hi] if lo < hi else ""


def _only_filler(gap: str) -> bool:
    return not gap.strip() or not FILLER.sub("", gap.strip()) or not TRAILING.sub("", gap.strip())
