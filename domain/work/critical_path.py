"""The critical path: the chain of waiting tasks that decides when the work can end at the earliest.

A project cannot finish before its longest chain of dependent work is done, however many
people it has. That chain's length, against the days left, is the schedule's slack; the
delay-risk features (`domain.insight.risk.features`) and the Gantt chart both want it.

The computation is the classic forward/backward pass over a DAG (CPM), on plain numbers:
`critical_path(durations, depends_on)`. Durations are hours of *remaining* work, so a done
task weighs 0 and the path is "what is left to do, in order". Edges to tasks outside
`durations` are ignored (nothing known about them); a cycle, which `domain.work.task_dependencies`
refuses to create, would be broken arbitrarily rather than loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Project, Task, TaskDependency, TaskStatus
from domain.core.permissions import require_internal

DEFAULT_ESTIMATE_HOURS = 1.0  # as in progress (`domain.money.project_figures`): unknown work weighs 1 h
EPSILON = 1e-9


@dataclass(frozen=True)
class CriticalPath:
    length: float  # hours along the longest chain
    path: list[int]  # task ids, first to last
    earliest_finish: dict[int, float] = field(default_factory=dict)
    slack: dict[int, float] = field(default_factory=dict)  # hours a task may slip freely

    def is_critical(self, task_id: int) -> bool:
        return self.slack.get(task_id, 1.0) <= EPSILON


def critical_path(
    durations: Mapping[int, float], depends_on: Mapping[int, set[int] | list[int]]
) -> CriticalPath:
    """Longest path through the dependency graph, with every task's slack."""
    preds = {t: [d for d in depends_on.get(t, ()) if d in durations and d != t] for t in durations}
    order = _topological(preds)
    finish: dict[int, float] = {}
    via: dict[int, int | None] = {}
    for t in order:
        ready = [d for d in preds[t] if d in finish]  # all of them, unless a cycle was cut
        before = max(ready, key=lambda d: (finish[d], -d), default=None)
        start = finish[before] if before is not None else 0.0
        finish[t], via[t] = start + max(durations[t], 0.0), before
    if not finish:
        return CriticalPath(0.0, [])
    end = max(finish, key=lambda t: (finish[t], -t))
    return CriticalPath(finish[end], _walk_back(end, via), finish,
                        _slack(order, preds, durations, finish, finish[end]))


def _topological(preds: Mapping[int, list[int]]) -> list[int]:
    """Depth-first order, predecessors first; a back edge (a cycle) is skipped."""
    order: list[int] = []
    state: dict[int, int] = {}  # 1 visiting, 2 done
    for root in sorted(preds):
        stack = [(root, iter(sorted(preds[root])))]
        state.setdefault(root, 1)
        if state[root] == 2:
            continue
        while stack:
            node, children = stack[-1]
            child = next((c for c in children if state.get(c) is None), None)
            if child is None:
                stack.pop()
                state[node] = 2
                order.append(node)
                continue
            state[child] = 1
            stack.append((child, iter(sorted(preds[child]))))
    return order


def _walk_back(end: int, via: Mapping[int, int | None]) -> list[int]:
    path = [end]
    while via[path[-1]] is not None:
        path.append(via[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def _slack(order: list[int], preds: dict[int, list[int]], durations: Mapping[int, float],
           finish: dict[int, float], length: float) -> dict[int, float]:
    """Backward pass: the latest finish that does not move the end, minus the earliest."""
    latest = {t: length for t in order}
    for t in reversed(order):
        start_latest = latest[t] - max(durations[t], 0.0)
        for d in preds[t]:
            latest[d] = min(latest[d], start_latest)
    return {t: max(latest[t] - finish[t], 0.0) for t in order}


def remaining_hours(task: Task, logged: float = 0.0) -> float:
    """What is left of a task: nothing once done, else its estimate less what was logged."""
    if task.status == TaskStatus.done:
        return 0.0
    estimate = task.estimate_hours if task.estimate_hours is not None else DEFAULT_ESTIMATE_HOURS
    return max(estimate - logged, 0.0) if logged else estimate


def project_critical_path(session: Session, actor: Actor, *, project: str | Project) -> CriticalPath:
    """The remaining critical path of a project's tasks (estimates, dependencies, status).

    A task with subtasks weighs nothing itself: its subtasks carry the work, as in progress.
    """
    proj = find_project(session, actor, project)
    require_internal(session, actor, proj)
    tasks = session.exec(select(Task).where(Task.project_id == proj.id)).all()
    ids = [t.id for t in tasks]
    edges = session.exec(
        select(TaskDependency).where(col(TaskDependency.task_id).in_(ids))
    ).all() if ids else []
    depends_on: dict[int, set[int]] = {}
    for e in edges:
        depends_on.setdefault(e.task_id, set()).add(e.depends_on_id)
    parents = {t.parent_id for t in tasks if t.parent_id is not None}
    durations = {t.id: 0.0 if t.id in parents else remaining_hours(t) for t in tasks}
    return critical_path(durations, depends_on)  # type: ignore[arg-type]
