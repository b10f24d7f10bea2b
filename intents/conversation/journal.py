"""One structured log record per message handled: who, platform, intent, outcome, milliseconds.

Operators grep these to see what the bot is asked and how it answers. The words of a message
are never logged at INFO: a client's messages are theirs, so their text is not logged at all,
and a staff member's appears only at DEBUG.
"""
from __future__ import annotations

import logging
import time

from domain.core.actors import Actor

log = logging.getLogger("pmbot.messages")


def platform_of(conversation_id: str) -> str:
    """`slack:C123`, `telegram:42`, `console:ada` → the adapter's name."""
    head, sep, _ = conversation_id.partition(":")
    return head if sep and head else "unknown"


def who(actor: Actor | None, fallback: str = "unlinked") -> str:
    return f"{actor.kind}:{actor.id}:{actor.handle}" if actor is not None else fallback


def message_handled(*, who: str, platform: str, intent: str, outcome: str, started: float,
                    actor: Actor | None = None, text: str | None = None) -> None:
    """Log the message handled since `started` (a `time.perf_counter()` reading)."""
    ms = int((time.perf_counter() - started) * 1000)
    fields = {"who": who, "platform": platform, "intent": intent, "outcome": outcome, "ms": ms}
    log.info("message who=%s platform=%s intent=%s outcome=%s ms=%d",
             who, platform, intent, outcome, ms, extra=fields)
    if text is not None and actor is not None and not actor.is_contact:
        log.debug("message text who=%s: %s", who, text, extra={"who": who})
