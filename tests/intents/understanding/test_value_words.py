"""Slot-value words are one table per language, and every table says the same values.

A third language is a new `cues/<lang>_values.py`: it must name every lexicon and value the
others name (empty where it has no words), or a value would silently never be read in it.
"""
from __future__ import annotations

import re

import pytest

from intents.understanding import cues
from intents.understanding.entities import pick


def test_every_language_names_the_same_lexicons_values_and_words() -> None:
    first, *others = [cues.value_table(lang) for lang in cues.LANGUAGES]
    for table in others:
        assert {k: list(v) for k, v in table.VALUES.items()} == {k: list(v) for k, v in first.VALUES.items()}
        assert set(table.WORDS) == set(first.WORDS)
        for lexicon, vetoes in table.UNLESS.items():
            assert set(vetoes) <= set(first.VALUES[lexicon])


@pytest.mark.parametrize("lexicon", sorted(cues.value_table("en").VALUES))
def test_every_value_has_words_in_each_language(lexicon: str) -> None:
    for lang in cues.LANGUAGES:
        said = cues.value_table(lang).VALUES[lexicon]
        assert all(said.values()), (lang, lexicon)
        for pattern in said.values():
            re.compile(pattern)


@pytest.mark.parametrize(("text", "lexicon", "value"), [
    ("cab to the airport", "expense_category", "travel"),
    ("坐高铁去客户那边", "expense_category", "travel"),
    ("bought a webcam", "expense_category", "procurement"),
    ("rented a camera for the shoot", "expense_category", None),
    ("租了一台相机", "expense_category", None),
    ("which tasks are stuck", "list_status", "blocked"),
    ("有哪些还没做完的任务", "list_status", None),
    ("show me the margin", "report", "profit"),
    ("满意度报告", "report", "satisfaction"),
])
def test_a_value_is_read_from_either_language_and_a_veto_holds_across_them(
        text: str, lexicon: str, value: str | None) -> None:
    assert pick(cues.values(lexicon), text) == value


def test_a_mixed_message_meets_the_veto_of_the_other_language() -> None:
    assert pick(cues.values("expense_category"), "租 a laptop for the demo") is None
