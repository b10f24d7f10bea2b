"""Bot API calls that survive flood limits and network failures, and Replies as messages.

`deliver` wraps every call: a 429's `retry_after` is waited out, a network failure or a
5xx is retried with backoff, a 400 is raised at once; after the last attempt the failure
is logged and raised, never dropped. `send_reply` is what the delivery worker uses too.
"""
from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.gateway_limits import SILENCED

log = logging.getLogger("pmbot.telegram")
T = TypeVar("T")

MAX_TEXT = 3500  # raw characters per message: below Telegram's 4096 even after HTML escaping
MAX_CALLBACK_BYTES = 64
SEND_ATTEMPTS = 5


# ---------------------------------------------------------------- delivery
async def deliver(send: Callable[[], Awaitable[T]], *, what: str,
                  attempts: int = SEND_ATTEMPTS) -> T:
    """Call the Bot API, waiting out flood limits and retrying network failures.

    A 400 (bad request) is not retried: sending it again cannot succeed. When every attempt
    failed the error is logged and raised, so the handler's failure is seen, never dropped.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except RetryAfter as error:
            wait = _retry_after_seconds(error)
            log.warning("telegram %s: flood limit, retrying in %.1fs", what, wait)
        except BadRequest:
            raise
        except NetworkError as error:
            wait = min(0.5 * 2 ** (attempt - 1), 15.0)
            log.warning("telegram %s failed (%s), attempt %d/%d", what, error, attempt, attempts)
        if attempt == attempts:
            break
        await asyncio.sleep(wait)
    log.error("telegram %s failed after %d attempts; giving up", what, attempts)
    raise NetworkError(f"{what} failed after {attempts} attempts")


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int form becomes a timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ButtonValues:
    """callback_data for a button: its value when short enough, else a key kept here.

    Telegram limits callback_data to 64 bytes; longer values are stored (newest 5000 kept)
    under a short hash key. A key lost to a restart is answered with "type it instead".
    """

    PREFIX = "k:"

    def __init__(self, limit: int = 5000) -> None:
        self._values: OrderedDict[str, str] = OrderedDict()
        self._limit = limit

    def data_for(self, value: str) -> str:
        if len(value.encode()) <= MAX_CALLBACK_BYTES and not value.startswith(self.PREFIX):
            return value
        key = self.PREFIX + hashlib.sha256(value.encode()).hexdigest()[:24]
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self._limit:
            self._values.popitem(last=False)
        return key

    def value_of(self, data: str | None) -> str | None:
        if not data:
            return None
        return self._values.get(data) if data.startswith(self.PREFIX) else data


def keyboard(buttons: Sequence[Any], values: ButtonValues) -> InlineKeyboardMarkup | None:
    """Reply.buttons as an inline keyboard, three to a row."""
    if not buttons:
        return None
    keys = [InlineKeyboardButton(b.label[:64], callback_data=values.data_for(b.value))
            for b in buttons]
    return InlineKeyboardMarkup([keys[i:i + 3] for i in range(0, len(keys), 3)])


def chunks(text: str, size: int = MAX_TEXT) -> list[str]:
    """Split long text at line breaks where possible; escaping happens per chunk."""
    text = text or "…"
    parts: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > size // 2 else size
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return parts + [text]


async def send_reply(bot: Any, chat_id: int | str, reply: Any, *, values: ButtonValues,
                     thread_id: int | None = None, reply_to: int | None = None) -> None:
    """Send a core `Reply`: its text (escaped), its buttons on the last part, then its image."""
    if getattr(reply, "error", None) == SILENCED:
        return  # a flood past its one "slow down": nothing is sent
    parts = chunks(reply.text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        target = ReplyParameters(reply_to, allow_sending_without_reply=True) \
            if reply_to and index == 0 else None
        await deliver(partial(bot.send_message, chat_id, html.escape(part),
                              parse_mode=ParseMode.HTML, message_thread_id=thread_id,
                              reply_markup=keyboard(reply.buttons, values) if last else None,
                              reply_parameters=target), what="sendMessage")
    if reply.image:
        await send_photo(bot, chat_id, reply.image, thread_id=thread_id)


async def send_photo(bot: Any, chat_id: int | str, image: Path | str, *,
                     thread_id: int | None = None) -> None:
    photo = Path(image).read_bytes()  # bytes, so that a retry re-sends the whole file
    await deliver(partial(bot.send_photo, chat_id, photo, message_thread_id=thread_id),
                  what="sendPhoto")


# ---------------------------------------------------------------- secrets
_HIDDEN: set[str] = set()


def hide_in_logs(secret: str) -> None:
    """Replace the secret by "<hidden>" in every log record (httpx logs URLs with the token)."""
    if not secret or secret in _HIDDEN:
        return
    _HIDDEN.add(secret)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: the logger's problem
            return record
        if secret in text:
            record.msg, record.args = text.replace(secret, "<hidden>"), None
        return record

    logging.setLogRecordFactory(factory)
