"""Budget and spend of one project, with a straight-line forecast to its end date.

Internal figures: the firm's people on the project (and admins) see them; a client
contact is refused even when the project shares its burn with the client (that summary
is in `ClientStatus`). Spend is counted as in `domain.money.project_figures`.

Forecast: the spend so far, spread evenly over the days elapsed since the project's start
(today included), extended to every day up to its end. Before the start nothing is
forecast beyond what is spent; after the end the forecast is what was spent; without a
start or an end date there is no forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import ExpenseCategory, Project
from domain.core.permissions import require_labour_cost
from domain.insight.status import burn_pct
from domain.money.project_figures import ExpenseFigures, HourFigures, expense_figures, hour_figures


@dataclass(frozen=True)
class BudgetStatus:
    project: str
    currency: str
    budget: float
    labour_hours: float
    labour_cost: float
    expenses_by_category: tuple[tuple[str, float], ...]  # every category, in a fixed order
    expenses: float
    spent: float
    remaining: float  # negative when over budget
    burn_pct: float | None  # None: no budget set
    pending_expenses: float  # awaiting approval, not in `spent`
    start: date | None
    end: date | None
    forecast_at_end: float | None
    forecast_burn_pct: float | None
    crossed_threshold: int | None  # the highest of `budget_thresholds` that burn has reached


def budget_status(
    session: Session, actor: Actor, *, project: str | Project, today: date
) -> BudgetStatus:
    proj = find_project(session, actor, project)
    require_labour_cost(session, actor, proj)
    hours = hour_figures(session, [proj.id]).get(proj.id, HourFigures())
    costs = expense_figures(session, [proj.id]).get(proj.id, ExpenseFigures())
    spent = hours.labour_cost + costs.total
    forecast = linear_forecast(spent, proj.start, proj.end, today)
    burn = burn_pct(spent, proj.budget)
    return BudgetStatus(
        project=proj.code,
        currency=proj.currency,
        budget=proj.budget,
        labour_hours=hours.hours_total,
        labour_cost=hours.labour_cost,
        expenses_by_category=tuple(
            (c.value, costs.by_category.get(c.value, 0.0)) for c in ExpenseCategory
        ),
        expenses=costs.total,
        spent=spent,
        remaining=proj.budget - spent,
        burn_pct=burn,
        pending_expenses=costs.pending,
        start=proj.start,
        end=proj.end,
        forecast_at_end=forecast,
        forecast_burn_pct=burn_pct(forecast, proj.budget) if forecast is not None else None,
        crossed_threshold=_crossed(burn, proj.budget_thresholds),
    )


def linear_forecast(
    spent: float, start: date | None, end: date | None, today: date
) -> float | None:
    if start is None or end is None or end < start:
        return None
    if today >= end:
        return spent
    if today < start:
        return spent
    elapsed = (today - start).days + 1
    total = (end - start).days + 1
    return spent * total / elapsed


def _crossed(burn: float | None, thresholds: list[int]) -> int | None:
    reached = [t for t in thresholds or [] if burn is not None and burn >= t]
    return max(reached) if reached else None
