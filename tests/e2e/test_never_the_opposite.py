"""Negations, questions and reports of what others did never write, in English and Chinese.

One table over every write intent: each message is said, then "yes" (so a confirmation that
should never have been asked cannot sneak a write through), and the store is compared with
what it was before: rows, audit events, task states, milestones, outbox.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from domain.core.actors import actor_for_handle
from domain.core.models import (
    Approval,
    AuditEvent,
    Expense,
    Feedback,
    LeaveRequest,
    Milestone,
    OutboxMessage,
    OvertimeRequest,
    Task,
    TimeEntry,
)
from domain.core.store import unit_of_work

COUNTED = (TimeEntry, Expense, LeaveRequest, OvertimeRequest, Approval, Feedback, AuditEvent,
           OutboxMessage, Task)

# (speaker, message, the write intent it must not become)
NEVER_WRITTEN = [
    ("sam", "#1 is not done", "update_task"),
    ("sam", "#1 isn't finished yet", "update_task"),
    ("sam", "is #1 done?", "update_task"),
    ("mei", "#1 还没完成", "update_task"),
    ("mei", "#1 没做完", "update_task"),
    ("mei", "#1完成了吗？", "update_task"),
    ("mei", "Pilot is not reached yet", "complete_milestone"),
    ("mei", "can you tell me whether Pilot is reached?", "complete_milestone"),
    ("mei", "is Pilot reached?", "complete_milestone"),
    ("mei", "Pilot 还没达成", "complete_milestone"),
    ("mei", "Pilot 未完成", "complete_milestone"),
    ("mei", "Pilot达成了吗？", "complete_milestone"),
    ("sam", "I didn't work on NW-PORTAL yesterday", "log_time"),
    ("sam", "sam said he logged 4h on NW-PORTAL", "log_time"),
    ("mei", "我昨天没有做客户门户", "log_time"),
    ("mei", "sam logged 3 hours yesterday I think", "log_time"),
    ("mei", "sam has already booked 2h on NW-PORTAL", "log_time"),
    ("sam", "王美昨天好像记了5个小时", "log_time"),
    ("sam", "她昨天填了3小时的工时", "log_time"),
    ("mei", "the client paid 5000 CNY", "log_expense"),
    ("mei", "Northwind paid their invoice of 90000 CNY today", "log_expense"),
    ("mei", "客户付了5000元", "log_expense"),
    ("sam", "I'm not taking leave on Dec 21", "request_leave"),
    ("mei", "我12月21号不请假", "request_leave"),
    ("sam", "I won't need overtime this Saturday", "request_overtime"),
    ("mei", "我这周六不加班", "request_overtime"),
    ("mei", "I haven't approved #1 yet", "decide"),
    ("mei", "#1 还没批", "decide"),
    ("mei", "has #1 been approved?", "decide"),
    ("sam", "don't create a task for the login page", "create_task"),
    ("mei", "先不要新建任务：登录页", "create_task"),
    ("nina", "did I rate Prototype 4/5?", "feedback"),
    ("nina", "我给Prototype打过4分吗？", "feedback"),
    ("mei", "don't delete #2", "delete_task"),
    ("ada", "was #2 deleted?", "delete_task"),
    ("ada", "#2 hasn't been removed yet", "delete_task"),
    ("mei", "#2 删了吗？", "delete_task"),
    ("mei", "别删#2", "delete_task"),
    ("mei", "#2 还没删除", "delete_task"),
]


def test_the_table_covers_every_write_intent() -> None:
    from intents.understanding.schema import WRITE_INTENTS

    assert {intent for _w, _t, intent in NEVER_WRITTEN} == WRITE_INTENTS


def _store(engine) -> tuple:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        counts = tuple(session.exec(select(func.count()).select_from(m)).one() for m in COUNTED)
        tasks = tuple(session.exec(select(Task.id, Task.status, Task.progress).order_by(Task.id)).all())
        milestones = tuple(session.exec(select(Milestone.id, Milestone.done)).all())
        approvals = tuple(session.exec(select(Approval.id, Approval.status)).all())
    return counts, tasks, milestones, approvals


@pytest.fixture
def with_a_pending_leave(firm, engine, now):  # type: ignore[no-untyped-def]
    from domain.requests.leave_overtime import request_leave

    with unit_of_work(engine) as session:
        sam = actor_for_handle(session, "sam")
        request_leave(session, sam, start=date(2026, 12, 14), end=date(2026, 12, 14), now=now)
    return firm


@pytest.mark.parametrize(("who", "text", "intent"), NEVER_WRITTEN,
                         ids=[f"{i}:{t}" for _w, t, i in NEVER_WRITTEN])
def test_a_negation_question_or_report_writes_nothing_even_after_yes(
        with_a_pending_leave, chat_as, engine, who, text, intent) -> None:
    before = _store(engine)
    chat = chat_as(who)
    reply = chat.say(text)
    chat.say("yes")
    assert _store(engine) == before, (text, reply)


def test_a_state_question_about_a_task_is_answered_with_its_state(chat_as, engine) -> None:
    reply = chat_as("sam").say("is #1 done?")
    assert "#1 Sign-in flow" in reply and "in progress" in reply and "Nothing was changed" in reply
    reply = chat_as("mei").say("#1 还没完成")
    assert "进行中" in reply and "没有做任何修改" in reply


def test_a_state_question_about_a_milestone_says_it_is_not_reached_and_queues_no_notice(
        chat_as, engine) -> None:
    before = _store(engine)
    assert "not reached yet" in chat_as("ada").say("can you tell me whether Pilot is reached?")
    assert "尚未达成" in chat_as("mei").say("Pilot 还没达成")
    assert "was reached on" in chat_as("ada").say("is Prototype reached?")
    assert _store(engine) == before
