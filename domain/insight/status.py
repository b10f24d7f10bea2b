"""How a project is going, in one look: progress, what is late, what is next, hours, burn.

The firm's people get a `ProjectStatus`; a client's contact gets a `ClientStatus`: the same
progress, only client-visible milestones, no hours, and cost and budget only when the
project lets the client see its budget (`client_sees_budget`). Every figure comes from
the aggregate queries of `domain.money.project_figures` (see there for how progress, cost and
expenses are counted), so one status is a few indexed queries whatever the store's size,
and `portfolio_status` answers for all of someone's projects with the same few queries.
Burn = (labour cost + counted expenses) / budget, as a percentage; None without a budget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Project
from domain.core.models import ProjectStatus as ProjectState
from domain.core.permissions import (
    can_manage,
    client_tasks,
    require_view,
    visible_project_ids,
)
from domain.money.project_figures import (
    ExpenseFigures,
    HourFigures,
    MilestoneDue,
    TaskFigures,
    expense_figures,
    hour_figures,
    next_milestones,
    task_figures,
)


@dataclass(frozen=True)
class ProjectStatus:
    project: str  # code
    name: str
    state: str  # active / on_hold / closed
    currency: str
    progress_pct: float | None  # None: no tasks yet
    tasks_total: int
    tasks_done: int
    estimated_hours: float  # what progress weighs: leaf tasks' estimates (1 h without one)
    estimated_hours_done: float
    overdue_tasks: int
    next_milestone: MilestoneDue | None
    week_start: date  # Monday of `today`'s week
    week_end: date  # its Sunday
    hours_this_week: float
    hours_total: float
    labour_cost: float
    expenses: float
    spent: float
    budget: float
    burn_pct: float | None  # None: no budget set


@dataclass(frozen=True)
class ClientStatus:
    project: str
    name: str
    state: str
    progress_pct: float | None
    tasks_total: int
    tasks_done: int
    next_milestone: MilestoneDue | None  # client-visible milestones only
    currency: str | None = None  # the four budget fields: only with client_sees_budget
    budget: float | None = None
    spent: float | None = None
    burn_pct: float | None = None
    estimated_hours: float = 0.0
    estimated_hours_done: float = 0.0


def week_of(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def project_status(
    session: Session, actor: Actor, *, project: str | Project, today: date
) -> ProjectStatus | ClientStatus:
    """One project's status, as the actor may see it."""
    proj = find_project(session, actor, project)
    require_view(session, actor, proj)
    return _statuses(session, actor, [proj], [proj.id], today)[0]


def portfolio_status(
    session: Session, actor: Actor, *, today: date
) -> list[ProjectStatus | ClientStatus]:
    """Every active project the actor sees, by code ("how are my projects going?")."""
    query = (
        select(Project)
        .where(col(Project.id).in_(visible_project_ids(session, actor)))
        .where(Project.status == ProjectState.active)
        .order_by(col(Project.code))
    )
    projects = list(session.exec(query).all())
    ids = [p.id for p in projects]  # plain ids: a subquery could correlate with the joins
    return _statuses(session, actor, projects, ids, today) if projects else []


def _statuses(session: Session, actor: Actor, projects: list[Project], ids: list[int | None],
              today: date) -> list[Any]:
    """Figures for many projects with one query per kind of figure."""
    # an outsider (a contact, a partner's person) counts the client's view of the tasks,
    # `client_tasks`: the progress of the project as the client sees it
    outsider = actor.is_contact or actor.is_partner
    tasks = task_figures(session, ids, today=today, seen=client_tasks if outsider else None)
    milestones = next_milestones(session, ids, client_visible_only=outsider)
    start, end = week_of(today)
    needs_money = not actor.is_contact or any(p.client_sees_budget for p in projects)
    hours = hour_figures(session, ids, start=start, end=end) if needs_money else {}
    costs = expense_figures(session, ids) if needs_money else {}
    build = _client_status if outsider else _internal_status
    rows = [
        build(
            p,
            tasks.get(p.id, TaskFigures()),
            milestones.get(p.id),
            hours.get(p.id, HourFigures()),
            costs.get(p.id, ExpenseFigures()),
            (start, end),
        )
        for p in projects
    ]
    return [_without_labour_cost(session, actor, p, row) for p, row in zip(projects, rows, strict=True)]


def _without_labour_cost(session: Session, actor: Actor, project: Project, row):  # type: ignore[no-untyped-def]
    """A member's status keeps hours and progress but no spend: one logged hour would
    otherwise reveal a colleague's hourly cost (see `permissions.can_see_labour_cost`)."""
    if actor.is_partner and isinstance(row, ClientStatus):  # a partner sees no budget at all
        return replace(row, currency=None, budget=None, spent=None, burn_pct=None)
    if actor.is_contact or not isinstance(row, ProjectStatus):
        return row
    if can_manage(actor, project):  # = can_see_labour_cost: every project here is visible
        return row
    return replace(row, labour_cost=0.0, spent=0.0, burn_pct=None)


def burn_pct(spent: float, budget: float) -> float | None:
    return 100.0 * spent / budget if budget > 0 else None


def _internal_status(
    p: Project,
    t: TaskFigures,
    m: MilestoneDue | None,
    h: HourFigures,
    e: ExpenseFigures,
    week: tuple[date, date],
) -> ProjectStatus:
    spent = h.labour_cost + e.total
    return ProjectStatus(
        project=p.code,
        name=p.name,
        state=p.status,
        currency=p.currency,
        progress_pct=t.progress_pct,
        tasks_total=t.total,
        tasks_done=t.done,
        estimated_hours=t.weight,
        estimated_hours_done=t.done_weight,
        overdue_tasks=t.overdue,
        next_milestone=m,
        week_start=week[0],
        week_end=week[1],
        hours_this_week=h.hours_in_range,
        hours_total=h.hours_total,
        labour_cost=h.labour_cost,
        expenses=e.total,
        spent=spent,
        budget=p.budget,
        burn_pct=burn_pct(spent, p.budget),
    )


def _client_status(
    p: Project,
    t: TaskFigures,
    m: MilestoneDue | None,
    h: HourFigures,
    e: ExpenseFigures,
    _week: tuple[date, date],
) -> ClientStatus:
    view = ClientStatus(
        project=p.code,
        name=p.name,
        state=p.status,
        progress_pct=t.progress_pct,
        tasks_total=t.total,
        tasks_done=t.done,
        next_milestone=m,
        estimated_hours=t.weight,
        estimated_hours_done=t.done_weight,
    )
    if not p.client_sees_budget:
        return view
    spent = h.labour_cost + e.total
    return replace(
        view, currency=p.currency, budget=p.budget, spent=spent, burn_pct=burn_pct(spent, p.budget)
    )
