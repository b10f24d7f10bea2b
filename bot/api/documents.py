"""`/documents`: the documents the caller may read (`list_documents`) and their files.

The download is by id only and goes through `can_read` (chat's and the portal's reading
rule: internal documents for the team, client-visible ones for the client's contacts too,
restricted ones for their named readers); a document the caller may not read, a retired
version or a missing file is the same 404 as an id that does not exist.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import FileResponse, Response

from bot.api import pagination
from bot.api.context import CallerDep, context_of, reading
from bot.api.schemas import DocumentPage


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/documents", list_documents, methods=["GET"],
                         response_model=DocumentPage,
                         summary="Current documents the caller may read, by project and title")
    router.add_api_route("/documents/{document_id}/file", download, methods=["GET"],
                         response_class=FileResponse,
                         responses={200: {"description": "The document's current file",
                                          "content": {"application/octet-stream": {}}}},
                         summary="A readable document's file, by id")


def list_documents(request: Request, who: CallerDep,
                   project: str | None = Query(None, description="a code or name"),
                   cursor: str | None = Query(None),
                   limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                   ) -> dict[str, Any]:
    from domain.clients.documents import list_documents as listed

    start = pagination.position(cursor)
    with reading(context_of(request)) as session:
        views = listed(session, who.actor, project=project)
    items = [asdict(v) | {"added_at": v.added_at.isoformat(),
                          "visibility": str(getattr(v.visibility, "value", v.visibility))}
             for v in views]
    return pagination.slice_page(items, start, limit)


def download(document_id: int, request: Request, who: CallerDep) -> Response:
    from domain.clients.documents import can_read
    from domain.core.errors import NotFound
    from domain.core.models import Document, Project

    ctx = context_of(request)
    with reading(ctx) as session:
        doc = session.get(Document, document_id)
        readable = doc is not None and not doc.retired and can_read(session, who.actor, doc)
        project = session.get(Project, doc.project_id) if readable and doc is not None else None
        path = _stored_file(ctx.files_root, project.code, doc) if project and doc else None
    if path is None or doc is None:
        raise NotFound("documents.not_found", query=f"#{document_id}", matches=[])
    return FileResponse(path, filename=doc.file_name,
                        headers={"Cache-Control": "private, no-store"})


def _stored_file(root: str | None, code: str, doc: Any) -> Path | None:
    """Where the original was kept (files/<project>/<id>/<name>), kept inside the folder."""
    if root is None:
        return None
    base = Path(root).resolve()
    path = (base / code / str(doc.id) / Path(doc.file_name).name).resolve()
    return path if path.is_relative_to(base) and path.is_file() else None
