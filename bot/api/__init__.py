"""The REST API, `/api/v1`: the same store, services and permission checks as chat.

`api_router(app)` is an `APIRouter` for the bootstrap `App`; the portal's app factory
includes it (`pmbot serve`, `pmbot serve web`), and `create_api_app(app)` serves it alone
(`pmbot serve api`). A Bearer token (`pmbot token create`) names the person or client
contact every request acts as; see `bot.api.context`. The OpenAPI document of these routes
alone is at `/api/v1/openapi.json`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, FastAPI, Request

from bot.api.context import ApiContext, context_of, route_class_for
from bot.api.limits import TokenRateLimit
from bot.api.problems import PROBLEM_SCHEMA

PREFIX = "/api/v1"
VERSION = "1.0.0"


def api_router(app: Any, *, clock: Callable[[], datetime] | None = None,
               limit: TokenRateLimit | None = None) -> APIRouter:
    """The API's routes for the bootstrap `App` (its engine and default timezone); the
    per-token limit is counted in the store unless one is given."""
    from bot.bootstrap import files_dir

    ctx = ApiContext(engine=app.engine, default_timezone=app.settings.timezone,
                     files_root=str(files_dir(app.settings)), bootstrap=app)
    if clock is not None:
        ctx.clock = clock
    ctx.limit = limit if limit is not None else TokenRateLimit(engine=app.engine)
    return router_for(ctx)


def router_for(ctx: ApiContext) -> APIRouter:
    from bot.api import (
        approvals,
        documents,
        expenses,
        milestones,
        projects,
        reports,
        tasks,
        time_entries,
    )

    router = APIRouter(prefix=PREFIX, route_class=route_class_for(ctx),
                       responses={401: _problem("No valid token"), 404: _problem("Not found"),
                                  429: _problem("Too many requests (see Retry-After)")})
    projects.add_routes(router)
    tasks.add_routes(router)
    time_entries.add_routes(router)
    for more in (milestones, expenses, approvals, documents, reports):
        more.add_routes(router)
    ctx.routes = list(router.routes)
    router.add_api_route("/openapi.json", _openapi, methods=["GET"], include_in_schema=False)
    return router


def _openapi(request: Request) -> dict[str, Any]:
    return openapi_document(context_of(request).routes)


def openapi_document(routes: list[Any]) -> dict[str, Any]:
    from fastapi.openapi.utils import get_openapi

    doc = get_openapi(title="pmbot REST API", version=VERSION, routes=routes,
                      description="Projects, milestones, tasks, time entries, expenses, requests, "
                                  "documents, reports and the export, as the token's owner "
                                  "sees them in chat. Errors are RFC 9457 problem+json.")
    doc.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    doc["security"] = [{"bearer": []}]
    return doc


def _problem(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def create_api_app(app: Any, **options: Any) -> FastAPI:
    """The API alone (`pmbot serve api`): no portal, no sessions."""
    web = FastAPI(title="pmbot REST API", docs_url=None, redoc_url=None, openapi_url=None)
    web.include_router(api_router(app, **options))
    return web
