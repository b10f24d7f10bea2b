"""Which tables this process has written, as counters bumped after each commit.

Caches of store facts (the gazetteer of names, due dates) compare a counter before they serve:
counts and max ids catch a new row, but not a renamed task or a moved due date. The counter
moves only after the commit, so a reader that sees the old number may rebuild from data that
is already newer, never serve data older than the number it saw.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

_lock = threading.Lock()
_versions: Counter[str] = Counter()
_PENDING = "pmbot_changed_tables"


def version(tables: Iterable[str]) -> tuple[int, ...]:
    """The write counters of `tables`, in the order given."""
    with _lock:
        return tuple(_versions[t] for t in tables)


def _pending(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_PENDING, set())
    return found


def _table_of(obj: Any) -> str | None:
    name = getattr(getattr(type(obj), "__table__", None), "name", None)
    return name if isinstance(name, str) else None


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = _table_of(obj)
        if table is not None:
            _pending(session).add(table)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state: ORMExecuteState) -> None:
    """`session.execute(update(Task)...)` writes without a flush."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if isinstance(table, str):
            _pending(state.session).add(table)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    tables = session.info.pop(_PENDING, None)
    if tables:
        with _lock:
            _versions.update(tables)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
