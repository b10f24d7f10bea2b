"""Leave and overtime: a person asks, someone else decides (see `domain.requests.approvals`).

Leave cannot start in the past nor overlap another leave of the same person that is still
pending or already approved (a rejected or cancelled one frees its days). Overtime is at
most 12 hours in a day; it may be asked for after the fact, since it is often approved so.
"""
from __future__ import annotations

import math
from datetime import date, datetime

from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.actors import Actor, local_today
from domain.core.errors import Conflict, Invalid
from domain.core.lookup import find_project
from domain.core.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    LeaveRequest,
    LeaveType,
    OvertimeRequest,
    Project,
)
from domain.core.permissions import require_work
from domain.requests.approvals import (
    approver_for,
    leave_approver,
    open_approval,
    requester_id,
    snapshot,
)
from domain.requests.claims import check_overtime_not_repeated, serialise_requests_of

MAX_OVERTIME_HOURS = 12
_HOLDING = (ApprovalStatus.pending, ApprovalStatus.approved)


def request_leave(
    session: Session, actor: Actor, *, start: date, end: date, leave_type: str | None = None,
    note: str | None = None, now: datetime,
) -> LeaveRequest:
    person_id = requester_id(actor)
    kind = _leave_type(leave_type)
    _check_span(start, end, local_today(actor, now))
    serialise_requests_of(session, person_id)
    _check_no_overlap(session, person_id, start, end)
    approver, project_id = leave_approver(session, person_id)
    approval = open_approval(session, kind=ApprovalKind.leave, requested_by=person_id,
                             approver=approver, project_id=project_id, now=now)
    assert approval.id is not None
    leave = LeaveRequest(person_id=person_id, start=start, end=end, leave_type=kind,
                         note=(note or "").strip() or None, approval_id=approval.id)
    session.add(leave)
    session.flush()
    audit.record(session, actor=actor.label, action="leave.request", entity="leave_request",
                 entity_id=leave.id,
                 payload={"before": None, "after": snapshot(leave), "approval": snapshot(approval)},
                 now=now)
    return leave


def request_overtime(
    session: Session, actor: Actor, *, day: date, hours: float,
    project: str | Project | None = None, note: str | None = None, now: datetime,
) -> OvertimeRequest:
    person_id = requester_id(actor)
    target = None
    if project is not None:
        target = find_project(session, actor, project)
        require_work(session, actor, target)
    value = _hours(hours)
    _check_date(day)
    serialise_requests_of(session, person_id)
    check_overtime_not_repeated(session, person_id=person_id, day=day, hours=value,
                                project_id=target.id if target else None, now=now)
    if target is not None:
        approver, project_id = approver_for(session, person_id, target), target.id
    else:
        approver, project_id = leave_approver(session, person_id)
    approval = open_approval(session, kind=ApprovalKind.overtime, requested_by=person_id,
                             approver=approver, project_id=project_id, now=now)
    assert approval.id is not None
    extra = OvertimeRequest(person_id=person_id, project_id=target.id if target else None,
                            day=day, hours=value, note=(note or "").strip() or None,
                            approval_id=approval.id)
    session.add(extra)
    session.flush()
    audit.record(session, actor=actor.label, action="overtime.request",
                 entity="overtime_request", entity_id=extra.id,
                 payload={"before": None, "after": snapshot(extra), "approval": snapshot(approval)},
                 now=now)
    return extra


def _leave_type(leave_type: str | None) -> str:
    if leave_type is None or not str(leave_type).strip():
        return LeaveType.annual
    wanted = str(leave_type).strip().lower()
    if wanted not in set(LeaveType):
        options = [t.value for t in LeaveType]
        raise Invalid("leave.bad_type", leave_type=leave_type, options=options,
                      choices=", ".join(options))
    return LeaveType(wanted)


def _check_date(day: object) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise Invalid("request.bad_date", day=str(day))


def _check_span(start: date, end: date, today: date) -> None:
    _check_date(start)
    _check_date(end)
    if end < start:
        raise Invalid("leave.end_before_start", start=start.isoformat(), end=end.isoformat())
    if start < today:
        raise Invalid("leave.in_past", start=start.isoformat(), today=today.isoformat())


def _check_no_overlap(session: Session, person_id: int, start: date, end: date) -> None:
    clash = session.exec(
        select(LeaveRequest)
        .join(Approval, col(Approval.id) == LeaveRequest.approval_id)
        .where(LeaveRequest.person_id == person_id, col(Approval.status).in_(_HOLDING))
        .where(LeaveRequest.start <= end, LeaveRequest.end >= start)
        .order_by(col(LeaveRequest.start))
    ).first()
    if clash is not None:
        raise Conflict("leave.overlaps", start=clash.start.isoformat(), end=clash.end.isoformat(),
                       request=f"#{clash.approval_id}")


def _hours(hours: float) -> float:
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not math.isfinite(hours):
        raise Invalid("overtime.bad_hours", hours=hours, limit=MAX_OVERTIME_HOURS)
    if not 0 < hours <= MAX_OVERTIME_HOURS:
        raise Invalid("overtime.bad_hours", hours=hours, limit=MAX_OVERTIME_HOURS)
    return float(hours)
