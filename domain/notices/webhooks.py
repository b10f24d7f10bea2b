"""Webhooks out: the firm's other systems (OA, CRM, finance) hear of events as they happen.

    domain service ─ emit(type, key, data) ─▶ one outbox row per subscribed endpoint
        (platform "webhook", in the service's own transaction: no event without its write)
    ─▶ delivery worker claims it (lease) ─▶ signed POST ─▶ sent / retry with backoff ≤ 24 h

`emit` is the one way an event leaves pmbot; the services that log time, decide a request
or complete a milestone call it, and the scheduler's tick calls it for what the clock
finds (a budget threshold crossed, a task overdue; see `webhook_events`). An event's id
is derived from its key, and the outbox row's dedup key from the key and the endpoint, so
an event found by every tick or by two replicas is queued, and delivered, once per
endpoint. The body is fixed when queued: a retry sends the very same bytes, re-signed
with a fresh timestamp (`signature`), and the receiver dedups on the event id.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from domain.core import audit
from domain.core.errors import Invalid, NotFound
from domain.core.models import WebhookDelivery, WebhookEndpoint
from domain.notices.outbox import RETRY_WEBHOOKS_FOR, enqueue

PLATFORM = "webhook"
EVENTS = ("milestone.reached", "budget.crossed", "request.decided", "task.overdue",
          "time.logged")
TEST_EVENT = "webhook.test"
RETRY_FOR = RETRY_WEBHOOKS_FOR  # an event not delivered within a day is given up
SECRET_PREFIX = "whsec_"
_NAMESPACE = uuid.UUID("6f0c3a52-7d0b-4c8e-9a51-3f1d2b8e9c47")
_CACHE = "pmbot.webhook_endpoints"


# ---------------------------------------------------------------- signing
def signature(secret: str, timestamp: str, body: bytes | str) -> str:
    """`sha256=` + HMAC-SHA256(secret, "{timestamp}.{body}"), as in `X-Pmbot-Signature`."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def event_id(key: str) -> str:
    """The same event (found again by another tick or replica) keeps the same id."""
    return str(uuid.uuid5(_NAMESPACE, key))


# ---------------------------------------------------------------- endpoints
def parse_events(text: str | list[str]) -> list[str]:
    """"milestone.reached,time.logged" → the event types, in the catalogue's order."""
    items = text.split(",") if isinstance(text, str) else text
    wanted = {item.strip().lower() for item in items if item.strip()}
    unknown = sorted(wanted - set(EVENTS))
    if unknown or not wanted:
        raise Invalid("webhook.bad_events", value=",".join(unknown) or str(text),
                      choices=", ".join(EVENTS))
    return [event for event in EVENTS if event in wanted]


def _valid_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise Invalid("webhook.bad_url", value=url)
    return url


def add_endpoint(session: Session, *, url: str, events: str | list[str],
                 secret: str | None = None, now: datetime) -> WebhookEndpoint:
    """A new endpoint for these events; without a secret, one is made (shown by the caller)."""
    chosen = parse_events(events)
    secret = (secret or "").strip() or SECRET_PREFIX + secrets.token_urlsafe(24)
    if len(secret) < 8 or len(secret) > 200:
        raise Invalid("webhook.bad_secret")
    row = WebhookEndpoint(url=_valid_url(url), secret=secret, events=chosen, created_at=now)
    session.add(row)
    session.flush()
    session.info.pop(_CACHE, None)
    audit.record(session, actor="system", action="webhook.add", entity="webhook_endpoint",
                 entity_id=row.id, payload={"url": row.url, "events": chosen}, now=now)
    return row


def list_endpoints(session: Session, *, with_removed: bool = False) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).order_by(col(WebhookEndpoint.id))
    if not with_removed:
        query = query.where(col(WebhookEndpoint.removed_at).is_(None))
    return list(session.exec(query).all())


def live_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, endpoint_id)
    if row is None or row.removed_at is not None:
        raise NotFound("webhook.not_found", query=str(endpoint_id))
    return row


def remove_endpoint(session: Session, endpoint_id: int, *, now: datetime) -> WebhookEndpoint:
    """It hears nothing more; what was queued for it is given up when its turn comes."""
    row = live_endpoint(session, endpoint_id)
    row.removed_at = now
    session.add(row)
    session.info.pop(_CACHE, None)
    audit.record(session, actor="system", action="webhook.remove", entity="webhook_endpoint",
                 entity_id=row.id, payload={"url": row.url}, now=now)
    return row


def subscribed_endpoints(session: Session, event_type: str) -> list[int]:
    return [ident for ident, _ in _subscribed(session, event_type)]


def copy_key(key: str, endpoint_id: int) -> str:
    """The outbox's dedup key of one event's copy to one endpoint."""
    return f"webhook:{key}@{endpoint_id}"[:300]


def _subscribed(session: Session, event_type: str) -> list[tuple[int, list[str]]]:
    """(id, events) of the live endpoints, read once per session (a bulk import of 500
    entries emits 500 events)."""
    found = session.info.get(_CACHE)
    if found is None:
        rows = session.exec(select(WebhookEndpoint.id, WebhookEndpoint.events)
                            .where(col(WebhookEndpoint.removed_at).is_(None))).all()
        found = session.info[_CACHE] = [(int(i or 0), list(e or [])) for i, e in rows]
    return [(i, e) for i, e in found if event_type in e]


def any_endpoint_wants(session: Session, event_types: tuple[str, ...]) -> bool:
    return any(_subscribed(session, t) for t in event_types)


# ---------------------------------------------------------------- emitting
def emit(session: Session, *, event_type: str, key: str, data: dict[str, Any], now: datetime,
         subject: str = "", endpoint_id: int | None = None) -> list[str]:
    """Queue the event for every endpoint that wants it (or for `endpoint_id` alone); the
    dedup keys queued now (none for an event queued before)."""
    if endpoint_id is not None:
        targets = [live_endpoint(session, endpoint_id).id or 0]
    else:
        targets = subscribed_endpoints(session, event_type)
    if not targets:
        return []
    ident = event_id(key)
    body = json.dumps({"id": ident, "type": event_type, "time": now.astimezone(UTC).isoformat(),
                       "data": data}, ensure_ascii=False, default=str)
    return enqueue(session, [_row(ident, key, event_type, target, body, subject, now)
                             for target in targets])


def _row(ident: str, key: str, event_type: str, endpoint: int, body: str, subject: str,
         now: datetime) -> dict[str, Any]:
    return {
        "dedup_key": copy_key(key, endpoint), "notice_key": f"webhook:{ident}",
        "kind": event_type, "subject": subject[:300], "person_id": None, "contact_id": None,
        "handle": "", "platform": PLATFORM, "chat_id": str(endpoint), "lang": "en",
        "timezone": "UTC", "text": body, "buttons": [], "urgent": True, "status": "pending",
        "attempts": 0, "next_attempt_at": now, "edit_of": None, "created_at": now,
    }


# ---------------------------------------------------------------- the delivery log
def record_attempt(session: Session, *, endpoint_id: int, outbox_id: int | None, event: str,
                   event_type: str, attempt: int, status_code: int | None, error: str | None,
                   duration_ms: int, now: datetime) -> None:
    session.add(WebhookDelivery(endpoint_id=endpoint_id, outbox_id=outbox_id, event_id=event,
                                event_type=event_type, attempt=attempt, status_code=status_code,
                                error=(error or None) and error[:500], duration_ms=duration_ms,
                                at=now))


def deliveries(session: Session, *, endpoint_id: int | None = None,
               limit: int = 50) -> list[WebhookDelivery]:
    """The latest attempts, newest first."""
    query = select(WebhookDelivery).order_by(col(WebhookDelivery.id).desc()).limit(limit)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    return list(session.exec(query).all())
