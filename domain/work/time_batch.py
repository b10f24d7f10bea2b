"""Hours logged in bulk (the API's list of up to 500 entries): all or nothing, fast.

`log_times` applies exactly `log_time`'s rules to every entry, in order (the same helpers:
who works, which project and task, who may log for whom, positive hours, no future day,
24 h a day across entries, closed projects) and refuses the whole batch at the first
entry that breaks one, naming its index (`EntryRefused`). What makes it fast is doing
each thing once: each distinct person, project/task and permission is resolved once,
the day totals come from one GROUP BY (after locking the workers' rows, as `log_time`
does), the entries go in as one multi-row insert, and their `time.log` events (one per
entry, as chat writes them, so undo and history see no difference) are chained together
under one lock.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import DomainError, Forbidden, Invalid
from domain.core.models import Person, Project, Task, TimeEntry
from domain.work.time_entries import (
    MAX_HOURS_PER_DAY,
    _check_day,
    _check_may_log,
    _project_and_task,
    _snapshot,
    _valid_hours,
    _worker,
)


@dataclass(frozen=True)
class TimeRequest:
    """One entry as `log_time` takes it."""

    hours: float
    day: date
    project: str | None = None
    task: int | str | None = None
    note: str | None = None
    person: str | None = None


class EntryRefused(Exception):
    """Entry `index` (from 0) broke a rule; nothing of the batch was written."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(f"entry {index}: {error.key}")
        self.index, self.error = index, error


@dataclass
class _Planned:
    worker: Person
    project: Project
    task: Task | None
    hours: float
    request: TimeRequest


def log_times(session: Session, actor: Actor, *, entries: Sequence[TimeRequest],
              now: datetime) -> list[TimeEntry]:
    """Record every entry or none; raise `EntryRefused` for the first that breaks a rule."""
    if actor.is_contact:
        raise Forbidden("forbidden.client_log_time")
    planned, refused = _Planner(session, actor, local_today(actor, now)).plan_all(entries)
    _check_day_totals(session, planned)  # an earlier entry over 24 h is refused first
    if refused is not None:
        raise refused
    rows = [TimeEntry(person_id=int(p.worker.id or 0), project_id=int(p.project.id or 0),
                      task_id=p.task.id if p.task else None, day=p.request.day, hours=p.hours,
                      note=(p.request.note or "").strip() or None, created_at=now)
            for p in planned]
    session.add_all(rows)
    session.flush()
    audit.record_many(session, actor=actor.label, action="time.log", entity="time_entry",
                      items=[(r.id, {"before": None, "after": _snapshot(r)}) for r in rows],
                      now=now)
    return rows


class _Planner:
    """Resolves each distinct person, project/task and permission once per batch."""

    def __init__(self, session: Session, actor: Actor, today: date) -> None:
        self.session, self.actor, self.today = session, actor, today
        self.workers: dict[str | None, Person] = {}
        self.places: dict[tuple[Any, ...], tuple[Project, Task | None]] = {}
        self.allowed: set[tuple[Any, Any]] = set()

    def plan_all(self, entries: Sequence[TimeRequest]) -> tuple[list[_Planned], EntryRefused | None]:
        planned: list[_Planned] = []
        for index, entry in enumerate(entries):
            try:
                planned.append(self.plan(entry))
            except DomainError as error:
                return planned, EntryRefused(index, error)
        return planned, None

    def plan(self, entry: TimeRequest) -> _Planned:
        who = entry.person.strip().lower() if entry.person is not None else None
        if who not in self.workers:
            self.workers[who] = _worker(self.session, self.actor, entry.person)
        worker = self.workers[who]
        where = (worker.id, entry.project, entry.task)
        if where not in self.places:
            self.places[where] = _project_and_task(self.session, self.actor, worker,
                                                   entry.project, entry.task)
        project, task = self.places[where]
        if (worker.id, project.id) not in self.allowed:
            _check_may_log(self.session, self.actor, worker, project)
            self.allowed.add((worker.id, project.id))
        hours = _valid_hours(entry.hours)
        _check_day(project, entry.day, self.today)
        return _Planned(worker, project, task, hours, entry)


def _check_day_totals(session: Session, planned: list[_Planned]) -> None:
    """At most 24 h a person's day, counting what is logged and the batch's earlier entries."""
    if not planned:
        return
    people = sorted({int(p.worker.id or 0) for p in planned})
    days = sorted({p.request.day for p in planned})
    session.exec(select(Person.id).where(col(Person.id).in_(people))  # lock, as log_time does
                 .order_by(col(Person.id)).with_for_update()).all()
    rows = session.exec(select(col(TimeEntry.person_id), col(TimeEntry.day),
                               func.sum(TimeEntry.hours))
                        .where(col(TimeEntry.person_id).in_(people), col(TimeEntry.day).in_(days))
                        .group_by(col(TimeEntry.person_id), col(TimeEntry.day))).all()
    logged = {(pid, day): float(total) for pid, day, total in rows}
    for index, p in enumerate(planned):
        key = (int(p.worker.id or 0), p.request.day)
        before = logged.get(key, 0.0)
        if before + p.hours > MAX_HOURS_PER_DAY + 1e-9:
            raise EntryRefused(index, Invalid(
                "time.day_over_24", day=p.request.day.isoformat(), logged=round(before, 2),
                hours=p.hours, left=round(max(0.0, MAX_HOURS_PER_DAY - before), 2)))
        logged[key] = before + p.hours
