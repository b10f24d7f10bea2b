"""A task due "next week" or 下个月内 is created with a day, and the reply says which day and why."""
from sqlmodel import Session, select

from domain.core.models import Task


def _last_task(engine) -> Task:
    with Session(engine) as session:
        return session.exec(select(Task).order_by(Task.id.desc())).first()


def test_a_task_due_next_week_is_due_its_friday_and_the_reply_says_so(chat_as, engine):
    sam = chat_as("sam")
    created = sam.say("add a task on NW-PORTAL: export orders to csv, due next week")
    if created.startswith("Just to be sure"):
        created = sam.say("yes")
    assert "due Friday 2026-12-04 (the last working day of next week)" in created
    assert _last_task(engine).due.isoformat() == "2026-12-04"


def test_a_chinese_task_due_next_month_is_due_its_last_working_day(chat_as, engine):
    mei = chat_as("mei")
    created = mei.say("NW-PORTAL加个任务：整理验收文档，下个月内")
    if "确认" in created or "吗" in created:
        created = mei.say("是")
    assert "截止 2026-12-31（周四，下个月的最后一个工作日）" in created
    assert _last_task(engine).due.isoformat() == "2026-12-31"


def test_a_task_due_a_period_already_over_asks_for_the_day(chat_as, engine):
    sam = chat_as("sam")
    before = _last_task(engine).id
    question = sam.say("add a task on NW-PORTAL: archive the logs, due last month")
    assert "last month" in question and "By which day?" in question
    assert _last_task(engine).id == before
