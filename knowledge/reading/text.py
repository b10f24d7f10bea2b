"""Words for the lexical index, the language of a text, and its sentences.

Chinese has no spaces, so CJK runs go through jieba (search mode, which also yields the
shorter words inside long compounds: a question says 合同, the contract says 合同条款);
Latin text is lower-cased words with English stop words dropped and a light suffix strip
so that "payments" finds "payment". Numbers are kept: they are the one thing a Chinese
question and an English passage often share.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[.'][a-z0-9]+)*", re.IGNORECASE)
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-Z0-9\"“(])|\n+")

EN_STOP = frozenset(
    """a an and are as at be been being but by can could did do does doing for from had has
    have having he her hers him his how i if in into is it its itself me my of off on or our
    ours out over own she should so than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours about above after again against all am any because
    before below between both down during each few further here just more most no nor not now
    once only other same some such s t don must shall""".split()
)
ZH_STOP = frozenset(
    """的 了 是 在 和 与 及 或 也 都 就 而 被 把 对 从 向 于 以 之 其 这 那 个 些 有 没有 我 你 他 她
    它 我们 你们 他们 什么 哪 哪些 哪个 吗 呢 吧 啊 么 怎么 怎样 如何 为什么 多少 几 谁 是否 请 问
    一个 中 上 下 时 后 前 会 能 可以 要 该 将 由 为 所 年 月 日""".split()
)


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


def language_of(text: str) -> str:
    """`zh` when Chinese characters are at least a fifth of the letters, else `en`."""
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(_LATIN_CHAR.findall(text))
    return "zh" if cjk and cjk * 5 >= (cjk + latin / 4) else "en"


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba over a memory-mapped copy of its dictionary (knowledge/reading/zhdict.py):
    the same words, without loading half a million of them into a dict."""
    from knowledge.reading.zhdict import tokenizer

    return tokenizer()


def preload_chinese() -> None:
    """Open jieba's dictionary on a background thread: a one-shot command with a Chinese
    question starts it first and does the rest meanwhile."""
    import threading

    threading.Thread(target=_jieba, name="pmbot-jieba", daemon=True).start()


def _stem(word: str) -> str:
    """A deliberately tiny English stemmer: plural and common verb endings only."""
    if len(word) == 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # days, pays, fees
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """The lexical index's words for a text, in order, stop words removed."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if is_cjk(run[0]):
            out.extend(w for w in _jieba().lcut_for_search(run) if w not in ZH_STOP)
        else:
            word = run.lower()
            if word not in EN_STOP:
                out.append(_stem(word))
    return out


def sentences(text: str) -> list[str]:
    """Split a passage into sentences, for Chinese (。！？；) and English punctuation."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if p and any(ch.isalnum() for ch in p)]
