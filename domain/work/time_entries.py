"""Hours worked: logging them ("3h on WEB yesterday") and summing them into timesheets.

Rules a PM expects from a time sheet:
- people log their own hours on projects they are on; a project's manager (or an admin)
  may log for someone on that project; client contacts log nothing;
- hours are positive and one person's day never adds up to more than 24 h, across entries;
- no hours for a day that has not come yet in the actor's timezone, nor before the
  project started, nor on a closed project;
- with no project and no task, the person's only active project is meant; with several,
  the reply asks which (`time.project_required` carries the codes as `options`).
Timesheets are sums done by the database (GROUP BY), so they stay fast on big stores.
Who sees whose hours: everyone their own; a manager the hours booked on the projects they
manage; admins everyone's. With neither a person nor a project, a timesheet is the asker's
own ("my hours this week"), admins included; with a project only, it is everyone's hours
on it for its manager and admins, and the asker's own hours on it for a member.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import Forbidden, Invalid
from domain.core.lookup import find_person, find_project, find_task
from domain.core.models import Person, Project, ProjectMember, ProjectStatus, Task, TimeEntry
from domain.core.permissions import (
    can_manage,
    require_internal,
    require_manage,
    require_view,
    require_work,
)
from domain.notices.webhooks import emit

MAX_HOURS_PER_DAY = 24.0


# ---------------------------------------------------------------- logging hours
def log_time(
    session: Session,
    actor: Actor,
    *,
    hours: float,
    day: date,
    project: str | Project | None = None,
    task: int | str | Task | None = None,
    note: str | None = None,
    person: str | None = None,
    now: datetime,
) -> TimeEntry:
    """Record hours for the actor (or, for a manager or admin, for `person`)."""
    if actor.is_contact:
        raise Forbidden("forbidden.client_log_time")
    worker = _worker(session, actor, person)
    proj, task_row = _project_and_task(session, actor, worker, project, task)
    _check_may_log(session, actor, worker, proj)
    hours = _valid_hours(hours)
    _check_day(proj, day, local_today(actor, now))
    _check_day_total(session, worker, day, hours)
    entry = TimeEntry(
        person_id=worker.id,
        project_id=proj.id,
        task_id=task_row.id if task_row else None,
        day=day,
        hours=hours,
        note=(note or "").strip() or None,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=actor.label,
        action="time.log",
        entity="time_entry",
        entity_id=entry.id,
        payload={"before": None, "after": _snapshot(entry)},
        now=now,
    )
    emit(session, event_type="time.logged", key=f"time.logged:{entry.id}", subject=proj.code,
         data={"id": entry.id, "person": worker.handle, "project": proj.code,
               "task": entry.task_id, "date": day.isoformat(), "hours": hours,
               "note": entry.note}, now=now)
    return entry


def _snapshot(entry: TimeEntry) -> dict[str, Any]:
    return {
        "person_id": entry.person_id,
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "day": entry.day.isoformat(),
        "hours": entry.hours,
        "note": entry.note,
    }


def _worker(session: Session, actor: Actor, person: str | None) -> Person:
    if person is None:
        row = session.get(Person, actor.id)
        if row is None:
            raise Invalid("time.person_required")
        return row
    return find_person(session, person)


def _project_and_task(
    session: Session,
    actor: Actor,
    worker: Person,
    project: str | Project | None,
    task: int | str | Task | None,
) -> tuple[Project, Task | None]:
    proj = find_project(session, actor, project) if project is not None else None
    if task is None:
        return (proj or only_project(session, worker.id, key="time.project_required")), None
    row = task if isinstance(task, Task) else find_task(session, actor, task, proj)
    if proj is not None and row.project_id != proj.id:
        raise Invalid(
            "time.task_other_project", task=f"#{row.id}", title=row.title, project=proj.code
        )
    owner = proj or session.get(Project, row.project_id)
    assert owner is not None
    return owner, row


def only_project(session: Session, person_id: int, *, key: str) -> Project:
    """The person's one active project, or raise `key` with the choices as `options`."""
    member_of = select(ProjectMember.project_id).where(ProjectMember.person_id == person_id)
    rows = session.exec(
        select(Project)
        .where((Project.manager_id == person_id) | col(Project.id).in_(member_of))
        .where(Project.status == ProjectStatus.active)
        .order_by(col(Project.code))
    ).all()
    if len(rows) == 1:
        return rows[0]
    codes = [p.code for p in rows]
    raise Invalid(key, options=codes, choices=", ".join(codes))


def _check_may_log(session: Session, actor: Actor, worker: Person, proj: Project) -> None:
    require_work(session, actor, proj)
    if worker.id == actor.id:
        return
    require_manage(session, actor, proj)
    on_project = session.get(ProjectMember, (proj.id, worker.id)) is not None
    if not (on_project or proj.manager_id == worker.id):
        raise Invalid("time.person_not_member", person=worker.handle, project=proj.code)


def _valid_hours(hours: float) -> float:
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise Invalid("time.hours_not_positive", hours=hours) from None
    if not math.isfinite(value) or value <= 0:
        raise Invalid("time.hours_not_positive", hours=hours)
    return value


def _check_day(proj: Project, day: date, today: date) -> None:
    if day > today:
        raise Invalid("time.future_day", day=day.isoformat(), today=today.isoformat())
    if proj.start is not None and day < proj.start:
        raise Invalid(
            "time.before_project_start",
            day=day.isoformat(),
            project=proj.code,
            start=proj.start.isoformat(),
        )
    if proj.status == ProjectStatus.closed:
        raise Invalid("time.project_closed", project=proj.code)


def _check_day_total(session: Session, worker: Person, day: date, hours: float) -> None:
    """At most 24 h a day. The person's row is locked first (PostgreSQL) so that two
    messages arriving at once on two replicas cannot both squeeze under the limit."""
    session.exec(select(Person.id).where(Person.id == worker.id).with_for_update()).first()
    logged = session.exec(
        select(func.coalesce(func.sum(TimeEntry.hours), 0.0)).where(
            TimeEntry.person_id == worker.id, TimeEntry.day == day
        )
    ).one()
    if float(logged) + hours > MAX_HOURS_PER_DAY + 1e-9:
        raise Invalid(
            "time.day_over_24",
            day=day.isoformat(),
            logged=round(float(logged), 2),
            hours=hours,
            left=round(max(0.0, MAX_HOURS_PER_DAY - float(logged)), 2),
        )


# ---------------------------------------------------------------- timesheets
@dataclass(frozen=True)
class Timesheet:
    """Hours between two dates (inclusive), summed by the database."""

    start: date
    end: date
    person: str | None  # the handle asked about; None = everyone in scope
    project: str | None
    total_hours: float
    by_day: tuple[tuple[date, float], ...]
    by_project: tuple[tuple[str, float], ...]
    by_person: tuple[tuple[str, float], ...]


def timesheet(
    session: Session,
    actor: Actor,
    *,
    person: str | None = None,
    project: str | Project | None = None,
    start: date,
    end: date,
) -> Timesheet:
    """Hours by day, project and person, within what the actor may see (see module doc)."""
    if actor.is_contact:
        raise Forbidden("forbidden.client_timesheet")
    if end < start:
        raise Invalid("time.range_reversed", start=start.isoformat(), end=end.isoformat())
    target = find_person(session, person) if person is not None else None
    proj = find_project(session, actor, project) if project is not None else None
    conditions = _scope(session, actor, target, proj)
    conditions += [TimeEntry.day >= start, TimeEntry.day <= end]
    by_day = _grouped(session, TimeEntry.day, conditions)
    by_project = _grouped(session, Project.code, conditions, join=Project)
    by_person = _grouped(session, Person.handle, conditions, join=Person)
    return Timesheet(
        start,
        end,
        target.handle if target else None,
        proj.code if proj else None,
        round(sum(h for _k, h in by_day), 4),
        by_day,
        by_project,
        by_person,
    )


def _scope(session: Session, actor: Actor, target: Person | None, proj: Project | None) -> list:
    """WHERE conditions for the entries this actor may see, narrowed by person and project."""
    conditions: list = []
    if proj is not None:
        if actor.is_partner:  # their own hours on a project they work on, nothing more
            require_view(session, actor, proj)
        else:
            require_internal(session, actor, proj)
        conditions.append(TimeEntry.project_id == proj.id)
    if target is not None:
        conditions.append(TimeEntry.person_id == target.id)
    if target is None and proj is None:
        return [TimeEntry.person_id == actor.id]  # "my timesheet", for admins too
    if actor.is_admin:
        return conditions
    if target is not None and target.id != actor.id:
        return conditions + [_managed_by(session, actor, target, proj)]
    if proj is not None and can_manage(actor, proj):
        return conditions
    return conditions + [TimeEntry.person_id == actor.id]


def _managed_by(session: Session, actor: Actor, target: Person, proj: Project | None) -> Any:
    """Someone else's hours: only those booked on projects the actor manages."""
    if proj is not None:
        require_manage(session, actor, proj)
        return TimeEntry.project_id == proj.id
    managed = select(Project.id).where(Project.manager_id == actor.id)
    if not session.exec(managed.limit(1)).first():
        raise Forbidden("forbidden.timesheet_other", person=target.handle)
    return col(TimeEntry.project_id).in_(managed)


def _grouped(session: Session, key: Any, conditions: list[Any], join: Any = None) -> tuple[Any, ...]:
    query = select(key, func.sum(TimeEntry.hours)).select_from(TimeEntry)
    if join is Project:
        query = query.join(Project, Project.id == TimeEntry.project_id)
    elif join is Person:
        query = query.join(Person, Person.id == TimeEntry.person_id)
    rows = session.exec(query.where(*conditions).group_by(key).order_by(key)).all()
    return tuple((k, round(float(h), 4)) for k, h in rows)


# ---------------------------------------------------------------- entries, one by one
@dataclass(frozen=True)
class EntryView:
    id: int
    person: str  # handle
    project: str  # code
    task: int | None
    date: date
    hours: float
    note: str | None


def list_time_entries(
    session: Session,
    actor: Actor,
    *,
    person: str | None = None,
    project: str | Project | None = None,
    start: date | None = None,
    end: date | None = None,
    after_id: int | None = None,
    limit: int = 50,
) -> list[EntryView]:
    """The entries a timesheet for the same question would sum (same scope, see module
    doc), by id, `limit` of them after `after_id`: the API's list pages over this."""
    if actor.is_contact:
        raise Forbidden("forbidden.client_timesheet")
    if start is not None and end is not None and end < start:
        raise Invalid("time.range_reversed", start=start.isoformat(), end=end.isoformat())
    target = find_person(session, person) if person is not None else None
    proj = find_project(session, actor, project) if project is not None else None
    conditions = _scope(session, actor, target, proj)
    conditions += [TimeEntry.day >= start] if start is not None else []
    conditions += [TimeEntry.day <= end] if end is not None else []
    conditions += [col(TimeEntry.id) > after_id] if after_id is not None else []
    rows = session.exec(
        select(TimeEntry, Person.handle, Project.code)
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(*conditions).order_by(col(TimeEntry.id)).limit(limit)
    ).all()
    return [EntryView(int(e.id or 0), handle, code, e.task_id, e.day, e.hours, e.note)
            for e, handle, code in rows]
