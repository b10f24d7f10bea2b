"""Cue words per language, joined into the patterns the classifier's rules read.

Each language is one table (`en.py`, `zh.py`): cue name → an alternation of that language's
words for it. A rule reads every language's words at once (people mix them: "帮我log 3h",
"how is 官网改版 going?"), so `cue(name)` joins the entries of all tables. A third language is
a new table listed in `LANGUAGES`, with an entry for each cue (empty where it has no words);
`tests/intents/understanding/test_registry.py` checks every table has every cue.

Words for slot values ("taxi" → category `travel`, 卡住 → status `blocked`) live in a second
table per language (`en_values.py`, `zh_values.py`), joined the same way by `values` and
`words`; a third language adds one of those too.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import import_module
from types import ModuleType

LANGUAGES = ("en", "zh")


def table(lang: str) -> dict[str, str]:
    """One language's cue table."""
    cues: dict[str, str] = import_module(f"intents.understanding.cues.{lang}").CUES
    return cues


def cue(name: str) -> re.Pattern[str]:
    """The pattern of cue `name` in every language, case-insensitive. A cue no table knows is
    a `KeyError` at import of the rules, never a pattern that silently matches nothing."""
    parts = [table(lang)[name] for lang in LANGUAGES]
    return re.compile("|".join(f"(?:{p})" for p in parts if p), re.IGNORECASE)


@cache
def value_table(lang: str) -> ModuleType:
    """One language's slot-value words: its `VALUES`, `UNLESS` and `WORDS`."""
    return import_module(f"intents.understanding.cues.{lang}_values")


def _either(parts: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in parts if p)


@cache
def values(lexicon: str) -> list[tuple[str, str]]:
    """(value, pattern) pairs of `lexicon` in reading order (the first language's), each
    pattern every language's words for the value; a value some language vetoes ("rent a
    laptop", 租) is read only in a message without the veto words."""
    tables = [value_table(lang) for lang in LANGUAGES]
    pairs = []
    for value in tables[0].VALUES[lexicon]:
        said = _either([t.VALUES[lexicon][value] for t in tables])
        unless = _either([t.UNLESS.get(lexicon, {}).get(value, "") for t in tables])
        pairs.append((value, f"^(?!.*(?:{unless})).*(?:{said})" if unless else said))
    return pairs


@cache
def words(name: str) -> str:
    """Every language's phrase pattern `name` of the slot fillers, as one group."""
    return f"(?:{_either([value_table(lang).WORDS[name] for lang in LANGUAGES])})"
