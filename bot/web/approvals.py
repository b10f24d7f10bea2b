"""Approvals on the portal: the page an approval e-mail links to, with approve / reject.

For the firm's people who take notices by e-mail (a mail has no buttons): the page shows
the request as chat's list does and, to someone who may decide it, a form (CSRF token,
an optional note) that calls the same `decide` as chat's "approve #12". The domain
checks who may decide and audits the choice; the requester hears of it through the
outbox's `request_decided` notice, exactly as after a decision in chat. A request the
visitor may neither decide nor has asked for is the portal's one 404 page.
"""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from bot.web.context import language, portal_of, signed_in
from bot.web.pages import not_found
from bot.web.render import page
from bot.web.security import csrf_ok
from bot.web.signin import refused, require_sign_in
from domain.core.errors import DomainError, Forbidden, NotFound
from domain.core.store import unit_of_work

router = APIRouter()
MAX_NOTE = 500


@router.get("/portal/approvals/{ref}")
def approval(request: Request, ref: str) -> Response:
    from domain.requests.approvals import approval_view

    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
        if actor is None:
            return require_sign_in(request)
        if actor.is_contact or not _is_id(ref):
            return not_found(request, actor)
        try:
            shown = approval_view(session, actor, int(ref))
        except (NotFound, Forbidden):
            return not_found(request, actor)
    flash = request.session.pop("flash", None)
    return page(request, "approval.html", lang=language(request, actor), actor=actor, a=shown,
                flash=flash)


@router.post("/portal/approvals/{ref}")
def decide_here(request: Request, ref: str, decision: str = Form(""), note: str = Form(""),
                csrf: str = Form("")) -> Response:
    from domain.requests.approvals import decide
    from intents.messages.errors import render_error

    portal = portal_of(request)
    with Session(portal.engine) as session:
        actor = signed_in(request, session)
    if actor is None:
        return require_sign_in(request)
    lang = language(request, actor)
    if not csrf_ok(request, csrf):
        return refused(request, lang)
    if actor.is_contact or not _is_id(ref):
        return not_found(request, actor)
    back = f"/portal/approvals/{ref}"
    try:
        with unit_of_work(portal.engine) as session:
            done = decide(session, actor, decision=decision, request=int(ref),
                          note=note.strip()[:MAX_NOTE] or None, now=portal.clock())
            text = _said(f"decided_{done.status}", lang, request=f"#{done.id}")
    except NotFound:
        return not_found(request, actor)
    except DomainError as error:  # not theirs to decide, already decided, a bad verdict
        request.session["flash"] = {"error": True, "text": render_error(error, lang)}
        return RedirectResponse(back, status_code=303)
    request.session["flash"] = {"error": False, "text": text}
    return RedirectResponse(back, status_code=303)


def _is_id(ref: str) -> bool:
    return ref.isdigit() and len(ref) < 12


def _said(key: str, lang: str, **params: object) -> str:
    from intents.messages import render

    return render(f"portal.{key}", lang, **params)
