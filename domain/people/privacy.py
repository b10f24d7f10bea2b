"""The right to be forgotten (GDPR art. 17), keeping the firm's anonymous aggregates.

Forgetting replaces who someone was (name, handle, e-mail, timezone, country, skills, chat
accounts) with a numbered placeholder, and clears the free text they wrote (time-entry,
expense, leave and overtime notes, decision notes, feedback notes, document comments).
What the firm needs to keep its books stays: hours, costs, amounts, scores, dates and the
row ids that tie them together. The audit event of the erasure names only the id.

Known limit: earlier audit events are part of a hash chain and keep what they recorded;
see the lead's report for the options (pseudonymous actor labels, encrypted payloads).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Conflict, Forbidden, Invalid, NotFound
from domain.core.matching import closest
from domain.core.models import (
    Approval,
    ChatIdentity,
    ClientContact,
    DocumentComment,
    Expense,
    Feedback,
    LeaveRequest,
    OvertimeRequest,
    Person,
    TimeEntry,
)


def forget(session: Session, actor: Actor, *, handle: str, now: datetime) -> Person | ClientContact:
    if not actor.is_admin:
        raise Forbidden("privacy.admin_only")
    target = _target(session, handle)
    if target.forgotten:
        raise Conflict("privacy.already_forgotten", query=handle)
    if isinstance(target, Person) and target.id == actor.id:
        raise Invalid("privacy.not_yourself")
    if isinstance(target, Person):
        erased = _forget_person(session, target)
        entity = "person"
    else:
        erased = _forget_contact(session, target)
        entity = "contact"
    session.flush()
    audit.record(session, actor=actor.label, action="privacy.forget", entity=entity,
                 entity_id=target.id, payload={"erased": erased}, now=now)
    return target


def _target(session: Session, handle: str) -> Person | ClientContact:
    wanted = handle.strip().lstrip("@").lower()
    person = session.exec(select(Person).where(func.lower(Person.handle) == wanted)).first()
    if person is not None:
        return person
    contact = session.exec(
        select(ClientContact).where(func.lower(ClientContact.handle) == wanted)
    ).first()
    if contact is not None:
        return contact
    handles = list(session.exec(select(Person.handle).where(col(Person.forgotten).is_(False))).all())
    handles += session.exec(
        select(ClientContact.handle).where(col(ClientContact.forgotten).is_(False))
    ).all()
    raise NotFound("person.not_found", query=handle, matches=closest(handle, handles))


def _forget_person(session: Session, person: Person) -> dict[str, Any]:
    person.name = f"Former member #{person.id}"
    person.handle = f"forgotten-{person.id}"
    person.email = person.timezone = person.country = None
    person.skills = []
    person.active = False
    person.forgotten = True
    session.add(person)
    pid = person.id
    return {
        "chat_identities": _delete(session, col(ChatIdentity.person_id) == pid),
        "time_entry_notes": _clear(session, TimeEntry, "note", col(TimeEntry.person_id) == pid),
        "expense_notes": _clear(session, Expense, "note", col(Expense.person_id) == pid),
        "leave_notes": _clear(session, LeaveRequest, "note", col(LeaveRequest.person_id) == pid),
        "overtime_notes": _clear(session, OvertimeRequest, "note",
                                 col(OvertimeRequest.person_id) == pid),
        "decision_notes": _clear(session, Approval, "note", col(Approval.decided_by_id) == pid),
        "comments": _clear(session, DocumentComment, "text", col(DocumentComment.person_id) == pid,
                           blank=""),
    }


def _forget_contact(session: Session, contact: ClientContact) -> dict[str, Any]:
    contact.name = f"Former contact #{contact.id}"
    contact.handle = f"forgotten-{contact.id}"
    contact.email = contact.timezone = None
    contact.forgotten = True
    session.add(contact)
    cid = contact.id
    return {
        "chat_identities": _delete(session, col(ChatIdentity.contact_id) == cid),
        "feedback_notes": _clear(session, Feedback, "note", col(Feedback.contact_id) == cid),
        "comments": _clear(session, DocumentComment, "text",
                           col(DocumentComment.contact_id) == cid, blank=""),
    }


def _delete(session: Session, where: Any) -> int:
    result = session.execute(delete(ChatIdentity).where(where))
    return int(result.rowcount or 0)


def _clear(session: Session, table: Any, column: str, where: Any, blank: str | None = None) -> int:
    """Blank one free-text column on the rows the person wrote; returns how many had text."""
    field = getattr(table, column)
    result = session.execute(
        update(table).where(where, col(field).is_not(None), field != (blank or ""))
        .values({column: blank}).execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)
