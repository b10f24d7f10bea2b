"""Linking chat accounts to people: one-time invite codes, and chat identity lookups.

A code is shown once (`pmbot invite`) and only its SHA-256 is stored, so a database dump
cannot be used to link accounts. A code links one account, once, within seven days.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from domain.core import audit
from domain.core.actors import Actor, from_contact, from_person
from domain.core.errors import Invalid
from domain.core.lookup import find_contact
from domain.core.models import ChatIdentity, ClientContact, InviteCode, Person

INVITE_TTL = timedelta(days=7)
PLATFORMS = ("slack", "telegram")


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def create_invite(session: Session, actor: Actor, *, handle: str, now: datetime) -> str:
    """A fresh one-time code for the person or contact behind `handle`."""
    person = session.exec(select(Person).where(func.lower(Person.handle) == handle.lower(),
                                               Person.forgotten == False)).first()  # noqa: E712
    contact = None if person else find_contact(session, handle)
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    session.add(InviteCode(code_hash=_hash(code), person_id=person.id if person else None,
                           contact_id=contact.id if contact else None, created_at=now,
                           expires_at=now + INVITE_TTL))
    audit.record(session, actor=actor.label, action="invite.created", entity="person" if person
                 else "contact", entity_id=(person or contact).id, now=now)  # type: ignore[union-attr]
    session.flush()
    return code


def redeem_invite(session: Session, *, code: str, platform: str, external_id: str,
                  now: datetime) -> Actor:
    """Link the chat account to the code's owner; an unknown, used or expired code links nothing."""
    invite = session.exec(select(InviteCode).where(InviteCode.code_hash == _hash(code))).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise Invalid("link.code_invalid")
    if platform not in PLATFORMS:
        raise Invalid("link.platform_unknown", platform=platform)
    try:  # a code of someone since forgotten links no one (and says so like any bad code)
        actor = _owner(session, invite.person_id, invite.contact_id)
    except LookupError:
        raise Invalid("link.code_invalid") from None
    identity = _identity(session, platform, external_id)
    identity.person_id, identity.contact_id = invite.person_id, invite.contact_id
    invite.used_at, invite.used_by = now, f"{platform}:{external_id}"
    session.add_all([identity, invite])
    audit.record(session, actor=actor.label, action="chat.linked", entity="chat_identity",
                 entity_id=f"{platform}:{external_id}", payload={"invite": invite.id}, now=now)
    session.flush()
    return actor


def link_by_email(session: Session, *, platform: str, external_id: str, email: str,
                  now: datetime) -> Actor | None:
    """Link an account whose verified platform e-mail matches exactly one person or contact."""
    wanted = email.strip().lower()
    people = session.exec(select(Person).where(func.lower(Person.email) == wanted,
                                               Person.forgotten == False)).all()  # noqa: E712
    contacts = session.exec(select(ClientContact).where(func.lower(ClientContact.email) == wanted,
                                                        ClientContact.forgotten == False)).all()  # noqa: E712
    if len(people) + len(contacts) != 1:
        return None
    identity = _identity(session, platform, external_id)
    identity.person_id = people[0].id if people else None
    identity.contact_id = contacts[0].id if contacts else None
    session.add(identity)
    actor = _owner(session, identity.person_id, identity.contact_id)
    audit.record(session, actor=actor.label, action="chat.linked", entity="chat_identity",
                 entity_id=f"{platform}:{external_id}", payload={"by": "email"}, now=now)
    session.flush()
    return actor


def actor_for_chat(session: Session, *, platform: str, external_id: str) -> Actor | None:
    identity = session.exec(select(ChatIdentity).where(
        ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)).first()
    if identity is None or (identity.person_id is None and identity.contact_id is None):
        return None
    try:
        return _owner(session, identity.person_id, identity.contact_id)
    except LookupError:
        return None


def _identity(session: Session, platform: str, external_id: str) -> ChatIdentity:
    existing = session.exec(select(ChatIdentity).where(
        ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)).first()
    return existing or ChatIdentity(platform=platform, external_id=external_id)


def _owner(session: Session, person_id: int | None, contact_id: int | None) -> Actor:
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is not None and not person.forgotten:
            return from_person(person)
    if contact_id is not None:
        contact = session.get(ClientContact, contact_id)
        if contact is not None and not contact.forgotten:
            return from_contact(contact)
    raise LookupError("chat identity points at no one")
