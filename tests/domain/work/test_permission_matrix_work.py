"""Who may do what with WEB's work, one row per (service, actor).

    alice  admin          bob  WEB's manager     lin  WEB member
    dave   on GLX only    tom  Acme contact      gina Globex contact (another client)

`ok` = allowed; NotFound = the project (or task) stays invisible, revealing nothing;
Forbidden = visible but not theirs to do. A refused write writes nothing (no row, no audit
event); an allowed write appends exactly one audit event.
"""

from datetime import date

import pytest
from sqlmodel import func, select

from domain.core.errors import Forbidden, NotFound
from domain.core.models import AuditEvent, Task, TimeEntry
from domain.insight.status import ClientStatus, ProjectStatus, project_status
from domain.money.budget import BudgetStatus, budget_status
from domain.work.tasks import create_task, list_tasks, update_task
from domain.work.time_entries import Timesheet, log_time, timesheet

THU, TODAY = date(2026, 11, 26), date(2026, 11, 27)
ACTORS = ["alice", "bob", "lin", "dave", "tom", "gina"]


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# service → its call, and what each actor gets, in ACTORS order
WRITES = {
    "create_task": (
        lambda s, a, w, now: create_task(s, a, project="WEB", title="Footer", now=now),
        ["ok", "ok", "ok", NotFound, Forbidden, NotFound],
        Task,
    ),
    "update_task": (
        lambda s, a, w, now: update_task(s, a, task=w.login_task.id, priority="high", now=now),
        ["ok", "ok", "ok", NotFound, Forbidden, NotFound],
        None,
    ),
    "log_time": (
        lambda s, a, w, now: log_time(s, a, hours=2, day=THU, project="WEB", now=now),
        ["ok", "ok", "ok", NotFound, Forbidden, Forbidden],
        TimeEntry,
    ),
}

READS = {
    "list_tasks": (
        lambda s, a, w: list_tasks(s, a, project="WEB", today=TODAY),
        [list, list, list, NotFound, list, NotFound],
    ),
    "timesheet": (
        lambda s, a, w: timesheet(s, a, project="WEB", start=THU, end=TODAY),
        [Timesheet, Timesheet, Timesheet, NotFound, Forbidden, Forbidden],
    ),
    "project_status": (
        lambda s, a, w: project_status(s, a, project="WEB", today=TODAY),
        [ProjectStatus, ProjectStatus, ProjectStatus, NotFound, ClientStatus, NotFound],
    ),
    "budget_status": (
        lambda s, a, w: budget_status(s, a, project="WEB", today=TODAY),
        # a member sees no spend: it would reveal colleagues' hourly cost (issue 15)
        [BudgetStatus, BudgetStatus, Forbidden, NotFound, Forbidden, NotFound],
    ),
}


def _cases(table):
    return [
        pytest.param(name, who, outcomes[i], id=f"{name}-{who}")
        for name, (_call, outcomes, *_rest) in table.items()
        for i, who in enumerate(ACTORS)
    ]


@pytest.mark.parametrize("service, who, expected", _cases(WRITES))
def test_a_write_on_web_is_allowed_or_refused_by_role(session, world, now, service, who, expected):
    call, _outcomes, table = WRITES[service]
    actor = getattr(world, who)
    rows_before = count(session, table) if table else None
    if expected == "ok":
        call(session, actor, world, now)
        assert count(session, AuditEvent) == 1
        if table:
            assert count(session, table) == rows_before + 1
        return
    with pytest.raises(expected):
        call(session, actor, world, now)
    assert count(session, AuditEvent) == 0
    if table:
        assert count(session, table) == rows_before
    session.refresh(world.login_task)
    assert world.login_task.priority == "normal"


@pytest.mark.parametrize("service, who, expected", _cases(READS))
def test_a_read_on_web_shows_the_right_view_or_nothing(session, world, service, who, expected):
    call, _outcomes = READS[service]
    actor = getattr(world, who)
    if isinstance(expected, type) and issubclass(expected, Exception):
        with pytest.raises(expected):
            call(session, actor, world)
    else:
        assert type(call(session, actor, world)) is expected


def test_an_invisible_project_is_refused_with_the_same_error_as_an_unknown_one(session, world, now):
    with pytest.raises(NotFound) as hidden:
        log_time(session, world.dave, hours=1, day=THU, project="WEB", now=now)
    with pytest.raises(NotFound) as unknown:
        log_time(session, world.dave, hours=1, day=THU, project="NOPE", now=now)
    assert (hidden.value.key, unknown.value.key) == ("project.not_found", "project.not_found")
    assert "WEB" not in hidden.value.params["matches"]
