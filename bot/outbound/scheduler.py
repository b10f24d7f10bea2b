"""Ticks: what is due becomes outbox rows, then the delivery worker sends them.

APScheduler only triggers the two jobs (tick, deliver). Its job store is in memory and
holds nothing but those triggers: the outbox in the database is the source of truth, so
every replica may run its own scheduler (APScheduler forbids sharing a job store between
schedulers). All datetimes are timezone-aware and the scheduler runs in UTC, so no naive
moment is read in the machine's zone.
"""
from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.core.store import for_writing
from domain.notices.due import Notice, due
from domain.notices.outbox import (
    enqueue,
    linked_accounts,
    retire_placeholders,
    rows_for,
    settled_in,
    targets,
    unsent,
)
from domain.notices.webhook_events import emit_found_events
from intents.messages import catalogue, render

log = logging.getLogger("pmbot.scheduler")


def render_notice(notice: Notice) -> tuple[str, list[dict[str, str]]]:
    """The notice's words in the recipient's language, and its buttons."""
    lang = notice.recipient.lang
    text = "\n".join(_render_line(key, lang, params) for key, params in notice.lines)
    buttons: list[dict[str, str]] = []
    if notice.approval_id is not None:
        buttons = [{"label": render("button.approve", lang), "value": f"approve #{notice.approval_id}"},
                   {"label": render("button.reject", lang), "value": f"reject #{notice.approval_id}"}]
    if notice.asks_rating is not None:
        from intents.conversation.rating import rating_prompt

        code, milestone_id = notice.asks_rating
        milestone = notice.subject.split(" / ", 1)[-1]
        prompt = rating_prompt(lang, project=code, milestone=milestone, milestone_id=milestone_id)
        text += "\n" + prompt.text
        buttons = [{"label": b.label, "value": b.value} for b in prompt.buttons]
    return text, buttons


def _render_line(key: str, lang: str, params: dict[str, Any]) -> str:
    """`render`, with the template looked up once per key and language (a tick renders
    tens of thousands of lines)."""
    template = _template(key, lang)
    if template is None:
        return render(key, lang, **params)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


@lru_cache(maxsize=512)
def _template(key: str, lang: str) -> str | None:
    texts = catalogue().get(key)
    return None if texts is None else (texts.get(lang) or texts.get("en") or None)


def tick(engine: Engine, now: datetime, *, default_timezone: str = "Asia/Shanghai",
         dry_run: bool = False, with_risk: bool = False,
         with_email: bool = False, portal_url: str | None = None) -> list[dict[str, Any]]:
    """Compute what is due and enqueue what is new; the new outbox rows (or would-be rows).

    The computing is done in a read transaction, which blocks no one; only the inserts
    take the write lock. Whatever another replica queued meanwhile is skipped by the
    dedup keys when the rows go in.
    """
    with _without_gc_pauses(), Session(engine, expire_on_commit=False) as session:
        accounts = linked_accounts(session, with_email=with_email)
        notices = due(session, now, default_timezone=default_timezone,
                      settled=settled_in(session, accounts), with_risk=with_risk)
        where = targets(session, notices, accounts)
        fresh = unsent(session, notices, where)
        plain = [r for n in fresh if not n.opens_budget_approval or dry_run
                 for r in _rows(n, where, now, portal_url)]
        session.rollback()
    if dry_run:
        return plain
    with _without_gc_pauses(), Session(for_writing(engine), expire_on_commit=False) as session:
        added = []
        for notice in fresh:
            if notice.opens_budget_approval:
                added += _with_budget_approval(session, notice, where, now, portal_url)
        inserted = set(enqueue(session, plain))
        added += [r for r in plain if r["dedup_key"] in inserted]
        retire_placeholders(session, [n.key for n in fresh if any(p for p, _ in where[n.key])])
        _emit_webhook_events(session, now, default_timezone)
        session.commit()
    return sorted(added, key=lambda r: r["dedup_key"])


def _emit_webhook_events(session: Session, now: datetime, timezone: str) -> None:
    """Webhooks: what the clock finds (budgets crossed, tasks overdue), in a savepoint, so
    that a failure there (a missing exchange rate) never costs the tick its notices."""
    try:
        with session.begin_nested():
            emit_found_events(session, now, timezone=timezone)
    except Exception:
        log.exception("webhook events of the tick failed")


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """No cyclic garbage collection while a tick runs.

    A busy tick allocates a few hundred thousand short-lived tuples and dicts (rows, notices,
    outbox values) that form no cycles; the collector, triggered by every 700 of them, kept
    rescanning them and took a third of the tick's time. Reference counting still frees
    them; the collector resumes when the tick ends (if it was already off, e.g. during
    another thread's tick, it is left to whoever turned it off).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _rows(notice: Notice, where: dict[str, list[tuple[str, str]]], now: datetime,
          portal_url: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    text, buttons = render_notice(notice)
    rows = rows_for(notice, where.get(notice.key, []), text=text, buttons=buttons, now=now)
    if portal_url:
        for row in rows:
            if row["platform"] != "email":  # a mail carries the link in its own way
                row["text"] += "\n" + portal_link_line(portal_url, notice.subject, row["lang"],
                                                       approval=notice.approval_id)
    return rows


def portal_link_line(base: str, subject: str, lang: str, approval: int | None = None) -> str:
    """"Open in the portal: URL" for the project a notice is about (its subject's code), or
    for a request (its approval, or a subject "#12"): the page where it is decided."""
    from bot.web.links import approval_url
    from intents.handlers.links import portal_url

    ref = subject.strip().removeprefix("#")
    if approval is None and subject.strip().startswith("#") and ref.isdigit():
        approval = int(ref)
    if approval is not None:
        return render("portal.decide_in_portal", lang, url=approval_url(base, approval))
    code = subject.split(" / ", 1)[0].strip()
    return render("portal.open_in_portal", lang,
                  url=portal_url(base, code if code and " " not in code else None))


def _with_budget_approval(session: Session, notice: Notice,
                          where: dict[str, list[tuple[str, str]]], now: datetime,
                          portal_url: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    """Open the approval and enqueue its notice together, or neither (another replica won)."""
    from domain.notices.manager import open_budget_approval

    savepoint = session.begin_nested()
    asked = open_budget_approval(session, notice, now=now)
    rows = _rows(asked, where, now, portal_url)
    inserted = set(enqueue(session, rows))
    if not inserted:
        savepoint.rollback()
        return []
    savepoint.commit()
    return [r for r in rows if r["dedup_key"] in inserted]


class NotifyScheduler:
    """A BackgroundScheduler with two interval jobs; the outbox does the remembering."""

    def __init__(self, engine: Engine, *, default_timezone: str, worker: Any | None = None,
                 tick_seconds: float = 60, deliver_seconds: float = 5,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 with_email: bool = False, portal_url: str | None = None) -> None:
        self.engine, self.default_timezone, self.worker = engine, default_timezone, worker
        self.with_email, self.portal_url = with_email, portal_url
        self.tick_seconds, self.deliver_seconds, self.clock = tick_seconds, deliver_seconds, clock
        self._scheduler: Any = None

    def tick_now(self, *, with_risk: bool = False) -> None:
        try:
            added = tick(self.engine, self.clock(), default_timezone=self.default_timezone,
                         with_risk=with_risk, with_email=self.with_email,
                         portal_url=self.portal_url)
            if added:
                log.info("%d notice(s) queued", len(added))
        except Exception:  # a failed tick is logged; the next one tries again
            log.exception("notification tick failed")

    def deliver_now(self) -> None:
        if self.worker is None:
            return
        try:
            self.worker.drain(max_rounds=20)
        except Exception:
            log.exception("delivery round failed")

    def start(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.jobstores.memory import MemoryJobStore
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        scheduler = BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
            timezone=UTC)
        first = datetime.now(UTC)
        scheduler.add_job(self.tick_now, IntervalTrigger(seconds=self.tick_seconds, timezone=UTC),
                          id="notify-tick", next_run_time=first)
        scheduler.add_job(self.tick_now, IntervalTrigger(hours=1, timezone=UTC),
                          kwargs={"with_risk": True}, id="notify-risk", next_run_time=first)
        scheduler.add_job(self.deliver_now,
                          IntervalTrigger(seconds=self.deliver_seconds, timezone=UTC),
                          id="notify-deliver", next_run_time=first)
        scheduler.start()
        self._scheduler = scheduler

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
