"""The third blind set (Kestrel Data Partners), written before its failures were looked at.

`blind3/cases.jsonl` (176 messages, 94 en and 82 zh) covers several entries in one message,
progress that is not completion, negations and state questions that must not write, writes
for another person, approvals and the question families of issue 11. Its first-run score is
in `blind3/README.md`.
"""
from __future__ import annotations

import pytest

from tests.intents.understanding.blind3.scoring import score


@pytest.fixture
def scored(session, now):  # type: ignore[no-untyped-def]
    return score(session, now)


def test_the_third_blind_set_is_understood_in_each_language(scored) -> None:
    groups = scored["groups"]
    assert groups["overall"]["n"] >= 150
    for lang in ("en", "zh"):
        assert groups[lang]["intent_acc"] >= 0.95, lang
        assert groups[lang]["slot_f1"] >= 0.93, lang


def test_no_negation_question_or_report_in_the_third_blind_set_becomes_a_write(scored) -> None:
    assert scored["groups"]["overall"]["unsafe_writes"] == 0


def test_every_further_entry_of_a_message_is_printed_and_none_is_made_up(scored) -> None:
    entries = scored["entries"]
    assert entries["right"] >= 0.9 * entries["written"], entries["wrong"]
    assert entries["made_up"] == 0, entries["wrong"]
