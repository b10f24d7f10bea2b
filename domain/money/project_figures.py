"""The numbers behind project status and budget, each one aggregate SQL query.

Every function takes `project_ids` (a list or a subquery of ids) and answers for all of
those projects at once, grouped by project, so one project's status and a whole
portfolio cost the same handful of queries. Nothing here loops over rows: the database
sums, counts and ranks (GROUP BY, CASE, a window function), and Python only reads the
few grouped rows that come back.

Conventions (they are what a PM expects; change them here, in one place):
- progress weighs each task by its estimate; a task without an estimate weighs 1 h; a
  task that has subtasks is not counted itself (its subtasks are), so work is not counted
  twice;
- overdue = not done and due before today;
- labour cost = hours × the person's `hourly_cost`, taken as the project's currency;
- an expense counts once approved (or when it needed no approval); a pending one is
  reported apart; rejected or cancelled ones not at all; an expense in a currency other
  than the project's is reported apart (the store keeps no exchange rates).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, literal
from sqlalchemy.orm import aliased
from sqlmodel import Session, case, col, select

from domain.core.models import (
    Approval,
    ApprovalStatus,
    Expense,
    Milestone,
    Person,
    Project,
    Task,
    TaskStatus,
    TimeEntry,
)


@dataclass(frozen=True)
class TaskFigures:
    total: int = 0
    done: int = 0
    overdue: int = 0
    weight: float = 0.0
    done_weight: float = 0.0

    @property
    def progress_pct(self) -> float | None:
        return None if self.weight <= 0 else 100.0 * self.done_weight / self.weight


def task_figures(session: Session, project_ids, *, today: date) -> dict[int, TaskFigures]:
    child = aliased(Task)
    parents = select(child.parent_id).where(
        col(child.project_id).in_(project_ids), col(child.parent_id).is_not(None)
    )
    is_leaf = col(Task.id).not_in(parents)  # uncorrelated: computed once, not per task
    is_done = Task.status == TaskStatus.done
    weight = case((is_leaf, func.coalesce(Task.estimate_hours, 1.0)), else_=0.0)
    late = and_(~is_done, col(Task.due).is_not(None), col(Task.due) < today)
    rows = session.exec(
        select(
            Task.project_id,
            func.count(),
            func.sum(case((is_done, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
            func.sum(weight),
            func.sum(case((is_done, weight), else_=0.0)),
        )
        .where(col(Task.project_id).in_(project_ids))
        .group_by(Task.project_id)
    ).all()
    return {
        pid: TaskFigures(int(n), int(d or 0), int(o or 0), float(w or 0), float(dw or 0))
        for pid, n, d, o, w, dw in rows
    }


@dataclass(frozen=True)
class HourFigures:
    hours_total: float = 0.0
    hours_in_range: float = 0.0
    labour_cost: float = 0.0


def hour_figures(
    session: Session,
    project_ids,
    *,
    start: date | None = None,
    end: date | None = None,
) -> dict[int, HourFigures]:
    """All hours and their cost, plus the hours between `start` and `end` (inclusive)."""
    in_range = literal(0.0)
    if start is not None and end is not None:
        window = and_(TimeEntry.day >= start, TimeEntry.day <= end)
        in_range = func.sum(case((window, TimeEntry.hours), else_=0.0))
    rows = session.exec(
        select(
            TimeEntry.project_id,
            func.sum(TimeEntry.hours),
            in_range,
            func.sum(TimeEntry.hours * Person.hourly_cost),
        )
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .where(col(TimeEntry.project_id).in_(project_ids))
        .group_by(TimeEntry.project_id)
    ).all()
    return {pid: HourFigures(float(h or 0), float(r or 0), float(c or 0)) for pid, h, r, c in rows}


@dataclass(frozen=True)
class ExpenseFigures:
    by_category: dict[str, float] = field(default_factory=dict)
    pending: float = 0.0
    other_currencies: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.by_category.values())


def expense_figures(session: Session, project_ids) -> dict[int, ExpenseFigures]:
    counted = col(Expense.approval_id).is_(None) | (Approval.status == ApprovalStatus.approved)
    state = case(
        (counted, literal("counted")),
        (Approval.status == ApprovalStatus.pending, literal("pending")),
        else_=literal("void"),
    )
    same = Expense.currency == Project.currency
    rows = session.exec(
        select(
            Expense.project_id,
            Expense.category,
            Expense.currency,
            same,
            state,
            func.sum(Expense.amount),
        )
        .join(Project, col(Project.id) == Expense.project_id)
        .outerjoin(Approval, col(Approval.id) == Expense.approval_id)
        .where(col(Expense.project_id).in_(project_ids))
        .group_by(Expense.project_id, Expense.category, Expense.currency, same, state)
    ).all()
    return _fold_expenses(rows)


def _fold_expenses(rows) -> dict[int, ExpenseFigures]:
    """Sort the grouped sums into counted / pending / foreign-currency buckets."""
    cats: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    pending: dict[int, float] = defaultdict(float)
    foreign: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for pid, category, currency, same, state, amount in rows:
        if state == "counted" and same:
            cats[pid][category] += float(amount or 0)
        elif state == "counted":
            foreign[pid][currency] += float(amount or 0)
        elif state == "pending" and same:
            pending[pid] += float(amount or 0)
    pids = set(cats) | set(pending) | set(foreign)
    return {pid: ExpenseFigures(dict(cats[pid]), pending[pid], dict(foreign[pid])) for pid in pids}


@dataclass(frozen=True)
class MilestoneDue:
    name: str
    due: date | None


def next_milestones(
    session: Session, project_ids, *, client_visible_only: bool
) -> dict[int, MilestoneDue]:
    """Each project's earliest open milestone (undated ones after dated ones)."""
    rank = (
        func.row_number()
        .over(
            partition_by=Milestone.project_id,
            order_by=(
                case((col(Milestone.due).is_(None), 1), else_=0),
                col(Milestone.due),
                col(Milestone.id),
            ),
        )
        .label("rank")
    )
    query = select(Milestone.project_id, Milestone.name, Milestone.due, rank).where(
        col(Milestone.project_id).in_(project_ids), col(Milestone.done).is_(False)
    )
    if client_visible_only:
        query = query.where(col(Milestone.client_visible).is_(True))
    ranked = query.subquery()
    rows = session.exec(
        select(ranked.c.project_id, ranked.c.name, ranked.c.due).where(ranked.c.rank == 1)
    ).all()
    return {pid: MilestoneDue(name, due) for pid, name, due in rows}
