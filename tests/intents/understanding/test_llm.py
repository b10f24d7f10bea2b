"""The optional LLM second opinion, scripted with langchain_core's fake chat models (no network).

The model is asked only when the rules are unsure; its slots are checked against the store;
an error or a timeout leaves the rules' reading; a write it proposes is always confirmed.
"""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.understanding.gazetteer import gazetteer_for
from intents.understanding.llm import consult
from intents.understanding.schema import Intent
from intents.understanding.understand import understand

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WORKSPACE = Path(__file__).parent / "heldout" / "workspace.yaml"


class FakeStructuredModel(GenericFakeChatModel):
    """Answers every structured call with the next scripted tool call, and counts the calls."""

    calls: int = 0

    def bind_tools(self, tools: Any, **kwargs: Any) -> FakeStructuredModel:
        return self

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return super()._generate(*args, **kwargs)


class FailingModel(FakeStructuredModel):
    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("provider down")


class SlowModel(FakeStructuredModel):
    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        return super()._generate(*args, **kwargs)


def scripted(model_class: type[FakeStructuredModel] = FakeStructuredModel, **reading: Any) -> Any:
    call = {"name": "Intent", "args": {"lang": "en", "confidence": 0.9, **reading}, "id": "call-1"}
    return model_class(messages=iter([AIMessage(content="", tool_calls=[call])]))


@pytest.fixture
def studio(session):  # type: ignore[no-untyped-def]
    import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=NOW)
    session.commit()
    return session


def say(session, text: str, llm: Any, who: str = "carla") -> Intent:  # type: ignore[no-untyped-def]
    return understand(session, text=text, actor=actor_for_handle(session, who), now=NOW, llm=llm)


def test_an_unsure_message_takes_the_models_reading_with_the_project_resolved_to_its_code(studio) -> None:
    model = scripted(intent="project_status", slots={"project": "Maple Rye Online Store"})
    intent = say(studio, "and the cake shop thing, where is it at", model)
    assert model.calls == 1
    assert intent.intent == "project_status"
    assert intent.slots == {"project": "MR-SHOP"}


def test_a_project_code_the_model_invents_is_reported_as_unresolved_not_used(studio) -> None:
    model = scripted(intent="budget_status", slots={"project": "MR-CAKE"})
    intent = say(studio, "and the cake shop thing, where is it at", model)
    assert "project" not in intent.slots
    assert intent.unresolved == {"project": "MR-CAKE"}


def test_a_clear_rules_reading_is_never_sent_to_the_model(studio) -> None:
    model = scripted(intent="unknown")
    intent = say(studio, "log 3h on MR-PACK yesterday", model)
    assert model.calls == 0
    assert intent.intent == "log_time" and intent.slots["project"] == "MR-PACK"


def test_a_write_the_model_proposes_is_kept_below_the_confirmation_threshold(studio) -> None:
    model = scripted(intent="log_time", slots={"hours": 2, "project": "HT-PLC", "date": "2026-11-26"})
    intent = say(studio, "the plc thing ate my whole afternoon yesterday, like two-ish", model)
    assert intent.intent == "log_time"
    assert intent.slots == {"hours": 2, "project": "HT-PLC", "date": "2026-11-26"}
    assert intent.confidence < 0.75


def test_values_outside_the_contract_and_impossible_dates_are_dropped(studio) -> None:
    model = scripted(intent="update_task", slots={"task": 5, "status": "finished-ish", "due": "2026-02-30"})
    intent = say(studio, "payment page thing, sort of wrapped up", model)
    assert intent.slots == {"task": 5}


def test_a_model_that_fails_leaves_the_rules_reading(studio) -> None:
    rules = say(studio, "and the cake shop thing, where is it at", None)
    intent = say(studio, "and the cake shop thing, where is it at", scripted(FailingModel, intent="help"))
    assert intent == rules


def test_a_model_slower_than_the_timeout_leaves_the_rules_reading(studio) -> None:
    rules = Intent(intent="unknown", lang="en", confidence=0.6)
    started = time.perf_counter()
    intent = consult(rules, model=scripted(SlowModel, intent="help"), text="hmm", today=NOW.date(),
                     gaz=gazetteer_for(studio), speaker="carla", timeout=0.2)
    assert intent == rules
    assert time.perf_counter() - started < 0.9


def test_a_model_answer_of_unknown_does_not_erase_a_doubtful_rules_reading(studio) -> None:
    intent = say(studio, "log time", scripted(intent="unknown"))
    assert intent.intent == "log_time"
