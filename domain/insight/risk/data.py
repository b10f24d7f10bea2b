"""From the store to `Scope`s: the facts the delay-risk features read, for many projects at once.

One call loads a handful of bulk queries (tasks, dependencies, hours per task, milestones,
people's open work and leave, the teams' past milestones) and builds, in memory, one Scope
per project and per upcoming milestone, so warning about every project of the firm costs
the same few queries as one status answer.

What is scored (anything else is not "at risk", it is late or finished):
- a project that is active, has open work, and a deadline today or later (its end date,
  else its last open milestone's due date);
- a milestone not done, due today or later, with open tasks.
Its window starts at the project's start (a milestone: at the previous milestone's due
date, when there is one), else at the first task's creation, else today.
Only leaf tasks count (a task with subtasks is their sum), as in progress.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from domain.core.models import (
    Approval,
    ApprovalStatus,
    LeaveRequest,
    Milestone,
    Person,
    Project,
    ProjectMember,
    Task,
    TaskDependency,
    TaskStatus,
    TimeEntry,
)
from domain.insight.risk.features import Scope, WorkItem, working_days
from domain.work.critical_path import DEFAULT_ESTIMATE_HOURS, critical_path


@dataclass(frozen=True)
class Subject:
    """What a scope is about: a whole project, or one of its milestones."""

    project_id: int
    project: str  # code
    manager_id: int | None
    milestone_id: int | None = None
    milestone: str | None = None
    client_visible: bool = True


def scopes_for(session: Session, projects: list[Project], today: date) -> list[tuple[Subject, Scope]]:
    """Every scoreable project and upcoming milestone of `projects`, with its Scope."""
    ids = [p.id for p in projects]
    if not ids:
        return []
    tasks = _tasks(session, ids)
    logged = _hours_by_task(session, ids)
    deps = _dependencies(session, ids)
    milestones = _milestones(session, ids)
    items = _items(tasks, logged, deps)
    people = People.fetch(session, tasks, today, _last_deadline(projects, milestones))
    record = TeamRecord.fetch(session, ids, today)
    out: list[tuple[Subject, Scope]] = []
    for p in projects:
        mine = items.get(p.id, [])
        if not any(not i.done for _, i in mine):
            continue
        finish = critical_path({i.id: i.left for _, i in mine},
                               {i.id: set(i.depends_on) for _, i in mine}).earliest_finish
        common = {"today": today, "finish": finish, "people": people, "record": record.of(p.id)}
        out += _project_scope(p, mine, milestones.get(p.id, []), logged, **common)
        out += _milestone_scopes(p, mine, milestones.get(p.id, []), logged, **common)
    return out


class TaskRow(NamedTuple):
    """The columns of a task that risk reads (plain tuples: 100 000 of them load in a blink)."""

    id: int
    project_id: int
    parent_id: int | None
    milestone_id: int | None
    assignee_id: int | None
    status: str
    due: date | None
    estimate_hours: float | None
    created_at: datetime | None


def _last_deadline(projects: list[Project], milestones: dict[int, list[Milestone]]) -> date:
    """The furthest date any scope may end: people's work due later does not matter."""
    dates = [p.end for p in projects if p.end is not None]
    dates += [m.due for ms in milestones.values() for m in ms if m.due is not None]
    return max(dates, default=date.max)


def _tasks(session: Session, ids: list[int]) -> list[TaskRow]:
    columns = [getattr(Task, name) for name in TaskRow._fields]
    rows = session.exec(select(*columns).where(col(Task.project_id).in_(ids))).all()
    return [TaskRow(*row) for row in rows]


def _hours_by_task(session: Session, ids: list[int]) -> dict[tuple[int, int | None], float]:
    rows = session.exec(
        select(TimeEntry.project_id, TimeEntry.task_id, func.sum(TimeEntry.hours))
        .where(col(TimeEntry.project_id).in_(ids))
        .group_by(TimeEntry.project_id, TimeEntry.task_id)
    ).all()
    return {(pid, tid): float(h or 0) for pid, tid, h in rows}


def _dependencies(session: Session, ids: list[int]) -> dict[int, tuple[int, ...]]:
    in_projects = select(Task.id).where(col(Task.project_id).in_(ids))
    rows = session.exec(
        select(TaskDependency).where(col(TaskDependency.task_id).in_(in_projects))
    ).all()
    deps: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        deps[row.task_id].append(row.depends_on_id)
    return {t: tuple(sorted(d)) for t, d in deps.items()}


def _milestones(session: Session, ids: list[int]) -> dict[int, list[Milestone]]:
    rows = session.exec(
        select(Milestone).where(col(Milestone.project_id).in_(ids))
        .order_by(col(Milestone.due), col(Milestone.id))
    ).all()
    out: dict[int, list[Milestone]] = defaultdict(list)
    for m in rows:
        out[m.project_id].append(m)
    return out


def _items(tasks: list[TaskRow], logged, deps) -> dict[int, list[tuple[TaskRow, WorkItem]]]:  # type: ignore[no-untyped-def]
    parents = {t.parent_id for t in tasks if t.parent_id is not None}
    out: dict[int, list[tuple[TaskRow, WorkItem]]] = defaultdict(list)
    for t in tasks:
        if t.id in parents:
            continue
        estimate = t.estimate_hours if t.estimate_hours is not None else DEFAULT_ESTIMATE_HOURS
        item = WorkItem(t.id, estimate, t.status, t.due, t.assignee_id,
                        deps.get(t.id, ()), remaining=estimate - logged.get((t.project_id, t.id), 0.0))
        out[t.project_id].append((t, item))
    return out


def _start(project: Project, mine: list[tuple[TaskRow, WorkItem]], today: date) -> date:
    if project.start is not None:
        return project.start
    created = [t.created_at.date() for t, _ in mine if t.created_at is not None]
    return min(created, default=today)


def _project_scope(p: Project, mine, milestones, logged, *, today, finish, people, record):  # type: ignore[no-untyped-def]
    open_dues = [m.due for m in milestones if not m.done and m.due is not None]
    deadline = p.end or max(open_dues, default=None)
    if p.status != "active" or deadline is None or deadline < today:
        return []
    items = [i for _, i in mine]
    # hours booked to no task (meetings, support) have no estimate to burn against
    hours = sum(logged.get((p.id, t.id), 0.0) for t, _ in mine)
    late, count = record
    scope = Scope(_start(p, mine, today), deadline, today, items, hours_logged=hours,
                  load=people.load(items, today, deadline), team_milestones=count,
                  team_slips=late, earliest_finish=finish)
    return [(Subject(p.id, p.code, p.manager_id), scope)]


def _milestone_scopes(p: Project, mine, milestones, logged, *, today, finish, people, record):  # type: ignore[no-untyped-def]
    out = []
    previous_due = None
    for m in milestones:
        start = previous_due or _start(p, mine, today)
        previous_due = m.due or previous_due
        if p.status != "active" or m.done or m.due is None or m.due < today:
            continue
        ours = {t.id for t, _ in mine if t.milestone_id == m.id}
        items = [_scoped(i, i.id in ours) for _, i in mine]
        if not any(i.in_scope and not i.done for i in items):
            continue
        hours = sum(logged.get((p.id, t), 0.0) for t in ours)
        late, count = record  # the milestone itself is not due yet, so not in the record
        scope = Scope(min(start, m.due), m.due, today, items, hours_logged=hours,
                      load=people.load([i for i in items if i.in_scope], today, m.due),
                      team_milestones=count, team_slips=late, earliest_finish=finish)
        out.append((Subject(p.id, p.code, p.manager_id, m.id, m.name, m.client_visible), scope))
    return out


def _scoped(item: WorkItem, in_scope: bool) -> WorkItem:
    if item.in_scope == in_scope:
        return item
    return WorkItem(item.id, item.estimate, item.status, item.due, item.assignee,
                    item.depends_on, in_scope, item.remaining)


class People:
    """Everyone's open work (on every project) and approved leave, for load ratios."""

    def __init__(self, capacity: dict[int, float], work: dict[int, list[tuple[date | None, float]]],
                 leave: dict[int, list[tuple[date, date]]]) -> None:
        self.capacity, self.work, self.leave = capacity, work, leave

    @classmethod
    def fetch(cls, session: Session, tasks: list[TaskRow], today: date, until: date) -> People:
        ids = sorted({t.assignee_id for t in tasks if t.assignee_id is not None
                      and t.status != TaskStatus.done})
        if not ids:
            return cls({}, {}, {})
        capacity = dict(session.exec(
            select(Person.id, Person.weekly_capacity_hours).where(col(Person.id).in_(ids))).all())
        return cls(capacity, _open_work(session, ids, until), _leave(session, ids, today))

    def load(self, items: list[WorkItem], today: date, deadline: date) -> dict[int, float]:
        """Each assignee's open hours due by the deadline over their free hours until then."""
        out = {}
        for person in {i.assignee for i in items if i.assignee is not None and not i.done}:
            daily = (self.capacity.get(person) or 0) / 5
            away = sum(working_days(max(a, today), min(b, deadline)) for a, b in self.leave.get(person, []))
            free = daily * (working_days(today, deadline) - away)
            owed = sum(h for due, h in self.work.get(person, []) if due is None or due <= deadline)
            out[person] = owed / free if free > 0 else 3.0
        return out


def _open_work(session: Session, ids: list[int], until: date) -> dict[int, list[tuple[date | None, float]]]:
    from domain.work.assignment import open_work_rows

    work: dict[int, list[tuple[date | None, float]]] = defaultdict(list)
    for person, due, left in open_work_rows(session, ids, until=until):
        work[person].append((due, left))
    return work


def _leave(session: Session, ids: list[int], today: date) -> dict[int, list[tuple[date, date]]]:
    rows = session.exec(
        select(LeaveRequest.person_id, LeaveRequest.start, LeaveRequest.end)
        .join(Approval, col(Approval.id) == LeaveRequest.approval_id)
        .where(Approval.status == ApprovalStatus.approved, LeaveRequest.end >= today)
        .where(col(LeaveRequest.person_id).in_(ids))
    ).all()
    out: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for person, start, end in rows:
        out[person].append((start, end))
    return out


class TeamRecord:
    """Past milestones (due before today) of the projects each team's people work on."""

    def __init__(self, team: dict[int, set[int]], projects_of: dict[int, set[int]],
                 past: dict[int, list[bool]]) -> None:
        self.team, self.projects_of, self.past = team, projects_of, past

    @classmethod
    def fetch(cls, session: Session, ids: list[int], today: date) -> TeamRecord:
        team: dict[int, set[int]] = defaultdict(set)
        for pid, person in session.exec(select(ProjectMember.project_id, ProjectMember.person_id)
                                        .where(col(ProjectMember.project_id).in_(ids))).all():
            team[pid].add(person)
        for pid, manager in session.exec(select(Project.id, Project.manager_id)
                                         .where(col(Project.id).in_(ids))).all():
            if manager is not None:
                team[pid].add(manager)
        people = sorted(set().union(*team.values())) if team else []
        projects_of = _projects_of(session, people)
        past: dict[int, list[bool]] = defaultdict(list)
        for m in session.exec(select(Milestone).where(
                col(Milestone.project_id).in_(set().union(*projects_of.values()) or {-1}),
                col(Milestone.due).is_not(None), col(Milestone.due) < today)).all():
            late = not m.done or (m.done_on is not None and m.done_on > m.due)  # type: ignore[operator]
            past[m.project_id].append(late)
        return cls(team, projects_of, past)

    def of(self, project_id: int) -> tuple[int, int]:
        """(late, count) over the team's projects' past milestones."""
        projects = set().union(*(self.projects_of.get(p, set()) for p in self.team.get(project_id, ())))
        flags = [late for pid in projects for late in self.past.get(pid, [])]
        return sum(flags), len(flags)


def _projects_of(session: Session, people: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    if not people:
        return out
    for pid, person in session.exec(select(ProjectMember.project_id, ProjectMember.person_id)
                                    .where(col(ProjectMember.person_id).in_(people))).all():
        out[person].add(pid)
    for pid, manager in session.exec(select(Project.id, Project.manager_id)
                                     .where(col(Project.manager_id).in_(people))).all():
        out[manager].add(pid)
    return out
