"""The tamper-evident audit trail: a hash chain over canonical JSON, without personal data.

Each event's hash is sha256(previous hash + canonical content), and events carry a
gap-free sequence number, so editing a row breaks its own hash, deleting one leaves a gap
(reported with the missing number) and inserting or reordering breaks a link. `head()`
gives the latest "SEQ:HASH" to keep elsewhere; `verify(expected_head=…)` then also catches
a chain whose tail was cut off or rewritten.

Personal data and the chain (GDPR art. 17 against "the log must not change"): the actor
label and every personal field of a payload (`PERSONAL`: notes, texts, names, e-mails,
chat ids…) enter the hash only as a *seal*, sha256(salt + value), whose salt is derived
from a per-subject secret (`AuditKey`, kept outside the chain). The row keeps the plain
value for readers (undo, history). Forgetting someone replaces their plain values by the
seal and destroys their secret (crypto-shredding): the chain still verifies, the seals
can no longer be tested against guesses, and nothing personal is left. The subject of a
field is the row's owner when the payload names one (`person_id`, `contact_id`), else the
event's actor.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from domain.core.models import AuditEvent, AuditKey, ClientContact, Person
from domain.core.row_states import state_of, states_of

GENESIS = "0" * 64
PERSONAL = frozenset({"note", "notes", "text", "comment", "name", "email", "handle",
                      "external_id", "slack_id", "telegram_id", "phone", "used_by"})
CHAT_ENTITIES = frozenset({"chat_identity"})  # their entity_id is a chat account id
SEALED = "sealed"  # {"sealed": hex}: a value that was erased, its seal kept for the chain


def _utc(moment: datetime) -> datetime:
    """Aware and in UTC: the database gives back UTC, so hashing must see the same."""
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC)


def canonical(event: AuditEvent, keys: Mapping[str, str] | None = None) -> str:
    body: dict[str, Any] = {
        "seq": event.seq,
        "at": _utc(event.at).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "payload": event.payload,
    }
    if event.subject is not None:  # sealed events; legacy ones (None) hash in the clear
        keys = keys or {}
        body["subject"] = event.subject
        body["actor"] = seal(event.actor, keys.get(event.subject), event.seq, "actor")
        body["payload"] = _sealed(event.payload, event.subject, keys, event.seq, "payload")
        if event.entity in CHAT_ENTITIES and event.entity_id is not None:  # "slack:U123"
            body["entity_id"] = _entity_seal(event.entity_id, keys.get(event.subject), event.seq)
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest(prev_hash: str, event: AuditEvent, keys: Mapping[str, str] | None = None) -> str:
    return hashlib.sha256((prev_hash + canonical(event, keys)).encode("utf-8")).hexdigest()


def seal(value: Any, secret: str | None, seq: int, path: str) -> dict[str, str]:
    """The seal of one personal value; an erased value already is its seal."""
    if isinstance(value, dict) and set(value) == {SEALED}:
        return value
    if isinstance(value, str) and value.startswith(f"{SEALED}:"):
        return {SEALED: value.removeprefix(f"{SEALED}:")}
    if secret is None:  # a plain value whose subject's key is gone: it cannot be genuine
        return {SEALED: "no-key"}
    salt = hmac.new(bytes.fromhex(secret), f"{seq}:{path}".encode(), hashlib.sha256).digest()
    plain = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return {SEALED: hashlib.sha256(salt + plain.encode("utf-8")).hexdigest()}


def _entity_seal(value: str, secret: str | None, seq: int) -> dict[str, str]:
    """A chat account id's seal, short enough for the entity_id column once erased."""
    if value.startswith(f"{SEALED}:"):
        return {SEALED: value.removeprefix(f"{SEALED}:")}
    return {SEALED: seal(value, secret, seq, "entity_id")[SEALED][:56]}


def _sealed(value: Any, subject: str, keys: Mapping[str, str], seq: int, path: str,
            wanted: Callable[[str, Any], bool] | None = None) -> Any:
    """`value` with its personal fields sealed: all of them for hashing, or (erasing) only
    those `wanted(owner, value)` picks; a field already sealed stays as it is."""
    if isinstance(value, dict):
        if set(value) == {SEALED}:
            return value
        owner = field_subject(value, subject)
        return {k: seal(v, keys.get(owner), seq, f"{path}.{k}")
                if k in PERSONAL and v not in (None, "", []) and (wanted is None or wanted(owner, v))
                else _sealed(v, owner, keys, seq, f"{path}.{k}", wanted)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_sealed(v, subject, keys, seq, f"{path}[{i}]", wanted)
                for i, v in enumerate(value)]
    return value


def field_subject(row: Mapping[str, Any], default: str) -> str:
    """Whose personal data a payload dict holds: its owner when it names one."""
    if isinstance(row.get("contact_id"), int):
        return f"contact#{row['contact_id']}"
    if isinstance(row.get("person_id"), int):
        return f"person#{row['person_id']}"
    return default


# ---------------------------------------------------------------- writing
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
    last = _last(session)
    payload = json.loads(json.dumps(payload or {}, default=str))
    session.flush()  # the row's state as this write left it, for `row_states.drift`
    state = state_of(session, entity, entity_id)
    if state is not None:
        payload["state"] = state
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=_utc(now),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        payload=payload,
        prev_hash=last.hash if last else GENESIS,
        hash="",
        subject=subject_of(session, actor),
    )
    event.hash = digest(event.prev_hash, event, _keys_for(session, event, now))
    session.add(event)
    session.flush()
    return event


def record_many(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    items: list[tuple[Any, dict[str, Any]]],
    now: datetime,
) -> list[AuditEvent]:
    """Append one event per (entity_id, payload), exactly as `record` would one by one, but
    with one chain lock, one read of the last event, one key lookup and one state query:
    a batch of writes (a bulk API create) keeps an event per row for undo and history."""
    if not items:
        return []
    _lock_chain(session)
    session.flush()
    last = _last(session)
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    subject = subject_of(session, actor)
    payloads = [json.loads(json.dumps(p or {}, default=str)) for _i, p in items]
    states = _states(session, entity, [i for i, _p in items])
    wanted = {subject}.union(*(_subjects(p, subject) for p in payloads))
    keys = _ensure_keys(session, wanted, now)
    events = []
    for (entity_id, _p), payload in zip(items, payloads, strict=True):
        if entity_id in states:
            payload["state"] = states[entity_id]
        seq += 1
        event = AuditEvent(seq=seq, at=_utc(now), actor=actor, action=action, entity=entity,
                           entity_id=None if entity_id is None else str(entity_id),
                           payload=payload, prev_hash=prev, hash="", subject=subject)
        event.hash = prev = digest(event.prev_hash, event, keys)
        events.append(event)
    session.add_all(events)
    session.flush()
    return events


def _states(session: Session, entity: str, ids: list[Any]) -> dict[Any, str]:
    numbers = [int(i) for i in ids if str(i or "").isdigit()]
    return {row_id: state for row_id, state in states_of(session, entity, numbers)}


def _ensure_keys(session: Session, wanted: set[str], now: datetime) -> dict[str, str]:
    """The secrets of these subjects, created for those that have none yet."""
    keys = load_keys(session, wanted)
    for subject in wanted - set(keys):
        keys[subject] = secrets.token_hex(32)
        session.add(AuditKey(subject=subject, secret=keys[subject], created_at=_utc(now)))
    session.flush()
    return keys


def subject_of(session: Session, label: str) -> str:
    """The stable, pseudonymous subject behind an actor label ("person:tom" → "person#5")."""
    kind, _, handle = label.partition(":")
    table = {"person": Person, "contact": ClientContact}.get(kind)
    if table is not None:
        found = session.exec(
            select(table.id).where(func.lower(table.handle) == handle.lower())  # type: ignore[attr-defined]
        ).first()
        if found is not None:
            return f"{kind}#{found}"
    return "system"


def _keys_for(session: Session, event: AuditEvent, now: datetime) -> dict[str, str]:
    """The secrets of every subject the event seals, created on first use."""
    wanted = {event.subject or "system"} | _subjects(event.payload, event.subject or "system")
    return _ensure_keys(session, wanted, now)


def _subjects(value: Any, subject: str) -> set[str]:
    if isinstance(value, dict):
        owner = field_subject(value, subject)
        found = {owner} if any(k in PERSONAL for k in value) else set()
        for v in value.values():
            found |= _subjects(v, owner)
        return found
    if isinstance(value, list):
        return set().union(*(_subjects(v, subject) for v in value)) if value else set()
    return set()


def load_keys(session: Session, subjects: set[str] | None = None) -> dict[str, str]:
    query = select(AuditKey)
    if subjects is not None:
        query = query.where(col(AuditKey.subject).in_(sorted(subjects)))
    return {k.subject: k.secret for k in session.exec(query).all()}


def _last(session: Session) -> AuditEvent | None:
    """The chain's latest event (None while it is empty)."""
    return session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()


def _lock_chain(session: Session) -> None:
    """Serialise appends on PostgreSQL so two writers never extend the same link."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(7007001)"))  # type: ignore[call-overload]


# ---------------------------------------------------------------- erasing
def shred(session: Session, subject: str) -> int:
    """Erase a subject from the chain: their plain personal values become their seals,
    then their secret is destroyed. Returns how many events were touched."""
    keys = load_keys(session)
    if subject not in keys:
        return 0
    touched = _reseal(session, keys, lambda owner, _value: owner == subject, actor_of=subject)
    session.execute(text("DELETE FROM audit_key WHERE subject = :s"), {"s": subject})
    session.flush()
    return touched


def redact(session: Session, mentions: Callable[[str], bool]) -> int:
    """Seal every personal text that `mentions` flags (someone's name in another's note):
    the row keeps its seal, so the chain verifies and the text is gone."""
    keys = load_keys(session)
    return _reseal(session, keys, lambda _owner, value: isinstance(value, str) and mentions(value))


def _reseal(session: Session, keys: Mapping[str, str], wanted: Callable[[str, Any], bool],
            actor_of: str | None = None) -> int:
    touched = 0
    for event in session.exec(select(AuditEvent).where(col(AuditEvent.subject).is_not(None))):
        assert event.subject is not None
        payload = _sealed(event.payload, event.subject, keys, event.seq, "payload", wanted)
        actor, entity_id = event.actor, event.entity_id
        mine = actor_of is not None and event.subject == actor_of
        if mine and not actor.startswith(f"{SEALED}:"):
            actor = f"{SEALED}:{seal(actor, keys[event.subject], event.seq, 'actor')[SEALED]}"
        if (mine and event.entity in CHAT_ENTITIES and entity_id
                and not entity_id.startswith(f"{SEALED}:")):
            entity_id = f"{SEALED}:{_entity_seal(entity_id, keys[event.subject], event.seq)[SEALED]}"
        if payload != event.payload or actor != event.actor or entity_id != event.entity_id:
            event.payload, event.actor, event.entity_id = payload, actor, entity_id
            session.add(event)
            touched += 1
    session.flush()
    return touched



# ---------------------------------------------------------------- verifying
@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None  # altered | deleted | inserted | truncated
    last_seq: int = 0


def head(session: Session) -> str:
    """"SEQ:HASH" of the latest event ("0:000…" for an empty chain), to anchor elsewhere."""
    last = _last(session)
    return f"{last.seq}:{last.hash}" if last else f"0:{GENESIS}"


def verify(session: Session, *, expected_head: str | None = None) -> ChainReport:
    """Walk the chain in order and name the first event that does not fit; with
    `expected_head` ("SEQ:HASH" kept elsewhere), also that the chain still reaches it."""
    keys = load_keys(session)
    prev_hash, expected_seq, count, hashes = GENESIS, 1, 0, {}
    rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq), col(AuditEvent.id)))
    for event in rows:
        problem = _check_link(event, prev_hash, expected_seq, keys)
        if problem:
            missing = expected_seq if problem == "deleted" else event.seq
            return ChainReport(False, count, prev_hash, missing, event.id, problem, count)
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
        hashes[event.seq] = event.hash
    if expected_head:
        problem = _check_head(expected_head, hashes)
        if problem:
            seq = int(expected_head.partition(":")[0] or 0)
            return ChainReport(False, count, prev_hash, seq, None, problem, count)
    return ChainReport(True, count, prev_hash, last_seq=count)


def _check_head(expected: str, hashes: Mapping[int, str]) -> str | None:
    seq_text, _, wanted = expected.strip().partition(":")
    if not seq_text.isdigit():
        raise ValueError(f"not a SEQ:HASH head: {expected!r}")
    seq = int(seq_text)
    if seq == 0:
        return None
    if seq not in hashes:
        return "truncated"
    return None if hashes[seq] == wanted else "altered"


def _check_link(event: AuditEvent, prev_hash: str, expected_seq: int,
                keys: Mapping[str, str]) -> str | None:
    if event.seq < expected_seq:
        return "inserted"
    if event.seq > expected_seq:
        return "deleted"
    if event.prev_hash != prev_hash:
        return "inserted" if digest(event.prev_hash, event, keys) == event.hash else "altered"
    if digest(prev_hash, event, keys) != event.hash:
        return "altered"
    return None
