"""Amounts of money in chat: "¥1,200", "1200元", "800块", "$45.50", "300 eur", "3.2k cny",
"三千块", "1.5万元", and bare amounts ("花了 420", "2k") with no currency.

A bare number is money only when nothing else explains it: hours, dates, times of day,
task ids (#4), percentages, scores, counted things ("2 nights", 两块硬盘, "request 5") and
codes glued to letters (Q1, v2) are all set aside first. Currencies are ISO 4217;
元/块/人民币/rmb/¥ are CNY.
"""
from __future__ import annotations

import re

from intents.extract.dates import scan
from intents.extract.hours import find_hours
from intents.extract.numbers import CN_NUMBER, DIGITS, parse_number
from intents.extract.scores import find_score
from intents.extract.spans import overlaps as _overlaps
from intents.extract.spans import select as _select
from intents.extract.text import Found

_CURRENCY_WORDS = {
    "元": "CNY", "块钱": "CNY", "块": "CNY", "蚊": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY",
    "¥": "CNY", "usd": "USD", "us$": "USD", "$": "USD", "dollars": "USD", "dollar": "USD",
    "bucks": "USD", "美元": "USD", "美金": "USD", "刀": "USD", "eur": "EUR", "euro": "EUR",
    "euros": "EUR", "€": "EUR", "欧元": "EUR", "gbp": "GBP", "£": "GBP", "pounds": "GBP",
    "英镑": "GBP", "jpy": "JPY", "yen": "JPY", "日元": "JPY", "円": "JPY", "hkd": "HKD",
    "hk$": "HKD", "港币": "HKD", "港元": "HKD", "sgd": "SGD", "s$": "SGD", "新币": "SGD",
    "新加坡元": "SGD", "aud": "AUD", "a$": "AUD", "澳元": "AUD", "cad": "CAD", "c$": "CAD",
    "加元": "CAD", "chf": "CHF", "twd": "TWD", "ntd": "TWD", "nt$": "TWD", "台币": "TWD",
    "新台币": "TWD", "krw": "KRW", "韩元": "KRW", "yuan": "CNY", "kuai": "CNY", "rmb¥": "CNY",
}
_SUFFIX = ("新加坡元|新台币|人民币|块钱|美元|美金|欧元|英镑|日元|港币|港元|新币|澳元|加元|台币|韩元"
           "|元|块|蚊|円|刀|€|\\$|¥|£|rmb|cny|yuan|kuai|usd|dollars?|bucks|eur|euros?|gbp|pounds|jpy|yen"
           "|hkd|sgd|aud|cad"
           "|chf|twd|ntd|krw")
_PREFIX = r"us\$|hk\$|nt\$|s\$|a\$|c\$|\$|¥|€|£|rmb|cny|usd|eur|gbp|jpy|hkd|sgd|aud|cad|chf"
_AMOUNT = rf"({DIGITS})(?:\s*([kK万千])(?![A-Za-z]))?"
_START = r"(?<![A-Za-z0-9_.#/:,-])"
# A currency word makes the number money even right after a comma: NFKC folds the Chinese
# "，" into ",", so "授权，1500块" arrives as "授权,1500块" (a digit before the comma is a
# thousands group, "1,200元", and stays excluded).
_START_MARKED = r"(?<![A-Za-z0-9_.#/:-])(?<!\d,)"
_c = re.compile
_PREFIXED = _c(rf"(?<![A-Za-z])({_PREFIX})\s*{_AMOUNT}(?![\d.])", re.IGNORECASE)
_SUFFIXED = _c(rf"{_START_MARKED}(?:{_AMOUNT}|({CN_NUMBER}))\s*({_SUFFIX})(?![A-Za-z])", re.IGNORECASE)
_BARE = _c(rf"{_START}{_AMOUNT}(?![A-Za-z0-9_%/:.])(?!\s*[-~]\s*\d)")
_TIME = _c(r"\d{1,2}:\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])"
           r"|[\d一二三四五六七八九十两]+\s*点(?:\s*[\d一二三四五六七八九十]+\s*分?|半|钟)?"
           r"|#\s*\d+|\d+(?:\.\d+)?\s*%", re.IGNORECASE)
_COUNTER = _c(r"\s*(?:个|张|次|晚|天|人|台|件|本|份|位|名|条|页|周|月|年|号|日|点|分|秒|小时|岁|楼|层"
              r"|期|轮|套|间|项|家|瓶|杯|盒|箱|辆|部|支|双|趟|场|节|门|颗|只|袋|包|幅|稿|版|遍)")
_NEXT_WORD = _c(r"\s+([A-Za-z]+)")
_MONEY_WORDS = {"for", "on", "to", "in", "at", "with", "from", "yesterday", "today", "tomorrow",
                "last", "this", "and", "by", "paid", "spent", "total", "incl", "including", "via",
                "plus", "tax", "each", "per", "cash", "expense", "expenses", "pls",
                "please", "the", "of", "ok", "approx"}
_BEFORE_ID = _c(r"(?:request|req|task|ticket|no\.?|number|id|version|ver|round|sprint|phase"
                r"|room|floor|step|item|page|line|申请|任务|第|编号)\s*$", re.IGNORECASE)


def _amount(digits: str | None, mult: str | None, cn: str | None = None) -> float | None:
    value = parse_number(cn) if cn else parse_number((digits or "") + (mult or ""))
    return value if value is not None and value > 0 else None


def _currency(word: str) -> str | None:
    return _CURRENCY_WORDS.get(word.lower())


def _counted_block(m: re.Match[str], text: str) -> bool:
    """两块移动硬盘: 块 counting things, not yuan — a small number followed by a noun."""
    if m[4] not in ("块",) or (value := _amount(m[1], m[2], m[3])) is None or value >= 20:
        return False
    after = text[m.end():m.end() + 1]
    return bool(after) and "\u4e00" <= after <= "\u9fff" and after != "钱"


def find_money(text: str) -> list[Found[tuple[float, str | None]]]:
    """Amounts with their ISO currency (None when unstated), in text order."""
    found: list[Found[tuple[float, str | None]]] = []
    for m in _PREFIXED.finditer(text):
        if (value := _amount(m[2], m[3])) is not None:
            found.append(Found((value, _currency(m[1])), m.start(), m.end(), m[0]))
    for m in _SUFFIXED.finditer(text):
        if (value := _amount(m[1], m[2], m[3])) is not None and not _counted_block(m, text):
            found.append(Found((value, _currency(m[4])), m.start(), m.end(), m[0]))
    taken = _taken_spans(text)
    for m in _BARE.finditer(text):
        f: Found[tuple[float, str | None]] = Found((_amount(m[1], m[2]) or 0.0, None), m.start(),
                                                   m.end(), m[0])
        if f.value[0] > 0 and not _overlaps(f, found) and _bare_is_money(m, text, taken):
            found.append(f)
    explicit = [f for f in found if not _overlaps(f, taken) or f.value[1] is not None]
    return _select(explicit)


def _taken_spans(text: str) -> list[Found[object]]:
    """Spans already explained as something other than money."""
    spans: list[Found[object]] = [*find_hours(text), *find_score(text)]
    spans += [Found(None, t.start, t.end, "") for t in scan(text)]
    spans += [Found(None, m.start(), m.end(), "") for m in _TIME.finditer(text)]
    return spans


def _bare_is_money(m: re.Match[str], text: str, taken: list[Found[object]]) -> bool:
    if _overlaps(Found(None, m.start(), m.end(), ""), taken):
        return False
    if _BEFORE_ID.search(text[max(0, m.start() - 12):m.start()]):
        return False
    rest = text[m.end():]
    if m[2] is None and _COUNTER.match(rest):
        return False
    word = _NEXT_WORD.match(rest)
    return word is None or word[1].lower() in _MONEY_WORDS
