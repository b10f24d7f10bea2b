"""The portal's ASGI application, built from the bootstrap's `App`.

`create_app` returns a FastAPI app with the portal mounted under `/portal`; other routers
(the REST API, later) are passed in `routers` or included on the result. Pages are plain
HTML forms: nothing needs JavaScript, and the CSS is served from here (no CDN).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from bot.web.context import Portal
from bot.web.security import SESSION_COOKIE, SESSION_DAYS, secret_key

STATIC = Path(__file__).resolve().parent / "static"
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a sign-in link never leaks through a Referer
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def create_app(app: Any, *, mailer: Any = None, clock: Callable[[], datetime] | None = None,
               routers: Iterable[APIRouter] = ()) -> FastAPI:
    """The portal for the bootstrap `App` (settings + engine); `mailer` defaults to the
    one PMBOT_SMTP_URL describes."""
    from bot.bootstrap import files_dir
    from bot.outbound.email import Mailer
    from bot.web import approvals, pages, signin

    settings = app.settings
    portal = Portal(engine=app.engine, secret=secret_key(settings),
                    base_url=settings.portal_base(), files_root=str(files_dir(settings)),
                    default_timezone=settings.timezone,
                    mailer=mailer if mailer is not None else Mailer.from_settings(settings))
    if clock is not None:
        portal.clock = clock
    portal.per_address = portal.per_address.shared(app.engine, "portal.address")
    portal.per_ip = portal.per_ip.shared(app.engine, "portal.ip")
    from bot.web.view import RiskCache

    portal.risks = RiskCache()
    web = FastAPI(title="pmbot portal", docs_url=None, redoc_url=None, openapi_url=None)
    web.state.portal = portal
    web.add_middleware(SessionMiddleware, secret_key=portal.secret, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_DAYS * 86400, same_site="lax",
                       https_only=portal.base_url.startswith("https://"))
    web.middleware("http")(_security_headers)
    web.mount("/portal/static", StaticFiles(directory=STATIC), name="static")
    web.include_router(signin.router)
    web.include_router(pages.router)
    web.include_router(approvals.router)
    for router in routers:
        web.include_router(router)
    web.add_exception_handler(404, _not_found)
    web.add_api_route("/", _home, methods=["GET"], include_in_schema=False)
    web.add_api_route("/portal", _home, methods=["GET"], include_in_schema=False)
    return web


async def _home(request: Request) -> Response:
    return RedirectResponse("/portal/", status_code=307)


async def _not_found(request: Request, exc: Exception) -> Response:
    """An unknown address under the portal gets the portal's own 404 page; the API's
    routers (mounted later) keep their JSON errors."""
    from starlette.responses import JSONResponse

    if not request.url.path.startswith("/portal"):
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    from bot.web.pages import not_found

    return not_found(request, None)


async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
