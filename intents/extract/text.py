"""Text normalisation and language detection, the first step of understanding a message.

Every other primitive of the intent layer (numbers, hours, money, dates) and the classifier
work on the string returned by `normalise`, and every offset they report points into it.
Normalising once means Traditional characters (幫我, 下週, 小時), full-width digits and
punctuation (３ｈ，) and stray whitespace never need special cases further down.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Generic, Literal, TypeVar

T = TypeVar("T", covariant=True)  # frozen: a Found[float] is a Found[object]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
# A word that reads as English prose: contains a lower-case letter (so codes such as
# ACME-WEB, UAT or HX-CRM, frequent in Chinese messages, do not count as English words).
_LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z']*")
_SINGLE_LETTER_UNITS = re.compile(r"(?<=\d)[a-z]+\b")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from a span of the normalised text; `text` is that span."""

    value: T
    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """Return the canonical form of a message that all parsing works on.

    NFKC folds full-width forms (３ｈ → 3h, ￥ → ¥, ， → ,); Traditional Chinese becomes
    Simplified so one grammar serves both; runs of whitespace become one space. Case is
    kept: titles and notes are copied from this text.
    """
    out = unicodedata.normalize("NFKC", text or "")
    if _HAN.search(out):
        out = _to_simplified(out)
    out = _TYPO.sub(lambda m: _TYPOS[m.group(0).lower()], out)
    return _SPACE.sub(" ", out).strip()


# Misspellings of the command words themselves, frequent in fast typing: one fix here and every
# rule downstream reads the intended word ("creat task …", "reasign #6 to kai").
_TYPOS = {"creat": "create", "craete": "create", "crete": "create", "cretae": "create",
          "reasign": "reassign", "re-assign": "reassign", "asign": "assign", "assing": "assign",
          "aprove": "approve", "approv": "approve", "rejct": "reject", "buget": "budget",
          "budjet": "budget", "stauts": "status", "statsu": "status", "taks": "task", "tsak": "task"}
_TYPO = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, _TYPOS)) + r")(?![\w-])", re.IGNORECASE)


def _to_simplified(text: str) -> str:
    return text.translate(_simplified_table())


@cache
def _simplified_table() -> dict[int, str]:
    """zhconv's Traditional→Simplified character table, read straight from its data file.

    Importing zhconv itself compiles phrase regexes for ~0.2 s, which is most of a one-shot
    `pmbot parse`; chat needs the characters (幫→帮, 週→周, 進→进), not the phrase rules.
    """
    import json
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("zhconv")  # locates the package without running its slow __init__
    assert spec is not None and spec.origin is not None, "zhconv is a dependency of pmbot"
    data = json.loads((Path(spec.origin).parent / "zhcdict.json").read_text(encoding="utf-8"))
    return str.maketrans({k: v for k, v in data["zh2Hans"].items() if len(k) == 1})


def detect_lang(text: str) -> Literal["en", "zh"]:
    """The main language of a message, which may mix both.

    Han characters are weighed against English words: "帮我log 3h 到官网改版" is Chinese,
    "create a task for bob, due 下个月5号" is English. Codes in capitals (ACME-WEB),
    units glued to numbers (3h) and emoji do not vote; a message with no words is English.
    """
    han = len(_HAN.findall(text))
    if not han:
        return "en"
    words = len(_LATIN_WORD.findall(_SINGLE_LETTER_UNITS.sub("", text)))
    return "zh" if han >= words else "en"


def has_words(text: str) -> bool:
    """Whether any Chinese character or English word is left to judge a language by."""
    return bool(_HAN.search(text) or _LATIN_WORD.search(_SINGLE_LETTER_UNITS.sub("", text)))


def warm_up() -> None:
    """Load the Traditional→Simplified dictionary now rather than on the first message."""
    _to_simplified("幫")
