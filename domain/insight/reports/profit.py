"""Profit margin per project and per client: what the work earns minus what it costs.

How the figures are made (one place, so a finance clerk can check them):
- a project's revenue is its billed hours × its `hourly_rate` (time and materials); hours
  are billed when the project has a client and a rate above 0 (internal work earns none);
- a client's revenue is the value of its contracts when it has any in that currency, each
  contract counted in full or, with a date window, pro rata of the contract's days that
  fall in the window (revenue recognised evenly over the contract); without contracts, the
  sum of its projects' billed hours × rate. `basis` says which (`contract` or `hours`);
- cost = labour (hours × the person's `hourly_cost`) + counted expenses, both as in
  `domain.money.project_figures` (approved or needing no approval, in the project's currency);
- margin = revenue − cost; margin % = margin / revenue (None without revenue).
Money is never converted: a client with projects in two currencies gets one line per
currency. Every sum is one grouped SQL query over all the projects in scope.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, case, col, select

from domain.core.models import (
    Approval,
    ApprovalStatus,
    Client,
    Contract,
    Expense,
    Person,
    Project,
    TimeEntry,
)
from domain.insight.reports.scope import Window, within


@dataclass(frozen=True)
class ProfitLine:
    name: str  # project code, or client name
    currency: str
    basis: str  # "hours" or "contract"
    hours: float
    billable_hours: float
    revenue: float
    labour_cost: float
    expenses: float

    @property
    def cost(self) -> float:
        return self.labour_cost + self.expenses

    @property
    def margin(self) -> float:
        return self.revenue - self.cost

    @property
    def margin_pct(self) -> float | None:
        return None if self.revenue <= 0 else 100.0 * self.margin / self.revenue


@dataclass(frozen=True)
class ProfitReport:
    window: Window
    projects: tuple[ProfitLine, ...]
    clients: tuple[ProfitLine, ...]


def profit_report(session: Session, projects: list[Project], window: Window) -> ProfitReport:
    ids = [p.id for p in projects]
    hours = _hours(session, ids, window) if ids else {}
    spent = _expenses(session, ids, window) if ids else {}
    lines = [_project_line(p, hours.get(p.id, (0.0, 0.0, 0.0)), spent.get(p.id, 0.0))
             for p in projects]
    clients = _client_lines(session, projects, lines, window)
    return ProfitReport(window, tuple(lines), tuple(clients))


def _project_line(project: Project, hours: tuple[float, float, float], spent: float) -> ProfitLine:
    total, labour, billable = hours
    billed = billable if project.client_id is not None and project.hourly_rate > 0 else 0.0
    return ProfitLine(project.code, project.currency, "hours", total, billed,
                      billed * project.hourly_rate, labour, spent)


def _hours(session: Session, ids: list[int], window: Window) -> dict[int, tuple[float, float, float]]:
    """Hours, labour cost and (all hours, as billable candidates) per project."""
    rows = session.exec(
        select(TimeEntry.project_id, func.sum(TimeEntry.hours),
               func.sum(TimeEntry.hours * Person.hourly_cost))
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .where(col(TimeEntry.project_id).in_(ids), within(TimeEntry.day, window))
        .group_by(TimeEntry.project_id)
    ).all()
    return {pid: (float(h or 0), float(c or 0), float(h or 0)) for pid, h, c in rows}


def _expenses(session: Session, ids: list[int], window: Window) -> dict[int, float]:
    counted = col(Expense.approval_id).is_(None) | (Approval.status == ApprovalStatus.approved)
    rows = session.exec(
        select(Expense.project_id, func.sum(case((counted, Expense.amount), else_=0.0)))
        .join(Project, col(Project.id) == Expense.project_id)
        .outerjoin(Approval, col(Approval.id) == Expense.approval_id)
        .where(col(Expense.project_id).in_(ids), Expense.currency == Project.currency,
               within(Expense.day, window))
        .group_by(Expense.project_id)
    ).all()
    return {pid: float(amount or 0) for pid, amount in rows}


def _client_lines(
    session: Session, projects: list[Project], lines: list[ProfitLine], window: Window,
) -> list[ProfitLine]:
    """One line per client and currency: contracts' value, or its projects' billed hours."""
    sums: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0] * 5)
    for project, line in zip(projects, lines, strict=True):
        if project.client_id is None:
            continue
        acc = sums[(project.client_id, project.currency)]
        for i, value in enumerate((line.hours, line.billable_hours, line.revenue,
                                   line.labour_cost, line.expenses)):
            acc[i] += value
    if not sums:
        return []
    names = dict(session.exec(select(Client.id, Client.name)
                              .where(col(Client.id).in_({k[0] for k in sums}))).all())
    contracts = _contract_values(session, {k[0] for k in sums}, window)
    out = []
    for (cid, currency), (h, bh, revenue, labour, spent) in sums.items():
        value = contracts.get((cid, currency))
        basis, revenue = ("contract", value) if value is not None else ("hours", revenue)
        out.append(ProfitLine(names[cid], currency, basis, h, bh, revenue, labour, spent))
    return sorted(out, key=lambda line: (line.name, line.currency))


def _contract_values(
    session: Session, client_ids: set[int], window: Window,
) -> dict[tuple[int, str], float]:
    rows = session.exec(
        select(Contract.client_id, Contract.currency, Contract.value, Contract.start, Contract.end)
        .where(col(Contract.client_id).in_(client_ids))
    ).all()
    values: dict[tuple[int, str], float] = defaultdict(float)
    for cid, currency, value, start, end in rows:
        values[(cid, currency)] += value * recognised_share(start, end, window)
    return dict(values)


def recognised_share(start: date | None, end: date | None, window: Window) -> float:
    """The share of a contract's value earned inside the window (days, inclusive)."""
    if window.start is None and window.end is None:
        return 1.0
    if start is None or end is None or end < start:
        inside = (window.start is None or (start or end or window.start) >= window.start) and \
                 (window.end is None or (start or end or window.end) <= window.end)
        return 1.0 if inside else 0.0
    low = max(start, window.start) if window.start else start
    high = min(end, window.end) if window.end else end
    if high < low:
        return 0.0
    return ((high - low).days + 1) / ((end - start).days + 1)
