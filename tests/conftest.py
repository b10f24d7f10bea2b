"""Shared fixtures: a freshly migrated, empty database per test, on SQLite or PostgreSQL.

`PMBOT_TEST_DATABASE_URL` picks the server (CI sets it to PostgreSQL); by default each
test gets its own SQLite file copied from one migrated template, which is fast.
Every test also runs in its own working directory and data dir, away from real user data.
"""
from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from bot.migrate import upgrade
from domain.core.store import make_engine

SERVER_URL = os.environ.get("PMBOT_TEST_DATABASE_URL", "")
if SERVER_URL:
    # Tests never need a commit to survive a crash of the server; not waiting for the WAL
    # flush keeps a busy machine's disk out of every test. libpq reads this for every
    # connection, the subprocesses' included.
    os.environ.setdefault("PGOPTIONS", "-c synchronous_commit=off")
SHANGHAI = ZoneInfo("Asia/Shanghai")


LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every test is offline: refuse, record and fail on any connection or lookup of a
    non-loopback address (the fakes of Slack and Telegram, and PostgreSQL, listen locally)."""
    reached: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(host: object) -> None:
        if isinstance(host, str) and host not in LOOPBACK and not host.startswith("/"):
            reached.append(host)
            raise OSError(f"OFFLINE TEST: refused to reach {host!r}")

    def connect(self: socket.socket, address: object) -> None:
        check(address[0] if isinstance(address, tuple) else address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        check(address[0] if isinstance(address, tuple) else address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        check(host.decode() if isinstance(host, bytes) else host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield reached
    assert not reached, f"a test tried to reach the network: {reached}"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("PMBOT_", "SLACK_", "TELEGRAM_")) and name != "PMBOT_TEST_DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PMBOT_DATA_DIR", str(tmp_path / "pmbot-data"))


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _server_schema() -> Iterator[None]:
    if not SERVER_URL:
        yield
        return
    engine = make_engine(SERVER_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    yield


@pytest.fixture(scope="session")
def _server_cleaner() -> Iterator[Engine]:
    """One engine for emptying the server between tests, kept for the whole session: a new
    connection per test costs more than the emptying itself."""
    engine = make_engine(SERVER_URL)
    yield engine
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of an empty, migrated database for this test."""
    if SERVER_URL:
        request.getfixturevalue("_server_schema")
        _empty_all(request.getfixturevalue("_server_cleaner"))
        return SERVER_URL
    template = request.getfixturevalue("_sqlite_template")
    path = tmp_path / "pmbot-test.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


_RESTART_SEQUENCES = (
    "DO $$ DECLARE s record; BEGIN FOR s IN SELECT sequencename FROM pg_sequences"
    " WHERE schemaname = 'public' AND last_value IS NOT NULL"
    " LOOP EXECUTE format('ALTER SEQUENCE %%I RESTART', s.sequencename); END LOOP; END $$"
)


def _empty_all(engine: Engine) -> None:
    """Empty every table and restart the ids, as a fresh database would have them.

    DELETE in reverse dependency order, not TRUNCATE: the tables of one test hold a few rows,
    and TRUNCATE's per-table file work made it three times slower (80 ms against 25 ms)."""
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.exec_driver_sql(_RESTART_SEQUENCES)


_LEFT_OPEN = text(
    "SELECT a.pid, a.state, a.application_name, a.wait_event_type, a.xact_start,"
    " left(a.query, 160) AS query,"
    " (SELECT string_agg(((l.classid::bigint << 32) | l.objid::bigint)::text, ',')"
    "  FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS advisory"
    " FROM pg_stat_activity a"
    " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
    " AND a.backend_type = 'client backend'"
    " AND (a.state LIKE 'idle in transaction%' OR a.wait_event_type = 'Lock'"
    "      OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'))"
)


def _left_open(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(_LEFT_OPEN).all()
        conn.rollback()
    return [f"pid {r.pid} [{r.application_name}] {r.state}"
            f"{' waiting on a lock' if r.wait_event_type == 'Lock' else ''}"
            f"{f' holding advisory lock {r.advisory}' if r.advisory else ''}"
            f" since {r.xact_start}: {r.query}" for r in rows]


@pytest.fixture(autouse=True)
def _no_transaction_left_open(request: pytest.FixtureRequest,
                              monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """On PostgreSQL, a test ends with no connection of its database idle in a transaction,
    waiting on a lock or holding an advisory lock (the audit chain's): such a leftover makes
    a later writer wait forever, far from its cause. Every connection is named after the
    test that opened it (PGAPPNAME), so the failure says whose it is. One query per test
    that used the database; a finding is looked at again for two seconds before it counts,
    so a background thread just finishing its write is not blamed."""
    if not SERVER_URL or "db_url" not in request.fixturenames:
        yield
        return
    monkeypatch.setenv("PGAPPNAME", request.node.nodeid.encode()[-63:].decode(errors="ignore"))
    cleaner = request.getfixturevalue("_server_cleaner")
    yield
    found = _left_open(cleaner)
    for _ in range(20):
        if not found:
            return
        time.sleep(0.1)
        found = _left_open(cleaner)
    pytest.fail("a connection was left open in a transaction or holding a lock:\n"
                + "\n".join(found), pytrace=False)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def now() -> datetime:
    """Friday 2026-11-27, 10:00 in Shanghai: the clock most tests stand on."""
    return datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def world(session: Session):
    """The small world of `tests/factories.py`: six actors, two clients, two projects."""
    from tests.factories import build_world

    return build_world(session)
