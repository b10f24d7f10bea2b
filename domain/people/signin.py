"""Portal sign-in by magic link: a one-time token sent to a known e-mail address.

Only the token's SHA-256 is stored (as with invite codes), so a database dump signs no one
in. A token works once, within `LINK_TTL`. Asking for a link by e-mail answers the same
whether or not the address is known; the caller learns only whom to mail, never says so.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select, update

from domain.core import audit
from domain.core.actors import Actor, actor_for_handle, from_contact, from_person
from domain.core.errors import Invalid
from domain.core.models import ClientContact, Person, SignInLink

LINK_TTL = timedelta(minutes=15)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def owner_of_email(session: Session, email: str) -> tuple[Actor, str] | None:
    """The one person or contact with this address (and the address as stored), else None.

    An address shared by several records signs no one in: the portal could not tell whose
    projects to show.
    """
    wanted = email.strip().lower()
    if "@" not in wanted:
        return None
    people = session.exec(select(Person).where(func.lower(Person.email) == wanted,
                                               Person.forgotten == False)).all()  # noqa: E712
    contacts = session.exec(select(ClientContact).where(
        func.lower(ClientContact.email) == wanted, ClientContact.forgotten == False)).all()  # noqa: E712
    if len(people) + len(contacts) != 1:
        return None
    if people:
        return from_person(people[0]), str(people[0].email)
    return from_contact(contacts[0]), str(contacts[0].email)


def issue_link_token(session: Session, owner: Actor, *, now: datetime) -> str:
    """A fresh one-time token for `owner`; the caller mails it (or prints it, for admins)."""
    token = secrets.token_urlsafe(32)
    session.add(SignInLink(token_hash=token_hash(token),
                           person_id=None if owner.is_contact else owner.id,
                           contact_id=owner.id if owner.is_contact else None,
                           created_at=now, expires_at=now + LINK_TTL))
    audit.record(session, actor=owner.label, action="portal.link_issued",
                 entity=owner.kind, entity_id=owner.id, now=now)
    session.flush()
    return token


def issue_link_for_handle(session: Session, handle: str, *, now: datetime) -> tuple[Actor, str]:
    owner = actor_for_handle(session, handle)
    return owner, issue_link_token(session, owner, now=now)


def redeem_link(session: Session, token: str, *, now: datetime) -> Actor:
    """Spend the token and return whom it signs in; unknown, used or expired: `Invalid`.

    The spend is one conditional UPDATE, so two browsers racing with the same link get
    one session between them.
    """
    digest = token_hash(token)
    spent = session.execute(update(SignInLink).where(
        col(SignInLink.token_hash) == digest, col(SignInLink.used_at).is_(None),
        col(SignInLink.expires_at) > now).values(used_at=now))
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise Invalid("portal.link_invalid")
    link = session.exec(select(SignInLink).where(SignInLink.token_hash == digest)).one()
    owner = actor_by_id(session, "contact" if link.contact_id else "person",
                        int(link.contact_id or link.person_id or 0))
    if owner is None:
        raise Invalid("portal.link_invalid")
    audit.record(session, actor=owner.label, action="portal.signed_in", entity=owner.kind,
                 entity_id=owner.id, now=now)
    return owner


def actor_by_id(session: Session, kind: str, ident: int) -> Actor | None:
    """The actor a portal session names, or None once erased (a forgotten person signs out)."""
    if kind == "person":
        person = session.get(Person, ident)
        return from_person(person) if person is not None and not person.forgotten else None
    contact = session.get(ClientContact, ident)
    return from_contact(contact) if contact is not None and not contact.forgotten else None
