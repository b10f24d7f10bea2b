"""`GET /reports/{kind}` and `GET /export`: the command line's JSON, over HTTP.

A report is `build_report` for the token's owner, serialised by `report_dict` (what
`pmbot report KIND --format json --as HANDLE` prints, number for number): the reports'
own scope rules decide which projects count (a manager's, an admin's all; contacts get
the satisfaction of their client's projects only where the report allows). The export
is `pmbot export`'s workspace dump, for admins only.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from bot.api.context import CallerDep, context_of, reading, today_for
from bot.api.problems import ApiProblem

KINDS = ("profit", "variance", "utilisation", "utilization", "satisfaction")


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/reports/{kind}", report, methods=["GET"],
                         response_model=dict[str, Any],
                         summary="profit, variance, utilisation or satisfaction, as "
                                 "`pmbot report KIND --format json` prints it")
    router.add_api_route("/export", export, methods=["GET"], response_model=dict[str, Any],
                         summary="The whole workspace in the import format (admins only)")


def report(kind: str, request: Request, who: CallerDep,
           project: str | None = Query(None), client: str | None = Query(None),
           start: Annotated[date | None, Query(alias="from")] = None,
           end: Annotated[date | None, Query(alias="to")] = None) -> Any:
    import json

    from starlette.responses import Response

    from bot.files.reports import report_dict
    from domain.insight.reports import build_report

    if kind.lower() not in KINDS:
        raise ApiProblem(404, "api.report_kind", kind=kind[:40], choices=", ".join(KINDS[:3] + KINDS[4:]))
    ctx = context_of(request)
    with reading(ctx) as session:
        result = build_report(session, who.actor, kind=kind, project=project, client=client,
                              start=start, end=end, today=today_for(ctx, who.actor))
    text = json.dumps(report_dict(result), ensure_ascii=False, default=str)
    return Response(text, media_type="application/json")


def export(request: Request, who: CallerDep) -> Any:
    import json

    from starlette.responses import Response

    from domain.workspace.export import export_workspace

    if not who.actor.is_admin:
        raise ApiProblem(403, "api.admin_only")
    with reading(context_of(request)) as session:
        data = export_workspace(session)
    return Response(json.dumps(data, ensure_ascii=False, default=str),
                    media_type="application/json")
