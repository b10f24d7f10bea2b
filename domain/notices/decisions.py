"""The requester is told the decision: "your leave request #3 was approved by @mei".

A request decided (approved or rejected) in the last fortnight is a notice to the person who
asked, in their language, on every platform they linked; the outbox's dedup key
(`request_decided:<id>`) sends it once. Budget approvals have no requester and are left out.
"""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from domain.core.models import Approval, ApprovalKind, ApprovalStatus
from domain.notices.due import Clock, Notice

RECENT = timedelta(days=14)


def decision_notices(session: Session, clock: Clock) -> list[Notice]:
    from domain.notices.manager import _people
    from domain.requests.approvals import approval_detail

    rows = session.exec(
        select(Approval)
        .where(col(Approval.status).in_([ApprovalStatus.approved, ApprovalStatus.rejected]),
               Approval.kind != ApprovalKind.budget, col(Approval.requested_by_id).is_not(None),
               col(Approval.decided_at) >= clock.now - RECENT)
        .order_by(col(Approval.id))
    ).all()
    people = _people(session, clock)
    notices = []
    for approval in rows:
        who = people.get(approval.requested_by_id or 0)
        if who is None:
            continue
        by = people.get(approval.decided_by_id or 0)
        params = {"request": f"#{approval.id}", "detail": approval_detail(session, approval),
                  "by": f"@{by.handle}" if by else "pmbot",
                  "note": f" {approval.note}" if approval.note else ""}
        key = f"notice.request_decided.{approval.status}.{approval.kind}"
        notices.append(Notice("request_decided", f"request_decided:{approval.id}", who,
                              f"#{approval.id}", ((key, params),), project_id=approval.project_id))
    return notices
