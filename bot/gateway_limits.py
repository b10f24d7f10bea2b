"""Abuse limits at the door, before a message costs the store or the parser anything.

- Length: a message longer than `MAX_MESSAGE_CHARS` is refused politely, never parsed.
- Rate: each chat account may send `BURST` messages per `WINDOW` seconds (message time);
  the first message past it is answered once with "slow down", the rest of the flood is
  dropped without a reply (`SILENCED`) and nothing is queued. Counters are bounded: one
  small deque per recent sender, forgotten once their window is over.
- Text: NUL, control and zero-width characters are removed before anything else.
"""
from __future__ import annotations

import threading
from collections import deque
from datetime import datetime

from domain.core.text_safety import clean

MAX_MESSAGE_CHARS = 4000
BURST, WINDOW = 20, 30.0
SILENCED = "limits.silenced"
MAX_SENDERS = 10_000


class RateLimiter:
    """Sliding windows per sender: "ok", "slow_down" (first over the limit) or "drop"."""

    def __init__(self, burst: int = BURST, window: float = WINDOW) -> None:
        self.burst, self.window = burst, window
        self._seen: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, sender: str, now: datetime) -> str:
        moment = now.timestamp()
        with self._lock:
            times = self._seen.setdefault(sender, deque(maxlen=self.burst + 1))
            while times and moment - times[0] >= self.window:
                times.popleft()
            if len(times) < self.burst:
                times.append(moment)
                self._warned.pop(sender, None)
                self._forget_idle(moment)
                return "ok"
            if sender in self._warned and moment - self._warned[sender] < self.window:
                return "drop"
            self._warned[sender] = moment
            return "slow_down"

    def _forget_idle(self, moment: float) -> None:
        if len(self._seen) <= MAX_SENDERS:
            return
        for sender in [s for s, t in self._seen.items() if not t or moment - t[-1] >= self.window]:
            self._seen.pop(sender, None)
            self._warned.pop(sender, None)


def screen(limiter: RateLimiter, sender: str, text: str, now: datetime,
           lang: str) -> tuple[str, object | None]:
    """(the cleaned text, None) to go on, or (text, Reply) to answer instead."""
    from intents.conversation.assistant import Reply
    from intents.messages import render

    verdict = limiter.check(sender, now)
    if verdict == "drop":
        return text, Reply("", error=SILENCED)
    if verdict == "slow_down":
        return text, Reply(render("limits.slow_down", lang, count=limiter.burst,
                                  seconds=f"{limiter.window:g}"), error="limits.slow_down")
    return admit(text, lang)


def admit(text: str, lang: str) -> tuple[str, object | None]:
    """The length and character rules alone (the console has one speaker, no flood)."""
    from intents.conversation.assistant import Reply
    from intents.messages import render

    if len(text) > MAX_MESSAGE_CHARS:
        return text, Reply(render("limits.too_long", lang, length=len(text),
                                  limit=MAX_MESSAGE_CHARS), error="limits.too_long")
    return clean(text), None
