"""One `api.write` audit event per API write, naming the channel (`api:token:<id>`).

The domain services record their own events (actor `person:<handle>`, before/after), exactly
as for a chat write; this event adds which way the write came in and what it touched.
"""
from __future__ import annotations

from datetime import datetime

from fastapi import Request
from sqlmodel import Session

from bot.api.context import Caller


def record_write(session: Session, who: Caller, request: Request, *, entity: str,
                 ids: list[int], now: datetime, changed: bool | None = None) -> None:
    from domain.core import audit

    verb = "changed" if (changed if changed is not None else request.method != "POST") \
        else "created"
    audit.record(session, actor=who.actor.label, action="api.write", entity="api_token",
                 entity_id=who.token_id,
                 payload={"channel": who.channel, "method": request.method,
                          "path": request.url.path, verb: {entity: ids}}, now=now)
