"""Signing in and out: the e-mail form, the magic link, the language switch.

The login form answers the same page whether or not the address is known, and mails in
the background (after the answer has gone), so not even the timing tells. The link from
the mail opens a confirmation page whose button signs in: mail scanners that fetch links
do not spend them.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Form, Request
from starlette.responses import RedirectResponse, Response

from bot.web.context import Portal, language, portal_of, signed_in
from bot.web.links import sign_in_url, unsign_token
from bot.web.render import page
from bot.web.security import csrf_ok, safe_next, start_session
from domain.core.errors import Invalid
from domain.core.store import unit_of_work
from domain.people.signin import LINK_TTL, issue_link_token, owner_of_email, redeem_link

log = logging.getLogger("pmbot.portal")
router = APIRouter()
MINUTES = int(LINK_TTL.total_seconds() // 60)


def refused(request: Request, lang: str) -> Response:
    return page(request, "message.html", lang=lang, status=403, title_key="csrf_failed",
                text_key="csrf_failed")


@router.get("/portal/login")
def login_form(request: Request) -> Response:
    return page(request, "login.html", lang=language(request, None), sent=False)


@router.post("/portal/login")
def login(request: Request, background: BackgroundTasks, email: str = Form(""),
          csrf: str = Form("")) -> Response:
    lang = language(request, None)
    if not csrf_ok(request, csrf):
        return refused(request, lang)
    portal = portal_of(request)
    address = email.strip().lower()[:254]
    ip = request.client.host if request.client else "?"
    if not (portal.per_ip.allow(ip) and portal.per_address.allow(address)):
        return page(request, "login.html", lang=lang, status=429, sent=False, too_many=True)
    background.add_task(mail_link, portal, address)
    return page(request, "login.html", lang=lang, sent=True, minutes=MINUTES)


def mail_link(portal: Portal, address: str) -> None:
    """Mail a link to the one person or contact with this address; anyone else: nothing."""
    from bot.outbound.email import sign_in_message

    with unit_of_work(portal.engine) as session:
        found = owner_of_email(session, address)
        if found is None:
            return
        owner, stored = found
        token = issue_link_token(session, owner, now=portal.clock())
    link = sign_in_url(portal.base_url, portal.secret, token)
    if portal.mailer is None:
        log.warning("no PMBOT_SMTP_URL: the sign-in link for %s was not mailed", owner.label)
        return
    lang = "zh" if owner.language.startswith("zh") else "en"
    try:
        portal.mailer.send(sign_in_message(to=stored, link=link, lang=lang, minutes=MINUTES))
    except Exception:
        log.exception("the sign-in link for %s could not be mailed", owner.label)


@router.get("/portal/auth")
def confirm(request: Request, t: str = "") -> Response:
    lang = language(request, None)
    if unsign_token(portal_of(request).secret, t) is None:
        return page(request, "message.html", lang=lang, status=400, title_key="sign_in",
                    text_key="link_invalid", retry=True)
    return page(request, "confirm.html", lang=lang, token=t)


@router.post("/portal/auth")
def sign_in(request: Request, t: str = Form(""), csrf: str = Form("")) -> Response:
    lang = language(request, None)
    if not csrf_ok(request, csrf):
        return refused(request, lang)
    portal = portal_of(request)
    token = unsign_token(portal.secret, t)
    try:
        if token is None:
            raise Invalid("portal.link_invalid")
        with unit_of_work(portal.engine) as session:
            actor = redeem_link(session, token, now=portal.clock())
    except Invalid:
        return page(request, "message.html", lang=lang, status=400, title_key="sign_in",
                    text_key="link_invalid", retry=True)
    start_session(request, actor.label.split(":")[0] + f":{actor.id}", request.session.get("lang"))
    return RedirectResponse(safe_next(request.session.pop("next", None)), status_code=303)


@router.post("/portal/logout")
def sign_out(request: Request, csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return refused(request, language(request, None))
    request.session.clear()
    return RedirectResponse("/portal/login", status_code=303)


@router.post("/portal/lang")
def switch_language(request: Request, lang: str = Form("en"), next: str = Form("/portal/"),
                    csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return refused(request, language(request, None))
    request.session["lang"] = "zh" if lang == "zh" else "en"
    return RedirectResponse(safe_next(next), status_code=303)


def require_sign_in(request: Request) -> RedirectResponse:
    """Where an anonymous visitor goes; the page they wanted is kept for after the link."""
    request.session["next"] = safe_next(request.url.path)
    return RedirectResponse("/portal/login", status_code=303)


__all__ = ["router", "require_sign_in", "signed_in"]
