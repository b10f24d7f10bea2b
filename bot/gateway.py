"""Where every chat platform meets the conversation core: identity, linking, dedup.

Adapters translate a platform event into `Incoming` and call `handle_incoming`; what comes
back is the platform-neutral `Reply` (text, buttons, image) they translate into API calls.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.bootstrap import App
from bot.gateway_limits import RateLimiter, screen
from domain.core.store import for_writing
from intents.conversation import journal
from intents.conversation.assistant import Reply

LIMITER = RateLimiter()  # per process: every adapter of this process shares it
LINK = re.compile(r"^\s*(?:link|/start|/link|绑定)\s+([A-Za-z0-9-]{6,40})\s*$", re.I)


@dataclass(frozen=True)
class Incoming:
    platform: str  # "slack" | "telegram" | "console"
    user_id: str  # the platform's own user id
    conversation_id: str  # channel / chat (+ thread), unique within the platform
    text: str
    email: str | None = None  # the platform's verified e-mail, when it tells us


def handle_incoming(app: App, incoming: Incoming, *, now: datetime) -> Reply:
    from domain.core.errors import DomainError
    from domain.people.linking import actor_for_chat, link_by_email, redeem_invite
    from intents.messages import render
    from intents.messages.errors import render_error

    started = time.perf_counter()

    def linking(reply: Reply, who: str) -> Reply:
        """Messages that never reach the core (linking, or a stranger) are logged here."""
        journal.message_handled(who=who, platform=incoming.platform, intent="link",
                                outcome=f"refused:{reply.error}" if reply.error else "ok",
                                started=started)
        return reply

    stranger = f"{incoming.platform}-user:{incoming.user_id}"
    text, refusal = screen(LIMITER, f"{incoming.platform}:{incoming.user_id}",
                           incoming.text or "", now, _lang_of(incoming.text))
    if refusal is not None:
        return refusal  # type: ignore[return-value]
    incoming = replace(incoming, text=text)
    match = LINK.match(incoming.text or "")
    with Session(for_writing(app.engine), expire_on_commit=False) as session:
        if match:
            try:
                actor = redeem_invite(session, code=match.group(1), platform=incoming.platform,
                                      external_id=incoming.user_id, now=now)
            except DomainError as error:
                session.rollback()
                return linking(Reply(render_error(error, _lang_of(incoming.text)),
                                     error=error.key), stranger)
            session.commit()
            return linking(Reply(render("link.linked", actor.language, name=actor.name,
                                        platform=incoming.platform.title())), journal.who(actor))
        actor = actor_for_chat(session, platform=incoming.platform, external_id=incoming.user_id)
        if actor is None and incoming.email:
            actor = link_by_email(session, platform=incoming.platform,
                                  external_id=incoming.user_id, email=incoming.email, now=now)
            session.commit()
    if actor is None:
        return linking(Reply(render("link.please_link", _lang_of(incoming.text)),
                             error="link.please_link"), stranger)
    conversation = f"{incoming.platform}:{incoming.conversation_id}"
    return app.assistant.respond(actor, incoming.text, conversation_id=conversation, now=now)


def first_time(app: App, *, platform: str, event_id: str, now: datetime) -> bool:
    """Record an event id; False when it was seen before (a retry or a duplicate update)."""
    from domain.core.models import ProcessedEvent

    with Session(app.engine) as session:
        session.add(ProcessedEvent(platform=platform, event_id=event_id, received_at=now))
        try:
            session.commit()
        except IntegrityError:
            return False
    return True


def _lang_of(text: str | None) -> str:
    return "zh" if text and re.search(r"[\u4e00-\u9fff]", text) else "en"
