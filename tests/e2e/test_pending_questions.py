"""A pending question expires on a new request, and belongs to the person it was asked of."""
from __future__ import annotations

from sqlmodel import Session, func, select

from domain.core.actors import actor_for_handle
from domain.core.models import TimeEntry


def _entries(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(TimeEntry)).one()


def test_an_unrelated_chinese_question_drops_the_pending_entry_and_yes_does_not_revive_it(
        chat_as, engine) -> None:
    mei = chat_as("mei")
    assert "哪个项目" in mei.say("记8小时")
    reply = mei.say("今天天气怎么样？")
    assert "已取消" in reply
    mei.say("是的")
    assert _entries(engine) == 2


def test_a_status_question_while_a_project_is_asked_is_answered_and_the_entry_dropped(chat_as, engine) -> None:
    sam = chat_as("sam")
    assert "Which project?" in sam.say("log 3h yesterday")
    reply = sam.say("how is NW-PORTAL going?")
    assert "dropped the earlier request" in reply and "NW-PORTAL" in reply
    sam.say("yes")
    assert _entries(engine) == 2


def test_an_answer_that_fits_still_fills_the_question(chat_as, engine) -> None:
    sam = chat_as("sam")
    sam.say("log 3h yesterday")
    assert "Logged 3 h on NW-OPS" in sam.say("NW-OPS")
    assert _entries(engine) == 3


def test_in_a_shared_channel_another_persons_message_neither_cancels_nor_confirms(firm, engine, now) -> None:
    def say(handle: str, text: str) -> str:
        with Session(engine) as session:
            actor = actor_for_handle(session, handle)
        return firm.respond(actor, text, conversation_id="slack:C-team", now=now).text

    assert "Just to be sure" in say("sam", "log 2h on NW-PORTAL and 3h on NW-OPS yesterday")
    say("ravi", "cancel")
    say("ravi", "yes")
    assert _entries(engine) == 2
    say("sam", "yes")
    assert _entries(engine) == 4
