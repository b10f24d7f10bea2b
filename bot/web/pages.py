"""The signed-in pages: the visitor's projects, one project, its Gantt, documents, feedback.

Every refusal is the one 404 page: a project or document that does not exist and one that
is not shared with the visitor answer alike, so ids and codes reveal nothing.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.responses import FileResponse, RedirectResponse, Response

from bot.web.chart_png import chart_png
from bot.web.context import Portal, language, portal_of, signed_in
from bot.web.render import page
from bot.web.security import csrf_ok
from bot.web.signin import refused, require_sign_in
from bot.web.view import client_preview, project_page
from domain.core.actors import Actor
from domain.core.errors import DomainError, Forbidden, Invalid, NotFound
from domain.core.models import Document, Project
from domain.core.store import unit_of_work

router = APIRouter()
MAX_WAITING = 20


def not_found(request: Request, actor: Actor | None) -> Response:
    return page(request, "message.html", lang=language(request, actor), status=404,
                title_key="not_found", text_key="not_found_text", home=actor is not None,
                actor=actor)


def form_sender(request: Request, csrf: str) -> Actor | Response:
    """Who posted a portal form: the signed-in visitor, once the form's CSRF token is
    checked; otherwise the answer that turns the form away (sign in first, or the 403)."""
    with Session(portal_of(request).engine) as session:
        actor = signed_in(request, session)
    if actor is None:
        return require_sign_in(request)
    if not csrf_ok(request, csrf):
        return refused(request, language(request, actor))
    return actor


def flash_back(request: Request, back: str, text: str, *, error: bool) -> Response:
    """After a form: the page it came from, with one line saying what became of it."""
    request.session["flash"] = {"error": error, "text": text}
    return RedirectResponse(back, status_code=303)


def flashed_page(request: Request, template: str, actor: Actor, **context: object) -> Response:
    """A signed-in page showing (once) the line a form left for it."""
    flash = request.session.pop("flash", None)
    return page(request, template, lang=language(request, actor), actor=actor, flash=flash,
                **context)


def is_id(ref: str) -> bool:
    """A row id as typed in an address: digits, short enough for the column."""
    return ref.isdigit() and len(ref) < 12


@router.get("/portal/")
def projects(request: Request) -> Response:
    from domain.insight.status import portfolio_status
    from domain.notices.preferences import prefers_email

    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
        if actor is None:
            return require_sign_in(request)
        rows = portfolio_status(session, actor, today=portal.today(actor))
        by_email = prefers_email(session, actor)
        waiting = _waiting(session, actor)
    return page(request, "projects.html", lang=language(request, actor), actor=actor, rows=rows,
                by_email=by_email, mail_enabled=portal.mailer is not None, waiting=waiting)


def _waiting(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The requests waiting for this person's decision, as (id, label): chat's list (the
    oldest `MAX_WAITING`; chat's "what's waiting for me" has them all)."""
    from domain.requests.approvals import approval_label, pending_approvals

    if actor.is_contact:
        return []
    return [(int(a.id or 0), approval_label(session, a))
            for a in pending_approvals(session, actor)[:MAX_WAITING]]


@router.post("/portal/preferences")
def preferences(request: Request, email: str = Form(""), csrf: str = Form("")) -> Response:
    """Notices by e-mail or by chat: the visitor's own choice, nobody else's."""
    from domain.notices.preferences import prefer_email

    actor = form_sender(request, csrf)
    if not isinstance(actor, Actor):
        return actor
    portal = portal_of(request)
    with unit_of_work(portal.engine) as session:
        prefer_email(session, actor, prefers=email == "on", now=portal.clock())
    return RedirectResponse("/portal/", status_code=303)


@router.get("/portal/projects/{code}")
def project(request: Request, code: str, view: str = "") -> Response:
    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
        if actor is None:
            return require_sign_in(request)
        try:
            shown = project_page(session, actor, code, today=portal.today(actor),
                                 preview=view == "client", at_risk=portal.risks)
        except (NotFound, Forbidden):
            return not_found(request, actor)
    return flashed_page(request, "project.html", actor, p=shown)


@router.get("/portal/projects/{code}/gantt.png")
def gantt(request: Request, code: str, view: str = "") -> Response:
    from domain.insight.charts.data import gantt_data

    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
        if actor is None:
            return Response(status_code=401)
        try:
            seen_as = _viewer(session, actor, code, view)
            data = gantt_data(session, seen_as, project=code, today=portal.today(actor))
        except (NotFound, Forbidden):
            return not_found(request, actor)
    png = chart_png("gantt", data, language(request, actor))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


def _viewer(session: Session, actor: Actor, code: str, view: str) -> Actor:
    from domain.core.lookup import find_project

    project = find_project(session, actor, code)
    if project.code.lower() != code.strip().lower():
        raise NotFound("project.not_found", query=code, matches=[])
    return (client_preview(actor, project) if view == "client" else None) or actor


@router.get("/portal/documents/{ref}")
def document(request: Request, ref: str) -> Response:
    """A document's current file, by id only, after the same reading check as chat's."""
    from domain.clients.documents import can_read

    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
        if actor is None:
            return require_sign_in(request)
        doc = session.get(Document, int(ref)) if is_id(ref) else None
        if doc is None or doc.retired or not can_read(session, actor, doc):
            return not_found(request, actor)
        project = session.get(Project, doc.project_id)
        path = _stored_file(portal, project, doc)
    if path is None:
        return not_found(request, actor)
    return FileResponse(path, filename=doc.file_name,
                        headers={"Cache-Control": "private, no-store",
                                 "X-Content-Type-Options": "nosniff"})


def _stored_file(portal: Portal, project: Project | None, doc: Document) -> Path | None:
    """Where `pmbot docs add` kept the original, built from stored fields and checked to
    stay inside the files folder."""
    if project is None:
        return None
    root = Path(portal.files_root).resolve()
    path = (root / project.code / str(doc.id) / Path(doc.file_name).name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@router.post("/portal/projects/{code}/feedback")
def feedback(request: Request, code: str, milestone: str = Form(""), score: str = Form(""),
             comment: str = Form(""), csrf: str = Form("")) -> Response:
    from domain.clients.feedback import give_feedback
    from intents.messages.errors import render_error

    actor = form_sender(request, csrf)
    if not isinstance(actor, Actor):
        return actor
    portal = portal_of(request)
    back = f"/portal/projects/{code}"
    lang = language(request, actor)
    try:
        value = _score(score)
        with unit_of_work(portal.engine) as session:
            _viewer(session, actor, code, "")
            give_feedback(session, actor, project=code, score=value, note=comment[:2000],
                          milestone=milestone or None, scale=10, now=portal.clock())
    except (NotFound, Forbidden):
        return not_found(request, actor)
    except DomainError as error:
        return flash_back(request, back, render_error(error, lang), error=True)
    return flash_back(request, back, page_text("feedback_thanks", lang, milestone=milestone),
                      error=False)


def _score(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise Invalid("feedback.bad_score", score=text, low="0", high="10") from None


def page_text(key: str, lang: str, **params: object) -> str:
    from intents.messages import render

    return render(f"portal.{key}", lang, **params)
