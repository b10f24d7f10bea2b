"""Every intent of the registry is complete: one `IntentSpec` says all, and all of it holds.

A new intent that forgets its handler, names a slot its filler never fills (or fills one it
does not declare), requires a slot it does not have, has cue words in one language only, or is
missing from docs/contract.md fails here, not in front of a user as a silent "unknown".
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.handlers.dispatch import handler_for
from intents.understanding import cues
from intents.understanding.registry import IntentSpec, classified, learned_reads, spec, specs
from intents.understanding.schema import Intent
from intents.understanding.understand import read_command, understand

ROOT = Path(__file__).resolve().parents[3]
DEV = Path(__file__).parent / "dev"
# Each conversation command said once in each language: its grammar must read both.
COMMAND_EXAMPLES = {
    "undo": {"en": "undo that", "zh": "撤销刚才的操作"},
    "rate": {"en": "rate WEB 9 #m3 great work", "zh": "评分 WEB 八 太慢了"},
    "notification_preferences": {"en": "don't remind me on fridays", "zh": "不要再发周报"},
    "comment_document": {"en": "comment on the SOW: add hosting costs", "zh": "在SOW上评论：验收期限写清楚"},
    "show_comments": {"en": "comments on the SOW?", "zh": "SOW的评论"},
}
ALL = [pytest.param(s, id=s.name) for s in specs()]


@pytest.mark.parametrize("entry", ALL)
def test_every_intent_has_a_handler_that_dispatch_finds(entry: IntentSpec) -> None:
    assert callable(handler_for(entry.name))


def test_an_intent_not_in_the_registry_is_an_error_not_a_silent_unknown() -> None:
    with pytest.raises(LookupError):
        handler_for("delete_evrything")
    with pytest.raises(ValueError):
        Intent(intent="log_tiem")


@pytest.mark.parametrize("entry", ALL)
def test_required_slots_are_slots_of_the_intent_and_a_write_is_said_so(entry: IntentSpec) -> None:
    assert set(entry.required) <= set(entry.slots)
    assert not set(entry.internal) & set(entry.slots)
    assert isinstance(entry.write, bool)
    assert entry.date_slot is None or entry.date_slot in entry.slots
    assert (entry.rule is None) != (entry.command is None)  # read by the classifier, or a grammar
    assert not entry.needs_project or entry.write


def test_the_learned_second_opinion_decides_only_reads_the_rules_and_the_model_know() -> None:
    from intents.understanding.learned import model

    learned = [s for s in specs() if s.learned]
    assert learned, "no intent is left to the learned second opinion"
    for entry in learned:
        assert not entry.write, f"{entry.name}: the learned model may never decide a write"
        assert entry.rule is not None and entry.name != "unknown", entry.name
        assert entry.name in model.info()["classes"], f"{entry.name} is not a class of the shipped model"
    assert learned_reads() == {s.name for s in learned}


def test_what_never_writes_is_not_a_write() -> None:
    assert [s.name for s in specs() if s.write and s.name in {"unknown", "help", "smalltalk"}] == []


@pytest.mark.parametrize("spec_", [pytest.param(s, id=s.name) for s in specs()
                                   if s.rule is not None and s.name != "unknown"])
def test_every_classified_intent_has_cue_words_in_english_and_chinese(spec_: IntentSpec) -> None:
    assert spec_.cues, f"{spec_.name} names no cue tables"
    for lang in ("en", "zh"):
        table = cues.table(lang)
        missing = [name for name in spec_.cues if name not in table]
        assert not missing, f"{lang} table lacks {missing}"
        assert any(table[name] for name in spec_.cues), f"{spec_.name} has no {lang} cue words"


@pytest.mark.parametrize("name", [s.name for s in specs() if s.command is not None])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_conversation_command_is_read_in_english_and_chinese(name: str, lang: str) -> None:
    intent = read_command(COMMAND_EXAMPLES[name][lang])
    assert intent is not None and (intent.intent, intent.lang) == (name, lang)
    assert set(spec(name).required) <= set(intent.slots)


def test_the_slots_each_filler_produces_are_the_slots_its_intent_declares(session, now) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((DEV / "dev_workspace.yaml").read_text(encoding="utf-8"))
    import_workspace(session, data, now=now, source="dev_workspace.yaml")
    session.commit()
    produced: dict[str, set[str]] = defaultdict(set)
    lines = (DEV / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    for case in [*map(json.loads, lines), *SLOTS_THE_DEV_SET_DOES_NOT_STATE]:
        intent = understand(session, text=case["text"], actor=actor_for_handle(session, case["as"]),
                            now=datetime.fromisoformat(case["now"]))
        for entry in (intent.slots, *intent.more):
            produced[intent.intent] |= {k for k in entry if not k.startswith("_")}
        produced[intent.intent] |= set(intent.unresolved)
    for entry in specs():
        declared = set(entry.slots) | set(entry.internal)
        assert produced[entry.name] <= declared, (entry.name, produced[entry.name] - declared)
    never = {s.name: sorted(set(s.slots) - produced[s.name]) for s in specs()
             if s.rule is not None and set(s.slots) - produced[s.name]}
    assert never == {}, "declared slots no message fills"


# Public slots no message of the dev set states, said here so each declared slot is seen filled.
_NOW = "2026-11-27T10:00:00+08:00"
SLOTS_THE_DEV_SET_DOES_NOT_STATE = [
    {"as": "alice", "now": _NOW, "text": "log 3h for bob on ACME-WEB yesterday"},  # log_time.person
    {"as": "alice", "now": _NOW, "text": "is #2 done?"},  # project_status.task
    {"as": "alice", "now": _NOW, "text": "is Beta launch reached?"},  # project_status.milestone
    {"as": "alice", "now": _NOW, "text": "#2 is 80% done"},  # update_task.progress
    {"as": "alice", "now": _NOW, "text": "delete task #2"},  # delete_task.task
    {"as": "alice", "now": _NOW, "text": "remind me to buy milk"},  # unknown.personal
]


def test_every_language_table_has_every_cue_and_nothing_else() -> None:
    names = [set(cues.table(lang)) for lang in cues.LANGUAGES]
    assert all(n == names[0] for n in names)
    used = {name for s in specs() for name in s.cues}
    assert used <= names[0]


def test_every_intent_is_listed_in_the_contract() -> None:
    contract = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    table, _, additions = contract.partition("## Additions")
    for entry in specs():
        where = additions if entry.addition else table
        assert re.search(rf"`{entry.name}`", where), f"{entry.name} is not in docs/contract.md"
    for name, _rule in classified():
        assert spec(name).name == name
