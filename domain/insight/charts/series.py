"""Week-by-week series for the money and people charts (see `domain.insight.charts.data`).

- Budget burn: cumulative spend at the end of each week (labour cost + counted expenses,
  counted as in `domain.money.project_figures`) from the project's start up to today; the plan is
  the budget spread evenly from start to end; the forecast is `domain.money.budget`'s straight
  line from today's spend to the end date.
- Utilisation: per person and ISO week (Monday first), over `weeks` weeks ending with
  today's: all their logged hours / that week's capacity, and this project's share as a
  second series, both exactly the utilisation report's figures for that week
  (`domain.insight.reports.utilisation`), the current week up to today; weeks outside
  the project's dates are None.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Project
from domain.core.permissions import require_labour_cost
from domain.insight.reports.scope import Window
from domain.insight.reports.utilisation import (
    UtilisationLine,
    capacity_hours,
    hours_by_day,
    leave_days,
    utilisation_scope,
)
from domain.money.budget import linear_forecast
from domain.money.project_figures import project_costs


@dataclass(frozen=True)
class BudgetBurnData:
    project: str
    currency: str
    budget: float
    today: date
    weeks: tuple[date, ...]  # each week's last day (capped at today)
    spent: tuple[float, ...]  # cumulative
    plan_days: tuple[date, date] | None  # project start and end, for the plan line
    forecast_at_end: float | None


def budget_burn_data(session: Session, actor: Actor, *, project: str, today: date) -> BudgetBurnData:
    proj = find_project(session, actor, project)
    require_labour_cost(session, actor, proj)
    daily = _daily_spend(session, proj)
    first = proj.start or min(list(daily) + [today])
    weeks, spent, total, day = [], [], sum(v for d, v in daily.items() if d < first), first
    while day <= today:
        week_end = min(day + timedelta(days=6 - day.weekday()), today)
        total += sum(v for d, v in daily.items() if day <= d <= week_end)
        weeks.append(week_end)
        spent.append(total)
        day = week_end + timedelta(days=1)
    total += sum(v for d, v in daily.items() if d > today)
    plan = (proj.start, proj.end) if proj.start and proj.end and proj.end >= proj.start else None
    return BudgetBurnData(proj.code, proj.currency, proj.budget, today, tuple(weeks),
                          tuple(spent), plan, linear_forecast(total, proj.start, proj.end, today))


def _daily_spend(session: Session, proj: Project) -> dict[date, float]:
    """Labour and counted expenses per day, in the project's currency (as status counts)."""
    return {day: amount for (_, day), amount in
            project_costs(session, [proj.id], by_day=True).items()}


@dataclass(frozen=True)
class UtilisationGrid:
    project: str
    weeks: tuple[date, ...]  # Mondays
    people: tuple[str, ...]  # handles
    pct: tuple[tuple[float | None, ...], ...]  # [person][week]: all their hours / capacity
    project_pct: tuple[tuple[float | None, ...], ...]  # [person][week]: this project's share
    # None: the week lies outside the project's dates, or the person had no capacity in it


def utilisation_grid(session: Session, actor: Actor, *, project: str, today: date,
                     weeks: int = 8) -> UtilisationGrid:
    """The utilisation report's figures (`UtilisationLine`), one ISO week at a time."""
    proj = find_project(session, actor, project)
    scope = utilisation_scope(session, actor, project=proj.code)
    monday = today - timedelta(days=today.weekday())
    mondays = tuple(monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    window = Window(mondays[0], mondays[-1] + timedelta(days=6))
    ids = [p.id for p in scope.people]
    daily = hours_by_day(session, ids, scope, window) if ids else {}
    leave = leave_days(session, ids, window) if ids else {}
    grid, share = [], []
    for person in scope.people:
        weekly = [_week(person, start, daily.get(person.id, {}), leave.get(person.id, set()), today)
                  if _in_project(proj, start) else None for start in mondays]
        grid.append(tuple(None if w is None else w.utilisation_pct for w in weekly))
        share.append(tuple(None if w is None else w.project_share_pct for w in weekly))
    return UtilisationGrid(proj.code, mondays, tuple(p.handle for p in scope.people),
                           tuple(grid), tuple(share))


def _in_project(proj: Project, monday: date) -> bool:
    """Whether the week starting `monday` overlaps the project's dates (open ends do)."""
    return ((proj.start is None or monday + timedelta(days=6) >= proj.start)
            and (proj.end is None or monday <= proj.end))


def _week(person: Any, monday: date, days: dict[date, tuple[float, float, float]],
          leave: set[date], today: date) -> UtilisationLine:
    sunday = min(monday + timedelta(days=6), today)  # this week: its capacity up to today
    mine = [v for d, v in days.items() if monday <= d <= sunday]
    off = {d for d in leave if monday <= d <= sunday}
    return UtilisationLine(person.handle, person.name,
                           capacity_hours(person.weekly_capacity_hours, monday, sunday, off),
                           len(off), sum(h for h, _, _ in mine), sum(b for _, b, _ in mine),
                           "managed", sum(p for _, _, p in mine))
