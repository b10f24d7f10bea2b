"""The webhook sender: an outbox row of platform "webhook" becomes one signed POST.

The worker claims and leases the row as it does a chat message (so two replicas never
post the same event to the same endpoint at once, and a worker killed mid-post loses its
lease and the row is posted again); this sender only signs, posts and logs the attempt.
A 2xx answer delivers; anything else (a 5xx, a 4xx, a refused connection, a timeout) is
retried with backoff for 24 hours (`Retry-After` honoured); a removed endpoint gives up.

Headers: `X-Pmbot-Signature: sha256=HMAC(secret, "{timestamp}.{body}")`,
`X-Pmbot-Timestamp` (Unix seconds, to refuse replays), `X-Pmbot-Event` (type),
`X-Pmbot-Event-Id` (the receiver's dedup key: a redelivery carries the same id).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.outbound.delivery import GiveUp, Retry
from domain.core.models import OutboxMessage, WebhookEndpoint
from domain.core.store import unit_of_work
from domain.notices.webhooks import record_attempt, signature

TIMEOUT_SECONDS = 10.0
USER_AGENT = "pmbot-webhooks/1"


class WebhookSender:
    platform = "webhook"

    def __init__(self, engine: Engine, *, timeout: float = TIMEOUT_SECONDS,
                 clock: Callable[[], float] = time.time, client: Any = None) -> None:
        import httpx

        self.engine, self.clock = engine, clock
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False,
                                              headers={"User-Agent": USER_AGENT})

    def send(self, row: OutboxMessage) -> str | None:
        with Session(self.engine) as session:
            endpoint = session.get(WebhookEndpoint, int(row.chat_id))
            if endpoint is None or endpoint.removed_at is not None:
                raise GiveUp("webhook: the endpoint was removed")
            url, secret = endpoint.url, endpoint.secret
        status, error, took = self._post(url, secret, row)
        self._log(row, status, error, took)
        if status is not None and 200 <= status < 300:
            return str(status)
        raise Retry(f"webhook: {error or f'HTTP {status}'}", self._retry_after)

    def _post(self, url: str, secret: str, row: OutboxMessage) -> tuple[int | None, str | None, int]:
        import httpx

        body = row.text.encode()
        stamp = str(int(self.clock()))
        headers = {"Content-Type": "application/json", "X-Pmbot-Timestamp": stamp,
                   "X-Pmbot-Signature": signature(secret, stamp, body),
                   "X-Pmbot-Event": row.kind, "X-Pmbot-Event-Id": _event_id(row)}
        self._retry_after: float | None = None
        started = time.perf_counter()
        try:
            response = self.client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            return None, f"{type(error).__name__}: {error}"[:500], _ms(started)
        self._retry_after = _seconds(response.headers.get("Retry-After"))
        return response.status_code, None, _ms(started)

    def _log(self, row: OutboxMessage, status: int | None, error: str | None, took: int) -> None:
        with unit_of_work(self.engine) as session:
            record_attempt(session, endpoint_id=int(row.chat_id), outbox_id=row.id,
                           event=_event_id(row), event_type=row.kind, attempt=row.attempts + 1,
                           status_code=status, error=error, duration_ms=took,
                           now=datetime.now(UTC))

    def edit(self, row: OutboxMessage, ref: str) -> None:
        raise GiveUp("webhook events are never edited")

    def close(self) -> None:
        self.client.close()


def _event_id(row: OutboxMessage) -> str:
    return row.notice_key.removeprefix("webhook:") or str(json.loads(row.text).get("id", ""))


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _seconds(value: str | None) -> float | None:
    """A Retry-After given in seconds (a date form is left to the backoff)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
