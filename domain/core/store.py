"""Engines and transactions. The URL is handed in by the edge; the domain never reads it.

SQLite gets WAL, foreign keys, a busy timeout and immediate transactions on every
connection, so that the embedded default behaves like a database rather than a file.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine


def make_engine(url: str, *, echo: bool = False) -> Engine:
    from domain.core.text_safety import install

    if url.startswith("sqlite"):
        engine = _sqlite_engine(url, echo=echo)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    install(engine)  # no NUL, control or zero-width character reaches any store
    return engine


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if url in ("sqlite://", "sqlite:///:memory:"):
        from sqlalchemy.pool import StaticPool

        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, echo=echo, **kwargs)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(connection: Connection) -> None:
    """Writers take SQLite's write lock when their transaction starts, readers never do.

    With a deferred BEGIN two transactions can both read, then both try to write, and the
    second fails at once with "database is locked" (no busy timeout can help a transaction
    whose snapshot is stale). A transaction opened through `for_writing` starts IMMEDIATE,
    so writers queue instead; plain reads stay deferred and, in WAL mode, block no one.
    Emitting BEGIN ourselves is SQLAlchemy's documented recipe, which also makes SAVEPOINTs
    behave under pysqlite.
    """
    immediate = connection.get_execution_options().get("pmbot_writes", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def for_writing(engine: Engine) -> Engine:
    """The same engine, marked so that its transactions are expected to write."""
    return engine.execution_options(pmbot_writes=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see below)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if anything raises."""
    with Session(for_writing(engine), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
