"""Requests per token: the portal's sliding window, which also says how long to wait
(Retry-After), counted in the store so that every API replica shares it."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.web.security import RateLimit


class TokenRateLimit(RateLimit):
    """At most `limit` requests per token within `window` seconds; shared by every replica
    with an `engine` (as `api_router` builds it), per process without one."""

    def __init__(self, limit: int = 600, window: float = 60.0,
                 clock: Callable[[], float] = time.time, *, engine: Any = None,
                 name: str = "api.token") -> None:
        super().__init__(limit, window, clock, engine=engine, name=name)
