"""Deleting a task ("delete task #7"), and bringing it back whole when the deleter says "undo".

Who may delete: the project's manager or an admin. A member — even the task's assignee —
may mark their task done or hand it back, but not make it disappear from the plan.

What a deletion may not take with it, so an undo never has to invent anything:
- **logged hours.** A time entry is what the firm bills and pays; deleting its task would
  either drop the entry or leave it pointing nowhere. So a task with hours logged on it is
  refused (`task.delete_has_time`, naming the hours): mark it done or cancelled instead.
  Nothing is ever removed from anyone's timesheet by deleting a task.
- **subtasks.** They would be orphaned; they are deleted (or moved) first.

What a deletion takes, and the undo puts back: the row itself with the same id and every
field (`snapshot` plus `created_at`), and its dependencies in both directions (what it
waits for, and which tasks wait for it). All of it is in the audit event's `before`, so the
undo needs nothing but the chain.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, col, func, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Invalid
from domain.core.lookup import find_task
from domain.core.models import Milestone, Person, Project, Task, TaskDependency, TimeEntry
from domain.core.permissions import require_manage
from domain.work.tasks import snapshot

ACTION = "task.delete"


def delete_task(session: Session, actor: Actor, *, task: int | str | Task, now: datetime) -> Task:
    """Remove a task the actor manages; returns the (now detached) row as it was."""
    if task is None or str(task).strip() in ("", "#"):
        raise Invalid("task.task_required")
    row = task if isinstance(task, Task) else find_task(session, actor, task, None)
    proj = session.get(Project, row.project_id)
    assert proj is not None
    require_manage(session, actor, proj)
    _refuse_if_leaned_on(session, row)
    before = snapshot(row) | {"id": row.id, "created_at": _iso(row.created_at),
                              "depends_on": _waits_for(session, row.id),
                              "blocks": _waited_on_by(session, row.id)}
    session.exec(delete(TaskDependency).where(or_(col(TaskDependency.task_id) == row.id,
                                                  col(TaskDependency.depends_on_id) == row.id)))
    session.delete(row)
    session.flush()
    audit.record(session, actor=actor.label, action=ACTION, entity="task", entity_id=row.id,
                 payload={"before": before, "after": None}, now=now)
    return row


def _refuse_if_leaned_on(session: Session, row: Task) -> None:
    hours = session.exec(select(func.coalesce(func.sum(TimeEntry.hours), 0))
                         .where(TimeEntry.task_id == row.id)).one()
    if hours:
        raise Invalid("task.delete_has_time", task=f"#{row.id}", title=row.title,
                      hours=f"{float(hours):g}")
    children = session.exec(select(Task.id).where(Task.parent_id == row.id)
                            .order_by(col(Task.id))).all()
    if children:
        raise Invalid("task.delete_has_subtasks", task=f"#{row.id}", title=row.title,
                      subtasks=", ".join(f"#{c}" for c in children))


def _waits_for(session: Session, task_id: int | None) -> list[int]:
    return sorted(session.exec(select(TaskDependency.depends_on_id)
                               .where(TaskDependency.task_id == task_id)).all())


def _waited_on_by(session: Session, task_id: int | None) -> list[int]:
    return sorted(session.exec(select(TaskDependency.task_id)
                               .where(TaskDependency.depends_on_id == task_id)).all())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# ---------------------------------------------------------------- the undo
def restorable(session: Session, before: dict[str, Any]) -> bool:
    """Can the row come back as it was? Not when its id was taken again, or its project,
    parent, milestone, assignee or a dependency partner is gone since."""
    if session.get(Task, before["id"]) is not None:
        return False
    tasks = [before.get("parent_id"), *before.get("depends_on", []), *before.get("blocks", [])]
    found: list[object | None] = [session.get(Project, before["project_id"]),
             *(session.get(Task, t) for t in tasks if t is not None)]
    if before.get("milestone_id") is not None:
        found.append(session.get(Milestone, before["milestone_id"]))
    if before.get("assignee_id") is not None:
        found.append(session.get(Person, before["assignee_id"]))
    return all(row is not None for row in found)


def restore_task(session: Session, before: dict[str, Any]) -> Task:
    """Insert the deleted row again under its own id, with its dependencies."""
    row = Task(
        id=before["id"], project_id=before["project_id"], title=before["title"],
        assignee_id=before.get("assignee_id"), milestone_id=before.get("milestone_id"),
        parent_id=before.get("parent_id"), status=before["status"], priority=before["priority"],
        due=_day(before.get("due")), estimate_hours=before.get("estimate_hours"),
        done_on=_day(before.get("done_on")), progress=before.get("progress"),
        created_at=datetime.fromisoformat(before["created_at"]) if before.get("created_at") else None,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    session.add_all([TaskDependency(task_id=row.id, depends_on_id=d)
                     for d in before.get("depends_on", [])])
    session.add_all([TaskDependency(task_id=b, depends_on_id=row.id)
                     for b in before.get("blocks", [])])
    session.flush()
    return row


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
