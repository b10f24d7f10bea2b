"""Notification preferences said in chat ("mute the weekly digest", "周五不要提醒我"), carried out.

The words are read by `intents.understanding.preferences` as the `notification_preferences`
intent; `handle_notification_preferences` (in `intents.handlers.commands`) and
`preference_command` (the same, from raw text) land here.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Reply
from intents.messages import render
from intents.messages.errors import render_error
from intents.understanding.preferences import read


def preference_command(session: Session, actor: Actor, text: str, now: datetime) -> Reply | None:
    """Carry out a preference command, or None when the text is not one."""
    from intents.extract.text import detect_lang

    said = " ".join((text or "").split())
    command = read(said) if said else None
    if command is None:
        return None
    action, value = command
    return carry_out(session, actor, action, value, actor.language or detect_lang(said), now)


def carry_out(session: Session, actor: Actor, action: str, value: object, lang: str,
              now: datetime) -> Reply:
    """In a savepoint: a refused preference writes nothing and is answered in `lang`."""
    savepoint = session.begin_nested()
    try:
        reply = _carry_out(session, actor, action, value, lang, now)
        savepoint.commit()
        return reply
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, lang), error=error.key)


def _carry_out(session: Session, actor: Actor, action: str, value: object, lang: str,
               now: datetime) -> Reply:
    from domain.notices.preferences import mute, skip_weekdays, unmute

    if action == "days":
        days = list(value)  # type: ignore[call-overload]
        skip_weekdays(session, actor, weekdays=days, now=now)
        names = render("pref.and", lang).join(render(f"weekday.{d}", lang) for d in days)
        return Reply(render("pref.skip_days", lang, days=names))
    kinds = list(value) if value else None  # type: ignore[call-overload]
    what = render("pref.and", lang).join(
        dict.fromkeys(render(f"notice.kind.{k}", lang) for k in kinds or []))
    if action == "mute":
        mute(session, actor, kinds=kinds or [], now=now)
        return Reply(render("pref.muted", lang, what=what))
    unmute(session, actor, kinds=kinds, now=now)
    return Reply(render("pref.unmuted", lang, what=what) if kinds else render("pref.unmuted_all", lang))
