"""`/documents`: the documents the caller may read (`list_documents`) and their files.

The download is by id only and goes through `can_read` (chat's and the portal's reading
rule: internal documents for the team, client-visible ones for the client's contacts too,
restricted ones for their named readers); a document the caller may not read, a retired
version or a missing file is the same 404 as an id that does not exist.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import FileResponse, JSONResponse, Response

from bot.api import pagination
from bot.api.auditing import record_write
from bot.api.context import CallerDep, WriterDep, context_of, reading
from bot.api.problems import ApiProblem
from bot.api.schemas import DocumentPage, UploadOut


def add_routes(router: APIRouter) -> None:
    router.add_api_route("/documents", list_documents, methods=["GET"],
                         response_model=DocumentPage,
                         summary="Current documents the caller may read, by project and title")
    router.add_api_route("/documents/{document_id}/file", download, methods=["GET"],
                         response_class=FileResponse,
                         responses={200: {"description": "The document's current file",
                                          "content": {"application/octet-stream": {}}}},
                         summary="A readable document's file, by id")
    router.add_api_route("/projects/{code}/documents", upload, methods=["POST"],
                         status_code=201, response_model=UploadOut,
                         summary="Add a document (multipart `file`), as `pmbot docs add`; the "
                                 "same file again is `unchanged` (200), a changed one a version")


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


def upload(code: str, request: Request, who: WriterDep, file: Annotated[UploadFile, File()],
           visibility: str = Form("internal", description="internal, client or restricted"),
           readers: str | None = Form(None, description="handles, for restricted")) -> Response:
    """Chat's upload path (`add_document`: register the version with the domain's checks,
    keep the original, index the passages; all or nothing). Re-sending the same bytes
    changes nothing, so a retried upload needs no Idempotency-Key."""
    from bot.files.uploads import MAX_BYTES, _parse, add_document, check_document
    from domain.core.store import unit_of_work

    ctx = context_of(request)
    name = Path(file.filename or "upload").name
    data = file.file.read(MAX_BYTES + 1)
    refused = check_document(name, data)
    if refused is not None:
        raise ApiProblem(422, refused[0], **refused[1])
    parsed, problem = _parse(name, data)
    if problem:
        raise ApiProblem(422, problem, file=name)
    names = [r.strip().lstrip("@") for r in (readers or "").split(",") if r.strip()] or None
    now = ctx.clock()
    result = add_document(ctx.bootstrap, ctx.index(), who.actor, data=data, file_name=name,
                          title=parsed.title, parsed=parsed, project=code,
                          visibility=visibility, readers=names, now=now)
    if result["status"] == "unchanged":
        return JSONResponse(result, status_code=200)
    with unit_of_work(ctx.engine) as session:  # the domain audited the version already
        from domain.clients.documents import list_documents as listed

        added = [v.id for v in listed(session, who.actor, project=result["project"])
                 if v.file == name]
        record_write(session, who, request, entity="document", ids=added, now=now)
    return JSONResponse(result | {"id": added[0] if added else None}, status_code=201)


def _stored_file(root: str | None, code: str, doc: Any) -> Path | None:
    """Where the original was kept (files/<project>/<id>/<name>), kept inside the folder."""
    if root is None:
        return None
    base = Path(root).resolve()
    path = (base / code / str(doc.id) / Path(doc.file_name).name).resolve()
    return path if path.is_relative_to(base) and path.is_file() else None
