"""The right to be forgotten (GDPR art. 17), keeping the firm's anonymous aggregates.

Forgetting replaces who someone was (name, handle, e-mail, timezone, country, skills, chat
accounts) with a numbered placeholder, and clears the free text they wrote (time-entry,
expense, leave and overtime notes, decision notes, feedback notes, document comments).
What the firm needs to keep its books stays: hours, costs, amounts, scores, dates and the
row ids that tie them together. The audit event of the erasure names only the id.

It also removes their outbox rows, rewrites the webhook events and notices to others that
name them (queued or sent), removes their unused invite codes (a used code forgets which
account redeemed it), replaces mentions of their name, handle and e-mail in everyone's
free text (client notes and history, notes, comments) with the placeholder, and lists the
mentions it cannot judge (a first name that other people share). In the audit chain their
personal values are replaced by seals and their key destroyed (`audit.shred`), so the
chain still verifies and holds nothing personal. `erasure_plan` shows all this first.
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
from domain.people.traces import ErasurePlan, erase_traces, identifying_forms, plan_for


def erasure_plan(session: Session, actor: Actor, *, handle: str) -> ErasurePlan:
    """What `forget` would remove, without removing anything (for the confirmation)."""
    target = _checked_target(session, actor, handle)
    kind = "person" if isinstance(target, Person) else "contact"
    assert target.id is not None
    return plan_for(session, kind, target.id, identifying_forms(session, target))


def forget(session: Session, actor: Actor, *, handle: str, now: datetime) -> Person | ClientContact:
    target = _checked_target(session, actor, handle)
    assert target.id is not None
    kind = "person" if isinstance(target, Person) else "contact"
    forms = identifying_forms(session, target)
    placeholder = (f"Former member #{target.id}" if kind == "person"
                   else f"Former contact #{target.id}")
    if isinstance(target, Person):
        erased = _forget_person(session, target)
        entity = "person"
    else:
        erased = _forget_contact(session, target)
        entity = "contact"
    erased |= erase_traces(session, kind, target.id, forms, placeholder, new_handle=target.handle)
    session.flush()
    audit.record(session, actor=actor.label, action="privacy.forget", entity=entity,
                 entity_id=target.id, payload={"erased": erased}, now=now)
    return target


def _checked_target(session: Session, actor: Actor, handle: str) -> Person | ClientContact:
    if not actor.is_admin:
        raise Forbidden("privacy.admin_only")
    target = _target(session, handle)
    if target.forgotten:
        raise Conflict("privacy.already_forgotten", query=handle)
    if isinstance(target, Person) and target.id == actor.id:
        raise Invalid("privacy.not_yourself")
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
