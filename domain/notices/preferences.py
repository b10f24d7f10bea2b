"""What people do not want to hear: muted kinds of notice, weekdays without reminders.

Everyone decides for themselves only (a person or a client contact), so there is no
permission to check beyond being someone. `due()` reads the stored choices.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from domain.core import audit
from domain.core.actors import Actor
from domain.core.errors import Invalid
from domain.core.models import NotificationPreference
from domain.notices.due import MUTABLE


def _row(session: Session, actor: Actor, now: datetime) -> NotificationPreference:
    column = NotificationPreference.contact_id if actor.is_contact else NotificationPreference.person_id
    found = session.exec(select(NotificationPreference).where(column == actor.id)).first()
    if found is not None:
        return found
    row = NotificationPreference(updated_at=now)
    if actor.is_contact:
        row.contact_id = actor.id
    else:
        row.person_id = actor.id
    return row


def _check_someone(actor: Actor) -> None:
    if actor.kind == "person" and actor.id == 0:
        raise Invalid("notify.pref_nobody")


def _save(session: Session, actor: Actor, row: NotificationPreference, action: str,
          now: datetime, **payload: object) -> NotificationPreference:
    row.updated_at = now
    session.add(row)
    session.flush()
    audit.record(session, actor=actor.label, action=action, entity="notification_preference",
                 entity_id=row.id, payload={"muted": row.muted_kinds,
                                            "quiet_weekdays": row.quiet_weekdays, **payload},
                 now=now)
    return row


def mute(session: Session, actor: Actor, *, kinds: list[str], now: datetime) -> NotificationPreference:
    _check_someone(actor)
    unknown = [k for k in kinds if k not in MUTABLE]
    if unknown or not kinds:
        raise Invalid("notify.unknown_kind", kind=", ".join(unknown), options=list(MUTABLE))
    row = _row(session, actor, now)
    row.muted_kinds = sorted(set(row.muted_kinds or []) | set(kinds))
    return _save(session, actor, row, "notify.mute", now, changed=kinds)


def unmute(session: Session, actor: Actor, *, kinds: list[str] | None = None,
           now: datetime) -> NotificationPreference:
    """Hear these kinds again; with no kinds, everything (and on every weekday) again."""
    _check_someone(actor)
    row = _row(session, actor, now)
    if kinds:
        row.muted_kinds = sorted(set(row.muted_kinds or []) - set(kinds))
    else:
        row.muted_kinds, row.quiet_weekdays = [], []
    return _save(session, actor, row, "notify.unmute", now, changed=kinds or "all")


def skip_weekdays(session: Session, actor: Actor, *, weekdays: list[int],
                  now: datetime) -> NotificationPreference:
    """No reminders on these weekdays (0 = Monday)."""
    _check_someone(actor)
    if not weekdays or any(d not in range(7) for d in weekdays):
        raise Invalid("notify.bad_weekday", days=", ".join(map(str, weekdays)))
    row = _row(session, actor, now)
    row.quiet_weekdays = sorted(set(row.quiet_weekdays or []) | set(weekdays))
    return _save(session, actor, row, "notify.skip_days", now, changed=weekdays)


def prefer_email(session: Session, actor: Actor, *, prefers: bool,
                 now: datetime) -> NotificationPreference:
    """Notices by e-mail instead of chat (where an SMTP server is configured), or back to chat."""
    _check_someone(actor)
    row = _row(session, actor, now)
    row.prefers_email = prefers
    return _save(session, actor, row, "notify.prefer_email", now, prefers_email=prefers)


def prefers_email(session: Session, actor: Actor) -> bool:
    column = NotificationPreference.contact_id if actor.is_contact else NotificationPreference.person_id
    found = session.exec(select(NotificationPreference).where(column == actor.id)).first()
    return bool(found and found.prefers_email)
