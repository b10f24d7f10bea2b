"""The tamper-evident audit trail: a hash chain over canonical JSON.

Each event's hash is sha256(previous hash + canonical content), and events carry a
gap-free sequence number, so editing a row breaks its own hash, deleting one leaves a gap
and a dangling link, and inserting one breaks the link of the event after it. (Someone
who can rewrite the whole table and recompute every hash can forge a new chain: anchor the
latest hash elsewhere — `pmbot audit verify` prints it — to close that door.)
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from domain.core.models import AuditEvent

GENESIS = "0" * 64


def _utc(moment: datetime) -> datetime:
    """Aware and in UTC: the database gives back UTC, so hashing must see the same."""
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC)


def canonical(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "at": _utc(event.at).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "payload": event.payload,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: Any = None,
    payload: dict[str, Any] | None = None,
    now: datetime,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    _lock_chain(session)
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=_utc(now),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        payload=json.loads(json.dumps(payload or {}, default=str)),
        prev_hash=last.hash if last else GENESIS,
        hash="",
    )
    event.hash = digest(event.prev_hash, event)
    session.add(event)
    session.flush()
    return event


def _lock_chain(session: Session) -> None:
    """Serialise appends on PostgreSQL so two writers never extend the same link."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(7007001)"))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None  # altered | deleted | inserted


def verify(session: Session) -> ChainReport:
    """Walk the chain in order and name the first event that does not fit."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq), col(AuditEvent.id)))
    for event in rows:
        problem = _check_link(event, prev_hash, expected_seq)
        if problem:
            return ChainReport(False, count, prev_hash, event.seq, event.id, problem)
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    return ChainReport(True, count, prev_hash)


def _check_link(event: AuditEvent, prev_hash: str, expected_seq: int) -> str | None:
    if event.seq < expected_seq:
        return "inserted"
    if event.seq > expected_seq:
        return "deleted"
    if event.prev_hash != prev_hash:
        return "inserted" if digest(event.prev_hash, event) == event.hash else "altered"
    if digest(prev_hash, event) != event.hash:
        return "altered"
    return None
