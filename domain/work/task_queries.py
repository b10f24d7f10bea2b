"""Reading tasks: "what's on my plate?", "open tasks on WEB due this week".

One SQL query per call, scoped to the projects the actor may see. Client contacts see the
tasks of their own client's projects, except tasks of internal (not client-visible)
milestones, and never the internal estimates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, case, col, select

from domain.core.actors import Actor
from domain.core.errors import Invalid, NotFound
from domain.core.lookup import find_person, find_project, find_task
from domain.core.models import Milestone, Person, Priority, Project, Task, TaskStatus
from domain.core.permissions import person_shown_to, tasks_seen_by, visible_project_ids

PRIORITY_RANK = {Priority.urgent: 0, Priority.high: 1, Priority.normal: 2, Priority.low: 3}


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    project: str  # code
    status: str
    priority: str
    due: date | None
    assignee: str | None  # handle
    milestone: str | None
    estimate_hours: float | None  # None for client contacts
    overdue: bool
    done_on: date | None
    progress: int | None = None  # 0–100 while open; None when never said


def list_tasks(
    session: Session,
    actor: Actor,
    *,
    person: str | None = None,
    project: str | Project | None = None,
    status: str | None = None,
    due_before: date | None = None,
    open_only: bool = True,
    today: date,
) -> list[TaskView]:
    """Tasks, most pressing first: by due date (undated last), then priority, then id.

    `due_before` is inclusive ("due by Friday" includes Friday). `open_only` hides done
    tasks unless `status` asks for them explicitly. "My tasks" is `person=actor.handle`.
    """
    query = _base_query(session, actor)
    if person is not None:
        query = query.where(Task.assignee_id == find_person(session, person, actor).id)
    if project is not None:
        query = query.where(Task.project_id == find_project(session, actor, project).id)
    if status is not None:
        query = query.where(Task.status == _status(status))
    elif open_only:
        query = query.where(Task.status != TaskStatus.done)
    if due_before is not None:
        query = query.where(col(Task.due).is_not(None), col(Task.due) <= due_before)
    return [_view(row, actor, today) for row in session.exec(_ordered(query)).all()]


def task_state(session: Session, actor: Actor, *, task: int | str, today: date) -> TaskView:
    """One task as its assignee would describe it ("is #4 done?"), among visible tasks."""
    found = find_task(session, actor, task)
    row = session.exec(_base_query(session, actor).where(Task.id == found.id)).first()
    if row is None:
        raise NotFound("task.not_found", query=str(task), matches=[])
    return _view(row, actor, today)


def _base_query(session: Session, actor: Actor) -> Any:
    query = (
        select(Task, Project.code, Person.handle, Milestone.name)
        .join(Project, col(Project.id) == Task.project_id)
        .outerjoin(Person, col(Person.id) == Task.assignee_id)
        .outerjoin(Milestone, col(Milestone.id) == Task.milestone_id)
        .where(col(Task.project_id).in_(visible_project_ids(session, actor)),
               tasks_seen_by(actor))
    )
    return query


def _ordered(query: Any) -> Any:
    rank = case(*((Task.priority == p.value, n) for p, n in PRIORITY_RANK.items()), else_=9)
    return query.order_by(
        case((col(Task.due).is_(None), 1), else_=0), col(Task.due), rank, col(Task.id)
    )


def _status(value: str) -> str:
    wanted = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if wanted not in TaskStatus.__members__:
        options = list(TaskStatus.__members__)
        raise Invalid("task.bad_status", value=value, options=options, choices=", ".join(options))
    return wanted


def _view(row: Any, actor: Actor, today: date) -> TaskView:
    task, code, handle, milestone = row
    return TaskView(
        id=task.id,
        title=task.title,
        project=code,
        status=task.status,
        priority=task.priority,
        due=task.due,
        assignee=person_shown_to(actor, handle),
        milestone=milestone,
        estimate_hours=None if actor.is_contact else task.estimate_hours,
        overdue=task.due is not None and task.due < today and task.status != TaskStatus.done,
        done_on=task.done_on,
        progress=task.progress,
    )
