"""Which task waits for which: adding dependencies without loops, and what is still open.

A loop ("A waits for B, B waits for A") would leave every task in it blocked forever, so
a dependency that would close one is refused before anything is written.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from domain.core.errors import Invalid
from domain.core.models import Task, TaskDependency, TaskStatus


def new_dependencies(session: Session, task: Task, wanted: list[Task]) -> list[Task]:
    """The tasks of `wanted` that `task` does not wait for yet; raises if one closes a loop."""
    existing = set(
        session.exec(
            select(TaskDependency.depends_on_id).where(TaskDependency.task_id == task.id)
        ).all()
    )
    added = [d for d in wanted if d.id not in existing]
    for dep in added:
        if dep.id == task.id:
            raise Invalid("task.depends_on_itself", task=f"#{task.id}")
        if reaches(session, dep.id, task.id):  # type: ignore[arg-type]
            raise Invalid("task.dependency_cycle", task=f"#{task.id}", depends_on=f"#{dep.id}")
    return added


def reaches(session: Session, start: int, target: int) -> bool:
    """Does `start` wait, directly or through others, for `target`? (breadth-first)"""
    frontier, seen = {start}, set[int]()
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        rows = session.exec(
            select(TaskDependency.depends_on_id).where(col(TaskDependency.task_id).in_(frontier))
        ).all()
        frontier = set(rows) - seen
    return False


def open_dependencies(session: Session, task: Task) -> list[Task]:
    """The tasks this one waits for that are not done yet (for a warning on "done")."""
    waits_for = select(TaskDependency.depends_on_id).where(TaskDependency.task_id == task.id)
    return list(
        session.exec(
            select(Task)
            .where(col(Task.id).in_(waits_for), Task.status != TaskStatus.done)
            .order_by(col(Task.id))
        ).all()
    )
