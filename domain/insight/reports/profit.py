"""Profit margin per project and per client: what the work earns minus what it costs.

How the figures are made (one place, so a finance clerk can check them):
- a project's figures are in the project's currency: revenue is its billed hours × its
  `hourly_rate` (time and materials; hours are billed when the project has a client and a
  rate above 0, internal work earns none); labour is hours × the person's `hourly_cost`
  (base currency) converted at the rate in force the day the hours were logged; expenses
  (approved or needing no approval) converted from their own currency at their day's rate
  (`domain.money.project_figures`, `domain.money.currency`);
- each project line also carries the same three figures in the base currency, every hour
  and expense converted at its own day's rate (`revenue_base`, `cost_base`, `margin_base`);
- a client's line is in the base currency and is exactly the sum of its projects' base
  figures: the same rows, converted and summed, so client and project margins agree.
  The value of the client's contracts (pro rata of the window, in base, at the rate of the
  contract's start) is shown beside it as `contracted`, never mixed into revenue;
- a partner organisation's people cost no `hourly_cost`: their hours are **subcontract
  cost**, hours × the person's `partner_rate` in the partner's currency, converted at the
  day's rates like an expense, shown apart (`subcontract_cost`) and counted in `cost`;
- margin = revenue − cost; margin % = margin / revenue (None without revenue).
Every sum is one grouped SQL query over all the projects in scope; `--project` scopes
the client lines too (a client line then holds only that project).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, case, col, select

from domain.core.models import (
    Approval,
    Client,
    Contract,
    Expense,
    Person,
    Project,
    TimeEntry,
)
from domain.insight.reports.scope import Window, within
from domain.money.currency import (
    base_currency,
    base_currency_sql,
    convert,
    first_missing,
    rate_on,
    require_rates,
)
from domain.money.project_figures import (
    counted_expense,
    expense_in_base_expr,
    expense_in_project_expr,
    labour_cost_expr,
    subcontract_costs,
)


class _Margins:
    """Cost and margin, derived the same way for a project's line and a client's."""

    revenue: float
    labour_cost: float
    expense_cost: float
    subcontract_cost: float

    @property
    def cost(self) -> float:
        return self.labour_cost + self.expense_cost + self.subcontract_cost

    @property
    def margin(self) -> float:
        return self.revenue - self.cost

    @property
    def margin_pct(self) -> float | None:
        return margin_pct(self.revenue, self.cost)


@dataclass(frozen=True)
class ProjectProfit(_Margins):
    code: str
    client: str | None
    currency: str
    hours: float
    billable_hours: float
    revenue: float
    labour_cost: float
    expense_cost: float
    base_currency: str
    revenue_base: float
    labour_cost_base: float
    expense_cost_base: float
    subcontract_cost: float = 0.0  # partners' hours at their rate (project currency)
    subcontract_cost_base: float = 0.0

    @property
    def name(self) -> str:
        return self.code

    @property
    def cost_base(self) -> float:
        return self.labour_cost_base + self.expense_cost_base + self.subcontract_cost_base

    @property
    def margin_base(self) -> float:
        return self.revenue_base - self.cost_base


@dataclass(frozen=True)
class ClientProfit(_Margins):
    client: str
    currency: str  # the base currency
    projects: tuple[str, ...]
    hours: float
    revenue: float
    labour_cost: float
    expense_cost: float
    contracted: float
    subcontract_cost: float = 0.0

    @property
    def name(self) -> str:
        return self.client


ProfitLine = ProjectProfit  # the name reports/__init__ exported before clients had their own


def margin_pct(revenue: float, cost: float) -> float | None:
    return None if revenue <= 0 else 100.0 * (revenue - cost) / revenue


@dataclass(frozen=True)
class ProfitReport:
    window: Window
    base_currency: str
    projects: tuple[ProjectProfit, ...]
    clients: tuple[ClientProfit, ...]


def profit_report(session: Session, projects: list[Project], window: Window) -> ProfitReport:
    ids = [p.id for p in projects]
    hours = _hours(session, ids, window) if ids else {}
    spent = _expenses(session, ids, window) if ids else {}
    partners = _subcontracts(session, ids, window) if ids else {}
    base = base_currency(session)
    names = _client_names(session, projects)
    lines = [replace(_project_line(p, names.get(p.client_id), base, hours.get(p.id, _NO_HOURS),
                                   spent.get(p.id, (0.0, 0.0))),
                     subcontract_cost=partners.get(p.id, (0.0, 0.0))[0],
                     subcontract_cost_base=partners.get(p.id, (0.0, 0.0))[1]) for p in projects]
    clients = _client_lines(session, projects, lines, window, base)
    return ProfitReport(window, base, tuple(lines), tuple(clients))


_NO_HOURS = (0.0, 0.0, 0.0, 0.0)


def _project_line(project: Project, client: str | None, base: str,
                  hours: tuple[float, float, float, float],
                  spent: tuple[float, float]) -> ProjectProfit:
    total, labour, labour_base, hours_in_base = hours
    billed = project.client_id is not None and project.hourly_rate > 0
    rate = project.hourly_rate if billed else 0.0
    return ProjectProfit(project.code, client, project.currency, total, total if billed else 0.0,
                         total * rate, labour, spent[0], base, hours_in_base * rate,
                         labour_base, spent[1])


def _hours(session: Session, ids: list[int], window: Window) -> dict[int, tuple[float, ...]]:
    """Per project: hours, labour in its currency, labour in base, and Σ hours × the
    project currency's rate that day (× the hourly rate = revenue in base)."""
    base = base_currency_sql()
    rows = session.exec(
        select(TimeEntry.project_id, func.sum(TimeEntry.hours), func.sum(labour_cost_expr(base)),
               func.sum(TimeEntry.hours * Person.hourly_cost),
               func.sum(TimeEntry.hours * rate_on(Project.currency, TimeEntry.day, base)),
               Project.currency, first_missing(Project.currency, TimeEntry.day, base))
        .join(Person, col(Person.id) == TimeEntry.person_id)
        .join(Project, col(Project.id) == TimeEntry.project_id)
        .where(col(TimeEntry.project_id).in_(ids), within(TimeEntry.day, window))
        .group_by(TimeEntry.project_id, Project.currency)
    ).all()
    require_rates(session, [(cur, missing) for *_, cur, missing in rows])
    return {row[0]: tuple(float(v or 0) for v in row[1:5]) for row in rows}


def _subcontracts(session: Session, ids: list[int],
                  window: Window) -> dict[int, tuple[float, float]]:
    """Per project: partners' hours × their rate, in the project's currency and in base."""
    return subcontract_costs(session, ids, start=window.start, end=window.end)


def _expenses(session: Session, ids: list[int], window: Window) -> dict[int, tuple[float, float]]:
    """Per project: counted expenses in its currency and in base."""
    base = base_currency_sql()
    counted = counted_expense()
    day = case((counted, Expense.day), else_=None)
    foreign_day = case((counted & (Expense.currency != Project.currency), Expense.day), else_=None)
    rows = session.exec(
        select(Expense.project_id, Expense.currency, Project.currency,
               func.sum(case((counted, expense_in_project_expr(base)), else_=0.0)),
               func.sum(case((counted, expense_in_base_expr(base)), else_=0.0)),
               first_missing(Expense.currency, day, base),
               first_missing(Project.currency, foreign_day, base))
        .join(Project, col(Project.id) == Expense.project_id)
        .outerjoin(Approval, col(Approval.id) == Expense.approval_id)
        .where(col(Expense.project_id).in_(ids), within(Expense.day, window))
        .group_by(Expense.project_id, Expense.currency, Project.currency)
    ).all()
    require_rates(session, [pair for _, cur, pcur, _a, _b, m1, m2 in rows
                            for pair in ((cur, m1), (pcur, m2))])
    out: dict[int, tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    for pid, _cur, _pcur, in_project, in_base, *_ in rows:
        held = out[pid]
        out[pid] = (held[0] + float(in_project or 0), held[1] + float(in_base or 0))
    return dict(out)


def _client_names(session: Session, projects: list[Project]) -> dict[int | None, str]:
    ids = {p.client_id for p in projects if p.client_id is not None}
    if not ids:
        return {}
    return dict(session.exec(select(Client.id, Client.name).where(col(Client.id).in_(ids))).all())


def _client_lines(session: Session, projects: list[Project], lines: list[ProjectProfit],
                  window: Window, base: str) -> list[ClientProfit]:
    """One line per client, in base: the sum of its projects' base figures."""
    by_client: dict[int, list[tuple[Project, ProjectProfit]]] = defaultdict(list)
    for project, line in zip(projects, lines, strict=True):
        if project.client_id is not None:
            by_client[project.client_id].append((project, line))
    contracted = _contracted(session, set(by_client), window, base) if by_client else {}
    out = []
    for cid, pairs in by_client.items():
        mine = [line for _, line in pairs]
        out.append(ClientProfit(
            mine[0].client or "", base, tuple(line.code for line in mine),
            sum(line.hours for line in mine), sum(line.revenue_base for line in mine),
            sum(line.labour_cost_base for line in mine),
            sum(line.expense_cost_base for line in mine), contracted.get(cid, 0.0),
            sum(line.subcontract_cost_base for line in mine)))
    return sorted(out, key=lambda line: line.client)


def _contracted(session: Session, client_ids: set[int], window: Window,
                base: str) -> dict[int, float]:
    rows = session.exec(
        select(Contract.client_id, Contract.currency, Contract.value, Contract.start, Contract.end)
        .where(col(Contract.client_id).in_(client_ids))
    ).all()
    values: dict[int, float] = defaultdict(float)
    for cid, currency, value, start, end in rows:
        share = value * recognised_share(start, end, window)
        day = start or end or window.start or window.end
        if currency != base and day is None:
            continue  # an undated contract in another currency: no day to read a rate on
        values[cid] += share if currency == base else convert(session, share, currency, day, base)
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
