"""Ticks: what is due becomes outbox rows, then the delivery worker sends them.

APScheduler only triggers the two jobs (tick, deliver). Its job store is in memory and
holds nothing but those triggers: the outbox in the database is the source of truth, so
every replica may run its own scheduler (APScheduler forbids sharing a job store between
schedulers). All datetimes are timezone-aware and the scheduler runs in UTC, so no naive
moment is read in the machine's zone.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.notifications import Notice, due
from domain.outbox import enqueue, rows_for, targets, unsent
from domain.store import for_writing
from intents.messages import render

log = logging.getLogger("pmbot.scheduler")


def render_notice(notice: Notice) -> tuple[str, list[dict[str, str]]]:
    """The notice's words in the recipient's language, and its buttons."""
    lang = notice.recipient.lang
    text = "\n".join(render(key, lang, **params) for key, params in notice.lines)
    buttons: list[dict[str, str]] = []
    if notice.approval_id is not None:
        buttons = [{"label": render("button.approve", lang), "value": f"approve #{notice.approval_id}"},
                   {"label": render("button.reject", lang), "value": f"reject #{notice.approval_id}"}]
    return text, buttons


def tick(engine: Engine, now: datetime, *, default_timezone: str = "Asia/Shanghai",
         dry_run: bool = False) -> list[dict[str, Any]]:
    """Compute what is due and enqueue what is new; the new outbox rows (or would-be rows)."""
    with Session(for_writing(engine) if not dry_run else engine, expire_on_commit=False) as session:
        notices = due(session, now, default_timezone=default_timezone)
        where = targets(session, notices)
        fresh = unsent(session, notices, where)
        if dry_run:
            rows = [r for n in fresh for r in _rows(n, where, now)]
            session.rollback()
            return rows
        added = []
        for notice in fresh:
            if notice.opens_budget_approval:
                added += _with_budget_approval(session, notice, where, now)
        plain = [r for n in fresh if not n.opens_budget_approval for r in _rows(n, where, now)]
        inserted = set(enqueue(session, plain))
        added += [r for r in plain if r["dedup_key"] in inserted]
        session.commit()
        return sorted(added, key=lambda r: r["dedup_key"])


def _rows(notice: Notice, where: dict[str, list[tuple[str, str]]], now: datetime) -> list[dict]:  # type: ignore[type-arg]
    text, buttons = render_notice(notice)
    return rows_for(notice, where.get(notice.key, []), text=text, buttons=buttons, now=now)


def _with_budget_approval(session: Session, notice: Notice,
                          where: dict[str, list[tuple[str, str]]], now: datetime) -> list[dict]:  # type: ignore[type-arg]
    """Open the approval and enqueue its notice together, or neither (another replica won)."""
    from domain.notices_manager import open_budget_approval

    savepoint = session.begin_nested()
    asked = open_budget_approval(session, notice, now=now)
    rows = _rows(asked, where, now)
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
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine, self.default_timezone, self.worker = engine, default_timezone, worker
        self.tick_seconds, self.deliver_seconds, self.clock = tick_seconds, deliver_seconds, clock
        self._scheduler: Any = None

    def tick_now(self) -> None:
        try:
            added = tick(self.engine, self.clock(), default_timezone=self.default_timezone)
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
        scheduler.add_job(self.deliver_now,
                          IntervalTrigger(seconds=self.deliver_seconds, timezone=UTC),
                          id="notify-deliver", next_run_time=first)
        scheduler.start()
        self._scheduler = scheduler

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
