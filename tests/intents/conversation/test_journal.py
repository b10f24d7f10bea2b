"""Every message handled leaves one structured log record, and never a client's words."""
from __future__ import annotations

import logging

import pytest

from intents.conversation.assistant import Assistant


@pytest.fixture
def assistant(engine, world):
    return Assistant(engine)


def _records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "pmbot.messages"]


def test_a_message_leaves_one_record_of_who_platform_intent_outcome_and_milliseconds(
        assistant, world, now, caplog):
    caplog.set_level(logging.INFO, logger="pmbot.messages")
    assistant.respond(world.alice, "status of WEB", conversation_id="slack:D1", now=now)
    [record] = _records(caplog)
    assert (record.who, record.platform, record.intent, record.outcome) == (
        f"person:{world.alice.id}:alice", "slack", "project_status", "ok")
    assert isinstance(record.ms, int) and record.ms >= 0
    assert record.levelno == logging.INFO


def test_a_refused_message_is_logged_with_the_reason_it_was_refused(assistant, world, now, caplog):
    caplog.set_level(logging.INFO, logger="pmbot.messages")
    reply = assistant.respond(world.tom, "log 3h on WEB today", conversation_id="telegram:9",
                              now=now)
    [record] = _records(caplog)
    assert reply.error is not None
    assert (record.platform, record.outcome) == ("telegram", f"refused:{reply.error}")


def test_a_clients_words_are_never_logged_even_at_debug(assistant, world, now, caplog):
    caplog.set_level(logging.DEBUG, logger="pmbot.messages")
    secret = "our merger with Initech closes on Friday, how is WEB going"
    assistant.respond(world.tom, secret, conversation_id="telegram:9", now=now)
    assert [r.who for r in _records(caplog)] == [f"contact:{world.tom.id}:tom"]
    assert all("Initech" not in r.getMessage() for r in caplog.records)


def test_a_staff_members_words_appear_only_at_debug(assistant, world, now, caplog):
    caplog.set_level(logging.DEBUG, logger="pmbot.messages")
    assistant.respond(world.alice, "status of WEB", conversation_id="console:alice", now=now)
    with_text = [r for r in caplog.records if "status of WEB" in r.getMessage()]
    assert [r.levelno for r in with_text] == [logging.DEBUG]
