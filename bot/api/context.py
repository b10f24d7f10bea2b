"""What every API request needs: the store, the clock, the limit, and who is calling.

`Caller` is the token's owner as a domain `Actor`: every endpoint hands it to the same
domain services chat uses, so the API can never see or do more than that person could
in chat. `ProblemRoute` turns every error raised while answering (domain errors, the
API's own, malformed bodies) into problem+json in the caller's language.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.responses import Response

from bot.api.limits import TokenRateLimit
from bot.api.problems import ApiProblem, api_problem, domain_problem, problem
from domain.core.actors import Actor, local_today
from domain.core.errors import DomainError


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ApiContext:
    engine: Engine
    default_timezone: str = "Asia/Shanghai"
    clock: Callable[[], datetime] = _utc_now
    limit: TokenRateLimit = field(default_factory=TokenRateLimit)
    files_root: str | None = None  # where documents' originals are kept (PMBOT_DATA_DIR/files)
    bootstrap: Any = None  # the bootstrap App, for uploads (they keep files and index them)
    routes: list[Any] = field(default_factory=list)  # the API's own, for its OpenAPI document
    _index: Any = None

    def index(self) -> Any:
        """The knowledge index, opened on the first upload (heavy: never at start-up)."""
        if self._index is None:
            from bot.bootstrap import open_knowledge

            self._index = open_knowledge(self.bootstrap.settings)
        return self._index


@dataclass(frozen=True)
class Caller:
    token_id: int
    actor: Actor
    scopes: tuple[str, ...]

    @property
    def lang(self) -> str:
        return "zh" if self.actor.language.startswith("zh") else "en"

    @property
    def channel(self) -> str:
        """How audit events name this way in: `api:token:<id>`."""
        return f"api:token:{self.token_id}"


def context_of(request: Request) -> ApiContext:
    return request.scope["pmbot.api"]  # type: ignore[no-any-return]


def today_for(ctx: ApiContext, actor: Actor) -> date:
    if actor.timezone is None:
        actor = Actor(actor.kind, actor.id, actor.handle, actor.name, actor.language,
                      ctx.default_timezone, actor.role, actor.client_id)
    return local_today(actor, ctx.clock())


@contextmanager
def reading(ctx: ApiContext) -> Iterator[Session]:
    with Session(ctx.engine, expire_on_commit=False) as session:
        yield session


def caller(request: Request) -> Caller:
    """The token's owner, or 401; then the per-token rate limit, or 429 with Retry-After."""
    from domain.core.store import unit_of_work
    from domain.people.tokens import needs_touch, touch_token, verify_token

    ctx = context_of(request)
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiProblem(401, "api.unauthorized", headers={"WWW-Authenticate": "Bearer"})
    now = ctx.clock()
    with Session(ctx.engine) as session:  # a read: no write lock for every request
        found = verify_token(session, secret.strip(), now=now, touch=False)
        if found is None:
            raise ApiProblem(401, "api.unauthorized",
                             headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        row, actor = found
        who = Caller(int(row.id or 0), actor, tuple(row.scopes.split(",")))
        touch = needs_touch(row, now)
    if touch:
        with unit_of_work(ctx.engine) as session:
            touch_token(session, who.token_id, now=now)
    request.state.caller = who
    wait = ctx.limit.wait_for(who.token_id)
    if wait:
        raise ApiProblem(429, "api.rate_limited", headers={"Retry-After": str(wait)},
                         limit=ctx.limit.limit, seconds=int(ctx.limit.window), retry=wait)
    return who


def writer(request: Request) -> Caller:
    """A caller whose token may write, or 403."""
    who = caller(request)
    if "write" not in who.scopes:
        raise ApiProblem(403, "api.read_only")
    return who


def _language(request: Request) -> str:
    who = getattr(request.state, "caller", None)
    if who is not None:
        return str(who.lang)
    accepted = request.headers.get("accept-language", "").lower()
    return "zh" if accepted.startswith("zh") else "en"


def _validation_text(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body",))
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    return "; ".join(parts)


class ProblemRoute(APIRoute):
    """An API route whose errors all leave as problem+json (also when mounted in the portal),
    answering with its router's context (`route_class_for`)."""

    ctx: ApiContext | None = None

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        ctx = type(self).ctx

        async def answer(request: Request) -> Response:
            request.scope["pmbot.api"] = ctx
            try:
                return await handler(request)
            except ApiProblem as error:
                return api_problem(error, _language(request))
            except DomainError as error:
                return domain_problem(error, _language(request))
            except RequestValidationError as error:
                from intents.messages import render

                lang = _language(request)
                return problem(422, "api.bad_request",
                               render("api.bad_request", lang, problems=_validation_text(error)))
        return answer


def route_class_for(ctx: ApiContext) -> type[ProblemRoute]:
    """The routes of one router, bound to its context.

    Not a router dependency closing over `ctx`: FastAPI keeps every dependency and endpoint
    callable in module-level caches (4096 entries each), so a closure per router kept each
    router's context, bootstrap app, engine and routes alive long after the app was gone;
    a test process building an app per test grew by ~10,000 objects a test, and its full
    garbage collections, which stop every thread, took seconds."""
    return type("BoundProblemRoute", (ProblemRoute,), {"ctx": ctx})


CallerDep = Annotated[Caller, Depends(caller)]
WriterDep = Annotated[Caller, Depends(writer)]
