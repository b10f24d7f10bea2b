"""What a conversation is waiting for, kept in the store for ten minutes.

A question ("Which project?") or a confirmation leaves the half-understood intent here;
the next message of the same conversation may answer it ("ACME-APP", "the second", "是的",
"cancel"). Anything else starts afresh, and stale state simply expires.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from domain.core.models import ConversationState
from intents.understanding.schema import Intent

TTL = timedelta(minutes=10)

YES = re.compile(r"^\s*(y|yes|yep|yeah|ok|okay|sure|confirm|do it|go ahead|是|是的|对|对的|好|好的|确认|可以|行|"
                 r"嗯)\s*[.!！。]*\s*$", re.I)
NO = re.compile(r"^\s*(n|no|nope|cancel|stop|never ?mind|forget it|不|不要|不用|不用了|取消|算了|别|"
                r"否)\s*[.!！。]*\s*$", re.I)
ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "第一个": 0, "第二个": 1, "第三个": 2, "第四个": 3, "第一": 0, "第二": 1, "第三": 2,
}


@dataclass
class Pending:
    intent: Intent
    awaiting: str  # "slot" or "confirm"
    slot: str | None = None
    options: list[str] = field(default_factory=list)

    def to_payload(self) -> dict[str, Any]:
        return {"intent": self.intent.model_dump(), "awaiting": self.awaiting,
                "slot": self.slot, "options": self.options}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Pending:
        return cls(Intent.model_validate(payload["intent"]), payload["awaiting"],
                   payload.get("slot"), list(payload.get("options") or []))


def key(conversation: str, actor_label: str) -> str:
    """One pending question per person in a conversation: in a shared channel, what was asked
    of one person is answered (or cancelled) by that person only."""
    return f"{conversation}|{actor_label}"[:200]


def load(session: Session, conversation: str, actor_label: str, now: datetime) -> Pending | None:
    row = session.get(ConversationState, key(conversation, actor_label))
    if row is None or row.actor != actor_label or row.expires_at <= now:
        return None
    return Pending.from_payload(row.payload)


def save(session: Session, conversation: str, actor_label: str, pending: Pending, now: datetime) -> None:
    row = session.get(ConversationState, key(conversation, actor_label)) or ConversationState(
        conversation=key(conversation, actor_label), actor=actor_label, expires_at=now)
    row.actor, row.payload, row.expires_at = actor_label, pending.to_payload(), now + TTL
    session.add(row)


def clear(session: Session, conversation: str, actor_label: str) -> None:
    row = session.get(ConversationState, key(conversation, actor_label))
    if row is not None:
        session.delete(row)


def pick_option(text: str, options: list[str]) -> str | None:
    """'the second', '2', '第二个', or an option's own name → that option."""
    cleaned = text.strip().lower().removeprefix("the ").strip(" .!。")
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(options):
        return options[int(cleaned) - 1]
    for word, index in ORDINALS.items():
        if word in cleaned and index < len(options):
            return options[index]
    for option in options:
        if option.lower() == cleaned or option.lower() in cleaned.split():
            return option
    return None
