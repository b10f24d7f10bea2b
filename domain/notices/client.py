"""Notices to client contacts: milestones coming up, reached, slipped; the weekly digest.

Only client-visible milestones of active projects, only to the contacts of the project's
client, each in the contact's language and on the contact's clock. Contacts have no
country in the store, so their working days are Monday to Friday.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from domain.core.models import ClientContact, Milestone, Project, ProjectStatus
from domain.core.permissions import client_tasks
from domain.money.project_figures import (
    ExpenseFigures,
    HourFigures,
    TaskFigures,
    expense_figures,
    hour_figures,
    next_milestones,
    task_figures,
)
from domain.notices.due import (
    CATCH_UP_DAYS,
    DAY_STARTS,
    Clock,
    Notice,
    Recipient,
    read,
    weekdays_between,
    working_days_before,
)

MANY = 500


def client_notices(session: Session, clock: Clock) -> list[Notice]:
    return _milestone_notices(session, clock) + _digests(session, clock)


def _recipient(contact_id: int, handle: str, lang: str, tz: str | None, clock: Clock) -> Recipient:
    """One Recipient per contact and tick, however many notices they get."""
    found = clock.recipients.get(("contact", contact_id))
    if found is None:
        found = Recipient("contact", contact_id, handle, lang or "en", clock.tz_name(tz))
        clock.recipients[("contact", contact_id)] = found
    return found


# ---------------------------------------------------------------- milestones
def _milestone_notices(session: Session, clock: Clock) -> list[Notice]:
    widest = session.exec(select(func.max(Project.milestone_notice_days))).one() or 0
    lo, hi = clock.days_around(CATCH_UP_DAYS, 2 * int(widest) + 4)
    open_window = and_(col(Milestone.done).is_(False), col(Milestone.due) >= lo,
                       col(Milestone.due) <= hi)
    reached = and_(col(Milestone.done).is_(True), col(Milestone.done_on) >= lo - timedelta(days=1))
    rows = read(session, (
        select(Milestone.id, Milestone.name, Milestone.due, Milestone.done, Milestone.done_on,
               Project.id, Project.code, Project.milestone_notice_days,
               ClientContact.id, ClientContact.handle, ClientContact.language,
               ClientContact.timezone)
        .join(Project, col(Project.id) == Milestone.project_id)
        .join(ClientContact, col(ClientContact.client_id) == Project.client_id)
        .where(col(Milestone.client_visible).is_(True), Project.status == ProjectStatus.active,
               col(ClientContact.forgotten).is_(False), or_(open_window, reached))
    ))
    wanted = [c for c in (_milestone_candidate(row, clock) for row in rows) if c is not None]
    keep = {key for key, _ in clock.unsettled([(key, who) for key, who, _ in wanted])}
    return [_milestone_notice(kind, key, who, row, clock) for key, who, (kind, row) in wanted
            if key in keep]


def _milestone_candidate(row: Any, clock: Clock) -> Any:
    """(dedup key, recipient, (kind, row)) when this milestone has news for this contact."""
    mid, _name, due, done, done_on, _pid, _code, days, cid, handle, lang, tz = row
    local = clock.local(tz)
    today = local.date()
    if done:
        if done_on is None or not (today - timedelta(days=1) <= done_on <= today):
            return None
        kind, key = "milestone_reached", f"milestone_reached:{mid}:c{cid}"
    elif due is None or local.time() < DAY_STARTS:
        return None
    elif working_days_before(due, days) <= today < due:
        kind, key = "milestone_upcoming", f"milestone_upcoming:{mid}:{due}:c{cid}"
    elif due < today <= due + timedelta(days=CATCH_UP_DAYS):
        kind, key = "milestone_slipped", f"milestone_slipped:{mid}:{due}:c{cid}"
    else:
        return None
    return key, _recipient(cid, handle, lang, tz, clock), (kind, row)


def _milestone_notice(kind: str, key: str, who: Recipient, row: Any, clock: Clock) -> Notice:
    mid, name, due, _done, _done_on, pid, code, _days, _cid, _h, _l, tz = row
    params = {"milestone": name, "project": code, "due": due.isoformat() if due else ""}
    if kind == "milestone_upcoming":
        params["days"] = weekdays_between(clock.local(tz).date(), due)
    rating = (code, mid) if kind == "milestone_reached" else None  # how did we do? 0–10
    return Notice(kind, key, who, f"{code} / {name}", ((f"notice.{kind}", params),),
                  project_id=pid, asks_rating=rating)


# ---------------------------------------------------------------- weekly digest
def _digests(session: Session, clock: Clock) -> list[Notice]:
    """Monday from 09:00 their time: one digest per contact and active project of theirs."""
    rows = read(session, (
        select(Project.id, Project.code, Project.name, Project.currency, Project.budget,
               Project.client_sees_budget, Project.start,
               ClientContact.id, ClientContact.handle, ClientContact.language,
               ClientContact.timezone)
        .join(ClientContact, col(ClientContact.client_id) == Project.client_id)
        .where(Project.status == ProjectStatus.active, col(ClientContact.forgotten).is_(False))
    ))
    mondays_by_zone: dict[str | None, date | None] = {}
    due_rows = []
    for row in rows:
        if row[10] not in mondays_by_zone:
            local = clock.local(row[10])
            is_due = local.weekday() == 0 and local.time() >= DAY_STARTS
            mondays_by_zone[row[10]] = local.date() if is_due else None
        monday = mondays_by_zone[row[10]]
        if monday is not None and (row[6] is None or row[6] <= monday):
            key = f"weekly_digest:{row[0]}:{monday}:c{row[7]}"
            due_rows.append((key, _recipient(row[7], row[8], row[9], row[10], clock),
                             (row, monday)))
    keep = {key for key, _ in clock.unsettled([(key, who) for key, who, _ in due_rows])}
    due_rows = [entry for entry in due_rows if entry[0] in keep]
    if not due_rows:
        return []
    ids: Any = sorted({row[0] for _, _, (row, _) in due_rows})
    if len(ids) > MANY:  # cheaper as a subquery than as thousands of bound ids
        ids = select(Project.id).where(Project.status == ProjectStatus.active)
    mondays = sorted({monday for _, _, (_, monday) in due_rows})
    figures = _DigestFigures(session, ids, mondays)
    return [_digest(key, who, row, monday, figures) for key, who, (row, monday) in due_rows]


class _DigestFigures:
    """Everything a batch of digests reports, for all their projects at once (a few queries)."""

    def __init__(self, session: Session, ids: list[int], mondays: list[date]) -> None:
        self.tasks = task_figures(session, ids, today=mondays[0], seen=client_tasks)
        self.upcoming = next_milestones(session, ids, client_visible_only=True)
        # hours of the week before each Monday; their labour cost is the whole project's
        self.weeks = {m: hour_figures(session, ids, start=m - timedelta(days=7),
                                      end=m - timedelta(days=1)) for m in mondays}
        costs = expense_figures(session, ids)
        hours = self.weeks[mondays[0]]
        self.spent = {pid: hours.get(pid, HourFigures()).labour_cost
                      + costs.get(pid, ExpenseFigures()).total for pid in set(hours) | set(costs)}


def _digest(key: str, who: Recipient, row: Any, monday: date, figures: _DigestFigures) -> Notice:
    pid, code, name, currency, budget, shows = row[:6]
    lines = _digest_lines(code, name, figures.tasks.get(pid, TaskFigures()),
                          figures.weeks[monday].get(pid, HourFigures()), figures.upcoming.get(pid),
                          monday)
    if shows and budget:
        spent = figures.spent.get(pid, 0)
        lines.append(("notice.digest_budget", {"pct": f"{100 * spent / budget:.0f}",
                                               "spent": f"{spent:,.0f}",
                                               "budget": f"{budget:,.0f}", "currency": currency}))
    return Notice("weekly_digest", key, who, code, tuple(lines), project_id=pid)


def _digest_lines(code: str, name: str, tasks: TaskFigures, week: HourFigures, upcoming,  # type: ignore[no-untyped-def]
                  monday: date) -> list[tuple[str, dict]]:
    progress = "—" if tasks.progress_pct is None else f"{tasks.progress_pct:.0f}%"
    start, end = _week_before(monday)
    lines: list[tuple[str, dict]] = [
        ("notice.digest_head", {"project": code, "name": name, "start": start, "end": end}),
        ("notice.digest_progress", {"progress": progress, "done": tasks.done, "total": tasks.total}),
        ("notice.digest_hours", {"hours": f"{week.hours_in_range:g}"}),
    ]
    if upcoming is not None and upcoming.due is not None:
        lines.append(("notice.digest_next", {"milestone": upcoming.name,
                                             "due": upcoming.due.isoformat()}))
    return lines


@lru_cache(maxsize=16)
def _week_before(monday: date) -> tuple[str, str]:
    return (monday - timedelta(days=7)).isoformat(), (monday - timedelta(days=1)).isoformat()
