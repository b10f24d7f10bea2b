"""Whole conversations through the console adapter's core, on a small imported firm."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from domain.core.actors import actor_for_handle
from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace
from intents.conversation.assistant import Assistant, Reply

WORKSPACE = Path(__file__).with_name("workspace.yaml")


@dataclass
class Chat:
    """One person's console conversation: `chat.say(text)` returns the reply text."""

    assistant: Assistant
    handle: str
    now: datetime
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> str:
        with Session(self.assistant.engine) as session:
            actor = actor_for_handle(session, self.handle)
        reply = self.assistant.respond(actor, text, conversation_id=f"console:{self.handle}",
                                       now=self.now)
        self.replies.append(reply)
        return reply.text


@pytest.fixture
def firm(engine, now):
    with unit_of_work(engine) as session:
        import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=now)
    return Assistant(engine)


@pytest.fixture
def chat_as(firm, now):
    def open_chat(handle: str) -> Chat:
        return Chat(firm, handle, now)

    return open_chat
