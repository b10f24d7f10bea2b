"""The outbox: notices waiting to be delivered, each to one chat account, exactly once.

    enqueue ─▶ pending ─claim─▶ (send) ─▶ sent
                  ▲                 └──▶ retry later (backoff, Retry-After) ─▶ … ─▶ failed

- `enqueue` inserts with ON CONFLICT DO NOTHING on the unique dedup key, so a notice
  computed by every tick, or by two replicas at once, is stored once.
- `claim` hands each ready row to one worker: `SELECT … FOR UPDATE SKIP LOCKED` on
  PostgreSQL, an atomic `UPDATE … WHERE` on SQLite (whose writers are serialised). A claim
  is a lease: a worker killed after sending but before `mark_sent` loses it after `LEASE`
  and the row is sent again — once more at most, and not at all where the platform call
  carries the row's idempotency key.
- Quiet hours (21:00–08:00 in the recipient's timezone) hold non-urgent rows until 08:00.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from domain.core.models import (
    ChatIdentity,
    ClientContact,
    NotificationPreference,
    OutboxMessage,
    Person,
)
from domain.notices.due import QUIET_FROM, QUIET_UNTIL, Candidate, Notice, Recipient, Settled

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=2)
RETRY_WEBHOOKS_FOR = timedelta(hours=24)  # an event to another system is kept trying for a day
CHUNK = 500



# ---------------------------------------------------------------- quiet hours
@lru_cache(maxsize=1024)
def release_time(now: datetime, timezone: str, *, urgent: bool) -> datetime:
    """`now`, or 08:00 the recipient's time when `now` falls in their quiet hours.

    Cached: a tick asks it for thousands of rows, with one `now` and a few timezones.
    """
    if urgent:
        return now
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=zone)


# ---------------------------------------------------------------- planning and enqueueing
Accounts = dict[tuple[str, int], list[tuple[str, str]]]  # (kind, id) -> [(platform, chat id)]
NOWHERE = [("", "")]  # the one "copy" of a notice to someone with no linked account


def linked_accounts(session: Session, *, with_email: bool = False) -> Accounts:
    """Every linked chat account by recipient, read once per tick (a row per account).

    With `with_email` (an SMTP server is configured), e-mail is one more platform: the
    address of everyone who has no chat account, or who prefers e-mail (then instead of chat).
    """
    rows = session.exec(select(ChatIdentity.person_id, ChatIdentity.contact_id,
                               ChatIdentity.platform, ChatIdentity.external_id)
                        .order_by(col(ChatIdentity.platform), col(ChatIdentity.id))).all()
    found: Accounts = {}
    for person, contact, platform, external in rows:
        owner = ("person", person) if person is not None else ("contact", contact)
        found.setdefault(owner, []).append((platform, external))
    if with_email:
        prefer = email_preferred(session)
        for owner, address in email_addresses(session).items():
            if owner in prefer or owner not in found:
                found[owner] = [("email", address)]
    return found


def email_addresses(session: Session) -> dict[tuple[str, int], str]:
    """(kind, id) → e-mail address, for everyone not erased who has one."""
    people = session.exec(select(Person.id, Person.email).where(
        col(Person.email).is_not(None), Person.email != "", Person.forgotten == False)).all()  # noqa: E712
    contacts = session.exec(select(ClientContact.id, ClientContact.email).where(
        col(ClientContact.email).is_not(None), ClientContact.email != "",
        ClientContact.forgotten == False)).all()  # noqa: E712
    return ({("person", int(i)): str(e).strip() for i, e in people}
            | {("contact", int(i)): str(e).strip() for i, e in contacts})


def email_preferred(session: Session) -> set[tuple[str, int | None]]:
    rows = session.exec(select(NotificationPreference.person_id, NotificationPreference.contact_id)
                        .where(col(NotificationPreference.prefers_email))).all()
    return {("person", p) if p is not None else ("contact", c) for p, c in rows}


def reach(accounts: Accounts, who: Recipient) -> list[tuple[str, str]]:
    return accounts.get((who.kind, who.id)) or NOWHERE


def targets(session: Session, notices: Iterable[Notice],
            accounts: Accounts | None = None) -> dict[str, list[tuple[str, str]]]:
    """(platform, chat id) pairs per notice: every linked account, or the copies to edit."""
    notices = list(notices)
    if accounts is None:
        accounts = linked_accounts(session)
    return {n.key: _copies(session, n.edit_of) if n.edit_of else reach(accounts, n.recipient)
            for n in notices}


def _copies(session: Session, notice_key: str) -> list[tuple[str, str]]:
    rows = session.exec(select(OutboxMessage.platform, OutboxMessage.chat_id)
                        .where(OutboxMessage.notice_key == notice_key,
                               OutboxMessage.platform != "")).all()
    return sorted(set(rows))


def copy_key(notice_key: str, platform: str, chat_id: str) -> str:
    return f"{notice_key}@{platform}:{chat_id}"[:300]


def dedup_key(notice: Notice, platform: str, chat_id: str) -> str:
    return copy_key(notice.key, platform, chat_id)


def stored_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these dedup keys the outbox holds (lookups on its unique index)."""
    known: set[str] = set()
    for chunk in _chunks(sorted(set(keys))):
        known.update(session.exec(select(OutboxMessage.dedup_key)
                                  .where(col(OutboxMessage.dedup_key).in_(chunk))).all())
    return known


def settled_in(session: Session, accounts: Accounts) -> Settled:
    """For `due()`: the candidate notices stored already for every account of their recipient.

    A recipient who links an account later is not settled for the notices still due: the
    new account has no copy yet, so it gets one (see docs/notifications.md).
    """
    def settled(candidates: list[Candidate]) -> set[str]:
        copies = {copy_key(key, platform, chat): key for key, who in candidates
                  for platform, chat in reach(accounts, who)}
        known = stored_keys(session, copies)
        return {key for key, _ in candidates} - {key for k, key in copies.items() if k not in known}
    return settled


def unsent(session: Session, notices: list[Notice],
           where: dict[str, list[tuple[str, str]]]) -> list[Notice]:
    """The notices with at least one copy not in the outbox yet."""
    keys = {dedup_key(n, p, c): n for n in notices for p, c in where.get(n.key, [])}
    known = stored_keys(session, keys)
    fresh = {id(n): n for k, n in keys.items() if k not in known}
    return [n for n in notices if id(n) in fresh]


def rows_for(notice: Notice, where: list[tuple[str, str]], *, text: str,
             buttons: list[dict[str, str]], now: datetime) -> list[dict[str, Any]]:
    who = notice.recipient
    notice_key = f"approval_request:{notice.approval_id}" if notice.approval_id else notice.key
    due_at = release_time(now, who.timezone, urgent=notice.urgent)
    return [{
        "dedup_key": dedup_key(notice, platform, chat), "notice_key": notice_key,
        "kind": notice.kind, "subject": notice.subject[:300],
        "person_id": who.id if who.kind == "person" else None,
        "contact_id": who.id if who.kind == "contact" else None,
        "handle": who.handle, "platform": platform, "chat_id": chat, "lang": who.lang,
        "timezone": who.timezone, "text": text, "buttons": buttons, "urgent": notice.urgent,
        "status": "pending" if platform else "unreachable", "attempts": 0,
        "next_attempt_at": due_at, "edit_of": notice.edit_of, "created_at": now,
    } for platform, chat in where]


def enqueue(session: Session, rows: list[dict[str, Any]]) -> list[str]:
    """Insert the rows not stored yet; the dedup keys actually inserted."""
    if not rows:
        return []
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        return _enqueue_sqlite(session, rows)
    insert = _insert_for(session)
    inserted: list[str] = []
    for chunk in _chunks(rows, 1000):
        stmt = insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedup_key"])
        result = session.execute(stmt.returning(OutboxMessage.dedup_key), chunk)
        inserted += [r[0] for r in result]
    session.flush()
    return inserted


def _enqueue_sqlite(session: Session, rows: list[dict[str, Any]]) -> list[str]:
    """The same on SQLite, as one executemany of ready-made values (a tick may queue 25,000).

    SQLite has one writer at a time: the rows this transaction inserts are exactly those
    whose id is above the largest id before it, so no RETURNING is needed to know them
    (and in the usual case, where every row goes in, not even that query). The values go
    through each column's own bind processor, once per distinct value.
    """
    fresh = list({row["dedup_key"]: row for row in reversed(rows)}.values())[::-1]
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect
    names = list(fresh[0])
    processors = {n: table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names}
    plain = [n for n in names if processors[n] is None]  # most columns: passed as they are
    typed = [(n, _converter(processors[n])) for n in names if processors[n] is not None]
    as_is = itemgetter(*plain)
    quote = dialect.identifier_preparer.quote
    columns = plain + [n for n, _ in typed]
    sql = (f"INSERT OR IGNORE INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    values = [as_is(row) + tuple(convert(row[n]) for n, convert in typed) for row in fresh]
    before = session.exec(select(func.max(OutboxMessage.id))).one() or 0
    result = session.connection().exec_driver_sql(sql, values)
    if result.rowcount == len(fresh):
        return [row["dedup_key"] for row in fresh]
    return list(session.exec(select(OutboxMessage.dedup_key).where(OutboxMessage.id > before)
                             .order_by(col(OutboxMessage.id))).all())


def _converter(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A column's bind processor, remembering its answer for values seen before (a tick's
    rows share a handful of timestamps and button sets)."""
    seen: dict[Any, Any] = {None: None}

    def convert(value: Any) -> Any:
        memo = repr(value) if isinstance(value, (list, dict)) else value
        try:
            return seen[memo]
        except KeyError:
            found = seen[memo] = process(value)
            return found
    return convert


def retire_placeholders(session: Session, notice_keys: Iterable[str]) -> int:
    """These notices now reach a linked account: their `unreachable` rows become `relinked`.

    Looked up first (a read on the unique index), so the common case writes nothing.
    """
    found = stored_keys(session, (copy_key(key, "", "") for key in notice_keys))
    for chunk in _chunks(sorted(found)):
        session.execute(update(OutboxMessage).where(
            col(OutboxMessage.dedup_key).in_(chunk), OutboxMessage.status == "unreachable")
            .values(status="relinked").execution_options(synchronize_session=False))
    return len(found)


def _insert_for(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


# ---------------------------------------------------------------- claiming and marking
def claim(session: Session, *, worker: str, now: datetime, limit: int = 50,
          platforms: Iterable[str] | None = None) -> list[OutboxMessage]:
    """Lease up to `limit` ready rows to `worker`; no other worker gets them meanwhile."""
    ready = select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
        or_(col(OutboxMessage.claimed_at).is_(None), OutboxMessage.claimed_at < now - LEASE))
    if platforms is not None:
        ready = ready.where(col(OutboxMessage.platform).in_(list(platforms)))
    ready = ready.order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.exec(ready.with_for_update(skip_locked=True)).all())
        target = col(OutboxMessage.id).in_(ids)
    else:
        ids, target = None, col(OutboxMessage.id).in_(ready.scalar_subquery())
    if ids == []:
        return []
    session.execute(update(OutboxMessage).where(target).where(
        or_(col(OutboxMessage.claimed_at).is_(None), OutboxMessage.claimed_at < now - LEASE))
        .values(claimed_by=worker, claimed_at=now).execution_options(synchronize_session=False))
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.claimed_by == worker,
                                                    OutboxMessage.claimed_at == now,
                                                    OutboxMessage.status == "pending")
                        .order_by(col(OutboxMessage.id))).all()
    return list(rows)


def mark_sent(session: Session, row_id: int, *, ref: str | None, now: datetime) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(
        status="sent", sent_at=now, message_ref=ref, claimed_by=None, claimed_at=None,
        attempts=OutboxMessage.attempts + 1, last_error=None))


def mark_skipped(session: Session, row_id: int, *, status: str, now: datetime) -> None:
    """Nothing to send any more (an edit of a message never sent, a request decided)."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(
        status=status, sent_at=now, claimed_by=None, claimed_at=None))


def mark_failed(session: Session, row: OutboxMessage, *, error: str, now: datetime,
                retry_after: float | None = None, final: bool = False) -> None:
    """Try again after an exponential backoff (or the platform's Retry-After); give up at last:
    a chat message after `MAX_ATTEMPTS`, a webhook event once `RETRY_WEBHOOKS_FOR` is over."""
    attempts = row.attempts + 1
    wait = min(BASE_BACKOFF * 2 ** min(attempts - 1, 16), MAX_BACKOFF)
    if retry_after is not None:
        wait = timedelta(seconds=retry_after)
    if row.platform == "webhook":
        final = final or now + wait > row.created_at + RETRY_WEBHOOKS_FOR
    if final or (attempts >= MAX_ATTEMPTS and row.platform != "webhook"):
        values: dict[str, Any] = {"status": "failed"}
    else:
        values = {"next_attempt_at": release_time(now + wait, row.timezone, urgent=row.urgent)}
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
        attempts=attempts, last_error=error[:500], claimed_by=None, claimed_at=None, **values))


def defer(session: Session, row_id: int, *, until: datetime) -> None:
    """Not now (a per-chat rate limit): back to the queue, no attempt counted."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(
        next_attempt_at=until, claimed_by=None, claimed_at=None))


def sent_copy(session: Session, notice_key: str, platform: str, chat_id: str) -> OutboxMessage | None:
    """The copy of a notice on one chat, to edit it, or to cancel it if still unsent."""
    return session.exec(select(OutboxMessage).where(
        OutboxMessage.notice_key == notice_key, OutboxMessage.platform == platform,
        OutboxMessage.chat_id == chat_id, col(OutboxMessage.edit_of).is_(None))
        .order_by(col(OutboxMessage.id))).first()


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
