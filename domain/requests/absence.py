"""Who is away: approved leave overlapping a span of days.

One query for every reader that plans around leave (utilisation reports, assignment
suggestions, the hours reminder): only an approved request counts, a pending or rejected
one does not, and a leave counts when any of its days falls inside the span.
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlmodel import Session, col, select

from domain.core.models import Approval, ApprovalStatus, LeaveRequest


def approved_leave(session: Session, start: date, end: date,
                   person_ids: Collection[int] | None = None) -> list[tuple[int, date, date]]:
    """(person id, first day, last day) of each approved leave that overlaps start..end,
    for these people (everyone when None)."""
    query = (select(col(LeaveRequest.person_id), col(LeaveRequest.start), col(LeaveRequest.end))
             .join(Approval, col(Approval.id) == LeaveRequest.approval_id)
             .where(col(Approval.status) == ApprovalStatus.approved,
                    col(LeaveRequest.start) <= end, col(LeaveRequest.end) >= start))
    if person_ids is not None:
        query = query.where(col(LeaveRequest.person_id).in_(person_ids))
    return list(session.exec(query).all())
