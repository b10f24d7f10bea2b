"""The fourth blind set (Saltmarsh Engineering, issue 13), in its tuning and held-out parts.

`blind4/cases.jsonl` (327 messages, 161 en and 166 zh with code-switched and Cantonese ones)
covers status without a verb, yes/no task-list questions, documents named with a project,
skills, purchases as expenses, staying late as overtime, long notes, and private reminders,
to-dos and calendar items that must not write. First run: `blind4/FIRST_RUN.md`. The held-out
part's misses are never printed; its floor here is what it scores, so a change that loses
ground on messages nobody tuned on fails.
"""
from __future__ import annotations

import pytest

from tests.intents.understanding.blind4.scoring import score


@pytest.fixture
def scored(session, now):  # type: ignore[no-untyped-def]
    return score(session, now)


def test_the_fourth_blind_set_is_understood_in_each_language(scored) -> None:  # type: ignore[no-untyped-def]
    groups = scored["all"]["groups"]
    assert groups["overall"]["n"] >= 300
    for lang in ("en", "zh"):
        assert groups[lang]["intent_acc"] >= 0.97, lang
        assert groups[lang]["slot_f1"] >= 0.94, lang


def test_the_held_out_part_keeps_its_score(scored) -> None:  # type: ignore[no-untyped-def]
    groups = scored["heldout"]["groups"]
    assert groups["en"]["intent_acc"] >= 0.98 and groups["zh"]["intent_acc"] >= 0.95
    assert groups["overall"]["slot_f1"] >= 0.93


def test_no_question_reminder_or_chit_chat_of_the_tuning_part_becomes_a_write(scored) -> None:  # type: ignore[no-untyped-def]
    assert scored["tuning"]["groups"]["overall"]["unsafe_writes"] == 0
    # held out: one unsafe write of 89 remains (first run: 3), left unread so the part stays blind
    assert scored["heldout"]["groups"]["overall"]["unsafe_writes"] <= 1
