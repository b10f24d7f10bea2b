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
from starlette.responses import Response

from bot.web.context import language, portal_of, signed_in
from bot.web.pages import flash_back, flashed_page, form_sender, is_id, not_found, page_text
from bot.web.signin import require_sign_in
from domain.core.actors import Actor
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
        if actor.is_contact or not is_id(ref):
            return not_found(request, actor)
        try:
            shown = approval_view(session, actor, int(ref))
        except (NotFound, Forbidden):
            return not_found(request, actor)
    return flashed_page(request, "approval.html", actor, a=shown)


@router.post("/portal/approvals/{ref}")
def decide_here(request: Request, ref: str, decision: str = Form(""), note: str = Form(""),
                csrf: str = Form("")) -> Response:
    from domain.requests.approvals import decide
    from intents.messages.errors import render_error

    actor = form_sender(request, csrf)
    if not isinstance(actor, Actor):
        return actor
    if actor.is_contact or not is_id(ref):
        return not_found(request, actor)
    portal = portal_of(request)
    lang = language(request, actor)
    back = f"/portal/approvals/{ref}"
    try:
        with unit_of_work(portal.engine) as session:
            done = decide(session, actor, decision=decision, request=int(ref),
                          note=note.strip()[:MAX_NOTE] or None, now=portal.clock())
            text = page_text(f"decided_{done.status}", lang, request=f"#{done.id}")
    except NotFound:
        return not_found(request, actor)
    except DomainError as error:  # not theirs to decide, already decided, a bad verdict
        return flash_back(request, back, render_error(error, lang), error=True)
    return flash_back(request, back, text, error=False)
