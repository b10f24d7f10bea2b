"""Requests per token: a sliding window that also says how long to wait (Retry-After)."""
from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class TokenRateLimit:
    """At most `limit` requests per key within `window` seconds, per process."""

    def __init__(self, limit: int = 600, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[int, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait_for(self, key: int) -> int:
        """0 and the request counts, or the whole seconds to wait before the next one."""
        with self._lock:
            now = self.clock()
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return max(1, math.ceil(events[0] + self.window - now))
            events.append(now)
            return 0
