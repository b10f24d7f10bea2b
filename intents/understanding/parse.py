"""`pmbot parse --batch`: one message per line in, one contract object per line out, in order.

A line is plain text, or JSON `{"text", "as", "now"}` overriding the defaults for that line.
A bad line (unknown handle, unreadable time) yields an object with an "error" key, so a long
batch is never lost to one mistake; a blank line yields `unknown` with empty slots. Actors are
looked up once per handle.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlmodel import Session

from domain.core.actors import Actor, actor_for_handle
from domain.core.errors import DomainError
from intents.understanding.schema import Intent
from intents.understanding.understand import DEFAULT_TIMEZONE, understand, warm_up


def parse_lines(session: Session, lines: Iterable[str], *, default_as: str | None,
                default_now: datetime, default_timezone: str = DEFAULT_TIMEZONE,
                ) -> Iterator[dict[str, Any]]:
    actors: dict[str, Actor] = {}
    done = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():  # still one object, so output line n answers input line n
            yield Intent(intent="unknown", confidence=1.0).to_contract()
            continue
        try:
            text, handle, now = read_line(line, default_as, default_now)
            if not handle:
                raise ValueError("no speaker: give --as or an \"as\" field")
            actor = actors.get(handle) or actors.setdefault(handle, actor_for_handle(session, handle))
            if done == 1:  # a batch: warm up once, after the first answer is out
                warm_up(session, actor, now)
            done += 1
            yield understand(session, text=text, actor=actor, now=now,
                             default_timezone=default_timezone).to_contract()
        except DomainError as error:
            yield {"error": error.key, **{k: v for k, v in error.params.items()
                                          if isinstance(v, (str, int, float, list))}}
        except ValueError as error:
            yield {"error": str(error)}


def read_line(line: str, default_as: str | None, default_now: datetime) -> tuple[str, str | None, datetime]:
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError:
            obj = None
        if isinstance(obj, dict) and "text" in obj:
            now = parse_now(obj["now"]) if obj.get("now") else default_now
            return str(obj["text"]), obj.get("as") or default_as, now
    return line, default_as, default_now


def parse_now(value: str) -> datetime:
    """An ISO-8601 instant; a naive one is refused rather than guessed."""
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"--now needs a UTC offset: {value}")
    return moment
