"""Week-by-week series for the money and people charts (see `domain.insight.charts.data`).

- Budget burn: cumulative spend at the end of each week (labour cost + counted expenses,
  counted as in `domain.money.project_figures`) from the project's start up to today; the plan is
  the budget spread evenly from start to end; the forecast is `domain.money.budget`'s straight
  line from today's spend to the end date.
- Utilisation: per person and ISO week (Monday first), logged hours / weekly capacity, over
  `weeks` weeks ending with today's; who is counted, and whose hours, as in the
  utilisation report (`domain.insight.reports.utilisation`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Project
from domain.core.permissions import require_labour_cost
from domain.insight.reports.scope import Window
from domain.insight.reports.utilisation import hours_by_day, leave_days, utilisation_scope
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
    pct: tuple[tuple[float | None, ...], ...]  # [person][week]; None: no capacity that week


def utilisation_grid(session: Session, actor: Actor, *, project: str, today: date,
                     weeks: int = 8) -> UtilisationGrid:
    proj = find_project(session, actor, project)
    scope = utilisation_scope(session, actor, project=proj.code)
    monday = today - timedelta(days=today.weekday())
    mondays = tuple(monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    window = Window(mondays[0], mondays[-1] + timedelta(days=6))
    ids = [p.id for p in scope.people]
    daily = hours_by_day(session, ids, scope, window) if ids else {}
    leave = leave_days(session, ids, window) if ids else {}
    grid = []
    for person in scope.people:
        row = []
        for start in mondays:
            off = sum(1 for d in leave.get(person.id, ()) if start <= d <= start + timedelta(days=6))
            capacity = person.weekly_capacity_hours / 5 * (5 - off)
            hours = sum(h for d, (h, _) in daily.get(person.id, {}).items()
                        if start <= d <= start + timedelta(days=6))
            row.append(None if capacity <= 0 else 100 * hours / capacity)
        grid.append(tuple(row))
    return UtilisationGrid(proj.code, mondays, tuple(p.handle for p in scope.people), tuple(grid))
