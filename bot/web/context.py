"""What every portal request needs: the wiring (store, mailer, secret) and who is asking."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request

from bot.web.security import RateLimit
from domain.core.actors import Actor, local_today
from domain.people.signin import actor_by_id


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Portal:
    engine: Engine
    secret: str
    base_url: str
    files_root: str  # where document originals are kept (bootstrap.files_dir)
    default_timezone: str = "Asia/Shanghai"
    mailer: Any = None  # bot.outbound.email.Mailer, or None: links are only logged
    clock: Callable[[], datetime] = _utc_now
    per_address: RateLimit = field(default_factory=lambda: RateLimit(5, 15 * 60))
    per_ip: RateLimit = field(default_factory=lambda: RateLimit(30, 15 * 60))
    risks: Any = None  # bot.web.view.RiskCache, set by create_app

    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def today(self, actor: Actor) -> date:
        if actor.timezone is None:
            actor = Actor(actor.kind, actor.id, actor.handle, actor.name, actor.language,
                          self.default_timezone, actor.role, actor.client_id)
        return local_today(actor, self.clock())


def portal_of(request: Request) -> Portal:
    return request.app.state.portal  # type: ignore[no-any-return]


def signed_in(request: Request, session: Session) -> Actor | None:
    """The visitor behind the session cookie, or None (never signed in, or since erased)."""
    who = str(request.session.get("who") or "")
    kind, _, ident = who.partition(":")
    if kind not in ("person", "contact") or not ident.isdigit():
        return None
    return actor_by_id(session, kind, int(ident))


def language(request: Request, actor: Actor | None) -> str:
    """The switch's choice, else the profile's language, else the browser's first wish."""
    chosen = request.session.get("lang")
    if chosen in ("en", "zh"):
        return str(chosen)
    if actor is not None:
        return "zh" if actor.language.startswith("zh") else "en"
    accepted = request.headers.get("accept-language", "").lower()
    return "zh" if accepted.startswith("zh") else "en"
