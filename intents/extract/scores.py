"""Satisfaction scores on the 1-5 scale, as clients give them in chat.

"4/5", "4 out of 5", "5 stars", ⭐⭐⭐⭐, "rate it 4", "I'd give it a 4"; 5分, 打4分, 给个5星,
给满分. A score out of ten or a hundred is brought to the 1-5 scale (8/10 → 4). Minutes
(1小时30分), times (3点20分) and 十分满意 ("very satisfied") are not scores, and a scale
stated on its own (满分5分, "out of 5") is not a score either.

A number written with a minus ("rate -3", "打-2分", "给负3分", "−2/10") is a negative score,
never its absolute value: it is kept as said (on no scale) so that it is refused with the
range, rather than stored as 3 or 2.
"""
from __future__ import annotations

import re

from intents.extract.hours import _CNUM, _NUM_START, L, R, Value, find_hours, number
from intents.extract.numbers import CN_NUMBER, EN_NUMBER
from intents.extract.spans import overlaps, select
from intents.extract.text import Found

_c = re.compile
_SCORE_NUM = rf"(\d+(?:\.\d+)?|{EN_NUMBER})"
_NOT_QUANTITY = r"(?![\d/.%:])(?!\s*(?:h|hrs?|hours?|mins?|minutes?|days?|weeks?|%)(?![A-Za-z]))"
_ZH_CUE = _c(r"打|给|评|得|分数|是|:")


def _scaled(n: float | None, scale: float = 5) -> float | None:
    if n is None or n <= 0 or n > scale:
        return None
    return round(n * 5 / scale, 2) if scale != 5 else n


def _bare(n: float | None) -> float | None:
    """A bare number: on 1–5 when it fits, else on 0–10 ("give it a 9" = 4.5); a name's
    digits ("Dashboard v1") never reach here."""
    if n is not None and 5 < n <= 10:
        return _scaled(n, 10)
    return _scaled(n)


def _slash_score(m: re.Match[str]) -> float | None:
    return _scaled(number(m[1]), number(m[2]) or 5)


def _zh_points(m: re.Match[str]) -> float | None:
    n = number(m[2])
    if n is None or (not _ZH_CUE.search(m[1] or "") and not re.fullmatch(r"[\d.]+", m[2])):
        return None  # 十分满意 means "very satisfied", not 10 points
    for scale in (5, 10, 100):
        if n <= scale:
            return _scaled(n, scale)
    return None


def _stars(m: re.Match[str]) -> float | None:
    return _scaled(float(len(re.sub(r"[^⭐★🌟]", "", m[0]))))


_SCORE_RULES: list[tuple[re.Pattern[str], Value]] = [
    (_c(rf"{_NUM_START}(\d+(?:\.\d+)?)\s*/\s*(5|10|100)(?![\d/])"), _slash_score),
    (_c(rf"{L}{_SCORE_NUM}\s+(?:out\s+of|of)\s+(5|10|five|ten){R}", re.IGNORECASE), _slash_score),
    (_c(rf"{L}{_SCORE_NUM}\s*-?\s*stars?{R}", re.IGNORECASE), lambda m: _scaled(number(m[1]))),
    (_c(r"(?:[⭐★🌟]\ufe0f?)+"), _stars),
    (_c(rf"(?:给|打|评)\s*(?:个|了)?\s*({_CNUM})\s*颗?\s*星"), lambda m: _scaled(number(m[1]))),
    (_c(rf"(?<![点时\d])({_CNUM})\s*颗?\s*星(?:好评|评价)?(?!期)"), lambda m: _scaled(number(m[1]))),
    (_c(r"(?:给|打|评|拿)\s*(?:个|了)?\s*满分"), lambda m: 5.0),
    (_c(rf"(?<![点时\d.])((?:打|给|评|得|分数|是|:)[^\d\s分,.!?。]{{0,4}}?)?\s*(?:个|了)?\s*"
        rf"(\d+(?:\.\d+)?|{CN_NUMBER})\s*分(?![钟析配布享开别数期])"), _zh_points),
    (_c(rf"{L}(?:rate|rated|rating|score|scored|grade)(?![A-Za-z])[^\d\n]{{0,30}}?(?<![#A-Za-z\-])"
        rf"(\d{{1,2}}(?:\.\d)?){_NOT_QUANTITY}(?!\s*(?:out\s+of|/))", re.IGNORECASE),
     lambda m: _bare(number(m[1]))),
    (_c(rf"{L}(?:give|gave|giving)\s+(?:[A-Za-z']+\s+){{0,6}}?an?\s+(\d{{1,2}}(?:\.\d)?){_NOT_QUANTITY}",
        re.IGNORECASE), lambda m: _bare(number(m[1]))),
    # A negative score ("rate -3") is kept as said, so that it is refused rather than read as 3.
    (_c(rf"(?:\brate|\brated|\brating|\bscore|\bgrade|\bgive|\bgave|打|给|评)(?:[^\d\n\-−–负]|[-−–](?!\s?\d)){{0,24}}?"
        rf"((?:[-−–]|负)\s?(?:\d+(?:\.\d+)?|{CN_NUMBER}))(?!\d)", re.IGNORECASE),
     lambda m: _negative(m[1])),
]
# A minus sign right before a number ("-2", "− 2", "负2"), not a range ("1-5") or a name ("v1-2").
_MINUS = _c(rf"(?<![A-Za-z0-9_.])(?:[-−–]|负)\s?(\d+(?:\.\d+)?|{CN_NUMBER})")


def _negative(said: str) -> float | None:
    n = number(re.sub(r"^(?:[-−–]|负)\s?", "", said))
    return -abs(n) if n else None


def _signed(found: Found[float], text: str) -> Found[float]:
    """A score whose number carries a minus is that negative number, as said."""
    for m in _MINUS.finditer(text):
        if found.start <= m.start(1) < found.end and found.value > 0:
            value = _negative(m[0])
            if value is not None:
                start = min(found.start, m.start())
                return Found(value, start, found.end, text[start:found.end])
    return found
# A scale stated alone ("满分5分", "out of 5") is not a score.
_SCALES = _c(r"满分\s*(?:是)?\s*(?:\d+|[五十])\s*分?|(?<![\d\s])\s*out\s+of\s+(?:5|10)|(?:1|一)\s*(?:-|到|至)\s*(?:5|"
             r"五)\s*分", re.IGNORECASE)


def find_score(text: str) -> list[Found[float]]:
    """Satisfaction scores on the 1-5 scale, in text order."""
    found = []
    for pattern, value in _SCORE_RULES:
        for m in pattern.finditer(text):
            v = value(m)
            if v is not None:
                found.append(Found(float(v), m.start(), m.end(), m[0]))
    taken: list[Found[object]] = [*find_hours(text)]
    taken += [Found(None, m.start(), m.end(), "") for m in _SCALES.finditer(text)]
    return [_signed(f, text) for f in select(found) if not overlaps(f, taken)]
