"""Our own held-out set: another firm (a design studio and an engineering shop), other names,
other wording, and out-of-scope chit-chat in both languages, scored like the hidden set.

`heldout/workspace.yaml` and `heldout/heldout.jsonl` follow the conventions of the shared dev
set; the shared scorer scores them. The targets are the hidden set's: intent accuracy >= 95%
per language, slot F1 >= 92%, and no read-only or out-of-scope message read as a write.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.understanding.parse import parse_lines
from intents.understanding.understand import understand
from tests.intents.understanding.dev import score_nlu

HELDOUT = Path(__file__).parent / "heldout"
NOW = datetime.fromisoformat("2026-11-27T10:00:00+08:00")


@pytest.fixture
def studio(session):  # type: ignore[no-untyped-def]
    data = yaml.safe_load((HELDOUT / "workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=NOW, source="heldout/workspace.yaml")
    session.commit()
    return session


@pytest.fixture
def scored(studio, capsys):  # type: ignore[no-untyped-def]
    score = score_nlu
    cases = score.load_jsonl(str(HELDOUT / "heldout.jsonl"))
    lines = [json.dumps({"text": c["text"], "as": c["as"], "now": c["now"]}, ensure_ascii=False)
             for c in cases]
    predictions = list(parse_lines(studio, lines, default_as=None, default_now=NOW))
    groups, per_intent, confusion, details = score.evaluate(cases, predictions)
    with capsys.disabled():
        print()
        score.report(groups, per_intent, confusion, details, n_errors=10)
    return groups


def test_the_held_out_set_meets_the_hidden_set_targets_in_each_language(scored) -> None:
    for lang in ("en", "zh"):
        metrics = scored[lang].metrics()
        assert metrics["n"] >= 150
        assert metrics["intent_acc"] >= 0.95, lang
        assert metrics["slot_f1"] >= 0.92, lang


def test_no_read_only_or_out_of_scope_message_of_the_held_out_set_becomes_a_write(scored) -> None:
    overall = scored["overall"].metrics()
    assert overall["guarded_cases"] >= 160
    assert overall["unsafe_writes"] == 0


def test_the_held_out_set_has_at_least_eighty_out_of_scope_lines_per_language() -> None:
    cases = [json.loads(line) for line in (HELDOUT / "heldout.jsonl").read_text(encoding="utf-8").splitlines()]
    for lang in ("en", "zh"):
        assert sum(c["intent"] == "unknown" and c["lang"] == lang for c in cases) >= 80


def say(session, text: str, who: str = "priya"):  # type: ignore[no-untyped-def]
    return understand(session, text=text, actor=actor_for_handle(session, who), now=NOW)


def test_a_clear_command_with_all_its_slots_needs_no_confirmation(studio) -> None:
    intent = say(studio, "add a task: login page polish for MR-SHOP, due Friday")
    assert intent.intent == "create_task" and intent.confidence >= 0.8


@pytest.mark.parametrize("text", ["log time", "记工时", "3h"])
def test_a_doubtful_write_stays_below_the_confirmation_threshold(studio, text: str) -> None:
    intent = say(studio, text)
    assert intent.intent == "log_time" and intent.confidence < 0.75


def test_two_entries_in_one_message_are_both_read_and_confirmed_first(studio) -> None:
    intent = say(studio, "log 2h on MR-SHOP today and 3h on HT-PLC yesterday", "carla")
    assert intent.slots == {"hours": 2, "date": "2026-11-27", "project": "MR-SHOP"}
    assert intent.more == [{"hours": 3, "date": "2026-11-26", "project": "HT-PLC"}]
    assert intent.confidence < 0.75


def test_pushing_a_task_back_a_week_moves_its_own_due_date(studio) -> None:
    assert say(studio, "#14 延后一周", "wu").slots == {"task": 14, "due": "2026-12-14"}
    assert say(studio, "pull #15 in by two days").slots == {"task": 15, "due": "2026-12-10"}


def test_yi_xia_before_a_weekday_is_not_next_week(studio) -> None:
    assert say(studio, "补录一下周二的工时，#7 6小时", "huang").slots["date"] == "2026-11-24"
