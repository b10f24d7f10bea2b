"""Schedule variance: milestones planned vs reached, and earned value (SPI, CPI) per project.

Milestones: slip = days between the due date and the day it was reached; a milestone still
open past its due date slips by the days until the status date (and counts as late); an
open one not yet due has no slip. A date window picks milestones *due* inside it.

Earned value, as of the status date (the window's end, or today, whichever is earlier):
- work is weighed as in `domain.money.project_figures`: leaf tasks, by estimate, 1 h without one;
- planned share = the share of the project's days elapsed by the status date, the point
  on the burndown's ideal line (`domain.insight.figures.planned_share`; None without
  dates); earned share = weight of tasks done by then / all weight (done on or before
  it; done with no date counts as done), plus, when the status date is today, each open
  task's said `progress` share of its weight — as status counts it, so the two agree. For a
  past status date progress is left out: only today's percentage is known, not the one then;
- BAC = the project's budget; PV = BAC × planned share; EV = BAC × earned share;
  AC = labour cost + counted expenses up to the status date;
- SPI = EV / PV (= earned / planned share, so it exists without a budget too);
  CPI = EV / AC (None without a budget or before any cost).
SPI or CPI below 1 means behind schedule or over cost.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, case, col, select

from domain.core.models import (
    Milestone,
    Project,
    Task,
    TaskStatus,
)
from domain.insight.figures import planned_share as planned_share_of
from domain.insight.reports.scope import Window, within
from domain.money.project_figures import project_costs


@dataclass(frozen=True)
class MilestoneVariance:
    project: str
    milestone: str
    planned: date | None
    actual: date | None  # None: not reached yet
    slip_days: int | None  # positive: late; negative: early; None: open and not yet due
    late: bool


@dataclass(frozen=True)
class EarnedValue:
    project: str
    currency: str
    status_date: date
    budget: float
    planned_pct: float | None  # None: no tasks
    earned_pct: float | None
    pv: float
    ev: float
    ac: float
    spi: float | None
    cpi: float | None


@dataclass(frozen=True)
class VarianceReport:
    window: Window
    status_date: date
    milestones: tuple[MilestoneVariance, ...]
    projects: tuple[EarnedValue, ...]

    @property
    def late_milestones(self) -> int:
        return sum(1 for m in self.milestones if m.late)


def variance_report(
    session: Session, projects: list[Project], window: Window, *, today: date,
) -> VarianceReport:
    as_of = min(window.end, today) if window.end else today
    ids = [p.id for p in projects]
    codes = {p.id: p.code for p in projects}
    milestones = _milestones(session, ids, codes, window, as_of) if ids else []
    weights = _weights(session, ids, as_of, with_progress=as_of == today) if ids else {}
    costs = _actual_cost(session, ids, as_of) if ids else {}
    values = [_earned_value(p, weights.get(p.id, (0.0, 0.0, 0.0)), costs.get(p.id, 0.0), as_of)
              for p in projects]
    return VarianceReport(window, as_of, tuple(milestones), tuple(values))


def _milestones(session: Session, ids: list[int], codes: dict[int, str], window: Window,
                as_of: date) -> Any:
    rows = session.exec(
        select(Milestone).where(col(Milestone.project_id).in_(ids), within(Milestone.due, window))
        .order_by(col(Milestone.due), col(Milestone.id))
    ).all()
    return [_milestone_variance(codes[m.project_id], m, as_of) for m in rows]


def _milestone_variance(code: str, m: Milestone, as_of: date) -> MilestoneVariance:
    if m.due is None:
        return MilestoneVariance(code, m.name, None, m.done_on, None, False)
    if m.done:
        slip = (m.done_on - m.due).days if m.done_on else None
        return MilestoneVariance(code, m.name, m.due, m.done_on, slip, bool(slip and slip > 0))
    if m.due < as_of:
        return MilestoneVariance(code, m.name, m.due, None, (as_of - m.due).days, True)
    return MilestoneVariance(code, m.name, m.due, None, None, False)


def _weights(session: Session, ids: list[int], as_of: date, *,
             with_progress: bool) -> dict[int, tuple[float, float, float]]:
    """Per project: total, planned-by-date and earned-by-date task weight."""
    child = aliased(Task)
    parents = select(child.parent_id).where(col(child.project_id).in_(ids),
                                            col(child.parent_id).is_not(None))
    weight = func.coalesce(Task.estimate_hours, 1.0)
    planned = func.coalesce(Task.due, Project.end) <= as_of
    earned = and_(Task.status == TaskStatus.done,
                  col(Task.done_on).is_(None) | (col(Task.done_on) <= as_of))
    partly = weight * func.coalesce(Task.progress, 0) / 100.0 if with_progress else 0.0
    rows = session.exec(
        select(Task.project_id, func.sum(weight),
               func.sum(case((planned, weight), else_=0.0)),
               func.sum(case((earned, weight), else_=partly)))
        .join(Project, col(Project.id) == Task.project_id)
        .where(col(Task.project_id).in_(ids), col(Task.id).not_in(parents))
        .group_by(Task.project_id)
    ).all()
    return {pid: (float(t or 0), float(p or 0), float(e or 0)) for pid, t, p, e in rows}


def _actual_cost(session: Session, ids: list[int], as_of: date) -> dict[int, float]:
    return project_costs(session, ids, end=as_of)


def _earned_value(project: Project, weights: tuple[float, float, float], ac: float,
                  as_of: date) -> EarnedValue:
    total, _due, earned = weights
    planned_share = planned_share_of(project.start, project.end, as_of) if total else None
    earned_share = earned / total if total else None
    pv = project.budget * (planned_share or 0.0)
    ev = project.budget * (earned_share or 0.0)
    spi = earned_share / planned_share if planned_share and earned_share is not None else None
    cpi = ev / ac if project.budget > 0 and ac > 0 else None
    return EarnedValue(
        project.code, project.currency, as_of, project.budget,
        None if planned_share is None else 100 * planned_share,
        None if earned_share is None else 100 * earned_share, pv, ev, ac, spi, cpi,
    )
