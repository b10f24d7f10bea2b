"""Who should take a piece of work: people ranked by skill, free time and knowing the project.

`suggest_assignee` answers a manager's "who could do the checkout API?" with the top three
people and the reason for each, so the choice stays the manager's. Three signals, each in
0..1, weighed into one score:

- skills (0.5): the share of the wanted skills the person has. Wanted skills are the ones
  asked for, else the firm's known skills named in the task's title; none wanted ⇒ 0 for all;
- free capacity (0.35): in the task's window (today to its due date; two weeks without
  one), weekly capacity × working days / 5, minus approved leave on working days, minus the
  remaining estimate of their open tasks due by then (undated ones too: they are owed
  somewhere); as a share of the window's capacity, cut to 30% when the task does not fit;
- knowing the project (0.15): h / (h + 20) of past hours h on it, so 20 h count for half;
  being on its team counts as 10 h (no onboarding, access already granted).

Candidates: the project's team, plus anyone of the firm who has a wanted skill.
Reading, not writing: nothing is audited. Members may ask as well as managers and admins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid
from domain.core.lookup import find_project, find_task
from domain.core.matching import fold
from domain.core.models import (
    Person,
    Project,
    ProjectMember,
    Task,
    TaskStatus,
    TimeEntry,
)
from domain.core.permissions import is_member, require_internal
from domain.insight.risk.features import working_days
from domain.requests.absence import approved_leave
from domain.work.critical_path import DEFAULT_ESTIMATE_HOURS

TOP = 3
DEFAULT_WINDOW_DAYS = 13  # today + 13 = two working weeks
WEIGHTS = {"skills": 0.5, "capacity": 0.35, "history": 0.15}
HALF_FAMILIAR_HOURS = 20.0
TEAM_HOURS = 10.0  # what being on the team is worth, in hours of past work
NO_FIT_FACTOR = 0.3

Reason = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Suggestion:
    handle: str
    name: str
    score: float
    matched_skills: list[str]
    missing_skills: list[str]
    free_hours: float  # in the window, after leave and open work (may be negative)
    open_hours: float
    leave_days: int
    project_hours: float
    on_team: bool
    fits: bool  # the task's estimate fits in the free hours
    window: tuple[date, date]
    reasons: list[Reason] = field(default_factory=list)


def suggest_assignee(
    session: Session,
    actor: Actor,
    *,
    project: str | Project | None,
    task: int | str | Task | None = None,
    skills: list[str] | None = None,
    today: date,
) -> list[Suggestion]:
    """The best three people for the task (or for work needing `skills`), best first."""
    proj, job = _project_and_task(session, actor, project, task)
    wanted = _wanted_skills(session, skills, job)
    window = task_window(job, today)
    need = _remaining(session, job)
    team = team_ids(session, proj)
    people = _candidates(session, team, wanted)
    if not people:
        return []
    ids = [p.id for p in people]
    load = open_hours(session, ids, until=window[1], exclude_task=job.id if job else None)
    leave = leave_days(session, ids, *window)
    history = project_hours(session, ids, proj.id)
    ranked = [
        _suggestion(p, wanted, window, need, load.get(p.id, 0.0), leave.get(p.id, 0),
                    history.get(p.id, 0.0), p.id in team, proj.code)
        for p in people
    ]
    if job is not None and job.assignee_id is not None:
        holder = next((p.handle for p in people if p.id == job.assignee_id), None)
        for s in ranked:
            if s.handle == holder:
                s.reasons.insert(0, ("assign.why.current", {}))
    ranked.sort(key=lambda s: (-s.score, -s.free_hours, s.handle))
    return ranked[:TOP]


def _project_and_task(session: Session, actor: Actor, project: Any, task: Any,
                      ) -> tuple[Project, Task | None]:
    if project is None and task is None:
        raise Invalid("assign.no_project")
    proj = find_project(session, actor, project) if project is not None else None
    job = task if isinstance(task, Task) or task is None else find_task(session, actor, task, proj)
    if proj is None:
        proj = session.get(Project, job.project_id)  # type: ignore[union-attr]
    elif job is not None and job.project_id != proj.id:
        raise Invalid("assign.task_elsewhere", task=f"#{job.id}", project=proj.code)
    require_internal(session, actor, proj)
    if not (actor.is_admin or is_member(session, actor, proj)):
        raise Forbidden("forbidden.not_member", project=proj.code)  # type: ignore[union-attr]
    return proj, job  # type: ignore[return-value]


def _wanted_skills(session: Session, skills: list[str] | None, job: Task | None) -> list[str]:
    """Skills asked for, else the firm's skills that the task's title names."""
    if skills:
        return list(dict.fromkeys(s.strip() for s in skills if s and s.strip()))
    if job is None:
        return []
    known = {s for row in session.exec(select(Person.skills)).all() for s in row or []}
    return sorted(s for s in known if _names(job.title, s))


def _names(title: str, skill: str) -> bool:
    """Whole words for Latin names ("qa" is not in "quality"), any place for Chinese ones."""
    words = re.sub(r"[^\w.+#]+", " ", fold(title))
    wanted = fold(skill)
    if len(wanted) < 2:
        return False
    if wanted.isascii():
        return f" {wanted} " in f" {words} "
    return wanted in fold(title)


def task_window(job: Task | None, today: date) -> tuple[date, date]:
    if job is not None and job.due is not None and job.due > today:
        return today, job.due
    return today, today + timedelta(days=DEFAULT_WINDOW_DAYS)


def _remaining(session: Session, job: Task | None) -> float:
    if job is None or job.status == TaskStatus.done:
        return 0.0
    logged = session.exec(select(func.sum(TimeEntry.hours)).where(TimeEntry.task_id == job.id)).one()
    estimate = job.estimate_hours if job.estimate_hours is not None else DEFAULT_ESTIMATE_HOURS
    return max(estimate - float(logged or 0), 0.0)


def team_ids(session: Session, proj: Project) -> set[int]:
    members = session.exec(
        select(ProjectMember.person_id).where(ProjectMember.project_id == proj.id)
    ).all()
    return set(members) | ({proj.manager_id} if proj.manager_id else set())


def _candidates(session: Session, team: set[int], wanted: list[str]) -> list[Person]:
    people = session.exec(
        select(Person).where(col(Person.active).is_(True), col(Person.forgotten).is_(False))
        .order_by(col(Person.handle))
    ).all()
    return [p for p in people if p.id in team or _matched(p.skills, wanted)]


def _matched(have: list[str] | None, wanted: list[str]) -> list[str]:
    held = {fold(s) for s in have or []}
    return [w for w in wanted if fold(w) in held]


def open_hours(
    session: Session, person_ids: list[int], *, until: date, exclude_task: int | None = None
) -> dict[int, float]:
    """Remaining estimate of each person's open leaf tasks due by `until` (or undated)."""
    hours: dict[int, float] = defaultdict(float)
    for person_id, _due, left in open_work_rows(session, person_ids, until=until,
                                                exclude_task=exclude_task):
        hours[person_id] += left
    return dict(hours)


def open_work_rows(
    session: Session, person_ids: list[int], *, until: date | None = None,
    exclude_task: int | None = None,
) -> list[tuple[int, date | None, float]]:
    """(person, due, hours left) of the open leaf tasks of these people, on any project,
    that are due by `until` (when given) or undated.

    Hours left = estimate (1 h when unknown) less the hours logged on the task, at least 0.
    """
    child = aliased(Task)
    parents = select(child.parent_id).where(col(child.parent_id).is_not(None))
    logged = (  # per open task, through the task_id index: no scan of all time entries
        select(func.sum(TimeEntry.hours)).where(TimeEntry.task_id == Task.id)
        .correlate(Task).scalar_subquery()
    )
    query = (
        select(Task.assignee_id, Task.due, Task.estimate_hours, logged)
        .where(col(Task.assignee_id).in_(person_ids), Task.status != TaskStatus.done)
        .where(col(Task.id).not_in(parents))
    )
    if until is not None:
        query = query.where(col(Task.due).is_(None) | (col(Task.due) <= until))
    if exclude_task is not None:
        query = query.where(Task.id != exclude_task)
    return [
        (person_id, due, max((est if est is not None else DEFAULT_ESTIMATE_HOURS) - float(h or 0), 0.0))
        for person_id, due, est, h in session.exec(query).all()
    ]


def leave_days(session: Session, person_ids: list[int], start: date, end: date) -> dict[int, int]:
    """Working days of approved leave between start and end, per person."""
    days: dict[int, int] = defaultdict(int)
    for person_id, first, last in approved_leave(session, start, end, person_ids):
        days[person_id] += working_days(max(first, start), min(last, end))
    return dict(days)


def project_hours(session: Session, person_ids: list[int], project_id: int) -> dict[int, float]:
    rows = session.exec(
        select(TimeEntry.person_id, func.sum(TimeEntry.hours))
        .where(TimeEntry.project_id == project_id, col(TimeEntry.person_id).in_(person_ids))
        .group_by(TimeEntry.person_id)
    ).all()
    return {pid: float(h or 0) for pid, h in rows}


def _suggestion(p: Person, wanted: list[str], window: tuple[date, date], need: float,
                load: float, leave: int, history: float, on_team: bool, code: str) -> Suggestion:
    daily = (p.weekly_capacity_hours or 0) / 5
    capacity = daily * working_days(*window)
    free = capacity - leave * daily - load
    fits = free >= need and free > 0
    matched = _matched(p.skills, wanted)
    skill_score = len(matched) / len(wanted) if wanted else 0.0
    capacity_score = min(max(free / capacity, 0.0), 1.0) * (1 if fits else NO_FIT_FACTOR) if capacity > 0 else 0.0
    known = history + (TEAM_HOURS if on_team else 0.0)
    history_score = known / (known + HALF_FAMILIAR_HOURS)
    score = (WEIGHTS["skills"] * skill_score + WEIGHTS["capacity"] * capacity_score
             + WEIGHTS["history"] * history_score)
    missing = [w for w in wanted if w not in matched]
    s = Suggestion(p.handle, p.name, round(score, 4), matched, missing, round(free, 1),
                   round(load, 1), leave, round(history, 1), on_team, fits, window)
    s.reasons.extend(_reasons(s, wanted, code))
    return s


def _reasons(s: Suggestion, wanted: list[str], code: str) -> list[Reason]:
    """Why this person, in message keys: skills, then time, then history with the project."""
    out: list[Reason] = []
    if s.matched_skills:
        out.append(("assign.why.skills", {"skills": ", ".join(s.matched_skills)}))
    if s.missing_skills:
        key = "assign.why.lacks" if s.matched_skills else "assign.why.no_skills"
        out.append((key, {"skills": ", ".join(s.missing_skills)}))
    end = s.window[1].isoformat()
    if s.fits:
        out.append(("assign.why.free", {"hours": _h(s.free_hours), "end": end}))
    else:
        out.append(("assign.why.busy", {"hours": _h(s.open_hours), "free": _h(max(s.free_hours, 0)),
                                        "end": end}))
    if s.leave_days:
        out.append(("assign.why.leave", {"days": s.leave_days}))
    if s.project_hours:
        out.append(("assign.why.history", {"hours": _h(s.project_hours), "project": code}))
    elif not s.on_team:
        out.append(("assign.why.new", {"project": code}))
    return out


def _h(hours: float) -> str:
    return f"{hours:g}"
