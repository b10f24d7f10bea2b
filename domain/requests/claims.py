"""Decisions and requests that hold when two people press the button at the same moment.

- A decision is a conditional UPDATE (`… WHERE status = 'pending'`): of two concurrent
  "approve #9" / "reject #9", the database lets exactly one through; the other is told who
  decided first, and writes nothing.
- Requests of one person are serialised (a row lock on the person on PostgreSQL; SQLite's
  writers already queue), so that the checks a request makes against that person's other
  requests (overlapping leave, the same overtime twice) see every committed one: six
  identical requests sent at once make one request.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text, update
from sqlmodel import Session, col, select

from domain.core.errors import Conflict
from domain.core.models import Approval, ApprovalStatus, OvertimeRequest, Person

REPEAT_WINDOW = timedelta(minutes=10)  # an identical request within it is the same request


def claim_decision(session: Session, approval: Approval, *, verdict: str,
                   decided_by: int | None, note: str | None, now: datetime) -> None:
    """Record the decision only if the request is still pending; else `Conflict` naming
    who decided it. `approval` is refreshed to the stored row either way."""
    assert approval.id is not None
    claimed = session.execute(
        update(Approval)
        .where(col(Approval.id) == approval.id, col(Approval.status) == ApprovalStatus.pending)
        .values(status=verdict, decided_by_id=decided_by, decided_at=now, note=note)
        .execution_options(synchronize_session=False)
    )
    session.refresh(approval)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise already_decided(session, approval)


def already_decided(session: Session, approval: Approval) -> Conflict:
    decider = session.get(Person, approval.decided_by_id) if approval.decided_by_id else None
    by = f"{decider.name} (@{decider.handle})" if decider is not None else "pmbot"
    return Conflict("approval.already_decided", request=f"#{approval.id}",
                    status=str(approval.status), by=by)


def serialise_requests_of(session: Session, person_id: int) -> None:
    """Hold the person's row until commit, so their concurrent requests queue up."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT id FROM person WHERE id = :id FOR UPDATE"), {"id": person_id})


def check_overtime_not_repeated(session: Session, *, person_id: int, day: object,
                                hours: float, project_id: int | None, now: datetime) -> None:
    """The same overtime (person, day, hours, project) asked again within the window while
    the first is still pending is the same request: refused, naming the first."""
    same = session.exec(
        select(OvertimeRequest)
        .join(Approval, col(Approval.id) == OvertimeRequest.approval_id)
        .where(OvertimeRequest.person_id == person_id, OvertimeRequest.day == day,
               OvertimeRequest.hours == hours, OvertimeRequest.project_id == project_id,
               Approval.status == ApprovalStatus.pending,
               col(Approval.created_at) >= now - REPEAT_WINDOW)
    ).first()
    if same is not None:
        raise Conflict("request.repeated", request=f"#{same.approval_id}")
