"""Sessions, CSRF and rate limits for the portal.

The session is Starlette's signed cookie (itsdangerous): HttpOnly, SameSite=Lax, Secure
when the portal is served over https. It holds who signed in (`who` = "contact:7"), the
CSRF token and the chosen language, nothing else. Every POST carries the token in a hidden
field and is refused without it. Rate limits are counted in the store, shared by every
replica (`RateLimit` with an engine; see `bot.web.shared_limits`).
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from starlette.requests import Request

SESSION_COOKIE = "pmbot_session"
SESSION_DAYS = 7


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted and hmac.compare_digest(str(expected), submitted))


def start_session(request: Request, who: str, lang: str | None) -> None:
    """A fresh session for the signed-in visitor (nothing of the anonymous one survives)."""
    after = request.session.get("next")
    request.session.clear()
    request.session.update({"who": who, "csrf": secrets.token_urlsafe(24)})
    if lang:
        request.session["lang"] = lang
    if after:
        request.session["next"] = after


def safe_next(path: str | None) -> str:
    """Only a path inside the portal may be a redirect target (no open redirects)."""
    if path and path.startswith("/portal/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/portal/"


class RateLimit:
    """At most `limit` events per key within `window` seconds (a sliding window).

    With an `engine` the window lives in the store (`rate_limit_hit`), so every replica of
    the portal or the API counts the same events: five sign-in links per address means
    five, however many processes answer. Without one it is kept in this process (tests,
    benchmarks, a single replica). The clock is the wall clock: replicas share it.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.time,
                 *, engine: Any = None, name: str = "limit") -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.engine, self.name = engine, name
        self._events: dict[Hashable, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def shared(self, engine: Any, name: str) -> RateLimit:
        """The same limit, counted in the store under `name` (one name per kind of limit)."""
        return type(self)(self.limit, self.window, self.clock, engine=engine, name=name)

    def allow(self, key: Hashable) -> bool:
        return self.wait_for(key) == 0

    def wait_for(self, key: Hashable) -> int:
        """0 and the event counts, or the whole seconds to wait before the next one."""
        if self.engine is not None:
            from bot.web.shared_limits import wait_for

            return wait_for(self.engine, self.bucket(key), self.limit, self.window, self.clock())
        with self._lock:
            now = self.clock()
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return max(1, math.ceil(events[0] + self.window - now))
            events.append(now)
            return 0

    def bucket(self, key: Hashable) -> str:
        return hashlib.sha256(f"{self.name}:{key}".encode()).hexdigest()


def secret_key(settings: object) -> str:
    """PMBOT_SECRET_KEY, else a key made once and kept (0600) in PMBOT_DATA_DIR, so that links
    printed by `pmbot portal link` work in the server started by `pmbot serve`."""
    configured = getattr(settings, "secret_key", None)
    if configured:
        return str(configured)
    path = Path(getattr(settings, "data_dir", ".")) / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
