"""What pmbot should say, unasked, at a given moment: `due(session, now)`.

`due` is a pure function of the store and the clock. It never writes, so it is tested by
moving the clock; the scheduler turns its answer into outbox rows, whose unique dedup
keys make a notice computed on every tick (or by every replica) go out once. Every rule
is a handful of set-based queries over all projects at once (see `notices_client`,
`notices_team`, `notices_manager`); Python only walks the few candidate rows that come
back, to place them on each recipient's own clock and calendar.

A notice carries message keys and parameters, not text: the words are chosen at the edge,
in the recipient's language, from the message catalogue.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from domain.core.models import NotificationPreference

DAY_STARTS = time(9, 0)  # client notices and nudges go out from 09:00 their time
WORKDAY_ENDS = time(18, 0)  # the hours reminder, at the end of the workday
QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
CATCH_UP_DAYS = 7  # a slipped milestone or an overdue task is still news for a week

# kinds a person may mute, and those that "no reminders on Fridays" silences
MUTABLE = ("weekly_digest", "milestone_upcoming", "milestone_reached", "milestone_slipped",
           "hours_reminder", "task_overdue", "budget_threshold", "approval_waiting",
           "milestone_forecast")
REMINDERS = ("hours_reminder", "task_overdue", "approval_waiting")

# the country whose public holidays a person keeps, when Person.country is not set
COUNTRY_OF_ZONE = {
    "Asia/Shanghai": "CN", "Asia/Chongqing": "CN", "Asia/Hong_Kong": "HK", "Asia/Taipei": "TW",
    "Asia/Singapore": "SG", "Asia/Tokyo": "JP", "Asia/Seoul": "KR", "Asia/Kolkata": "IN",
    "Europe/Berlin": "DE", "Europe/London": "GB", "Europe/Paris": "FR", "Europe/Madrid": "ES",
    "Europe/Rome": "IT", "Europe/Amsterdam": "NL", "Europe/Zurich": "CH", "Europe/Vienna": "AT",
    "America/New_York": "US", "America/Chicago": "US", "America/Los_Angeles": "US",
    "Australia/Sydney": "AU",
}


@dataclass(frozen=True)
class Recipient:
    kind: str  # "person" or "contact"
    id: int
    handle: str
    lang: str
    timezone: str


@dataclass(frozen=True, eq=False)
class Notice:
    """One thing to tell one recipient. `key` identifies it for ever (the dedup key)."""

    kind: str
    key: str
    recipient: Recipient
    subject: str  # project code, or "CODE / milestone"
    lines: tuple[tuple[str, dict[str, Any]], ...]  # (message key, params), one per line
    urgent: bool = False
    approval_id: int | None = None  # offers approve / reject buttons
    edit_of: str | None = None  # rewrites the sent copies of that notice
    opens_budget_approval: bool = False
    project_id: int | None = None
    asks_rating: tuple[str, int] | None = None  # (project code, milestone id): 0–10 buttons

    def with_approval(self, approval_id: int) -> Notice:
        return replace(self, approval_id=approval_id)


Candidate = tuple[str, Recipient]  # (notice key, recipient): a notice not built yet
Settled = Callable[[list[Candidate]], set[str]]


def nothing_settled(candidates: list[Candidate]) -> set[str]:
    return set()


@dataclass
class Clock:
    """`now`, seen from every recipient's timezone and calendar, for one tick.

    `settled` names the candidate notices already stored for every chat account of their
    recipient (the outbox answers it in one indexed lookup): the rules build the words,
    and the figures behind them, only for the others. By default nothing is settled, so
    `due()` lists everything that is due.
    """

    now: datetime
    default_timezone: str = "Asia/Shanghai"
    settled: Settled = nothing_settled
    recipients: dict[tuple[str, int], Recipient] = field(default_factory=dict)
    _zones: dict[str, ZoneInfo] = field(default_factory=dict)
    _locals: dict[str, datetime] = field(default_factory=dict)

    def unsettled(self, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates still to build, in their order."""
        if not candidates:
            return []
        done = self.settled(candidates)
        return [c for c in candidates if c[0] not in done] if done else candidates

    def zone(self, name: str | None) -> ZoneInfo:
        name = name or self.default_timezone
        if name not in self._zones:
            try:
                self._zones[name] = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                self._zones[name] = ZoneInfo(self.default_timezone)
        return self._zones[name]

    def local(self, timezone: str | None) -> datetime:
        """`now` on the wall clock of `timezone` (computed once per zone and tick)."""
        name = timezone or self.default_timezone
        found = self._locals.get(name)
        if found is None:
            found = self._locals[name] = self.now.astimezone(self.zone(name))
        return found

    def tz_name(self, timezone: str | None) -> str:
        return timezone or self.default_timezone

    @property
    def utc_day(self) -> date:
        return self.now.astimezone(ZoneInfo("UTC")).date()

    def days_around(self, before: int, after: int) -> tuple[date, date]:
        """A window of calendar dates wide enough for every timezone on earth."""
        return self.utc_day - timedelta(days=before + 1), self.utc_day + timedelta(days=after + 1)


def country_for(country: str | None, timezone: str | None) -> str | None:
    return (country or COUNTRY_OF_ZONE.get(timezone or "") or "").upper() or None


_CALENDAR_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _calendar(country: str | None) -> Any:
    if not country:
        return None
    import holidays

    try:
        return holidays.country_holidays(country)
    except NotImplementedError:
        return None


@lru_cache(maxsize=4096)
def is_working_day(day: date, country: str | None) -> bool:
    """Monday to Friday, less public holidays (and plus China's swapped weekend workdays).

    Cached: a tick asks it for every person, and they share a handful of (day, country).
    """
    calendar = _calendar(country)
    if calendar is None:
        return day.weekday() < 5
    with _CALENDAR_LOCK:  # a calendar fills in a year's holidays on first use: a shared dict
        return bool(calendar.is_working_day(day))


def working_days_before(day: date, count: int) -> date:
    """The date `count` weekdays before `day` (client notices count Monday to Friday)."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def weekdays_between(start: date, end: date) -> int:
    """Weekdays after `start`, up to and including `end`."""
    return sum(1 for n in range(1, (end - start).days + 1)
               if (start + timedelta(days=n)).weekday() < 5)


def read(session: Session, statement: Any) -> list[Any]:
    """The rows of a column query, through Core.

    The ORM's per-row bookkeeping buys nothing for plain tuples and costs a third of the
    time of a tick that reads tens of thousands of them. Pending changes are flushed
    first, as the ORM would.
    """
    session.flush()
    return list(session.connection().execute(statement).all())


# ---------------------------------------------------------------- preferences
@dataclass(frozen=True)
class Preferences:
    muted: frozenset[str] = frozenset()
    quiet_weekdays: frozenset[int] = frozenset()

    def allows(self, kind: str, weekday: int) -> bool:
        if kind in self.muted:
            return False
        return not (kind in REMINDERS and weekday in self.quiet_weekdays)


def all_preferences(session: Session) -> dict[tuple[str, int], Preferences]:
    rows = session.exec(select(NotificationPreference)).all()
    found: dict[tuple[str, int], Preferences] = {}
    for row in rows:
        prefs = Preferences(frozenset(row.muted_kinds or ()), frozenset(row.quiet_weekdays or ()))
        if row.person_id is not None:
            found[("person", row.person_id)] = prefs
        if row.contact_id is not None:
            found[("contact", row.contact_id)] = prefs
    return found


# ---------------------------------------------------------------- the whole
def due(session: Session, now: datetime, *, default_timezone: str = "Asia/Shanghai",
        settled: Settled = nothing_settled, with_risk: bool = False) -> list[Notice]:
    """Every notice due at `now`, in a stable order; already-sent ones included (dedup).

    A tick passes `settled` (see `Clock`) to leave out, unbuilt, what the outbox holds.
    `with_risk` adds the delay-risk model's weekly warnings (seconds on a large store, so
    the scheduler asks for them hourly, not every minute).
    """
    if now.tzinfo is None:
        raise ValueError("due() needs a timezone-aware moment")
    from domain.notices.client import client_notices
    from domain.notices.manager import manager_notices
    from domain.notices.team import team_notices

    clock = Clock(now, default_timezone, settled)
    notices = client_notices(session, clock) + team_notices(session, clock)
    notices += manager_notices(session, clock)
    from domain.notices.decisions import decision_notices

    notices += decision_notices(session, clock)
    if with_risk:
        from domain.notices.risk import risk_notices

        notices += risk_notices(session, now, default_timezone=default_timezone, settled=settled)
    prefs = all_preferences(session)
    kept = [n for n in notices if _allowed(n, prefs, clock)]
    return sorted(kept, key=lambda n: n.key)


def _allowed(notice: Notice, prefs: dict[tuple[str, int], Preferences], clock: Clock) -> bool:
    mine = prefs.get((notice.recipient.kind, notice.recipient.id))
    if mine is None:
        return True
    return mine.allows(notice.kind, clock.local(notice.recipient.timezone).weekday())
