"""Tasks: the work a project is made of, planned in chat ("add a task…", "mark #12 done").

Who may change what, on top of `domain.core.permissions`:
- members plan their own work: they create tasks for themselves or for nobody, and change
  tasks that are theirs or unassigned (taking one is assigning it to themselves);
- the project's manager and admins also assign work to others and change anyone's task;
- an assignee is always someone on the project (a member or its manager).
A task may be marked done while a task it depends on is still open: the PM knows best, and
`open_dependencies` lets the reply warn about it (`task.done_with_open_dependencies`).
Dependencies never form a cycle. Reading tasks lives in `domain.work.task_queries` (re-exported).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import Forbidden, Invalid
from domain.core.lookup import find_milestone, find_person, find_project, find_task
from domain.core.models import (
    Person,
    Priority,
    Project,
    ProjectMember,
    Task,
    TaskDependency,
    TaskStatus,
)
from domain.core.permissions import require_manage, require_work
from domain.work.task_dependencies import new_dependencies, open_dependencies
from domain.work.task_queries import TaskView, list_tasks
from domain.work.time_entries import only_project


class _Clear(StrEnum):
    clear = "clear"


CLEAR = _Clear.clear
"""Pass as `assignee`, `due` or `estimate_hours` to `update_task` to empty the field."""

TaskRef = int | str | Task

__all__ = ["CLEAR", "TaskView", "create_task", "list_tasks", "open_dependencies", "update_task"]


# ---------------------------------------------------------------- creating
def create_task(
    session: Session,
    actor: Actor,
    *,
    project: str | Project | None = None,
    title: str,
    assignee: str | None = None,
    due: date | None = None,
    priority: str | None = None,
    estimate_hours: float | None = None,
    milestone: str | None = None,
    parent: TaskRef | None = None,
    depends_on: list[TaskRef] | None = None,
    now: datetime,
) -> Task:
    """Add a task to a project (by default the actor's only one); it starts as `todo`."""
    proj = _project(session, actor, project)
    require_work(session, actor, proj)
    person = _assignee(session, actor, proj, assignee)
    task = Task(
        project_id=proj.id,
        title=_title(title),
        assignee_id=person.id if person else None,
        priority=_choice(priority or Priority.normal, Priority, "task.bad_priority"),
        due=due,
        estimate_hours=_estimate(estimate_hours),
        status=TaskStatus.todo.value,
        # among the milestones the actor sees: a partner's person must neither attach work to
        # an internal milestone nor learn its name from a "did you mean"
        milestone_id=find_milestone(session, proj, milestone, actor).id if milestone else None,
        parent_id=_parent(session, actor, proj, parent),
        created_at=now,
    )
    deps = _unique([_task(session, actor, ref, proj) for ref in depends_on or []])
    session.add(task)
    session.flush()
    session.add_all([TaskDependency(task_id=task.id, depends_on_id=d.id) for d in deps])
    session.flush()
    after = snapshot(task) | {"depends_on": [d.id for d in deps]}
    audit.record(
        session,
        actor=actor.label,
        action="task.create",
        entity="task",
        entity_id=task.id,
        payload={"before": None, "after": after},
        now=now,
    )
    return task


def _project(session: Session, actor: Actor, ref: str | Project | None) -> Project:
    if ref is not None:
        return find_project(session, actor, ref)
    if actor.is_contact:
        raise Forbidden("forbidden.client_plan")
    return only_project(session, actor.id, key="task.project_required")


def _title(title: str) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise Invalid("task.title_required")
    if len(text) > 300:
        raise Invalid("task.title_too_long", length=len(text), limit=300)
    return text


def _choice(value: str, enum: type[StrEnum], key: str) -> str:
    wanted = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if wanted not in enum.__members__:
        options = list(enum.__members__)
        raise Invalid(key, value=value, options=options, choices=", ".join(options))
    return enum(wanted).value


def _estimate(hours: float | None) -> float | None:
    if hours is None:
        return None
    if not float(hours) > 0:
        raise Invalid("task.estimate_not_positive", hours=hours)
    return float(hours)


def _assignee(session: Session, actor: Actor, proj: Project, ref: str | None) -> Person | None:
    """Resolve an assignee; giving work to someone else is the manager's call."""
    if ref is None or ref is CLEAR:
        return None
    person = find_person(session, ref)
    if person.id != actor.id:
        require_manage(session, actor, proj)
    on_project = session.get(ProjectMember, (proj.id, person.id)) is not None
    if not (on_project or proj.manager_id == person.id):
        raise Invalid("task.assignee_not_member", person=person.handle, project=proj.code)
    return person


def _task(session: Session, actor: Actor, ref: TaskRef | None, proj: Project | None) -> Task:
    if ref is None or str(ref).strip() in ("", "#"):
        raise Invalid("task.task_required")
    return ref if isinstance(ref, Task) else find_task(session, actor, ref, proj)


def _parent(session: Session, actor: Actor, proj: Project, ref: TaskRef | None) -> int | None:
    if ref is None:
        return None
    parent = _task(session, actor, ref, proj)
    if parent.project_id != proj.id:
        raise Invalid("task.parent_other_project", parent=f"#{parent.id}", project=proj.code)
    return parent.id


def _unique(tasks: list[Task]) -> list[Task]:
    return list({t.id: t for t in tasks}.values())


def snapshot(task: Task) -> dict[str, Any]:
    """The fields an undo needs, as JSON-friendly values."""
    return {
        "project_id": task.project_id,
        "title": task.title,
        "assignee_id": task.assignee_id,
        "milestone_id": task.milestone_id,
        "parent_id": task.parent_id,
        "status": task.status,
        "priority": task.priority,
        "due": task.due.isoformat() if task.due else None,
        "estimate_hours": task.estimate_hours,
        "done_on": task.done_on.isoformat() if task.done_on else None,
        "progress": task.progress,
    }


# ---------------------------------------------------------------- changing
def update_task(
    session: Session,
    actor: Actor,
    *,
    task: TaskRef,
    project: str | Project | None = None,
    status: str | None = None,
    assignee: str | None = None,
    due: date | _Clear | None = None,
    priority: str | None = None,
    title: str | None = None,
    estimate_hours: float | _Clear | None = None,
    depends_on: list[TaskRef] | None = None,
    progress: int | None = None,
    now: datetime,
) -> Task:
    """Change a task. `project` only narrows which task a title means; None = unchanged.

    Marking it done stamps `done_on` with the actor's today; reopening clears it. A call
    that changes nothing writes nothing (no audit event) and returns the task as it is.
    `progress` (0–100, "half done") never completes a task: an open task with progress is
    in progress, and a done one stays done.
    """
    scope = find_project(session, actor, project) if project is not None else None
    row = _task(session, actor, task, scope)
    proj = session.get(Project, row.project_id)
    assert proj is not None
    require_work(session, actor, proj)
    if row.assignee_id not in (None, actor.id):
        require_manage(session, actor, proj)
    changes = _changes(
        session,
        actor,
        proj,
        row,
        status=status,
        assignee=assignee,
        due=due,
        priority=priority,
        title=title,
        estimate_hours=estimate_hours,
    )
    changes.update(_progress(row, progress, changes.get("status")))
    changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if "status" in changes:
        done = changes["status"] == TaskStatus.done
        changes["done_on"] = local_today(actor, now) if done else None
    new_deps = _new_dependencies(session, actor, proj, row, depends_on or [])
    if not changes and not new_deps:
        return row
    return _apply(session, actor, row, changes, new_deps, now)


def _changes(
    session: Session, actor: Actor, proj: Project, row: Task, **asked: Any
) -> dict[str, Any]:
    """The validated new values, keyed by column, for the fields that were given."""
    changes: dict[str, Any] = {}
    if asked["status"] is not None:
        changes["status"] = _choice(asked["status"], TaskStatus, "task.bad_status")
    if asked["priority"] is not None:
        changes["priority"] = _choice(asked["priority"], Priority, "task.bad_priority")
    if asked["title"] is not None:
        changes["title"] = _title(asked["title"])
    if asked["assignee"] is not None:
        person = _assignee(session, actor, proj, asked["assignee"])
        changes["assignee_id"] = person.id if person else None
    if asked["due"] is not None:
        changes["due"] = None if asked["due"] is CLEAR else asked["due"]
    if asked["estimate_hours"] is not None:
        hours = asked["estimate_hours"]
        changes["estimate_hours"] = None if hours is CLEAR else _estimate(hours)
    return changes


def _progress(row: Task, progress: int | None, status: str | None) -> dict[str, Any]:
    """A percentage done: 0–100, whole numbers; an open task with progress is in progress."""
    if progress is None:
        return {}
    bad = isinstance(progress, bool) or not isinstance(progress, (int, float))
    if bad or not 0 <= progress <= 100 or int(progress) != progress:
        raise Invalid("task.bad_progress", value=progress)
    changes: dict[str, Any] = {"progress": int(progress)}
    if (status or row.status) in (TaskStatus.todo, TaskStatus.blocked) and status is None:
        changes["status"] = TaskStatus.in_progress
    return changes


def _new_dependencies(
    session: Session, actor: Actor, proj: Project, row: Task, refs: list[TaskRef]
) -> list[Task]:
    """Dependencies to add, refusing any that would close a loop."""
    wanted = _unique([_task(session, actor, r, proj) for r in refs])
    return new_dependencies(session, row, wanted)


def _apply(
    session: Session,
    actor: Actor,
    row: Task,
    changes: dict[str, Any],
    deps: list[Task],
    now: datetime,
) -> Task:
    before = snapshot(row)
    for field, value in changes.items():
        setattr(row, field, value)
    session.add(row)
    session.add_all([TaskDependency(task_id=row.id, depends_on_id=d.id) for d in deps])
    session.flush()
    after = snapshot(row)
    changed = sorted(k for k in after if after[k] != before[k])
    payload = {
        "before": {k: before[k] for k in changed},
        "after": {k: after[k] for k in changed},
        "added_dependencies": [d.id for d in deps],
    }
    audit.record(
        session,
        actor=actor.label,
        action="task.update",
        entity="task",
        entity_id=row.id,
        payload=payload,
        now=now,
    )
    return row
