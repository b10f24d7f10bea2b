"""The gateway logs the messages that never reach the conversation core (linking, strangers)."""
from __future__ import annotations

import logging

import pytest

from bot.bootstrap import build_app
from bot.gateway import Incoming, handle_incoming


@pytest.fixture
def app(db_url, world):
    app = build_app(database_url=db_url)
    yield app
    app.engine.dispose()


def test_a_strangers_message_is_logged_by_platform_id_without_its_words(app, now, caplog):
    caplog.set_level(logging.DEBUG, logger="pmbot.messages")
    reply = handle_incoming(app, Incoming("telegram", "555", "555", "my salary is 90k, log 3h"),
                            now=now)
    [record] = [r for r in caplog.records if r.name == "pmbot.messages"]
    assert (record.who, record.platform, record.intent, record.outcome) == (
        "telegram-user:555", "telegram", "link", f"refused:{reply.error}")
    assert reply.error == "link.please_link"
    assert "salary" not in caplog.text
