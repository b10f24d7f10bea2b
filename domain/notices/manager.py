"""Notices to managers and approvers: budget thresholds, approvals, milestones at risk.

- A project's burn (labour at cost plus counted expenses, over its budget) reaching one of
  its `budget_thresholds` (70/90/100 by default) tells its manager once per threshold; a
  jump over several tells the highest. Reaching 100 % opens an approval (kind `budget`)
  to continue spending; the notice carries its approve / reject buttons.
- A new request (leave, overtime, expense) reaches its approver on every linked platform,
  with buttons; when it is decided, those copies are rewritten (`approval_decided`).
- A request still pending after 24 hours reminds the approver, once.
- A milestone whose tasks are behind the straight line from the project's start to the
  milestone's due date (by more than `FORECAST_MARGIN`) warns the manager, once per due date.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, func, literal
from sqlmodel import Session, case, col, select

from domain.core import audit
from domain.core.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Milestone,
    OutboxMessage,
    Person,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
)
from domain.money.project_figures import ExpenseFigures, HourFigures, expense_figures, hour_figures
from domain.notices.due import DAY_STARTS, Clock, Notice, Recipient, read
from domain.requests.approvals import approval_label, open_approval

WAIT_BEFORE_REMINDER = timedelta(hours=24)
ANNOUNCE_WITHIN = timedelta(days=7)  # older requests are not announced any more
FORECAST_HORIZON = timedelta(days=30)
FORECAST_MARGIN = 0.15  # progress this far behind the elapsed share of time ⇒ at risk


def manager_notices(session: Session, clock: Clock) -> list[Notice]:
    people = _people(session, clock)
    return (_budget(session, people) + _requests(session, clock, people)
            + _decided(session, clock, people) + _forecast(session, clock, people))


def _people(session: Session, clock: Clock) -> dict[int, Recipient]:
    rows = session.exec(select(Person.id, Person.handle, Person.language, Person.timezone)
                        .where(col(Person.active).is_(True), col(Person.forgotten).is_(False))).all()
    return {pid: Recipient("person", pid, handle, lang or "en", clock.tz_name(tz))
            for pid, handle, lang, tz in rows}


# ---------------------------------------------------------------- budget
def _budget(session: Session, people: dict[int, Recipient]) -> list[Notice]:
    watched = select(Project.id).where(Project.status == ProjectStatus.active, Project.budget > 0,
                                       col(Project.manager_id).is_not(None))
    hours, costs = hour_figures(session, watched), expense_figures(session, watched)
    spending = set(hours) | set(costs)
    if not spending:
        return []
    rows = read(session, (
        select(Project.id, Project.code, Project.budget, Project.currency,
               Project.manager_id, Project.budget_thresholds)
        .where(col(Project.id).in_(watched))
    ))
    notices = []
    for pid, code, budget, currency, manager, thresholds in rows:
        if pid not in spending or manager not in people:
            continue
        spent = hours.get(pid, HourFigures()).labour_cost + costs.get(pid, ExpenseFigures()).total
        pct = 100.0 * spent / budget
        crossed = [t for t in (thresholds or []) if pct >= t]
        if not crossed:
            continue
        top = max(crossed)
        params = {"project": code, "threshold": top, "pct": f"{pct:.0f}",
                  "spent": f"{spent:,.0f}", "budget": f"{budget:,.0f}", "currency": currency}
        over = top >= 100
        notices.append(Notice("budget_threshold", f"budget_threshold:{pid}:{top}", people[manager],
                              code, (("notice.budget_over" if over else "notice.budget_threshold",
                                      params),),
                              urgent=over, opens_budget_approval=over, project_id=pid))
    return notices


def open_budget_approval(session: Session, notice: Notice, *, now: datetime) -> Notice:
    """The approval a 100 % notice asks for: the pending one of the project, or a new one."""
    found = session.exec(select(Approval.id).where(
        Approval.kind == ApprovalKind.budget, Approval.project_id == notice.project_id,
        Approval.status == ApprovalStatus.pending)).first()
    if found is None:
        approval = open_approval(session, kind=ApprovalKind.budget, requested_by=None,
                                 approver=notice.recipient.id, project_id=notice.project_id,
                                 now=now)
        audit.record(session, actor="person:system", action="approval.open", entity="approval",
                     entity_id=approval.id, payload={"kind": "budget", "notice": notice.key},
                     now=now)
        found = approval.id
    assert found is not None
    return notice.with_approval(found)


# ---------------------------------------------------------------- approvals
def _requests(session: Session, clock: Clock, people: dict[int, Recipient]) -> list[Notice]:
    rows = session.exec(
        select(Approval).where(Approval.status == ApprovalStatus.pending,
                               Approval.kind != ApprovalKind.budget,
                               Approval.created_at >= clock.now - WAIT_BEFORE_REMINDER * 14)
        .order_by(col(Approval.id))
    ).all()
    notices = []
    for approval in rows:
        who = people.get(approval.approver_id or 0)
        if who is None:
            continue
        params = {"request": approval_label(session, approval), "kind": approval.kind}
        subject = f"#{approval.id}"
        if approval.created_at >= clock.now - ANNOUNCE_WITHIN:
            notices.append(Notice("approval_request", f"approval_request:{approval.id}", who,
                                  subject, (("notice.approval_request", params),),
                                  approval_id=approval.id, project_id=approval.project_id))
        if approval.created_at <= clock.now - WAIT_BEFORE_REMINDER:
            notices.append(Notice("approval_waiting", f"approval_waiting:{approval.id}", who,
                                  subject, (("notice.approval_waiting", params),),
                                  project_id=approval.project_id))
    return notices


def _decided(session: Session, clock: Clock, people: dict[int, Recipient]) -> list[Notice]:
    """Requests decided lately whose announcement went out: rewrite those copies."""
    announced = literal("approval_request:") + cast(Approval.id, String)
    rows = read(session, (
        select(Approval.id, Approval.kind, Approval.status, Approval.approver_id,
               Approval.decided_by_id)
        .where(col(Approval.status).in_([ApprovalStatus.approved, ApprovalStatus.rejected,
                                         ApprovalStatus.cancelled]),
               Approval.decided_at >= clock.now - timedelta(days=2))
        .where(select(OutboxMessage.id).where(OutboxMessage.notice_key == announced).exists())
    ))
    notices = []
    for aid, kind, status, approver, decided_by in rows:
        who = people.get(approver or 0)
        if who is None:
            continue
        by = people.get(decided_by or 0)
        params = {"request": f"#{aid}", "kind": kind, "status": status,
                  "by": f"@{by.handle}" if by else "pmbot"}
        notices.append(Notice("approval_decided", f"approval_decided:{aid}", who, f"#{aid}",
                              (("notice.approval_decided." + status, params),),
                              edit_of=f"approval_request:{aid}"))
    return notices


# ---------------------------------------------------------------- forecast
def _forecast(session: Session, clock: Clock, people: dict[int, Recipient]) -> list[Notice]:
    lo, hi = clock.days_around(0, FORECAST_HORIZON.days)
    weight = func.coalesce(Task.estimate_hours, 1.0)
    rows = read(session, (
        select(Milestone.id, Milestone.name, Milestone.due, Project.code, Project.start,
               Project.manager_id, func.sum(weight),
               func.sum(case((Task.status == TaskStatus.done, weight), else_=0.0)))
        .join(Project, col(Project.id) == Milestone.project_id)
        .join(Task, col(Task.milestone_id) == Milestone.id)
        .where(col(Milestone.done).is_(False), Project.status == ProjectStatus.active,
               and_(col(Milestone.due) >= lo, col(Milestone.due) <= hi),
               col(Project.start).is_not(None), col(Project.manager_id).is_not(None))
        .group_by(Milestone.id, Milestone.name, Milestone.due, Project.code, Project.start,
                  Project.manager_id)
    ))
    notices = []
    for mid, name, due, code, start, manager, total, done in rows:
        who = people.get(manager)
        if who is None or not total:
            continue
        local = clock.local(who.timezone)
        today = local.date()
        if local.time() < DAY_STARTS or not (start <= today < due):
            continue
        elapsed = (today - start).days / max((due - start).days, 1)
        progress = float(done or 0) / float(total)
        if progress + FORECAST_MARGIN < elapsed:
            params = {"milestone": name, "project": code, "due": due.isoformat(),
                      "progress": f"{100 * progress:.0f}", "elapsed": f"{100 * elapsed:.0f}"}
            notices.append(Notice("milestone_forecast", f"milestone_forecast:{mid}:{due}", who,
                                  f"{code} / {name}", (("notice.milestone_forecast", params),)))
    return notices
