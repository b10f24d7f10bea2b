"""Notices to the firm's people: the end-of-day hours reminder, and overdue-task nudges.

Both only on the person's working days: not at weekends, not on public holidays of their
country (Person.country, else the one of their timezone), not while on approved leave.
The reminder goes out between 18:00 and the start of quiet hours, their time, when the
hours logged for today are under a fifth of their weekly capacity.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from domain.core.models import (
    Person,
    Project,
    ProjectMember,
    ProjectStatus,
    Task,
    TaskStatus,
    TimeEntry,
)
from domain.notices.due import (
    CATCH_UP_DAYS,
    DAY_STARTS,
    QUIET_FROM,
    WORKDAY_ENDS,
    Clock,
    Notice,
    Recipient,
    country_for,
    is_working_day,
)
from domain.requests.absence import approved_leave


def team_notices(session: Session, clock: Clock) -> list[Notice]:
    people = [_Someone(row, clock) for row in _people(session)]
    away = _on_leave(session, clock)
    return _hours_reminders(session, clock, people, away) + _overdue(session, clock, people, away)


class _Someone:
    def __init__(self, row: tuple, clock: Clock) -> None:
        pid, handle, lang, tz, country, capacity = row
        self.recipient = Recipient("person", pid, handle, lang or "en", clock.tz_name(tz))
        self.country = country_for(country, clock.tz_name(tz))
        self.capacity = float(capacity or 0)
        self.local = clock.local(tz)

    @property
    def today(self) -> date:
        return self.local.date()

    def works_today(self, away: dict[int, list[tuple[date, date]]]) -> bool:
        if not is_working_day(self.today, self.country):
            return False
        return not any(a <= self.today <= b for a, b in away.get(self.recipient.id, ()))


def _people(session: Session) -> list[tuple]:
    on_active = exists().where(ProjectMember.person_id == Person.id,
                               ProjectMember.project_id == Project.id,
                               Project.status == ProjectStatus.active)
    return list(session.exec(
        select(Person.id, Person.handle, Person.language, Person.timezone, Person.country,
               Person.weekly_capacity_hours)
        .where(col(Person.active).is_(True), col(Person.forgotten).is_(False), on_active)
    ).all())


def _on_leave(session: Session, clock: Clock) -> dict[int, list[tuple[date, date]]]:
    lo, hi = clock.days_around(1, 1)
    away: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for pid, start, end in approved_leave(session, lo, hi):
        away[pid].append((start, end))
    return away


def _hours_reminders(session: Session, clock: Clock, people: list[_Someone],
                     away: dict[int, list[tuple[date, date]]]) -> list[Notice]:
    evening = {f"hours_reminder:{s.recipient.id}:{s.today}": s for s in people
               if s.capacity > 0 and WORKDAY_ENDS <= s.local.time() < QUIET_FROM
               and s.works_today(away)}
    fresh = clock.unsettled([(key, s.recipient) for key, s in evening.items()])
    evening = {key: evening[key] for key, _ in fresh}
    if not evening:
        return []
    logged = _hours_logged(session, clock, [s.recipient.id for s in evening.values()])
    notices = []
    for key, someone in evening.items():
        expected = someone.capacity / 5
        hours = logged.get((someone.recipient.id, someone.today), 0.0)
        if hours + 1e-9 < expected:
            who = someone.recipient
            params = {"hours": f"{hours:g}", "expected": f"{expected:g}",
                      "day": someone.today.isoformat()}
            notices.append(Notice("hours_reminder", key, who, someone.today.isoformat(),
                                  (("notice.hours_reminder", params),)))
    return notices


def _hours_logged(session: Session, clock: Clock, ids: list[int]) -> dict[tuple[int, date], float]:
    lo, hi = clock.days_around(1, 1)
    rows = session.exec(
        select(TimeEntry.person_id, TimeEntry.day, func.sum(TimeEntry.hours))
        .where(col(TimeEntry.person_id).in_(ids), TimeEntry.day >= lo, TimeEntry.day <= hi)
        .group_by(TimeEntry.person_id, TimeEntry.day)
    ).all()
    return {(pid, day): float(h or 0) for pid, day, h in rows}


def _overdue(session: Session, clock: Clock, people: list[_Someone],
             away: dict[int, list[tuple[date, date]]]) -> list[Notice]:
    """A task became overdue: its assignee hears of it once, on their next working morning."""
    lo, hi = clock.days_around(CATCH_UP_DAYS, 0)
    rows = session.exec(
        select(Task.id, Task.title, Task.due, Task.assignee_id, Project.code)
        .join(Project, col(Project.id) == Task.project_id)
        .where(Task.status != TaskStatus.done, col(Task.assignee_id).is_not(None),
               Project.status == ProjectStatus.active, col(Task.due) >= lo, col(Task.due) <= hi)
    ).all()
    by_id = {someone.recipient.id: someone for someone in people}
    notices = []
    for tid, title, due, assignee, code in rows:
        someone = by_id.get(assignee)
        if someone is None or someone.local.time() < DAY_STARTS:
            continue
        if not (due < someone.today <= due + timedelta(days=CATCH_UP_DAYS)):
            continue
        if not someone.works_today(away):
            continue
        params = {"task": f"#{tid}", "title": title, "project": code, "due": due.isoformat()}
        notices.append(Notice("task_overdue", f"task_overdue:{tid}:{due}", someone.recipient,
                              code, (("notice.task_overdue", params),)))
    return notices
