"""Who is speaking: a person of the firm or a client's contact, reduced to what rules need."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, func, select

from domain.core.errors import NotFound
from domain.core.matching import closest
from domain.core.models import ClientContact, Person, Role


@dataclass(frozen=True)
class Actor:
    kind: Literal["person", "contact"]
    id: int
    handle: str
    name: str
    language: str
    timezone: str | None
    role: str | None = None
    client_id: int | None = None
    partner_id: int | None = None  # a partner organisation's person (role "partner")

    @property
    def is_contact(self) -> bool:
        return self.kind == "contact"

    @property
    def is_partner(self) -> bool:
        """A partner organisation's person: works on their own tasks, sees nothing internal."""
        return self.kind == "person" and self.role == Role.partner

    @property
    def is_admin(self) -> bool:
        return self.kind == "person" and self.role == Role.admin

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.handle}"


def local_today(actor: Actor, now: datetime) -> date:
    """The actor's calendar date: "today" in Berlin is not "today" in Shanghai at 2 a.m."""
    if actor.timezone:
        try:
            return now.astimezone(ZoneInfo(actor.timezone)).date()
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return now.date()


def from_person(person: Person) -> Actor:
    assert person.id is not None
    return Actor("person", person.id, person.handle, person.name, person.language,
                 person.timezone, role=person.role, partner_id=person.partner_id)


def from_contact(contact: ClientContact) -> Actor:
    assert contact.id is not None
    return Actor("contact", contact.id, contact.handle, contact.name, contact.language,
                 contact.timezone, client_id=contact.client_id)


def actor_for_handle(session: Session, handle: str) -> Actor:
    """The person or contact behind a handle (case-insensitive); contacts after people."""
    wanted = handle.strip().lstrip("@").lower()
    person = session.exec(select(Person).where(func.lower(Person.handle) == wanted)).first()
    if person is not None and not person.forgotten:
        return from_person(person)
    contact = session.exec(
        select(ClientContact).where(func.lower(ClientContact.handle) == wanted)
    ).first()
    if contact is not None and not contact.forgotten:
        return from_contact(contact)
    handles = [p for p in session.exec(select(Person.handle)).all()]
    handles += [c for c in session.exec(select(ClientContact.handle)).all()]
    raise NotFound("person.not_found", query=handle, matches=closest(handle, handles))


def system_actor() -> Actor:
    """The actor for imports, migrations and the scheduler: admin rights, no person behind it."""
    return Actor("person", 0, "system", "pmbot", "en", None, role=Role.admin)
