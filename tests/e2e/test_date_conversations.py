"""Whole conversations about dates as people write them: the day lands in the store, and a
date phrase pmbot cannot read is asked about, never dropped."""
from sqlmodel import Session, select

from domain.core.models import Task


def _last_task(engine) -> Task:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(Task).order_by(Task.id.desc())).first()  # type: ignore[union-attr]


def _done(chat, reply: str) -> str:  # type: ignore[no-untyped-def]
    return chat.say("yes") if reply.startswith("Just to be sure") or "确认" in reply else reply


def test_a_bare_weekday_due_date_is_the_coming_day(chat_as, engine) -> None:  # type: ignore[no-untyped-def]
    sam = chat_as("sam")
    assert "Created" in _done(sam, sam.say("add a task on NW-PORTAL: send the deck to Northwind, due monday"))
    assert _last_task(engine).due.isoformat() == "2026-11-30"


def test_a_numeric_date_is_read_in_the_speakers_country(chat_as, engine) -> None:  # type: ignore[no-untyped-def]
    ravi = chat_as("ravi")  # Europe/Berlin: day first
    assert "Created" in _done(ravi, ravi.say("add a task on NW-PORTAL: load test the API, due 5/12"))
    assert _last_task(engine).due.isoformat() == "2026-12-05"


def test_an_unread_due_date_is_asked_about_and_the_answer_is_stored(chat_as, engine) -> None:  # type: ignore[no-untyped-def]
    sam = chat_as("sam")
    question = sam.say("add a task on NW-PORTAL: renew the SSL certificate, due after Easter")
    assert "after Easter" in question and "Created" not in question
    created = _done(sam, sam.say("march 30"))
    assert "Created" in created
    task = _last_task(engine)
    assert (task.title, task.due.isoformat()) == ("renew the SSL certificate", "2027-03-30")
