"""The delivery worker: outbox rows out to Slack and Telegram, once, within rate limits.

    claim a batch (a lease) ─▶ per row: rate limit ─▶ send or edit ─▶ mark sent
                                              └─ failure ─▶ retry later (backoff / Retry-After)

A per-chat limit that is not free yet sends the row back to the queue for that long (the
worker never waits on one chat while others could be served); the overall Telegram limit
is waited out. A sender raises `Retry` for what may pass (429, 5xx, network) and `GiveUp`
for what cannot (a chat that does not exist). Limits are per process: several replicas
each keep their own, which the platforms' bursts tolerate.
"""
from __future__ import annotations

import logging
import os
import socket
import time
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.core.models import OutboxMessage
from domain.core.store import unit_of_work
from domain.notices.outbox import (
    claim,
    defer,
    mark_failed,
    mark_sent,
    mark_skipped,
    sent_copy,
)

log = logging.getLogger("pmbot.delivery")

PER_CHAT_SECONDS = {"telegram": 1.0, "slack": 1.0}
PER_SECOND_OVERALL = {"telegram": 30}


class Retry(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class GiveUp(Exception):
    pass


class Sender(Protocol):
    platform: str

    def send(self, row: OutboxMessage) -> str | None: ...  # the message's ref, for edits

    def edit(self, row: OutboxMessage, ref: str) -> None: ...


class RateLimits:
    """Telegram: 30 messages a second overall and one a second per chat; Slack: ~1/s per channel."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._chat_free: dict[tuple[str, str], float] = {}
        self._recent: dict[str, deque[float]] = defaultdict(deque)

    def chat_wait(self, platform: str, chat: str) -> float:
        return max(0.0, self._chat_free.get((platform, chat), 0.0) - self.clock())

    def overall_wait(self, platform: str) -> float:
        limit = PER_SECOND_OVERALL.get(platform)
        recent = self._recent[platform]
        now = self.clock()
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        if limit is None or len(recent) < limit:
            return 0.0
        return recent[0] + 1.0 - now

    def record(self, platform: str, chat: str) -> None:
        now = self.clock()
        self._chat_free[(platform, chat)] = now + PER_CHAT_SECONDS.get(platform, 0.0)
        self._recent[platform].append(now)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DeliveryWorker:
    def __init__(self, engine: Engine, senders: dict[str, Sender], *, name: str | None = None,
                 clock: Callable[[], datetime] = _utc_now, sleep: Callable[[float], None] = time.sleep,
                 limits: RateLimits | None = None, batch: int = 50) -> None:
        self.engine, self.senders, self.clock, self.sleep = engine, senders, clock, sleep
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.limits = limits or RateLimits()
        self.batch = batch

    def run_once(self) -> int:
        """Claim one batch and deliver it; the number of rows claimed."""
        if not self.senders:
            return 0
        with unit_of_work(self.engine) as session:
            rows = claim(session, worker=self.name, now=self.clock(), limit=self.batch,
                         platforms=list(self.senders))
        for row in rows:
            self.deliver(row)
        return len(rows)

    def drain(self, *, max_rounds: int = 1000) -> int:
        """Deliver until nothing is ready; the number of rows handled."""
        total = 0
        for _ in range(max_rounds):
            done = self.run_once()
            total += done
            if not done:
                break
        return total

    def deliver(self, row: OutboxMessage) -> None:
        sender = self.senders[row.platform]
        wait = self.limits.chat_wait(row.platform, row.chat_id)
        if wait > 0:
            with unit_of_work(self.engine) as session:
                defer(session, row.id, until=self.clock() + timedelta(seconds=wait))
            return
        pause = self.limits.overall_wait(row.platform)
        if pause > 0:
            self.sleep(pause)
        try:
            outcome = self._edit(sender, row) if row.edit_of else ("sent", sender.send(row))
        except Retry as error:
            self._failed(row, str(error), error.retry_after)
            return
        except GiveUp as error:
            self._failed(row, f"gave up: {error}", None, final=True)
            return
        except Exception as error:  # a bug or an unknown failure: retried, and logged
            log.exception("delivery of outbox row %s failed", row.id)
            self._failed(row, repr(error), None)
            return
        self.limits.record(row.platform, row.chat_id)
        self.sent(row, outcome)

    def sent(self, row: OutboxMessage, outcome: tuple[str, str | None]) -> None:
        status, ref = outcome
        with unit_of_work(self.engine) as session:
            if status == "sent":
                mark_sent(session, row.id, ref=ref, now=self.clock())
            else:
                mark_skipped(session, row.id, status=status, now=self.clock())

    def _edit(self, sender: Sender, row: OutboxMessage) -> tuple[str, str | None]:
        """Rewrite the copy this row refers to; a copy never sent is cancelled instead."""
        with Session(self.engine, expire_on_commit=False) as session:
            original = sent_copy(session, row.edit_of or "", row.platform, row.chat_id)
        if original is None or original.status in ("failed", "unreachable", "cancelled"):
            return "skipped", None
        if original.status == "pending":
            with unit_of_work(self.engine) as session:
                mark_skipped(session, original.id, status="cancelled", now=self.clock())
            return "skipped", None
        if not original.message_ref:
            return "skipped", None
        sender.edit(row, original.message_ref)
        return "sent", original.message_ref

    def _failed(self, row: OutboxMessage, error: str, retry_after: float | None,
                final: bool = False) -> None:
        log.warning("outbox row %s to %s:%s not delivered: %s", row.id, row.platform,
                    row.chat_id, error)
        with unit_of_work(self.engine) as session:
            mark_failed(session, row, error=error, now=self.clock(), retry_after=retry_after,
                        final=final)


# ---------------------------------------------------------------- the platforms
def _buttons(row: OutboxMessage) -> list[Any]:
    from intents.conversation.assistant import Button

    return [Button(b["label"], b["value"]) for b in row.buttons or []]


class SlackSender:
    """chat.postMessage into the person's DM (the user id as channel), Block Kit buttons."""

    platform = "slack"

    def __init__(self, client: Any) -> None:
        self.client = client

    def send(self, row: OutboxMessage) -> str | None:
        from bot.slack.blocks import ButtonsOrigin, reply_blocks
        from intents.conversation.assistant import Reply

        reply = Reply(row.text, _buttons(row))
        response = self._call(self.client.chat_postMessage, channel=row.chat_id, text=row.text,
                              blocks=reply_blocks(reply, ButtonsOrigin(row.chat_id, None)))
        return f"{response.get('channel') or row.chat_id}|{response.get('ts')}"

    def edit(self, row: OutboxMessage, ref: str) -> None:
        from bot.slack.blocks import text_section

        channel, _, ts = ref.partition("|")
        self._call(self.client.chat_update, channel=channel, ts=ts, text=row.text,
                   blocks=[text_section(row.text)])

    @staticmethod
    def _call(method: Callable[..., Any], **kwargs: Any) -> Any:
        from slack_sdk.errors import SlackApiError

        try:
            return method(**kwargs)
        except SlackApiError as error:
            status = error.response.status_code
            if status == 429:
                after = error.response.headers.get("Retry-After") or error.response.headers.get("retry-after")
                raise Retry("slack: rate limited", float(after or 1)) from error
            if status >= 500:
                raise Retry(f"slack: HTTP {status}") from error
            raise GiveUp(f"slack: {error.response.get('error')}") from error
        except OSError as error:
            raise Retry(f"slack: {error}") from error


def slack_client(token: str, api_url: str | None) -> Any:
    """A Web API client without automatic retries: the outbox decides when to try again."""
    from slack_sdk import WebClient

    base = (api_url or "https://slack.com/api/").rstrip("/") + "/"
    return WebClient(token=token, base_url=base, retry_handlers=[])


class TelegramSender:
    """sendMessage / editMessageText through python-telegram-bot, on the worker's own loop."""

    platform = "telegram"

    def __init__(self, token: str, api_url: str = "https://api.telegram.org") -> None:
        import asyncio

        from telegram import Bot

        from bot.telegram.send import ButtonValues, hide_in_logs

        hide_in_logs(token)
        root = api_url.strip().rstrip("/").removesuffix("/bot")
        self.bot = Bot(token, base_url=f"{root}/bot")
        self.values = ButtonValues()
        self.loop = asyncio.new_event_loop()
        self._ready = False

    def _run(self, coro: Any) -> Any:
        from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

        try:
            if not self._ready:
                self.loop.run_until_complete(self.bot.initialize())
                self._ready = True
            return self.loop.run_until_complete(coro())
        except RetryAfter as error:
            from bot.telegram.send import _retry_after_seconds

            raise Retry("telegram: flood limit", _retry_after_seconds(error)) from error
        except (BadRequest, Forbidden) as error:
            raise GiveUp(f"telegram: {error}") from error
        except NetworkError as error:
            raise Retry(f"telegram: {error}") from error

    def send(self, row: OutboxMessage) -> str | None:
        import html

        from telegram.constants import ParseMode

        from bot.telegram.send import chunks, keyboard

        parts = chunks(row.text)
        message = None
        for index, part in enumerate(parts):
            markup = keyboard(_buttons(row), self.values) if index == len(parts) - 1 else None

            async def send_part(part: str = part, markup: Any = markup) -> Any:
                return await self.bot.send_message(row.chat_id, html.escape(part),
                                                   parse_mode=ParseMode.HTML, reply_markup=markup)

            message = self._run(send_part)
        return f"{message.chat_id}|{message.message_id}" if message else None

    def edit(self, row: OutboxMessage, ref: str) -> None:
        import html

        from telegram.constants import ParseMode

        chat, _, message_id = ref.partition("|")

        async def edit() -> Any:
            return await self.bot.edit_message_text(html.escape(row.text[:3500]), chat_id=chat,
                                                    message_id=int(message_id),
                                                    parse_mode=ParseMode.HTML)

        self._run(edit)

    def close(self) -> None:
        if self._ready:
            self.loop.run_until_complete(self.bot.shutdown())
        self.loop.close()


def senders_from(settings: Any, engine: Engine | None = None) -> dict[str, Sender]:
    """A sender for each platform whose bot token (or SMTP server) is configured; e-mail
    reads the store (for the inline chart) through `engine`."""
    found: dict[str, Sender] = {}
    if getattr(settings, "slack_bot_token", None):
        found["slack"] = SlackSender(slack_client(settings.slack_bot_token, settings.slack_api_url))
    if getattr(settings, "telegram_bot_token", None):
        found["telegram"] = TelegramSender(settings.telegram_bot_token, settings.telegram_api_url)
    if getattr(settings, "smtp_url", None):
        from bot.outbound.email_sender import email_sender

        found["email"] = email_sender(settings, engine)
    if engine is not None:  # webhooks need no credentials: the endpoints are in the store
        from bot.outbound.webhooks import WebhookSender

        found["webhook"] = WebhookSender(engine)
    return found
