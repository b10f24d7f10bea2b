"""The bot never answers from stale facts: a change made a moment ago is what it works from."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from domain.core.models import Project, Task
from domain.core.store import unit_of_work


def _task(engine, task_id: int) -> Task:
    with Session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def test_pushing_a_task_back_a_week_twice_moves_its_due_date_twice(chat_as, firm):
    ada = chat_as("ada")
    ada.say("push #1 back a week")  # names and due dates are indexed (and cached) by now
    assert _task(firm.engine, 2).due == date(2026, 12, 8)
    ada.say("push #2 back a week")
    assert _task(firm.engine, 2).due == date(2026, 12, 15)
    ada.say("push #2 back a week")
    assert _task(firm.engine, 2).due == date(2026, 12, 22)


def test_a_task_renamed_in_the_store_is_found_by_its_new_name_at_once(chat_as, firm):
    ada = chat_as("ada")
    ada.say("mark Order history page as in progress")  # the index of names is built and cached
    ada.say("yes")
    with unit_of_work(firm.engine) as session:
        task = session.get(Task, 2)
        assert task is not None
        task.title = "Purchase ledger"
    reply = ada.say("mark Purchase ledger as done")
    assert reply.startswith("#2 Purchase ledger")
    assert _task(firm.engine, 2).status == "done"


def test_a_project_renamed_in_the_store_is_recognised_by_its_new_name_at_once(chat_as, firm):
    ada = chat_as("ada")
    assert ada.say("how is Northwind Ops Dashboard going").startswith("NW-OPS Northwind Ops Dashboard")
    with unit_of_work(firm.engine) as session:
        project = session.exec(select(Project).where(Project.code == "NW-OPS")).one()
        project.name = "Harbour Control Room"
    assert ada.say("how is Harbour Control Room going").startswith("NW-OPS Harbour Control Room")
