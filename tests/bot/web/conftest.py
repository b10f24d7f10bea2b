"""A portal over a small two-client firm, a real SMTP server on loopback, and an HTTP client."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel import Session

from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace

WORKSPACE = Path(__file__).with_name("portal_workspace.yaml")
SHANGHAI_MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # digests go out
LINK = re.compile(r"https?://\S+/portal/auth\?t=[\w.%-]+")


@dataclass
class Inbox:
    """What the loopback SMTP server received, as parsed messages."""

    messages: list[EmailMessage] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def link_for(self, address: str) -> str:
        mails = self.to(address)
        assert mails, f"no mail to {address}"
        body = mails[-1].get_body(("plain",))
        return LINK.findall(body.get_content())[-1]  # type: ignore[union-attr]


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.inbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    """A real SMTP server (aiosmtpd) on a free loopback port; yields its URL and inbox."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def firm(engine, now: datetime):
    with unit_of_work(engine) as session:
        import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=now)
    return engine


@pytest.fixture
def portal_app(firm, db_url: str, smtp, monkeypatch: pytest.MonkeyPatch):
    """The portal's ASGI app for the firm, mailing through the loopback server."""
    from bot.bootstrap import build_app
    from bot.web.app import create_app

    url, _ = smtp
    monkeypatch.setenv("PMBOT_SMTP_URL", url)
    monkeypatch.setenv("PMBOT_MAIL_FROM", "portal@studio.example")
    monkeypatch.setenv("PMBOT_PUBLIC_URL", "http://testserver")
    monkeypatch.setenv("PMBOT_SECRET_KEY", "test-secret-key-for-the-portal")
    app = build_app(database_url=db_url)
    yield create_app(app)
    app.engine.dispose()


@pytest.fixture
def inbox(smtp) -> Inbox:
    return smtp[1]


@pytest.fixture
def browser_client(portal_app):
    from fastapi.testclient import TestClient

    with TestClient(portal_app, base_url="http://testserver") as client:
        yield client


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    return CSRF.search(html).group(1)  # type: ignore[union-attr]


def sign_in(client: Any, inbox: Inbox, email: str) -> Any:
    """The whole flow: ask for a link, open it from the mail, press the button."""
    form = client.get("/portal/login")
    client.post("/portal/login", data={"email": email, "csrf": csrf_of(form.text)})
    link = inbox.link_for(email).replace("http://testserver", "")
    confirm = client.get(link)
    token = re.search(r'name="t" value="([^"]+)"', confirm.text).group(1)  # type: ignore[union-attr]
    return client.post("/portal/auth", data={"t": token, "csrf": csrf_of(confirm.text)},
                       follow_redirects=True)


def session_of(engine) -> Session:
    return Session(engine)
