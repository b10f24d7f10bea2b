"""What the outbox still says about someone being forgotten: queued and sent copies.

Their own notices are deleted (`traces.erase_traces`); what is left are copies addressed to
others that name them. A webhook event's body is fixed when it is queued (JSON `{"id",
"type", "time", "data"}`) and kept after it is sent, as the record of what left, so without
this a time entry's handle and note stayed in the store after `forget`, and a pending event
would still carry them to another system. Each body is rewritten as the tables are:
a field holding their handle gets their placeholder handle, a note they wrote is cleared
(their own notes are cleared in the tables), and every sure mention of them in any other
text becomes the placeholder. A pending event then goes out redacted under the same event
id (receivers dedup on it); a sent one no longer holds what it said. A chat notice to
someone else that mentions them has the mention replaced in its text and subject.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from domain.core.models import OutboxMessage

WEBHOOK = "webhook"
# The event field naming who wrote its `note`: the person who logged the hours (time.logged),
# the one who decided the request (request.decided).
AUTHOR_FIELDS = ("person", "decided_by")


@dataclass(frozen=True)
class Erasure:
    """Who is forgotten, as the outbox's texts may name them."""

    handle: str  # their handle before forgetting
    new_handle: str  # the handle they are left with
    sure: re.Pattern[str] | None  # their sure forms (name, handle, e-mail…)
    placeholder: str  # what a mention becomes
    kind: str = "person"  # or "contact"
    target_id: int = 0

    def owns(self, row: OutboxMessage) -> bool:
        return (row.person_id if self.kind == "person" else row.contact_id) == self.target_id

    def names_them(self, value: Any) -> bool:
        return isinstance(value, str) and bool(self.handle) and value.lower() == self.handle.lower()


def redacted_body(body: str, who: Erasure) -> str:
    """The webhook body without them; the same text when it never named them."""
    try:
        event = json.loads(body)
    except ValueError:
        return _text(body, who)
    cleaned = _clean(event, who)
    if cleaned == event:
        return body
    return json.dumps(cleaned, ensure_ascii=False, default=str)


def _clean(value: Any, who: Erasure) -> Any:
    if isinstance(value, dict):
        out = {k: _clean(v, who) for k, v in value.items()}
        if "note" in out and any(who.names_them(value.get(k)) for k in AUTHOR_FIELDS):
            out["note"] = None
        return out
    if isinstance(value, list):
        return [_clean(v, who) for v in value]
    if who.names_them(value):
        return who.new_handle
    if isinstance(value, str):
        return _text(value, who)
    return value


def _text(value: str, who: Erasure) -> str:
    return who.sure.sub(who.placeholder, value) if who.sure is not None and value else value


def rows_naming(session: Session, who: Erasure) -> list[OutboxMessage]:
    """The rows addressed to others (theirs are deleted) whose texts name them."""
    return [row for row in session.exec(select(OutboxMessage)).all()
            if not who.owns(row) and _rewritten(row, who) != _texts(row)]


def redact_outbox(session: Session, who: Erasure) -> int:
    """Rewrite every row `rows_naming` finds; returns how many."""
    rows = rows_naming(session, who)
    for row in rows:
        row.text, row.subject = _rewritten(row, who)
        session.add(row)
    session.flush()
    return len(rows)


def _texts(row: OutboxMessage) -> tuple[str, str]:
    return row.text, row.subject


def _rewritten(row: OutboxMessage, who: Erasure) -> tuple[str, str]:
    if row.platform == WEBHOOK:  # its subject is the project's code
        return redacted_body(row.text, who), row.subject
    return _text(row.text, who), _text(row.subject, who)
