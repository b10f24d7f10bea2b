"""What a project's (or a milestone's) history says about its chance of slipping.

The features are computed from a `Scope`: plain data about the work and the people at one
date, with no database in sight. The store builds Scopes (`domain.insight.risk.data`), and so does
the simulator that trains and tests the model (`benchmarks/simulate_projects.py`): the
model is trained on exactly the numbers it is later shown.

The six features, each a number where higher means more danger:

- `behind`: share of the time gone minus share of the work done (by estimate);
- `burn`: log of hours logged over hours earned (done estimates + half of those in
  progress), smoothed with 4 h on both sides: > 0 means work costs more than estimated,
  and the rest likely will too;
- `overdue_deps`: share of the open tasks that wait for an overdue open task;
- `load`: the people's open hours due by the deadline (on every project) over their free
  capacity until then, averaged over the scope's remaining hours, each person's ratio
  held at `LOAD_CAP` (150 %): over-booking is a reason to look, not a verdict, and a
  ratio of 300 % says little more than one of 150 % (estimates of other work are rough);
- `past_slips`: the share of the team's past milestones that ended late, smoothed
  towards one in three ((late + 1) / (count + 3)) so that a new team is not a blank;
- `cp_ratio`: the remaining critical path, at 8 h a working day, over the working days
  left: above 1 the deadline is out of reach even with everyone free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.work.critical_path import critical_path

FEATURES = ("behind", "burn", "overdue_deps", "load", "past_slips", "cp_ratio")
HOURS_PER_DAY = 8.0
NO_LOAD_KNOWN = 0.5  # open work with nobody on it: an average team's load
LOAD_CAP = 1.5
BURN_SMOOTHING_HOURS = 4.0


@dataclass(frozen=True)
class WorkItem:
    id: int
    estimate: float  # hours; unknown estimates come as 1 h, as in progress
    status: str  # todo / in_progress / blocked / done
    due: date | None = None
    assignee: int | None = None
    depends_on: tuple[int, ...] = ()
    in_scope: bool = True  # False: an upstream task of another milestone this work waits for
    remaining: float | None = None  # estimate less hours logged on it; None = the estimate

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def left(self) -> float:
        if self.done:
            return 0.0
        return self.estimate if self.remaining is None else max(self.remaining, 0.0)


@dataclass(frozen=True)
class Scope:
    """A project's or a milestone's work as seen on `today`."""

    start: date
    deadline: date
    today: date
    items: list[WorkItem]
    hours_logged: float = 0.0
    load: dict[int, float] = field(default_factory=dict)  # person → open hours / free hours
    team_milestones: int = 0  # past milestones of the team's projects
    team_slips: int = 0  # of which ended (or stand) late
    # the critical path's earliest finish per task, when the caller computed it already
    # (one project's milestones share it); None: computed from `items`
    earliest_finish: dict[int, float] | None = None


def working_days(start: date, end: date) -> int:
    """Monday-to-Friday days from start to end, both included."""
    if end < start:
        return 0
    weeks, extra = divmod((end - start).days + 1, 7)
    return weeks * 5 + sum((start + timedelta(days=i)).weekday() < 5 for i in range(extra))


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start` (a weekend start counts from Monday)."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def features_of(scope: Scope) -> dict[str, float]:
    """The six features of a scope, by name (see the module docstring)."""
    mine = [i for i in scope.items if i.in_scope]
    return {
        "behind": elapsed_share(scope) - done_share(mine),
        "burn": _burn(mine, scope.hours_logged),
        "overdue_deps": _overdue_deps(scope.items, scope.today),
        "load": _load(mine, scope.load),
        "past_slips": (scope.team_slips + 1) / (scope.team_milestones + 3),
        "cp_ratio": _cp_ratio(scope),
    }


def elapsed_share(scope: Scope) -> float:
    span = working_days(scope.start, scope.deadline)
    gone = working_days(scope.start, scope.today - timedelta(days=1))
    return min(gone / span, 1.5) if span > 0 else 1.0


def done_share(items: list[WorkItem]) -> float:
    total = sum(i.estimate for i in items)
    return sum(i.estimate for i in items if i.done) / total if total > 0 else 1.0


def baseline_ratio(scope: Scope) -> float:
    """The simple rule the model must beat: time elapsed over work done."""
    mine = [i for i in scope.items if i.in_scope]
    return elapsed_share(scope) / max(done_share(mine), 0.02)


def _burn(items: list[WorkItem], hours_logged: float) -> float:
    earned = sum(i.estimate for i in items if i.done)
    earned += 0.5 * sum(i.estimate for i in items if i.status == "in_progress")
    return math.log((hours_logged + BURN_SMOOTHING_HOURS) / (earned + BURN_SMOOTHING_HOURS))


def _overdue_deps(items: list[WorkItem], today: date) -> float:
    late = {i.id for i in items if not i.done and i.due is not None and i.due < today}
    waiting = [i for i in items if i.in_scope and not i.done]
    if not waiting:
        return 0.0
    return sum(any(d in late for d in i.depends_on) for i in waiting) / len(waiting)


def _load(items: list[WorkItem], load: dict[int, float]) -> float:
    weights = [(i.left, load[i.assignee]) for i in items
               if not i.done and i.assignee is not None and i.assignee in load]
    total = sum(w for w, _ in weights)
    if total <= 0:
        return NO_LOAD_KNOWN
    return sum(w * min(x, LOAD_CAP) for w, x in weights) / total


def critical_days(scope: Scope) -> float:
    """Working days the longest remaining chain of the scope's work needs, at 8 h a day."""
    known = scope.earliest_finish
    if known is None:
        known = critical_path({i.id: i.left for i in scope.items},
                              {i.id: set(i.depends_on) for i in scope.items}).earliest_finish
    return max((known.get(i.id, 0.0) for i in scope.items if i.in_scope), default=0.0) / HOURS_PER_DAY


def _cp_ratio(scope: Scope) -> float:
    days_left = max(working_days(scope.today, scope.deadline), 1)
    return min(critical_days(scope) / days_left, 3.0)
