"""The burndown counts progress: "50% done" burns half a task's estimate on the day it was
said, "done" burns the rest on its day, an undone percentage burns nothing, and the line
ends where status's "hours done" stands."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from domain.core.models import Task
from domain.insight.charts.data import burndown_data
from domain.insight.status import project_status
from domain.undo import undo_last
from domain.work.tasks import update_task
from tests.conftest import SHANGHAI

START = date(2026, 11, 1)  # WEB runs Nov 1 – Dec 31 in the factory world


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=SHANGHAI)


def test_progress_burns_its_share_on_the_day_it_is_said_and_done_burns_the_rest(session, world) -> None:
    extra = Task(project_id=world.web.id, title="Search", estimate_hours=30, status="todo",
                 created_at=at(START))
    session.add(extra)
    session.commit()
    login = world.login_task  # 10 h
    d = {n: START + timedelta(days=n) for n in range(10)}
    update_task(session, world.bob, task=login.id, progress=50, now=at(d[2]))   # +5 h
    update_task(session, world.bob, task=extra.id, progress=20, now=at(d[3]))   # +6 h
    update_task(session, world.bob, task=login.id, progress=80, now=at(d[4]))   # +3 h
    update_task(session, world.bob, task=extra.id, progress=60, now=at(d[5]))   # +12 h, then undone
    undo_last(session, world.bob, now=at(d[5]))                                 # −12 h
    update_task(session, world.bob, task=login.id, status="done", now=at(d[6]))  # +2 h
    session.commit()

    burn = burndown_data(session, world.alice, project="WEB", today=d[8])
    assert burn.total == 40
    assert burn.remaining == (40, 40, 35, 29, 26, 26, 24, 24, 24)
    status = project_status(session, world.alice, project="WEB", today=d[8])
    assert status.estimated_hours_done == 16 == burn.total - burn.remaining[-1]
    assert round(status.progress_pct or 0) == 40


def test_a_percentage_never_said_in_chat_counts_from_the_tasks_creation(session, world) -> None:
    imported = Task(project_id=world.web.id, title="Imported", estimate_hours=20, status="in_progress",
                    progress=25, created_at=at(START + timedelta(days=1)))
    session.add(imported)
    session.commit()
    burn = burndown_data(session, world.alice, project="WEB", today=START + timedelta(days=3))
    assert burn.remaining == (30, 25, 25, 25)


def test_a_percentage_corrected_down_gives_the_hours_back(session, world) -> None:
    d1, d2 = START + timedelta(days=1), START + timedelta(days=2)
    update_task(session, world.bob, task=world.login_task.id, progress=70, now=at(d1))
    update_task(session, world.bob, task=world.login_task.id, progress=40, now=at(d2))
    session.commit()
    burn = burndown_data(session, world.alice, project="WEB", today=d2)
    assert burn.remaining == (10, 3, 6)
