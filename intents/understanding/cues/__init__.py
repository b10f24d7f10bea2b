"""Cue words per language, joined into the patterns the classifier's rules read.

Each language is one table (`en.py`, `zh.py`): cue name → an alternation of that language's
words for it. A rule reads every language's words at once (people mix them: "帮我log 3h",
"how is 官网改版 going?"), so `cue(name)` joins the entries of all tables. A third language is
a new table listed in `LANGUAGES`, with an entry for each cue (empty where it has no words);
`tests/intents/understanding/test_registry.py` checks every table has every cue.
"""
from __future__ import annotations

import re
from importlib import import_module

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
