"""The API tests' firm (two clients; admin, manager, member, outsider, two contacts, a partner's
person) and
tokens for each of them."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import yaml

from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace

WORKSPACE = Path(__file__).with_name("api_workspace.yaml")
HANDLES = ("ada", "mei", "sam", "tom", "nina", "lihua", "kai")


@pytest.fixture
def firm(engine, now: datetime):
    with unit_of_work(engine) as session:
        import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=now)
    return engine


@pytest.fixture
def tokens(firm, now: datetime) -> dict[str, str]:
    """A read-write token for every handle, plus `nina-read` and `sam-read` (read only)."""
    from domain.people.tokens import create_token

    made: dict[str, str] = {}
    with unit_of_work(firm) as session:
        for handle in HANDLES:
            made[handle] = create_token(session, handle, now=now)[1]
        for handle in ("nina", "sam"):
            made[f"{handle}-read"] = create_token(session, handle, scopes="read", now=now)[1]
    return made


class Server:
    """A real uvicorn server on a free loopback port, serving an ASGI app on a thread."""

    def __init__(self, asgi: object) -> None:
        import threading

        import uvicorn

        config = uvicorn.Config(asgi, host="127.0.0.1", port=0, log_level="warning",
                                access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        import time

        self.thread.start()
        for _ in range(500):
            if self.server.started:
                break
            time.sleep(0.01)
        assert self.server.started, "the API server did not start"
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def pmbot_app(firm, db_url: str, monkeypatch: pytest.MonkeyPatch):
    from bot.bootstrap import build_app

    monkeypatch.setenv("PMBOT_SECRET_KEY", "test-secret-key-for-the-api")
    app = build_app(database_url=db_url)
    yield app
    app.engine.dispose()


@pytest.fixture
def limit():
    from bot.api.limits import TokenRateLimit

    return TokenRateLimit(1000, 60)


@pytest.fixture
def base_url(pmbot_app, now: datetime, limit) -> Iterator[str]:
    """The portal app with the API mounted (as `pmbot serve` runs it), over real HTTP."""
    from bot.api import api_router
    from bot.web.app import create_app

    asgi = create_app(pmbot_app, clock=lambda: now,
                      routers=[api_router(pmbot_app, clock=lambda: now, limit=limit)])
    with Server(asgi) as url:
        yield url


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    """A client patient enough for a loaded CI machine (one request there took over 10 s on
    PostgreSQL); a request that truly hangs still fails. A lock left behind by another test
    is caught where it is left (`_no_transaction_left_open` in tests/conftest.py)."""
    with httpx.Client(base_url=base_url, timeout=90) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
