"""The traces a person leaves beyond their own rows, found and erased for `forget`.

Their outbox rows and invite codes; the queued and sent copies to others that name them
(webhook events, notices; see `outbox_traces`); mentions of their name, handle or e-mail
in everyone's free text (client notes, history, notes, comments, and the same texts
inside audit payloads); and their subject in the audit chain (`audit.shred`). A mention
is replaced by the placeholder only when it surely means them: the full name, the handle,
the e-mail, or a first name no one else has. A first name that others share is listed for
a human to judge, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.models import (
    Approval,
    Client,
    ClientContact,
    ClientHistory,
    DocumentComment,
    Expense,
    Feedback,
    InviteCode,
    LeaveRequest,
    OutboxMessage,
    OvertimeRequest,
    Person,
    Task,
    TimeEntry,
)
from domain.people.outbox_traces import Erasure, redact_outbox, rows_naming

CJK = re.compile(r"[\u3400-\u9fff]")
# (table, free-text column, may pmbot rewrite it?) Task titles are the firm's plan: listed only.
TEXTS: list[tuple[Any, str, bool]] = [
    (Client, "notes", True), (ClientHistory, "note", True), (TimeEntry, "note", True),
    (Expense, "note", True), (LeaveRequest, "note", True), (OvertimeRequest, "note", True),
    (Approval, "note", True), (Feedback, "note", True), (DocumentComment, "text", True),
    (Task, "title", False),
]


@dataclass(frozen=True)
class Forms:
    sure: tuple[str, ...]  # full name, handle, e-mail, a first name no one else has
    shared: tuple[str, ...]  # a first name others have too: a human judges
    handle: str = ""  # their handle, as events and payloads name them


@dataclass
class ErasurePlan:
    kind: str
    id: int
    counts: dict[str, int] = field(default_factory=dict)
    to_review: list[str] = field(default_factory=list)  # "client #1 (notes): 'Tom'"

    def lines(self) -> list[str]:
        out = [f"{name.replace('_', ' ')}: {n}" for name, n in self.counts.items() if n]
        return out + [f"to review by hand: {item}" for item in self.to_review]


def identifying_forms(session: Session, target: Person | ClientContact) -> Forms:
    sure = [target.name, target.handle] + ([target.email] if target.email else [])
    first = _first_name(target.name)
    if not first or first in sure:
        return Forms(_longest_first(sure), (), target.handle)
    others = [n for n in session.exec(select(Person.name).where(Person.id != target.id)).all()]
    others += session.exec(select(ClientContact.name).where(
        ClientContact.id != (target.id if isinstance(target, ClientContact) else -1))).all()
    if any(_first_name(n).lower() == first.lower() for n in others):
        return Forms(_longest_first(sure), (first,), target.handle)
    return Forms(_longest_first([*sure, first]), (), target.handle)


def _first_name(name: str) -> str:
    name = name.strip()
    if CJK.search(name):
        return name[1:] if len(name) == 3 else ""
    parts = name.split()
    return parts[0] if len(parts) > 1 and len(parts[0]) >= 2 else ""


def _longest_first(forms: list[str]) -> tuple[str, ...]:
    return tuple(sorted({f for f in forms if f and f.strip()}, key=len, reverse=True))


def _pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not forms:
        return None
    parts = [re.escape(f) if CJK.search(f) else rf"(?<![\w@.]){re.escape(f)}(?![\w@])"
             for f in forms]
    return re.compile("|".join(parts), re.IGNORECASE)


def plan_for(session: Session, kind: str, target_id: int, forms: Forms) -> ErasurePlan:
    owner = OutboxMessage.person_id if kind == "person" else OutboxMessage.contact_id
    invite_owner = InviteCode.person_id if kind == "person" else InviteCode.contact_id
    sure, shared = _pattern(forms.sure), _pattern(forms.shared)
    plan = ErasurePlan(kind, target_id)
    plan.counts["outbox_messages"] = len(session.exec(select(OutboxMessage.id).where(owner == target_id)).all())
    plan.counts["unused_invite_codes"] = len(session.exec(select(InviteCode.id).where(
        invite_owner == target_id, col(InviteCode.used_at).is_(None))).all())
    mentions = 0
    for table, column, rewrite in TEXTS:
        for row_id, value in session.exec(select(table.id, getattr(table, column))).all():
            if not value:
                continue
            surely = sure is not None and sure.search(value) is not None
            mentions += 1 if rewrite and surely else 0
            if (surely and not rewrite) or (shared is not None and shared.search(value)):
                plan.to_review.append(f"{table.__tablename__} #{row_id} ({column})")
    plan.counts["mentions_in_free_text"] = mentions
    plan.counts["outbox_messages_naming_them"] = len(rows_naming(session, _erasure(
        kind, target_id, forms, placeholder="", new_handle="")))
    return plan


def _erasure(kind: str, target_id: int, forms: Forms, *, placeholder: str,
             new_handle: str) -> Erasure:
    return Erasure(handle=forms.handle, new_handle=new_handle, sure=_pattern(forms.sure),
                   placeholder=placeholder, kind=kind, target_id=target_id)


def erase_traces(session: Session, kind: str, target_id: int, forms: Forms,
                 placeholder: str, new_handle: str = "") -> dict[str, Any]:
    """Remove what `plan_for` lists; returns counts (ids only, nothing personal). Queued
    and sent copies addressed to others (webhook events above all) are rewritten without
    them (`outbox_traces`); `new_handle` replaces their handle there."""
    plan = plan_for(session, kind, target_id, forms)
    owner = col(OutboxMessage.person_id if kind == "person" else OutboxMessage.contact_id)
    invite_owner = col(InviteCode.person_id if kind == "person" else InviteCode.contact_id)
    session.execute(delete(OutboxMessage).where(owner == target_id))
    session.execute(delete(InviteCode).where(invite_owner == target_id,
                                             col(InviteCode.used_at).is_(None)))
    session.execute(update(InviteCode).where(invite_owner == target_id).values(used_by=None))
    redact_outbox(session, _erasure(kind, target_id, forms, placeholder=placeholder,
                                    new_handle=new_handle or placeholder))
    sure = _pattern(forms.sure)
    if sure is not None:
        _rewrite_mentions(session, sure, placeholder)
        audit.redact(session, lambda text: sure.search(text) is not None)
    shredded = audit.shred(session, f"{kind}#{target_id}")
    return {**plan.counts, "audit_events_sealed": shredded, "to_review": plan.to_review}


def _rewrite_mentions(session: Session, pattern: re.Pattern[str], placeholder: str) -> None:
    for table, column, rewrite in TEXTS:
        if not rewrite:
            continue
        for row in session.exec(select(table)).all():
            value = getattr(row, column)
            if value and pattern.search(value):
                setattr(row, column, pattern.sub(placeholder, value))
                session.add(row)
    session.flush()
