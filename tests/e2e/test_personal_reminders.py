"""Private reminders, to-do lists and calendars in a whole conversation: answered, never written.

Issue 13: "remind me to buy milk", "提醒我8:10起床", "take the dentist off my todo list" and
"take my birthday party off my calendar on Saturday" used to become a task or a leave request.
pmbot now says it keeps project work and asks for a project; the store is unchanged even after
a "yes". A reminder about project work is still a task (pmbot asks its project).
"""
from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from domain.core.models import AuditEvent, LeaveRequest, OutboxMessage, Task

COUNTED = (Task, LeaveRequest, AuditEvent, OutboxMessage)

PERSONAL = [
    ("sam", "remind me to buy milk"),
    ("sam", "take the dentist off my todo list"),
    ("sam", "take my birthday party off my calendar on Saturday"),
    ("mei", "提醒我8:10起床"),
    ("mei", "说到上海了提醒我一下"),
    ("mei", "把周日的瑜伽课从日程里删了"),
]


def _counts(engine) -> tuple:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m)).one() for m in COUNTED)


@pytest.mark.parametrize(("who", "text"), PERSONAL, ids=[t for _w, t in PERSONAL])
def test_a_personal_reminder_is_answered_that_pmbot_keeps_project_work_and_nothing_is_written(
        chat_as, engine, who, text) -> None:
    before = _counts(engine)
    chat = chat_as(who)
    reply = chat.say(text)
    chat.say("yes")
    assert _counts(engine) == before, reply
    assert ("project work" in reply) if who == "sam" else ("项目工作" in reply)


def test_a_reminder_about_project_work_is_still_taken_as_a_task(chat_as) -> None:
    reply = chat_as("ada").say("remind me to send the sign-in mockups to sam next monday")
    assert "Which project is this task for?" in reply
    assert "project work" not in reply
