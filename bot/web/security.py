"""Sessions, CSRF and rate limits for the portal.

The session is Starlette's signed cookie (itsdangerous): HttpOnly, SameSite=Lax, Secure
when the portal is served over https. It holds who signed in (`who` = "contact:7"), the
CSRF token and the chosen language, nothing else. Every POST carries the token in a hidden
field and is refused without it. Rate limits are kept per process, which is what one
portal replica needs; a shared limit would live in the database.
"""
from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable
from pathlib import Path

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
    """At most `limit` events per key within `window` seconds (a sliding window, per process)."""

    def __init__(self, limit: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[Hashable, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: Hashable) -> bool:
        return self.wait_for(key) == 0

    def wait_for(self, key: Hashable) -> int:
        """0 and the event counts, or the whole seconds to wait before the next one."""
        with self._lock:
            now = self.clock()
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return max(1, math.ceil(events[0] + self.window - now))
            events.append(now)
            return 0


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
