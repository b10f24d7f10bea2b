"""Notices to client contacts: milestones coming up, reached, slipped; the weekly digest.

Only client-visible milestones of active projects, only to the contacts of the project's
client, each in the contact's language and on the contact's clock. Contacts have no
country in the store, so their working days are Monday to Friday.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from domain.models import ClientContact, Milestone, Project, ProjectStatus
from domain.notifications import (
    CATCH_UP_DAYS,
    DAY_STARTS,
    Clock,
    Notice,
    Recipient,
    weekdays_between,
    working_days_before,
)
from domain.project_figures import (
    ExpenseFigures,
    HourFigures,
    TaskFigures,
    expense_figures,
    hour_figures,
    next_milestones,
    task_figures,
)


def client_notices(session: Session, clock: Clock) -> list[Notice]:
    return _milestone_notices(session, clock) + _digests(session, clock)


def _recipient(contact_id: int, handle: str, lang: str, tz: str | None, clock: Clock) -> Recipient:
    return Recipient("contact", contact_id, handle, lang or "en", clock.tz_name(tz))


# ---------------------------------------------------------------- milestones
def _milestone_notices(session: Session, clock: Clock) -> list[Notice]:
    widest = session.exec(select(func.max(Project.milestone_notice_days))).one() or 0
    lo, hi = clock.days_around(CATCH_UP_DAYS, 2 * int(widest) + 4)
    open_window = and_(col(Milestone.done).is_(False), col(Milestone.due) >= lo,
                       col(Milestone.due) <= hi)
    reached = and_(col(Milestone.done).is_(True), col(Milestone.done_on) >= lo - timedelta(days=1))
    rows = session.exec(
        select(Milestone.id, Milestone.name, Milestone.due, Milestone.done, Milestone.done_on,
               Project.id, Project.code, Project.milestone_notice_days,
               ClientContact.id, ClientContact.handle, ClientContact.language,
               ClientContact.timezone)
        .join(Project, col(Project.id) == Milestone.project_id)
        .join(ClientContact, col(ClientContact.client_id) == Project.client_id)
        .where(col(Milestone.client_visible).is_(True), Project.status == ProjectStatus.active,
               col(ClientContact.forgotten).is_(False), or_(open_window, reached))
    ).all()
    notices = []
    for mid, name, due, done, done_on, pid, code, days, cid, handle, lang, tz in rows:
        who = _recipient(cid, handle, lang, tz, clock)
        local = clock.local(tz)
        today, morning = local.date(), local.time() >= DAY_STARTS
        subject = f"{code} / {name}"
        params = {"milestone": name, "project": code, "due": due.isoformat() if due else ""}
        if done:
            if done_on is not None and today - timedelta(days=1) <= done_on <= today:
                notices.append(Notice("milestone_reached", f"milestone_reached:{mid}:c{cid}", who,
                                      subject, (("notice.milestone_reached", params),),
                                      project_id=pid))
            continue
        if due is None or not morning:
            continue
        if working_days_before(due, days) <= today < due:
            left = weekdays_between(today, due)
            notices.append(Notice("milestone_upcoming", f"milestone_upcoming:{mid}:{due}:c{cid}",
                                  who, subject,
                                  (("notice.milestone_upcoming", {**params, "days": left}),),
                                  project_id=pid))
        elif due < today <= due + timedelta(days=CATCH_UP_DAYS):
            notices.append(Notice("milestone_slipped", f"milestone_slipped:{mid}:{due}:c{cid}",
                                  who, subject, (("notice.milestone_slipped", params),),
                                  project_id=pid))
    return notices


# ---------------------------------------------------------------- weekly digest
def _digests(session: Session, clock: Clock) -> list[Notice]:
    """Monday from 09:00 their time: one digest per contact and active project of theirs."""
    rows = session.exec(
        select(Project.id, Project.code, Project.name, Project.currency, Project.budget,
               Project.client_sees_budget, Project.start,
               ClientContact.id, ClientContact.handle, ClientContact.language,
               ClientContact.timezone)
        .join(ClientContact, col(ClientContact.client_id) == Project.client_id)
        .where(Project.status == ProjectStatus.active, col(ClientContact.forgotten).is_(False))
    ).all()
    due_rows = []
    for row in rows:
        local = clock.local(row[10])
        if local.weekday() == 0 and local.time() >= DAY_STARTS and (
                row[6] is None or row[6] <= local.date()):
            due_rows.append((row, local.date()))
    if not due_rows:
        return []
    ids = sorted({row[0] for row, _ in due_rows})
    mondays = sorted({monday for _, monday in due_rows})
    tasks = task_figures(session, ids, today=mondays[0])
    upcoming = next_milestones(session, ids, client_visible_only=True)
    spent = _spent(session, ids)
    weeks = {m: hour_figures(session, ids, start=m - timedelta(days=7), end=m - timedelta(days=1))
             for m in mondays}
    notices = []
    for (pid, code, name, currency, budget, shows, _s, cid, handle, lang, tz), monday in due_rows:
        lines = _digest_lines(code, name, tasks.get(pid, TaskFigures()),
                              weeks[monday].get(pid, HourFigures()), upcoming.get(pid), monday)
        if shows and budget:
            lines.append(("notice.digest_budget", {"pct": f"{100 * spent.get(pid, 0) / budget:.0f}",
                                                   "spent": f"{spent.get(pid, 0):,.0f}",
                                                   "budget": f"{budget:,.0f}",
                                                   "currency": currency}))
        notices.append(Notice("weekly_digest", f"weekly_digest:{pid}:{monday}:c{cid}",
                              _recipient(cid, handle, lang, tz, clock), code, tuple(lines),
                              project_id=pid))
    return notices


def _digest_lines(code: str, name: str, tasks: TaskFigures, week: HourFigures, upcoming,  # type: ignore[no-untyped-def]
                  monday: date) -> list[tuple[str, dict]]:
    progress = "—" if tasks.progress_pct is None else f"{tasks.progress_pct:.0f}%"
    lines: list[tuple[str, dict]] = [
        ("notice.digest_head", {"project": code, "name": name,
                                "start": (monday - timedelta(days=7)).isoformat(),
                                "end": (monday - timedelta(days=1)).isoformat()}),
        ("notice.digest_progress", {"progress": progress, "done": tasks.done, "total": tasks.total}),
        ("notice.digest_hours", {"hours": f"{week.hours_in_range:g}"}),
    ]
    if upcoming is not None and upcoming.due is not None:
        lines.append(("notice.digest_next", {"milestone": upcoming.name,
                                             "due": upcoming.due.isoformat()}))
    return lines


def _spent(session: Session, ids: list[int]) -> dict[int, float]:
    hours = hour_figures(session, ids)
    costs = expense_figures(session, ids)
    return {pid: hours.get(pid, HourFigures()).labour_cost + costs.get(pid, ExpenseFigures()).total
            for pid in set(hours) | set(costs)}
