"""Utilisation per person: hours logged against what they could have worked, and how much of
it a client pays for.

- capacity = `weekly_capacity_hours` / 5 for every weekday of the window, less the weekdays
  of approved leave (so a week off is not counted as idle);
- utilisation % = all the hours a person logged (on every project) / capacity: how booked
  the person is, the same figure whoever asks and whichever project it is shown for;
  billable share % = billable / logged, where an hour is billable when its project has a
  client and an hourly rate above 0;
- project share % = the hours logged on the projects in scope / capacity: a separate
  series, for "how much of them does my project take" (equal to utilisation unscoped);
- who sees whom: admins everyone; a project manager the people on the projects they
  manage, and their own row; anyone else only their own row; a client contact nobody.
  `project` / `client` narrow to those projects' people, and their hours to `project_hours`.
The database sums hours per person and day (one grouped query); Python folds the days.
`person_week_figures` is the weekly form the utilisation chart draws, from the same sums.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, case, col, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden
from domain.core.lookup import find_project
from domain.core.models import (
    Person,
    Project,
    ProjectMember,
    TimeEntry,
)
from domain.insight.reports.scope import Window, find_client, require_manage_or_admin, within
from domain.requests.absence import approved_leave


@dataclass(frozen=True)
class UtilisationLine:
    person: str  # handle
    name: str
    capacity_hours: float
    leave_days: int
    logged_hours: float  # on every project
    billable_hours: float
    scope: str  # "all": no narrowing; "managed": project_hours counts the scope's projects only
    project_hours: float = 0.0  # on the projects in scope

    @property
    def utilisation_pct(self) -> float | None:
        return share_pct(self.logged_hours, self.capacity_hours)

    @property
    def project_share_pct(self) -> float | None:
        return share_pct(self.project_hours, self.capacity_hours)

    @property
    def billable_pct(self) -> float | None:
        return None if self.logged_hours <= 0 else 100 * self.billable_hours / self.logged_hours


def share_pct(hours: float, capacity: float) -> float | None:
    return None if capacity <= 0 else 100 * hours / capacity


def capacity_hours(weekly_capacity: float, start: date, end: date, leave: set[date]) -> float:
    """Weekdays from start to end (inclusive), less leave weekdays, × a fifth of the week."""
    off = sum(1 for d in leave if start <= d <= end)
    return weekly_capacity / 5 * (weekdays(start, end) - off)


@dataclass(frozen=True)
class UtilisationReport:
    window: Window
    people: tuple[UtilisationLine, ...]


@dataclass(frozen=True)
class Scope:
    """Whose hours, on which projects (None: all), and whose rows count every project."""

    people: list[Person]
    project_ids: list[int] | None
    full_rows: frozenset[int]


def utilisation_scope(
    session: Session, actor: Actor, *, project: str | None = None, client: str | None = None,
) -> Scope:
    if actor.is_contact or actor.is_partner:
        raise Forbidden("report.forbidden")
    me = session.get(Person, actor.id)
    projects = _projects_in_scope(session, actor, project, client)
    if projects is None:  # admin, no filter
        people = session.exec(select(Person).where(col(Person.active), ~col(Person.forgotten))
                              .order_by(col(Person.handle))).all()
        return Scope(list(people), None, frozenset(p.id for p in people))
    ids = [p.id for p in projects]
    unfiltered = project is None and client is None
    own = frozenset([actor.id]) if unfiltered else frozenset()
    if not ids:  # a member: their own row, every project
        return Scope([me] if me is not None and unfiltered else [], None, own)
    return Scope(_people_of(session, ids), ids, own)


def _projects_in_scope(session: Session, actor: Actor, project: str | None,
                       client: str | None) -> list[Project] | None:
    """Projects whose people and hours the actor may count; None = everything (admins)."""
    if project is not None:
        found = find_project(session, actor, project)
        require_manage_or_admin(session, actor, found)
        rows = [found]
    elif actor.is_admin:
        rows = None if client is None else list(session.exec(select(Project)).all())
    else:
        rows = list(session.exec(select(Project).where(Project.manager_id == actor.id)).all())
    if client is not None and rows is not None:
        wanted = find_client(session, client, actor)
        rows = [p for p in rows if p.client_id == wanted.id]
    return rows


def _people_of(session: Session, project_ids: list[int]) -> list[Person]:
    members = select(ProjectMember.person_id).where(col(ProjectMember.project_id).in_(project_ids))
    managers = select(Project.manager_id).where(col(Project.id).in_(project_ids))
    return list(session.exec(
        select(Person).where(col(Person.id).in_(members) | col(Person.id).in_(managers),
                             ~col(Person.forgotten))
        .order_by(col(Person.handle))).all())


def utilisation_report(session: Session, actor: Actor, scope: Scope, window: Window) -> UtilisationReport:
    if not scope.people:
        return UtilisationReport(window, ())
    assert window.start is not None and window.end is not None
    ids = [p.id for p in scope.people]
    daily = hours_by_day(session, ids, scope, window)
    leave = leave_days(session, ids, window)
    lines = []
    for p in scope.people:
        days = daily.get(p.id, {})
        off = leave.get(p.id, set())
        capacity = capacity_hours(p.weekly_capacity_hours, window.start, window.end, off)
        lines.append(UtilisationLine(
            p.handle, p.name, capacity, len(off), sum(h for h, _, _ in days.values()),
            sum(b for _, b, _ in days.values()),
            "all" if scope.project_ids is None else "managed",
            sum(s for _, _, s in days.values())))
    return UtilisationReport(window, tuple(lines))


def hours_by_day(
    session: Session, person_ids: list[int], scope: Scope, window: Window,
) -> dict[int, dict[date, tuple[float, float, float]]]:
    """(hours, billable hours, hours on the scope's projects) per person and day."""
    billable = col(Project.client_id).is_not(None) & (Project.hourly_rate > 0)
    in_scope = (col(TimeEntry.project_id).in_(scope.project_ids)
                if scope.project_ids is not None else None)
    scoped = (func.sum(case((in_scope, TimeEntry.hours), else_=0.0)) if in_scope is not None
              else func.sum(TimeEntry.hours))
    query = (
        select(TimeEntry.person_id, TimeEntry.day, func.sum(TimeEntry.hours),
               func.sum(case((billable, TimeEntry.hours), else_=0.0)), scoped)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(col(TimeEntry.person_id).in_(person_ids), within(TimeEntry.day, window))
        .group_by(TimeEntry.person_id, TimeEntry.day)
    )
    out: dict[int, dict[date, tuple[float, float, float]]] = defaultdict(dict)
    for pid, day, hours, bill, mine in session.exec(query).all():
        out[pid][day] = (float(hours or 0), float(bill or 0), float(mine or 0))
    return out


def leave_days(session: Session, person_ids: list[int], window: Window) -> dict[int, set[date]]:
    """The weekdays inside the window each person is on approved leave."""
    assert window.start is not None and window.end is not None
    out: dict[int, set[date]] = defaultdict(set)
    for pid, start, end in approved_leave(session, window.start, window.end, person_ids):
        day = max(start, window.start)
        while day <= min(end, window.end):
            if day.weekday() < 5:
                out[pid].add(day)
            day += timedelta(days=1)
    return out


def weekdays(start: date, end: date) -> int:
    """Monday–Friday days from start to end, inclusive."""
    full, rest = divmod((end - start).days + 1, 7)
    extra = sum(1 for i in range(rest) if (start + timedelta(days=i)).weekday() < 5)
    return full * 5 + extra
