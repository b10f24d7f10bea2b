"""The burndown's numbers: estimate left per day, with progress counted as work burnt.

A task burns its estimate as it goes, not only when it is done: "#9 is 50% done" burns
half of #9's estimate on the day it was said, "80% there" a further 30% on its day, and
"done" the rest on `done_on`. So the line on any day is what status calls the hours done
(`domain.money.project_figures.TaskFigures.done_weight`): the two always agree today.

When each percentage was said comes from the audit chain (every `task.update` that
changed `progress`, and every undo that put an old value back); a percentage the chain
does not explain (an imported task, a value set outside chat) counts from the day the
task was created, or today when that is unknown. Days before the project's start are
summed into its first day, as done tasks always were.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.core.actors import Actor, local_today
from domain.core.lookup import find_project
from domain.core.models import AuditEvent, Project, Task, TaskStatus
from domain.core.permissions import require_internal
from domain.insight.figures import ideal_remaining


@dataclass(frozen=True)
class BurndownData:
    project: str
    today: date
    total: float  # hours of estimate
    days: tuple[date, ...]
    remaining: tuple[float, ...]  # actual, up to today (shorter than `days` when the end is ahead)
    ideal: tuple[float, ...]


def burndown_data(session: Session, actor: Actor, *, project: str, today: date) -> BurndownData:
    proj = find_project(session, actor, project)
    require_internal(session, actor, proj)
    tasks = session.exec(select(Task).where(Task.project_id == proj.id, leaf_condition(proj))).all()
    said = _progress_said(session, actor, proj)
    burnt: dict[date | None, float] = defaultdict(float)
    for task in tasks:
        for day, hours in _burns(task, said.get(task.id or 0, []), today):
            burnt[day] += hours
    total = sum(_weight(t) for t in tasks)
    start = proj.start or min([d for d in burnt if d] + [today])
    end = proj.end or max(today, start)
    last = max(end, today)  # a late project's chart runs on to today; its ideal line stays 0
    days = tuple(start + timedelta(days=i) for i in range((last - start).days + 1))
    left = total - sum(h for d, h in burnt.items() if d is None or d < start)
    remaining = []
    for day in days:
        if day > today:
            break
        left -= burnt.get(day, 0.0)
        remaining.append(left)
    ideal = tuple(ideal_remaining(total, start, end, day) for day in days)
    return BurndownData(proj.code, today, total, days, tuple(remaining), ideal)


def leaf_condition(proj: Project) -> Any:
    """Tasks without subtasks: a parent's estimate is its children's, not counted twice."""
    child = aliased(Task)
    parents = select(child.parent_id).where(child.project_id == proj.id,
                                            col(child.parent_id).is_not(None))
    return col(Task.id).not_in(parents)


def _weight(task: Task) -> float:
    return float(task.estimate_hours) if task.estimate_hours is not None else 1.0


def _burns(task: Task, said: list[tuple[date, int]], today: date) -> list[tuple[date | None, float]]:
    """(day, hours) steps of one task: each percentage's increase (or a fall back, when a
    figure was corrected down), then the rest of the estimate on the day it was done."""
    weight, done = _weight(task), task.status == TaskStatus.done
    steps: list[tuple[date | None, float]] = []
    for day, pct in said:
        if done and (task.done_on is None or day >= task.done_on):
            break
        steps.append((min(day, today), float(pct)))
    current = None if done else float(task.progress or 0)
    if current is not None and (steps[-1][1] if steps else 0.0) != current:
        created = task.created_at.date() if task.created_at else today
        steps.append((min(created if not said else today, today), current))
    if done:
        steps.append((task.done_on, 100.0))
    out: list[tuple[date | None, float]] = []
    before = 0.0
    for when, share in steps:
        out.append((when, weight * (share - before) / 100))
        before = share
    return out


def _progress_said(session: Session, actor: Actor, proj: Project) -> dict[int, list[tuple[date, int]]]:
    """Per task, the percentages said in chat (or put back by an undo), in order."""
    ids = select(cast(Task.id, String)).where(Task.project_id == proj.id)
    rows = session.exec(
        select(AuditEvent.entity_id, AuditEvent.at, AuditEvent.action, AuditEvent.payload)
        .where(AuditEvent.entity == "task", col(AuditEvent.action).in_(("task.update", "undo")),
               col(AuditEvent.entity_id).in_(ids))
        .order_by(col(AuditEvent.seq))
    ).all()
    said: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for entity_id, at, action, payload in rows:
        values = (payload or {}).get("after" if action == "task.update" else "restored") or {}
        if "progress" in values:
            said[int(entity_id or 0)].append((_day(actor, at), int(values["progress"] or 0)))
    return said


def _day(actor: Actor, at: datetime) -> date:
    return local_today(actor, at if at.tzinfo else at.replace(tzinfo=UTC))
