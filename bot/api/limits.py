"""Requests per token: the portal's sliding window, which also says how long to wait
(Retry-After)."""
from __future__ import annotations

import time
from collections.abc import Callable

from bot.web.security import RateLimit


class TokenRateLimit(RateLimit):
    """At most `limit` requests per token within `window` seconds, per process."""

    def __init__(self, limit: int = 600, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(limit, window, clock)
