"""The figures a manager reads in several places, each defined once.

- **progress %** = estimated hours done / estimated hours of all tasks (leaf tasks only; a
  task without an estimate weighs 1 h; a done task counts whole, an open task its
  `progress` share, as the burndown burns it) — `domain.money.project_figures.TaskFigures`.
  It is always shown with what it weighs and beside the task counts ("34% of estimated
  hours done; 4 of 10 tasks done"), never a percentage next to an unrelated count;
- **planned %** = the share of the project's calendar days elapsed: where the burndown's
  ideal line stands on that day (`planned_share`); the burndown draws `ideal_remaining`;
- **spent** = labour + counted expenses in the project's currency
  (`domain.money.project_figures.project_costs`), read by status, budget, burn chart,
  earned value and profit alike;
- **margin** = revenue − cost, project lines in the project's currency, client lines the
  sum of their projects' lines converted to base (`domain.insight.reports.profit`);
- **utilisation %** = all a person's logged hours / capacity, with the share of one
  project as a separate series (`domain.insight.reports.utilisation`).
"""
from __future__ import annotations

from datetime import date


def planned_share(start: date | None, end: date | None, day: date) -> float | None:
    """0 before the start, 1 from the end on, linear in calendar days between (None: the
    project has no dates, so there is no plan to compare with)."""
    if start is None or end is None or end < start:
        return None
    span = (end - start).days
    if span == 0:
        return 0.0 if day < start else 1.0
    return min(1.0, max(0.0, (day - start).days / span))


def ideal_remaining(total: float, start: date, end: date, day: date) -> float:
    """The burndown's ideal line: what should be left of `total` on `day`."""
    share = planned_share(start, end, day)
    return total * (1 - (share if share is not None else 0.0))
