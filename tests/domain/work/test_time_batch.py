"""Logging hours in bulk: `log_time`'s rules for every entry, all or nothing, one event each."""

from datetime import date

import pytest
from sqlmodel import func, select

from domain.core import audit
from domain.core.errors import Forbidden
from domain.core.models import AuditEvent, TimeEntry
from domain.work.time_batch import EntryRefused, TimeRequest, log_times
from domain.work.time_entries import log_time

WED, THU = date(2026, 11, 25), date(2026, 11, 26)


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_batch_writes_the_same_rows_and_events_as_logging_them_one_by_one(session, world, now):
    wanted = [TimeRequest(hours=2, day=WED, project="WEB", note=" a "),
              TimeRequest(hours=1.5, day=THU, task="login page"),
              TimeRequest(hours=3, day=THU, project="WEB", person="lin")]
    made = log_times(session, world.bob, entries=wanted, now=now)
    one_by_one = [log_time(session, world.bob, hours=w.hours, day=w.day, project=w.project,
                           task=w.task, note=w.note, person=w.person, now=now) for w in wanted]

    def shape(row: TimeEntry) -> tuple:
        return (row.person_id, row.project_id, row.task_id, row.day, row.hours, row.note)

    assert [shape(r) for r in made] == [shape(r) for r in one_by_one]
    events = session.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.entity_id for e in events] == [str(r.id) for r in made + one_by_one]
    batch, single = events[:3], events[3:]
    assert [(e.action, e.actor, e.payload["after"]) for e in batch] == [
        (e.action, e.actor, e.payload["after"]) for e in single]
    assert all(e.payload["state"] for e in batch)
    assert audit.verify(session).ok


def test_the_first_entry_breaking_a_rule_is_named_and_nothing_is_written(session, world, now):
    wanted = [TimeRequest(hours=2, day=WED, project="WEB"),
              TimeRequest(hours=2, day=WED, project="NOPE"),
              TimeRequest(hours=-1, day=WED, project="WEB")]
    with pytest.raises(EntryRefused) as refused:
        log_times(session, world.lin, entries=wanted, now=now)
    assert (refused.value.index, refused.value.error.key) == (1, "project.not_found")
    session.rollback()
    assert count(session, TimeEntry) == count(session, AuditEvent) == 0


def test_a_day_over_24_hours_counts_the_batchs_earlier_entries_and_what_was_logged(
        session, world, now):
    log_time(session, world.lin, hours=10, day=WED, project="WEB", now=now)
    wanted = [TimeRequest(hours=8, day=WED, project="WEB"), TimeRequest(hours=8, day=THU),
              TimeRequest(hours=7, day=WED, project="WEB"), TimeRequest(hours=0, day=WED)]
    with pytest.raises(EntryRefused) as refused:
        log_times(session, world.lin, entries=wanted, now=now)
    assert refused.value.index == 2  # before entry 3's zero hours: the order chat would meet
    assert refused.value.error.key == "time.day_over_24"
    assert refused.value.error.params["logged"] == 18 and refused.value.error.params["left"] == 6


def test_a_client_contact_logs_nothing_in_bulk_either(session, world, now):
    with pytest.raises(Forbidden):
        log_times(session, world.tom, entries=[TimeRequest(hours=1, day=WED)], now=now)


def test_undo_takes_back_the_batchs_last_entry_as_it_would_a_single_one(session, world, now):
    from datetime import timedelta

    from domain.undo import undo_last

    made = log_times(session, world.lin, now=now, entries=[
        TimeRequest(hours=2, day=WED, project="WEB"), TimeRequest(hours=3, day=THU, project="WEB")])
    undone = undo_last(session, world.lin, now=now + timedelta(minutes=2))
    assert undone.action == "time.log" and undone.params["hours"] == "3"
    left = session.exec(select(TimeEntry.id)).all()
    assert left == [made[0].id]
    assert audit.verify(session).ok
