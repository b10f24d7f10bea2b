"""Approvals: the generic half of every request (leave, overtime, a large expense).

Who is asked: the manager of the project concerned; when the asker manages it themselves
(or is a PM or an admin asking for leave), an admin other than themselves. Who may decide:
the person asked, the project's manager or an admin, and never the person who asked.
Anyone else is told the request does not exist, so an id reveals nothing.

The helpers at the top (local day, requester, approver) are shared by `expenses` and
`requests`, which open approvals; `decide` and `pending_approvals` close and list them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, func, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Expense,
    LeaveRequest,
    OvertimeRequest,
    Person,
    Project,
    ProjectMember,
    Role,
)
from domain.notices.webhooks import emit
from domain.requests.claims import already_decided, claim_decision

DECISIONS = {"approve": ApprovalStatus.approved, "reject": ApprovalStatus.rejected}


# ---------------------------------------------------------------- shared helpers
def is_system(actor: Actor) -> bool:
    return actor.kind == "person" and actor.id == 0


def requester_id(actor: Actor) -> int:
    """The person asking; contacts and the system actor cannot ask for leave or overtime."""
    if actor.is_contact or is_system(actor):
        raise Forbidden("request.people_only")
    return actor.id


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row as JSON-ready data, for audit payloads that allow an undo."""
    return None if row is None else row.model_dump(mode="json")


def approver_for(session: Session, person_id: int | None, project: Project | None) -> int:
    """The project's manager, unless that is the asker (or there is none): then an admin."""
    if project is not None and project.manager_id and project.manager_id != person_id:
        return project.manager_id
    return other_admin(session, person_id)


def leave_approver(session: Session, person_id: int) -> tuple[int, int | None]:
    """(approver, project) for a request not tied to a project.

    A member is asked by the manager of their biggest team (most members in common with
    them; the oldest project on a tie); PMs, admins and people on no managed project are
    asked by an admin other than themselves.
    """
    person = session.get(Person, person_id)
    if person is not None and person.role == Role.member:
        project = _main_project(session, person_id)
        if project is not None and project.manager_id is not None:
            return project.manager_id, project.id
    return other_admin(session, person_id), None


def _main_project(session: Session, person_id: int) -> Project | None:
    mine = select(ProjectMember.project_id).where(ProjectMember.person_id == person_id)
    size = (
        select(ProjectMember.project_id, func.count().label("n"))
        .group_by(col(ProjectMember.project_id))
        .subquery()
    )
    query = (
        select(Project)
        .join(size, size.c.project_id == Project.id)
        .where(col(Project.id).in_(mine), col(Project.manager_id).is_not(None))
        .where(Project.manager_id != person_id)
        .order_by(size.c.n.desc(), col(Project.id))
    )
    return session.exec(query).first()


def other_admin(session: Session, person_id: int | None) -> int:
    query = select(Person.id).where(
        Person.role == Role.admin, col(Person.active).is_(True), col(Person.forgotten).is_(False)
    )
    if person_id is not None:
        query = query.where(Person.id != person_id)
    found = session.exec(query.order_by(col(Person.id))).first()
    if found is None:
        raise Invalid("approval.no_approver")
    return found


def open_approval(
    session: Session, *, kind: ApprovalKind, requested_by: int | None, approver: int,
    project_id: int | None, now: datetime,
) -> Approval:
    approval = Approval(kind=kind, requested_by_id=requested_by, approver_id=approver,
                        project_id=project_id, created_at=now)
    session.add(approval)
    session.flush()
    return approval


# ---------------------------------------------------------------- listing
def pending_approvals(session: Session, actor: Actor) -> list[Approval]:
    """Pending requests this actor may decide (their own excluded), oldest first."""
    if actor.is_contact:
        return []
    query = select(Approval).where(Approval.status == ApprovalStatus.pending)
    query = query.where(
        col(Approval.requested_by_id).is_(None) | (Approval.requested_by_id != actor.id)
    )
    if not actor.is_admin:
        managed = select(Project.id).where(Project.manager_id == actor.id)
        query = query.where(
            (Approval.approver_id == actor.id) | col(Approval.project_id).in_(managed)
        )
    return list(session.exec(query.order_by(col(Approval.created_at), col(Approval.id))).all())


def approval_label(session: Session, approval: Approval) -> str:
    """A short, language-neutral line to tell requests apart: '#3 leave @lin 2026-12-01..12-03'."""
    who = session.get(Person, approval.requested_by_id) if approval.requested_by_id else None
    head = f"#{approval.id} {approval.kind}" + (f" @{who.handle}" if who else "")
    detail = _detail(session, approval)
    return f"{head} {detail}".strip()


def _detail(session: Session, approval: Approval) -> str:
    if approval.kind == ApprovalKind.leave:
        leave = session.exec(
            select(LeaveRequest).where(LeaveRequest.approval_id == approval.id)
        ).first()
        return f"{leave.start}..{leave.end}" if leave else ""
    if approval.kind == ApprovalKind.overtime:
        extra = session.exec(
            select(OvertimeRequest).where(OvertimeRequest.approval_id == approval.id)
        ).first()
        return f"{extra.day} {extra.hours:g}h" if extra else ""
    if approval.kind == ApprovalKind.expense:
        cost = session.exec(select(Expense).where(Expense.approval_id == approval.id)).first()
        return f"{cost.amount:g} {cost.currency} {cost.day}" if cost else ""
    return ""


def approval_detail(session: Session, approval: Approval) -> str:
    """What was asked, without who or which kind: '2026-12-01..2026-12-03', '2026-12-05 4h'."""
    return _detail(session, approval)


def my_requests(session: Session, actor: Actor, *, limit: int = 10) -> list[Approval]:
    """The actor's own requests, newest first: "was my leave approved?"."""
    if actor.is_contact:
        return []
    query = (select(Approval).where(Approval.requested_by_id == actor.id)
             .order_by(col(Approval.created_at).desc(), col(Approval.id).desc()).limit(limit))
    return list(session.exec(query).all())


def find_request(session: Session, actor: Actor, *, requester: str | None = None,
                 kind: str | None = None) -> Approval:
    """The pending request meant by "approve Sam's leave" / "批准李静的加班", among those the
    actor may decide; several matching is a question (the options name each), none an error."""
    from domain.core.lookup import find_person

    pending = pending_approvals(session, actor)
    if requester:
        person = find_person(session, requester)
        pending = [a for a in pending if a.requested_by_id == person.id]
    if kind:
        pending = [a for a in pending if a.kind == kind]
    if not pending:
        raise NotFound("approval.none_matching", query=" ".join(x for x in (requester, kind) if x))
    if len(pending) > 1:
        labels = [approval_label(session, a) for a in pending]
        raise Invalid("approval.ambiguous", options=labels, ids=[a.id for a in pending],
                      choices="; ".join(labels))
    return pending[0]


@dataclass(frozen=True)
class ApprovalView:
    """One request as its approver (or its requester) reads it, e.g. on the portal's page."""

    id: int
    kind: str
    status: str
    requester: str | None  # handle; None for the system's budget approvals
    requester_name: str | None
    project: str | None  # code
    detail: str  # '2026-12-01..2026-12-03', '2026-12-05 4h', '1200 CNY 2026-11-20'
    reason: str | None  # what the requester wrote
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None  # handle
    note: str | None  # the decider's note
    may_decide: bool  # pending, and the actor may approve or reject it


def approval_view(session: Session, actor: Actor, request: int | str) -> ApprovalView:
    """The request by id, for someone who may decide it or who asked for it; anyone else
    (a contact, a colleague, a missing id) gets the same NotFound."""
    approval = _chosen(session, actor, request)
    who = session.get(Person, approval.requested_by_id) if approval.requested_by_id else None
    by = session.get(Person, approval.decided_by_id) if approval.decided_by_id else None
    project = session.get(Project, approval.project_id) if approval.project_id else None
    own = approval.requested_by_id is not None and approval.requested_by_id == actor.id
    return ApprovalView(
        id=int(approval.id or 0), kind=str(approval.kind), status=str(approval.status),
        requester=who.handle if who else None, requester_name=who.name if who else None,
        project=project.code if project else None, detail=_detail(session, approval),
        reason=_reason(session, approval), created_at=approval.created_at,
        decided_at=approval.decided_at, decided_by=by.handle if by else None,
        note=approval.note,
        may_decide=(approval.status == ApprovalStatus.pending and not own
                    and _may_decide(session, actor, approval)))


def _reason(session: Session, approval: Approval) -> str | None:
    kinds: dict[str, Any] = {ApprovalKind.leave: LeaveRequest,
                             ApprovalKind.overtime: OvertimeRequest, ApprovalKind.expense: Expense}
    model = kinds.get(approval.kind)
    if model is None:
        return None
    row = session.exec(select(model).where(model.approval_id == approval.id)).first()
    text = getattr(row, "reason", None) or getattr(row, "note", None)
    return str(text) if text else None


# ---------------------------------------------------------------- deciding
def decide(
    session: Session, actor: Actor, *, decision: str, request: int | str | None = None,
    note: str | None = None, now: datetime,
) -> Approval:
    """Approve or reject one pending request; the choice is audited with its before/after."""
    verdict = _verdict(decision)
    approval = _chosen(session, actor, request)
    _check_may_decide(session, actor, approval)
    if approval.status != ApprovalStatus.pending:
        raise already_decided(session, approval)
    before = snapshot(approval)
    claim_decision(session, approval, verdict=verdict, now=now,  # one decision, even racing
                   decided_by=None if is_system(actor) else actor.id,
                   note=(note or "").strip() or None)
    action = "approval.approve" if verdict == ApprovalStatus.approved else "approval.reject"
    audit.record(session, actor=actor.label, action=action,
                 entity="approval", entity_id=approval.id,
                 payload={"kind": approval.kind, "before": before, "after": snapshot(approval)},
                 now=now)
    emit(session, event_type="request.decided", key=f"request.decided:{approval.id}",
         data=_decided_event(session, approval), now=now)
    return approval


def _decided_event(session: Session, approval: Approval) -> dict[str, Any]:
    """The decided request as other systems see it: handles and codes, not row ids."""
    requester = session.get(Person, approval.requested_by_id) if approval.requested_by_id else None
    decider = session.get(Person, approval.decided_by_id) if approval.decided_by_id else None
    project = session.get(Project, approval.project_id) if approval.project_id else None
    return {"id": approval.id, "kind": approval.kind, "status": approval.status,
            "requested_by": requester.handle if requester else None,
            "decided_by": decider.handle if decider else None,
            "project": project.code if project else None, "note": approval.note,
            "detail": _detail(session, approval),
            "decided_at": approval.decided_at.isoformat() if approval.decided_at else None}


def _verdict(decision: str) -> ApprovalStatus:
    verdict = DECISIONS.get(str(decision).strip().lower())
    if verdict is None:
        raise Invalid("approval.bad_decision", decision=decision, options=list(DECISIONS))
    return verdict


def _chosen(session: Session, actor: Actor, request: int | str | None) -> Approval:
    if request is None:
        return _the_only_pending(session, actor)
    text = str(request).strip().lstrip("#")
    approval = session.get(Approval, int(text)) if text.isdigit() else None
    if approval is None or not _may_see(session, actor, approval):
        raise NotFound("approval.not_found", query=f"#{text}")
    return approval


def _the_only_pending(session: Session, actor: Actor) -> Approval:
    """The one request waiting for this actor; those addressed to them come first."""
    pending = pending_approvals(session, actor)
    mine = [a for a in pending if a.approver_id == actor.id]
    candidates = mine or pending
    if not candidates:
        raise NotFound("approval.none_pending", query="")
    if len(candidates) > 1:
        labels = [approval_label(session, a) for a in candidates]
        raise Invalid("approval.ambiguous", options=labels, ids=[a.id for a in candidates],
                      choices="; ".join(labels))
    return candidates[0]


def _may_decide(session: Session, actor: Actor, approval: Approval) -> bool:
    if actor.is_contact:
        return False
    if actor.is_admin or approval.approver_id == actor.id:
        return True
    project = session.get(Project, approval.project_id) if approval.project_id else None
    return project is not None and project.manager_id == actor.id


def _may_see(session: Session, actor: Actor, approval: Approval) -> bool:
    own = not actor.is_contact and approval.requested_by_id == actor.id
    return own or _may_decide(session, actor, approval)


def _check_may_decide(session: Session, actor: Actor, approval: Approval) -> None:
    if not actor.is_contact and approval.requested_by_id == actor.id:
        raise Forbidden("approval.own_request", request=f"#{approval.id}")
    if not _may_decide(session, actor, approval):
        raise Forbidden("approval.not_approver", request=f"#{approval.id}")


# ---------------------------------------------------------------- one request, by id
def request_by_id(session: Session, actor: Actor, request: int) -> dict[str, Any]:
    """A request its requester or a possible decider may see, as plain fields; any other
    (or none) is `approval.not_found`, the same for both."""
    approval = _chosen(session, actor, request)
    handles = dict(session.exec(select(Person.id, Person.handle).where(col(Person.id).in_(
        {approval.requested_by_id, approval.approver_id, approval.decided_by_id} - {None})))
                   .all())
    project = session.get(Project, approval.project_id) if approval.project_id else None
    return {"id": approval.id, "kind": approval.kind, "status": approval.status,
            "requester": handles.get(approval.requested_by_id),
            "approver": handles.get(approval.approver_id),
            "project": project.code if project else None,
            "detail": _detail(session, approval), "created_at": approval.created_at,
            "decided_by": handles.get(approval.decided_by_id),
            "decided_at": approval.decided_at, "note": approval.note}
