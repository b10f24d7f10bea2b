"""Tamper evidence for the data, not only for the log.

Every audited write records the state its row was left in (`state_of`), and an import
records the state of every row it created; the chain covers both. `drift` compares the
business rows as they are now with their last audited state and names the table, the row
and the field that changed behind pmbot's back (an amount, hours, a status edited in the
database).

A state is "<row hash, 16 hex>/<4 hex per field>": the row hash says whether anything
changed, the short field hashes say which field. Free-text personal fields (`PERSONAL`)
are left out: erasure rewrites them by design, and the seals already cover them.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session, SQLModel, col

from domain.core.models import AuditEvent

TRACKED = ("time_entry", "expense", "task", "milestone", "approval", "leave_request",
           "overtime_request", "feedback", "project", "person", "client", "contract",
           "clientcontact")
ENTITY_TABLES = {"contact": "clientcontact"}  # audit entity names that differ from tables
LEFT_OUT = frozenset({"note", "notes", "text", "comment", "name", "email", "handle",
                      "timezone", "country", "skills"})
GONE = "gone"


@dataclass(frozen=True)
class Drift:
    table: str
    row_id: int
    field: str  # a column, or "(deleted)" / "(row)" when no single field is to blame


def table_for(entity: str) -> Table | None:
    name = ENTITY_TABLES.get(entity, entity)
    if name not in TRACKED:
        return None
    return SQLModel.metadata.tables.get(name)


def _fields(table: Table) -> list[str]:
    return sorted(c.name for c in table.columns if c.name not in LEFT_OUT and c.name != "id")


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value
        return value.isoformat()
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def state_from_row(table: Table, row: Any) -> str:
    fields = _fields(table)
    values = [_plain(row[f]) for f in fields]
    whole = hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()[:16]
    parts = "".join(hashlib.sha256(f"{f}={v}".encode()).hexdigest()[:4]
                    for f, v in zip(fields, values, strict=True))
    return f"{whole}/{parts}"


def state_of(session: Session, entity: str, entity_id: Any) -> str | None:
    """The audited state of one row as the database holds it now (None: not tracked)."""
    table = table_for(entity)
    if table is None or not str(entity_id or "").isdigit():
        return None
    row = session.connection().execute(
        select(table).where(table.c.id == int(entity_id))).mappings().first()
    return GONE if row is None else state_from_row(table, row)


def states_of(session: Session, table_name: str, ids: list[int]) -> list[list[Any]]:
    """[[id, state], …] for many rows of one table (an import's rows), in id order."""
    table = table_for(table_name)
    if table is None or not ids:
        return []
    out: list[list[Any]] = []
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        rows = session.connection().execute(select(table).where(table.c.id.in_(chunk)))
        out += [[r["id"], state_from_row(table, r)] for r in rows.mappings()]
    return sorted(out)


def drift(session: Session) -> list[Drift]:
    """Rows whose current state differs from their last audited one, by table and id."""
    latest: dict[str, dict[int, str]] = defaultdict(dict)
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))  # type: ignore[call-overload]
    for event in events.scalars() if hasattr(events, "scalars") else events:
        _collect(event, latest)
    found: list[Drift] = []
    for name, states in latest.items():
        table = table_for(name)
        if table is None:
            continue
        found += _compare(session, name, table, states)
    return found


def _collect(event: AuditEvent, latest: dict[str, dict[int, str]]) -> None:
    payload = event.payload or {}
    state = payload.get("state")
    if isinstance(state, str) and event.entity_id and str(event.entity_id).isdigit():
        latest[ENTITY_TABLES.get(event.entity, event.entity)][int(event.entity_id)] = state
    for name, rows in (payload.get("rows") or {}).items():
        for row_id, row_state in rows:
            latest[name][int(row_id)] = row_state


def _compare(session: Session, name: str, table: Table, states: dict[int, str]) -> list[Drift]:
    found: list[Drift] = []
    ids = sorted(states)
    current: dict[int, Any] = {}
    for start in range(0, len(ids), 5000):
        rows = session.connection().execute(
            select(table).where(table.c.id.in_(ids[start:start + 5000]))).mappings()
        current.update({r["id"]: r for r in rows})
    for row_id in ids:
        want, row = states[row_id], current.get(row_id)
        if row is None:
            if want != GONE:
                found.append(Drift(name, row_id, "(deleted)"))
            continue
        if want == GONE:
            found.append(Drift(name, row_id, "(row)"))
            continue
        have = state_from_row(table, row)
        if have != want:
            found += [Drift(name, row_id, f) for f in _changed_fields(table, want, have)]
    return found


def _changed_fields(table: Table, want: str, have: str) -> list[str]:
    fields = _fields(table)
    a, b = want.partition("/")[2], have.partition("/")[2]
    if len(a) != 4 * len(fields):  # the table's columns changed since (a migration)
        return ["(row)"]
    changed = [f for i, f in enumerate(fields) if a[4 * i:4 * i + 4] != b[4 * i:4 * i + 4]]
    return changed or ["(row)"]
