"""Conversation commands go through the one understanding path, as intents of the registry.

"undo", a rating button's "rate WEB 9", "comment on the SOW: …", "mute the weekly digest" are
understood (and logged) under their own intent names, their handler found by dispatch like any
other; words a command's grammar reads but that name nothing are read again as ordinary words.
"""
from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from domain.clients.documents import register_document
from domain.core.models import DocumentComment, Feedback
from intents.conversation.assistant import Assistant
from intents.understanding.understand import understand


@pytest.fixture
def assistant(engine, world):  # type: ignore[no-untyped-def]
    return Assistant(engine)


def _intents(caplog) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.intent for r in caplog.records if r.name == "pmbot.messages"]


@pytest.mark.parametrize("text, intent", [
    ("undo", "undo"), ("撤销", "undo"), ("rate WEB 9", "rate"),
    ("mute the weekly digest", "notification_preferences"),
    ("周五不要提醒我", "notification_preferences"),
    ("comment on the SOW: add hosting", "comment_document"), ("SOW的评论", "show_comments"),
])
def test_parse_names_each_conversation_command(session, world, now, text, intent) -> None:  # type: ignore[no-untyped-def]
    assert understand(session, text=text, actor=world.bob, now=now).to_contract()["intent"] == intent


def test_a_rating_button_score_read_as_a_word_is_stored_on_the_ten_point_scale(
        session, world, now) -> None:  # type: ignore[no-untyped-def]
    found = understand(session, text="rate WEB nine", actor=world.tom, now=now)
    assert (found.intent, found.slots) == ("rate", {"project": "WEB", "score": 9})


def test_a_score_out_of_ten_in_free_words_stays_feedback_on_the_five_point_scale(
        session, world, now) -> None:  # type: ignore[no-untyped-def]
    found = understand(session, text="rate WEB 9/10", actor=world.tom, now=now)
    assert (found.intent, found.slots.get("score")) == ("feedback", 4.5)


def test_a_rating_button_is_stored_and_logged_as_rate(assistant, engine, world, now, caplog) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    world_beta_done(engine, world)
    caplog.set_level(logging.INFO, logger="pmbot.messages")
    reply = assistant.respond(world.tom, f"rate WEB 8 #m{world.beta.id} smooth",
                              conversation_id="telegram:1", now=now)
    assert reply.error is None
    assert _intents(caplog) == ["rate"]
    with Session(engine) as session:
        stored = [(f.score, f.note) for f in session.exec(select(Feedback)).all()]
    assert stored == [(4.2, "smooth")]  # 8 of 0–10 on the stored 1–5 scale: 1 + 0.4 × 8


def world_beta_done(engine, world) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    with Session(engine) as session:
        beta = session.get(type(world.beta), world.beta.id)
        beta.done = True
        session.add(beta)
        session.commit()


def test_undo_with_nothing_to_undo_is_logged_as_a_refused_undo(assistant, world, now, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="pmbot.messages")
    reply = assistant.respond(world.dave, "撤销", conversation_id="console:dave", now=now)
    assert _intents(caplog) == ["undo"]
    assert reply.error == "undo.nothing" and reply.text


def test_words_shaped_like_a_command_that_name_no_document_are_read_as_ordinary_words(
        assistant, engine, world, now, caplog) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    with Session(engine) as session:
        register_document(session, world.bob, project="WEB", file_name="sow.md",
                          title="Statement of Work", content_hash="h1", now=now)
        session.commit()
    caplog.set_level(logging.INFO, logger="pmbot.messages")
    shown = assistant.respond(world.bob, "SOW的评论", conversation_id="console:bob", now=now)
    ordinary = assistant.respond(world.bob, "我的评论", conversation_id="console:bob", now=now)
    assert "Statement of Work" in shown.text and shown.error is None
    assert _intents(caplog)[0] == "show_comments"
    assert _intents(caplog)[1] != "show_comments" and "Statement of Work" not in ordinary.text
    with Session(engine) as session:
        assert session.exec(select(DocumentComment)).all() == []
