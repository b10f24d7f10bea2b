"""The numbers behind project status and budget, each one aggregate SQL query.

Every function takes `project_ids` (a list or a subquery of ids) and answers for all of
those projects at once, grouped by project, so one project's status and a whole
portfolio cost the same handful of queries. Nothing here loops over rows: the database
sums, counts and ranks (GROUP BY, CASE, a window function), and Python only reads the
few grouped rows that come back.

Conventions (they are what a PM expects; change them here, in one place):
- progress weighs each task by its estimate; a task without an estimate weighs 1 h; a
  task that has subtasks is not counted itself (its subtasks are), so work is not counted
  twice; a done task counts its whole weight as done, an open one its `progress` share
  ("#9 is 50% done" is half of #9's estimate done) — the burndown draws the same figure;
- overdue = not done and due before today;
- labour cost = hours × the person's `hourly_cost` (base currency), converted to the
  project's currency at the rate in force on the day the hours were logged;
- an expense counts once approved (or when it needed no approval); a pending one is
  reported apart; rejected or cancelled ones not at all; an expense in another currency
  than the project's is converted at the rates in force on its day
  (`domain.money.currency`); a missing rate is an error, never 1:1.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, bindparam, func, literal, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, case, col, select

from domain.core.models import (
    Approval,
    ApprovalStatus,
    Expense,
    Milestone,
    Partner,
    Person,
    Project,
    Task,
    TaskStatus,
    TimeEntry,
)
from domain.money.currency import base_currency_sql, first_missing, rate_on, require_rates

# ---------------------------------------------------------------- statements built once
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _rows(session: Session, build: Any, key: tuple[Any, ...], project_ids: Any,
          **values: Any) -> list[Any]:
    """Run `build(ids, **values)`. With a list of ids (one project's page, a portfolio)
    the statement is built once per `key` with the ids and values as bind parameters and
    reused: building these aggregates (CASE, rate subqueries) costs several times more
    than running them on one project. A subquery of ids is built each time, as before."""
    if not isinstance(project_ids, list | tuple | set | frozenset):
        return list(session.exec(build(project_ids, **values)).all())
    cache_key = (build.__name__, *key)
    statement = _STATEMENTS.get(cache_key)
    if statement is None:
        params = {name: bindparam(name, type_=Date) for name in values}
        statement = _STATEMENTS[cache_key] = build(bindparam("ids", expanding=True), **params)
    return list(session.exec(statement, params={"ids": list(project_ids), **values}).all())


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


def task_figures(session: Session, project_ids, *, today: date,
                 seen: Any = None) -> dict[int, TaskFigures]:
    """Counts, overdue and estimate weights per project; `seen(task_entity)` is a
    condition limiting the tasks counted (`permissions.client_tasks` for a contact), so a
    client's counts and progress are of the tasks the client sees, leaves among them.
    `seen` must be a module-level function (it is part of the statement cache's key)."""
    rows = _rows(session, _task_statement(seen), (seen,), project_ids, today=today)
    return {
        pid: TaskFigures(int(n), int(d or 0), int(o or 0), float(w or 0), float(dw or 0))
        for pid, n, d, o, w, dw in rows
    }


def _task_statement(seen: Any) -> Any:
    def task_figures(project_ids: Any, today: Any) -> Any:
        child = aliased(Task)
        parents = select(child.parent_id).where(
            col(child.project_id).in_(project_ids), col(child.parent_id).is_not(None)
        )
        if seen is not None:
            parents = parents.where(seen(child))
        is_leaf = col(Task.id).not_in(parents)  # uncorrelated: computed once, not per task
        is_done = Task.status == TaskStatus.done
        weight = case((is_leaf, func.coalesce(Task.estimate_hours, 1.0)), else_=0.0)
        late = and_(~is_done, col(Task.due).is_not(None), col(Task.due) < today)
        return (
            select(
                Task.project_id,
                func.count(),
                func.sum(case((is_done, 1), else_=0)),
                func.sum(case((late, 1), else_=0)),
                func.sum(weight),
                func.sum(case((is_done, weight),
                              else_=weight * func.coalesce(Task.progress, 0) / 100.0)),
            )
            .where(col(Task.project_id).in_(project_ids), true() if seen is None else seen(Task))
            .group_by(Task.project_id)
        )

    return task_figures


@dataclass(frozen=True)
class HourFigures:
    """`labour_cost` is the cost of the hours to the firm: staff at their hourly cost and
    partners' people at their partner's rate (`subcontract_costs`), as budgets burn."""

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
    if start is not None and end is not None:
        rows = _rows(session, _hours_in_range, (), project_ids, start=start, end=end)
    else:
        rows = _rows(session, _hours, (), project_ids)
    require_rates(session, [(cur, missing) for *_, cur, missing in rows])
    partners = subcontract_costs(session, project_ids)
    return {pid: HourFigures(float(h or 0), float(r or 0),
                             float(c or 0) + partners.get(pid, (0.0, 0.0))[0])
            for pid, h, r, c, _, _ in rows}


def _hours_in_range(project_ids: Any, start: Any, end: Any) -> Any:
    window = and_(TimeEntry.day >= start, TimeEntry.day <= end)
    return _hours(project_ids, func.sum(case((window, TimeEntry.hours), else_=0.0)))


def _hours(project_ids: Any, in_range: Any = None) -> Any:
    base = base_currency_sql()
    return (
        select(
            TimeEntry.project_id,
            func.sum(TimeEntry.hours),
            literal(0.0) if in_range is None else in_range,
            func.sum(labour_cost_expr(base)),
            Project.currency,
            first_missing(Project.currency, TimeEntry.day, base),
        )
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(col(TimeEntry.project_id).in_(project_ids))
        .group_by(TimeEntry.project_id, Project.currency)
    )


def labour_cost_expr(base: Any) -> Any:
    """SQL, per time entry joined to its Person and Project: its cost in the project's
    currency (hours × hourly cost in base ÷ the project currency's rate that day)."""
    return TimeEntry.hours * Person.hourly_cost / rate_on(Project.currency, TimeEntry.day, base)


def expense_in_project_expr(base: Any) -> Any:
    """SQL, per expense joined to its Project: the amount in the project's currency (as
    written when the currencies are the same, so no rate is needed then)."""
    converted = (Expense.amount * rate_on(Expense.currency, Expense.day, base)
                 / rate_on(Project.currency, Expense.day, base))
    return case((Expense.currency == Project.currency, Expense.amount), else_=converted)


def expense_in_base_expr(base: Any) -> Any:
    return Expense.amount * rate_on(Expense.currency, Expense.day, base)


def expense_missing_rates(base: Any) -> tuple[Any, Any]:
    """SQL aggregates: the first day an expense's or its project's currency lacks a rate,
    counting only expenses written in another currency than their project's."""
    foreign = Expense.currency != Project.currency
    day = case((foreign, Expense.day), else_=None)
    return (first_missing(Expense.currency, day, base), first_missing(Project.currency, day, base))


def counted_expense():
    """SQL: an expense counts once approved, or when it needed no approval (outer join)."""
    return col(Expense.approval_id).is_(None) | (Approval.status == ApprovalStatus.approved)


@dataclass(frozen=True)
class ExpenseFigures:
    """Counted expenses by category and pending ones, all in the project's currency."""

    by_category: dict[str, float] = field(default_factory=dict)
    pending: float = 0.0

    @property
    def total(self) -> float:
        return sum(self.by_category.values())


def expense_figures(session: Session, project_ids) -> dict[int, ExpenseFigures]:
    rows = _rows(session, _expenses, (), project_ids)
    require_rates(session, [pair for row in rows if row[4] != "void"
                   for pair in ((row[2], row[6]), (row[3], row[7]))])
    return _fold_expenses(rows)


def _expenses(project_ids: Any) -> Any:
    base = base_currency_sql()
    state = case(
        (counted_expense(), literal("counted")),
        (Approval.status == ApprovalStatus.pending, literal("pending")),
        else_=literal("void"),
    )
    return (
        select(
            Expense.project_id,
            Expense.category,
            Expense.currency,
            Project.currency,
            state,
            func.sum(expense_in_project_expr(base)),
            *expense_missing_rates(base),
        )
        .join(Project, col(Project.id) == Expense.project_id)
        .outerjoin(Approval, col(Approval.id) == Expense.approval_id)
        .where(col(Expense.project_id).in_(project_ids))
        .group_by(Expense.project_id, Expense.category, Expense.currency, Project.currency, state)
    )


def _fold_expenses(rows) -> dict[int, ExpenseFigures]:
    """Sort the grouped sums into counted / pending buckets."""
    cats: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    pending: dict[int, float] = defaultdict(float)
    for pid, category, _cur, _pcur, state, amount, *_ in rows:
        if state == "counted":
            cats[pid][category] += float(amount or 0)
        elif state == "pending":
            pending[pid] += float(amount or 0)
    pids = set(cats) | set(pending)
    return {pid: ExpenseFigures(dict(cats[pid]), pending[pid]) for pid in pids}


@dataclass(frozen=True)
class MilestoneDue:
    name: str
    due: date | None


def next_milestones(
    session: Session, project_ids, *, client_visible_only: bool
) -> dict[int, MilestoneDue]:
    """Each project's earliest open milestone (undated ones after dated ones)."""
    build = _client_next_milestones if client_visible_only else _next_milestones
    rows = _rows(session, build, (), project_ids)
    return {pid: MilestoneDue(name, due) for pid, name, due in rows}


def _client_next_milestones(project_ids: Any) -> Any:
    return _next_milestones(project_ids, client_visible_only=True)


def _next_milestones(project_ids: Any, client_visible_only: bool = False) -> Any:
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
    return select(ranked.c.project_id, ranked.c.name, ranked.c.due).where(ranked.c.rank == 1)


def project_costs(session: Session, project_ids, *, end: date | None = None,
                  by_day: bool = False) -> dict[Any, float]:
    """Labour plus counted expenses in each project's currency, up to `end` (inclusive),
    keyed by project id, or by (project id, day) with `by_day`: the spend that budget,
    burn charts and earned value all read, so they agree with status to the cent."""
    base = base_currency_sql()
    out: dict[Any, float] = defaultdict(float)
    labour_keys = (TimeEntry.project_id, TimeEntry.day) if by_day else (TimeEntry.project_id,)
    labour = (
        select(*labour_keys, func.sum(labour_cost_expr(base)), Project.currency,
               first_missing(Project.currency, TimeEntry.day, base))
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(col(TimeEntry.project_id).in_(project_ids))
        .group_by(*labour_keys, Project.currency)
    )
    counted = counted_expense()
    spend_keys = (Expense.project_id, Expense.day) if by_day else (Expense.project_id,)
    foreign_day = case((counted & (Expense.currency != Project.currency), Expense.day), else_=None)
    spend = (
        select(*spend_keys, func.sum(case((counted, expense_in_project_expr(base)), else_=0.0)),
               Expense.currency, first_missing(Expense.currency, foreign_day, base))
        .join(Project, col(Project.id) == Expense.project_id)
        .outerjoin(Approval, col(Approval.id) == Expense.approval_id)
        .where(col(Expense.project_id).in_(project_ids))
        .group_by(*spend_keys, Expense.currency, Project.currency)
    )
    if end is not None:
        labour, spend = labour.where(TimeEntry.day <= end), spend.where(Expense.day <= end)
    for query in (labour, spend):
        rows = session.exec(query).all()
        require_rates(session, [(row[-2], row[-1]) for row in rows])
        for row in rows:
            key = tuple(row[:2]) if by_day else row[0]
            out[key] += float(row[-3] or 0)
    for key, (in_project, _in_base) in subcontract_costs(
            session, project_ids, end=end, by_day=by_day).items():
        out[key] += in_project
    return dict(out)


def subcontract_costs(session: Session, project_ids, *, start: date | None = None,
                      end: date | None = None, by_day: bool = False) -> dict[Any, tuple[float, float]]:
    """Partners' hours × their agreed rate, per project (or per (project, day) with
    `by_day`), in the project's currency and in the base currency.

    A partner's person has no `hourly_cost` (that is the firm's staff's); their hours cost
    the subcontract, in the partner's currency, converted at the day's rates like an
    expense. Budgets, burn, status and the profit report all read this one sum."""
    if session.exec(select(Partner.id).limit(1)).first() is None:
        return {}  # most workspaces have no partners: no scan of their hours for none
    base = base_currency_sql()
    rate = col(Person.partner_rate)
    in_base = TimeEntry.hours * rate * rate_on(Partner.currency, TimeEntry.day, base)
    keys = (TimeEntry.project_id, TimeEntry.day) if by_day else (TimeEntry.project_id,)
    query = (
        select(*keys, Partner.currency, Project.currency,
               func.sum(case((Partner.currency == Project.currency, TimeEntry.hours * rate),
                             else_=in_base / rate_on(Project.currency, TimeEntry.day, base))),
               func.sum(in_base),
               first_missing(Partner.currency, TimeEntry.day, base),
               first_missing(Project.currency, TimeEntry.day, base))
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .join(Partner, col(Partner.id) == Person.partner_id)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(col(TimeEntry.project_id).in_(project_ids))
        .group_by(*keys, Partner.currency, Project.currency)
    )
    if start is not None:
        query = query.where(TimeEntry.day >= start)
    if end is not None:
        query = query.where(TimeEntry.day <= end)
    rows = session.exec(query).all()
    width = len(keys)
    require_rates(session, [pair for row in rows
                            for pair in ((row[width], row[-2]), (row[width + 1], row[-1]))])
    out: dict[Any, tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    for row in rows:
        key = tuple(row[:width]) if by_day else row[0]
        held = out[key]
        out[key] = (held[0] + float(row[width + 2] or 0), held[1] + float(row[width + 3] or 0))
    return dict(out)
