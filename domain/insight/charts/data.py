"""The numbers each chart needs, computed here so that `bot/charts.py` only draws.

- Gantt: tasks in WBS order (a task's subtasks under it, numbered 1, 1.1, 1.2, 2 …), each
  bar from its planned start to its due date, with dependencies, milestones and what is
  overdue. Tasks carry no start date, so a bar starts its estimate earlier (8 h a working
  day, 1 day at least), never before the project's start. Too many rows for a phone screen
  (`MAX_ROWS`) collapse to WBS level 1 (a summary bar per top task), then are paged.
- Kanban: open and done task counts by status × assignee.
- Burndown (`domain.insight.charts.burndown`): remaining estimate per day — progress burns
  its share of a task's estimate on the day it was said, "done" the rest on `done_on` —
  against the ideal straight line from the total at the project's start to 0 at its end.
- Budget: cumulative spend per week (labour cost + counted expenses) against the budget
  spread evenly over the project, and the straight-line forecast to the end.
- Utilisation: hours / capacity per person × ISO week for the project's people.
Permissions: Gantt and Kanban as `list_tasks` shows tasks (`permissions.tasks_seen_by`: a
client contact sees tasks of client-visible milestones and client-visible milestones only,
and no assignee handles, `permissions.person_shown_to`); burndown and budget are
internal; utilisation is the managers' (`domain.insight.reports.utilisation`).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Milestone, Person, Project, Task, TaskDependency, TaskStatus
from domain.core.permissions import (
    milestones_seen_by,
    person_shown_to,
    require_view,
    tasks_seen_by,
)
from domain.insight.charts.burndown import BurndownData, burndown_data

__all__ = ["CHART_KINDS", "BurndownData", "burndown_data", "gantt_data", "kanban_data"]

CHART_KINDS = ("gantt", "kanban", "burndown", "budget", "utilization")
MAX_ROWS = 40
HOURS_PER_DAY = 8.0


@dataclass(frozen=True)
class GanttRow:
    wbs: str
    task_id: int
    title: str
    start: date
    end: date
    status: str
    assignee: str | None
    overdue: bool
    level: int  # 1 = top level
    summary: bool  # stands for a collapsed subtree
    depends_on: tuple[int, ...]  # task ids, among the rows shown
    progress: int | None = None  # 0–100 as last said ("half done"); None if never said


@dataclass(frozen=True)
class GanttMilestone:
    name: str
    due: date
    done: bool


@dataclass(frozen=True)
class GanttData:
    project: str
    name: str
    today: date
    rows: tuple[GanttRow, ...]
    milestones: tuple[GanttMilestone, ...]
    collapsed: bool  # rows are WBS level 1 summaries
    page: int
    pages: int
    total_tasks: int


def gantt_data(session: Session, actor: Actor, *, project: str, today: date,
               page: int = 1, max_rows: int = MAX_ROWS) -> GanttData:
    proj = find_project(session, actor, project)
    require_view(session, actor, proj)
    tasks = _visible_tasks(session, actor, proj)
    rows = _wbs_rows(tasks, proj, today, _dependencies(session, proj))
    collapsed = len(rows) > max_rows and any(r.level > 1 for r in rows)
    if collapsed:
        rows = _collapse(rows, {t.id for t, _ in tasks if t.due is None})
    pages = max(1, math.ceil(len(rows) / max_rows))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * max_rows: page * max_rows]
    ids = {r.task_id for r in shown}
    shown = [_keep_deps(r, ids) for r in shown]
    return GanttData(proj.code, proj.name, today, tuple(shown),
                     tuple(_milestones(session, actor, proj)), collapsed, page, pages, len(tasks))


def _visible_tasks(session: Session, actor: Actor, proj: Project) -> list[tuple[Task, str | None]]:
    query = (select(Task, Person.handle).outerjoin(Person, col(Person.id) == Task.assignee_id)
             .where(Task.project_id == proj.id, tasks_seen_by(actor)).order_by(col(Task.id)))
    return [(t, person_shown_to(actor, h)) for t, h in session.exec(query).all()]


def _dependencies(session: Session, proj: Project) -> dict[int, list[int]]:
    rows = session.exec(
        select(TaskDependency.task_id, TaskDependency.depends_on_id)
        .join(Task, col(Task.id) == TaskDependency.task_id).where(Task.project_id == proj.id)
    ).all()
    out: dict[int, list[int]] = defaultdict(list)
    for task_id, before in rows:
        out[task_id].append(before)
    return out


def _wbs_rows(tasks: Any, proj: Project, today: date, deps: dict[int, list[int]]) -> list[GanttRow]:
    """Depth-first over the task tree, numbering siblings in id order."""
    ids = {t.id for t, _ in tasks}
    children: dict[int | None, list] = defaultdict(list)
    for task, handle in tasks:
        parent = task.parent_id if task.parent_id in ids else None
        children[parent].append((task, handle))
    out: list[GanttRow] = []

    def walk(parent: int | None, prefix: str, level: int) -> None:
        for n, (task, handle) in enumerate(children.get(parent, []), start=1):
            wbs = f"{prefix}{n}"
            start, end = task_span(task, proj, today)
            overdue = task.status != TaskStatus.done and task.due is not None and task.due < today
            out.append(GanttRow(wbs, task.id, task.title, start, end, task.status, handle,
                                overdue, level, False, tuple(deps.get(task.id, ())),
                                task.progress))
            walk(task.id, wbs + ".", level + 1)

    walk(None, "", 1)
    return out


def task_span(task: Task, proj: Project, today: date) -> tuple[date, date]:
    """Planned (start, end) of a task: it ends when due and starts its estimate earlier."""
    end = task.due or proj.end or today
    workdays = max(1, math.ceil((task.estimate_hours or HOURS_PER_DAY) / HOURS_PER_DAY))
    start = end - timedelta(days=math.ceil(workdays * 7 / 5) - 1)
    if proj.start and start < proj.start <= end:
        start = proj.start
    return start, end


def _collapse(rows: list[GanttRow], undated: set[int]) -> list[GanttRow]:
    """One summary bar per top-level task, spanning its subtree (an undated top task spans
    only its subtasks, not the whole project)."""
    out: list[GanttRow] = []
    fresh = False
    for row in rows:
        if row.level == 1:
            out.append(row)
            fresh = row.task_id in undated
            continue
        top = out[-1]
        start, end = (row.start, row.end) if fresh else (min(top.start, row.start), max(top.end, row.end))
        status = row.status if fresh or top.status == row.status else TaskStatus.in_progress
        out[-1] = GanttRow(top.wbs, top.task_id, top.title, start, end, status, top.assignee,
                           (top.overdue and not fresh) or row.overdue, 1, True, top.depends_on)
        fresh = False
    return out


def _keep_deps(row: GanttRow, shown: set[int]) -> GanttRow:
    kept = tuple(d for d in row.depends_on if d in shown)
    if kept == row.depends_on:
        return row
    return GanttRow(row.wbs, row.task_id, row.title, row.start, row.end, row.status,
                    row.assignee, row.overdue, row.level, row.summary, kept)


def _milestones(session: Session, actor: Actor, proj: Project) -> list[GanttMilestone]:
    query = select(Milestone).where(Milestone.project_id == proj.id, col(Milestone.due).is_not(None),
                                    milestones_seen_by(actor))
    return [GanttMilestone(m.name, m.due, m.done)
            for m in session.exec(query.order_by(col(Milestone.due))).all()]


# ---------------------------------------------------------------- kanban
@dataclass(frozen=True)
class KanbanData:
    project: str
    statuses: tuple[str, ...]
    assignees: tuple[str, ...]  # handles; "—" for unassigned (and for everyone, to a contact)
    counts: tuple[tuple[int, ...], ...]  # [assignee][status]
    today: date | None = None  # the day the counts stand for

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)


def kanban_data(session: Session, actor: Actor, *, project: str,
                today: date | None = None) -> KanbanData:
    proj = find_project(session, actor, project)
    require_view(session, actor, proj)
    query = (select(Person.handle, Task.status, func.count())
             .select_from(Task).outerjoin(Person, col(Person.id) == Task.assignee_id)
             .where(Task.project_id == proj.id, tasks_seen_by(actor))
             .group_by(Person.handle, Task.status))
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for h, s, n in session.exec(query).all():  # grouped rows, a few per person
        cells[(person_shown_to(actor, h) or "—", s)] += int(n)
    statuses = tuple(s.value for s in TaskStatus)
    people = tuple(sorted({h for h, _ in cells}, key=lambda h: (h == "—", h)))
    counts = tuple(tuple(cells.get((h, s), 0) for s in statuses) for h in people)
    return KanbanData(proj.code, statuses, people, counts, today)
