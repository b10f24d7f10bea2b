"""The events the clock finds, for webhooks: a budget threshold crossed, a task overdue.

Nobody's action makes a task overdue, and a project's burn crosses a threshold through
the sum of many entries, so these are found by the scheduler's tick (with the same
figures as the manager's budget notice) and emitted through `webhooks.emit`; their keys
(`budget.crossed:{project}:{threshold}`, `task.overdue:{task}:{due}`) make each go out once.
Nothing is read when no endpoint wants them, so a workspace without webhooks pays nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlmodel import Session, col

from domain.core.models import Person, Project, ProjectStatus, Task, TaskStatus
from domain.money.project_figures import ExpenseFigures, HourFigures, expense_figures, hour_figures
from domain.notices.due import CATCH_UP_DAYS, read
from domain.notices.outbox import stored_keys
from domain.notices.webhooks import any_endpoint_wants, copy_key, emit, subscribed_endpoints

BUDGET, OVERDUE = "budget.crossed", "task.overdue"


def emit_found_events(session: Session, now: datetime, *, timezone: str = "Asia/Shanghai") -> int:
    """Emit what the clock finds and no endpoint heard of yet; how many events were new."""
    count = 0
    if any_endpoint_wants(session, (BUDGET,)):
        count += _emit_new(session, _budget_crossings(session), BUDGET, now)
    if any_endpoint_wants(session, (OVERDUE,)):
        count += _emit_new(session, _overdue_tasks(session, now, timezone), OVERDUE, now)
    return count


def _emit_new(session: Session, found: list[tuple[str, str, dict[str, Any]]], event_type: str,
              now: datetime) -> int:
    """Only the events some endpoint still lacks are built and queued (a tick runs every
    minute, and an overdue task stays overdue for a week)."""
    targets = subscribed_endpoints(session, event_type)
    keys = [f"{event_type}:{key}" for key, _, _ in found]
    known = stored_keys(session, [copy_key(key, target) for key in keys for target in targets])
    count = 0
    for (_, subject, data), key in zip(found, keys, strict=True):
        if all(copy_key(key, target) in known for target in targets):
            continue
        if emit(session, event_type=event_type, key=key, data=data, now=now, subject=subject):
            count += 1
    return count


def _budget_crossings(session: Session) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, project code, data) for the highest threshold each project's burn reached."""
    watched = select(col(Project.id)).where(col(Project.status) == ProjectStatus.active,
                                            col(Project.budget) > 0)
    hours, costs = hour_figures(session, watched), expense_figures(session, watched)
    spending = set(hours) | set(costs)
    if not spending:
        return []
    rows = read(session, select(col(Project.id), col(Project.code), col(Project.budget),
                                col(Project.currency), col(Project.budget_thresholds))
                .where(col(Project.id).in_(sorted(spending))))
    found = []
    for pid, code, budget, currency, thresholds in rows:
        spent = hours.get(pid, HourFigures()).labour_cost + costs.get(pid, ExpenseFigures()).total
        pct = 100.0 * spent / budget
        crossed = [t for t in (thresholds or []) if pct >= t]
        if crossed:
            top = max(crossed)
            found.append((f"{pid}:{top}", code, {
                "project": code, "threshold": top, "percent": round(pct, 1),
                "spent": round(spent, 2), "budget": budget, "currency": currency}))
    return found


def _overdue_tasks(session: Session, now: datetime,
                   timezone: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Open tasks whose due date passed (in the firm's timezone) within the catch-up week."""
    try:
        today = now.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        today = now.date()
    rows = read(session, (
        select(col(Task.id), col(Task.title), col(Task.due), col(Task.status),
               col(Project.code), col(Person.handle))
        .join(Project, col(Project.id) == Task.project_id)
        .outerjoin(Person, col(Person.id) == Task.assignee_id)
        .where(col(Task.status) != TaskStatus.done, col(Project.status) == ProjectStatus.active,
               col(Task.due) < today, col(Task.due) >= today - timedelta(days=CATCH_UP_DAYS))
        .order_by(col(Task.id))))
    return [(f"{tid}:{due}", code, {"id": tid, "title": title, "project": code,
                                    "due": due.isoformat(), "status": str(status),
                                    "assignee": handle})
            for tid, title, due, status, code, handle in rows]
