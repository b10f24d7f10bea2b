"""Personal access tokens for the REST API: a secret that acts as one person or contact.

Only the token's SHA-256 is stored, so the secret is shown once, when it is made, and a
database dump lets no one in. A token carries scopes (`read`, or `read,write`), may expire
and may be revoked; a revoked or expired token, or one whose owner was erased, is refused
exactly like a token that never existed. Making and revoking tokens is audited.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from domain.core import audit
from domain.core.actors import Actor, actor_for_handle
from domain.core.errors import Invalid, NotFound
from domain.core.models import ApiToken, ClientContact, Person
from domain.people.signin import actor_by_id

PREFIX = "pmb_"
SCOPES = ("read", "write")
LAST_USED_GRANULARITY = timedelta(minutes=1)  # `last_used_at` is refreshed at most this often


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def parse_scopes(text: str) -> tuple[str, ...]:
    """"read,write" → ("read", "write"); `write` implies `read`; anything else is refused."""
    wanted = {s.strip().lower() for s in text.split(",") if s.strip()}
    unknown = sorted(wanted - set(SCOPES))
    if unknown or not wanted:
        raise Invalid("token.bad_scopes", value=text, choices=", ".join(SCOPES))
    if "write" in wanted:
        wanted.add("read")
    return tuple(s for s in SCOPES if s in wanted)


@dataclass(frozen=True)
class TokenInfo:
    """What `pmbot token list` shows: never the secret, which is not kept."""

    id: int
    owner: str  # handle
    kind: str  # person | contact
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


def create_token(session: Session, handle: str, *, scopes: str = "read,write",
                 lifetime: timedelta | None = None, now: datetime) -> tuple[ApiToken, str]:
    """A new token for the person or contact behind `handle`, and its secret (shown once)."""
    owner = actor_for_handle(session, handle)
    chosen = parse_scopes(scopes)
    if lifetime is not None and lifetime <= timedelta(0):
        raise Invalid("token.bad_expiry", value=str(lifetime))
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=token_hash(secret),
                   person_id=None if owner.is_contact else owner.id,
                   contact_id=owner.id if owner.is_contact else None,
                   scopes=",".join(chosen), created_at=now,
                   expires_at=now + lifetime if lifetime is not None else None)
    session.add(row)
    session.flush()
    audit.record(session, actor="system", action="token.create", entity="api_token",
                 entity_id=row.id, payload={"owner": owner.label, "scopes": row.scopes,
                                            "expires_at": row.expires_at}, now=now)
    return row, secret


def verify_token(session: Session, secret: str, *, now: datetime,
                 touch: bool = True) -> tuple[ApiToken, Actor] | None:
    """The live token behind `secret` and whom it acts as; None for anything else.

    With `touch`, refreshes `last_used_at` (the caller commits); `needs_touch` tells a
    caller that reads in a read-only session whether to write it (at most once a minute,
    so reads do not all become writes).
    """
    if not secret.startswith(PREFIX):
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    owner = actor_by_id(session, "contact" if row.contact_id else "person",
                        int(row.contact_id or row.person_id or 0))
    if owner is None:
        return None
    if touch and needs_touch(row, now):
        row.last_used_at = now
        session.add(row)
    return row, owner


def needs_touch(row: ApiToken, now: datetime) -> bool:
    return row.last_used_at is None or now - row.last_used_at >= LAST_USED_GRANULARITY


def touch_token(session: Session, token_id: int, *, now: datetime) -> None:
    """Record a use of the token (one UPDATE, in the caller's transaction)."""
    session.execute(update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now))


def revoke_token(session: Session, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke a token for good; revoking it again changes nothing."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("token.not_found", query=str(token_id))
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        audit.record(session, actor="system", action="token.revoke", entity="api_token",
                     entity_id=row.id, now=now)
    return row


def list_tokens(session: Session) -> list[TokenInfo]:
    """Every token, oldest first, with its owner's handle."""
    rows = session.exec(select(ApiToken).order_by(col(ApiToken.id))).all()
    people = {p.id: p.handle for p in session.exec(select(Person)).all()}
    contacts = {c.id: c.handle for c in session.exec(select(ClientContact)).all()}
    return [TokenInfo(id=int(r.id or 0),
                      owner=(contacts.get(r.contact_id) if r.contact_id else people.get(r.person_id)) or "?",
                      kind="contact" if r.contact_id else "person",
                      scopes=tuple(r.scopes.split(",")), created_at=r.created_at,
                      expires_at=r.expires_at, revoked_at=r.revoked_at,
                      last_used_at=r.last_used_at) for r in rows]


def has_scope(row: ApiToken, scope: str) -> bool:
    return scope in row.scopes.split(",")
