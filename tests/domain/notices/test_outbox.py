"""The outbox: each notice stored once, held in quiet hours, leased to one worker, retried."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.outbound.scheduler import tick
from domain.core.models import Approval, ChatIdentity, OutboxMessage, TimeEntry
from domain.core.store import unit_of_work
from domain.notices.outbox import LEASE, MAX_ATTEMPTS, claim, mark_failed, mark_sent, release_time

SH = ZoneInfo("Asia/Shanghai")
FRIDAY_6PM = datetime(2026, 11, 27, 18, 0, tzinfo=SH)


def link(session, person_id, platform, external):
    session.add(ChatIdentity(platform=platform, external_id=external, person_id=person_id))
    session.commit()


def rows(engine):
    with Session(engine) as s:
        return s.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def row_of(engine, row_id):
    with Session(engine) as s:
        return s.get(OutboxMessage, row_id)


def test_a_notice_computed_on_every_tick_is_stored_once(engine, session, world):
    link(session, world.lin.id, "telegram", "701")
    first = tick(engine, FRIDAY_6PM)
    again = tick(engine, FRIDAY_6PM + timedelta(minutes=1))
    assert [r["kind"] for r in first if r["handle"] == "lin"] == ["hours_reminder"]
    assert again == []
    assert len([r for r in rows(engine) if r.handle == "lin"]) == 1


def test_the_reminder_is_worded_in_the_persons_language(engine, session, world):
    link(session, world.lin.id, "telegram", "701")
    row = next(r for r in tick(engine, FRIDAY_6PM) if r["handle"] == "lin")
    assert row["text"].startswith("您今天（2026-11-27）已登记 0 小时")


def test_an_approval_request_reaches_every_platform_the_approver_linked(engine, session, world):
    link(session, world.bob.id, "slack", "UBOB")
    link(session, world.bob.id, "telegram", "702")
    session.add(Approval(kind="overtime", requested_by_id=world.lin.id, approver_id=world.bob.id,
                         project_id=world.web.id, created_at=FRIDAY_6PM))
    session.commit()
    sent = [r for r in tick(engine, FRIDAY_6PM) if r["kind"] == "approval_request"]
    assert sorted((r["platform"], r["chat_id"]) for r in sent) == [("slack", "UBOB"),
                                                                   ("telegram", "702")]
    assert [b["value"] for b in sent[0]["buttons"]] == ["approve #1", "reject #1"]


def test_someone_without_a_linked_account_is_recorded_as_unreachable(engine, world):
    row = next(r for r in tick(engine, FRIDAY_6PM) if r["handle"] == "lin")
    assert (row["platform"], row["status"]) == ("", "unreachable")


def test_quiet_hours_hold_a_notice_until_eight_in_the_recipients_morning():
    late = datetime(2026, 11, 27, 22, 30, tzinfo=SH)
    assert release_time(late, "Asia/Shanghai", urgent=False) == datetime(2026, 11, 28, 8, tzinfo=SH)
    early = datetime(2026, 11, 28, 6, 0, tzinfo=SH)
    assert release_time(early, "Asia/Shanghai", urgent=False) == datetime(2026, 11, 28, 8, tzinfo=SH)
    assert release_time(late, "Europe/Berlin", urgent=False) == late  # 15:30 in Berlin


def test_an_urgent_notice_ignores_quiet_hours():
    late = datetime(2026, 11, 27, 23, 0, tzinfo=SH)
    assert release_time(late, "Asia/Shanghai", urgent=True) == late


def test_crossing_the_whole_budget_opens_one_budget_approval(engine, session, world):
    link(session, world.bob.id, "slack", "UBOB")
    session.add(TimeEntry(person_id=world.bob.id, project_id=world.web.id, day=date(2026, 11, 20),
                          hours=260))
    session.commit()
    sent = [r for r in tick(engine, FRIDAY_6PM) if r["kind"] == "budget_threshold"]
    tick(engine, FRIDAY_6PM + timedelta(hours=1))
    with Session(engine) as s:
        approvals = s.exec(select(Approval).where(Approval.kind == "budget")).all()
    assert [(a.project_id, a.approver_id, a.status) for a in approvals] == [
        (world.web.id, world.bob.id, "pending")]
    assert sent[0]["notice_key"] == f"approval_request:{approvals[0].id}"
    assert sent[0]["urgent"] is True


def _pending_rows(engine, session, world, count=3):
    for n in range(count):
        link(session, world.lin.id if n == 0 else world.bob.id, "telegram", f"80{n}")
    tick(engine, FRIDAY_6PM)


def test_two_workers_never_claim_the_same_row(engine, session, world):
    _pending_rows(engine, session, world)
    with unit_of_work(engine) as s:
        first = claim(s, worker="a", now=FRIDAY_6PM, limit=2)
    with unit_of_work(engine) as s:
        second = claim(s, worker="b", now=FRIDAY_6PM, limit=10)
    assert first and second
    assert not {r.id for r in first} & {r.id for r in second}


def test_a_lease_not_finished_in_time_is_handed_to_another_worker(engine, session, world):
    _pending_rows(engine, session, world)
    with unit_of_work(engine) as s:
        taken = claim(s, worker="a", now=FRIDAY_6PM, limit=50)
    with unit_of_work(engine) as s:
        assert claim(s, worker="b", now=FRIDAY_6PM + LEASE - timedelta(seconds=1)) == []
    with unit_of_work(engine) as s:
        again = claim(s, worker="b", now=FRIDAY_6PM + LEASE + timedelta(seconds=1))
    assert {r.id for r in again} == {r.id for r in taken}


def test_a_sent_row_is_never_claimed_again(engine, session, world):
    _pending_rows(engine, session, world)
    with unit_of_work(engine) as s:
        taken = claim(s, worker="a", now=FRIDAY_6PM)
        for row in taken:
            mark_sent(s, row.id, ref="x", now=FRIDAY_6PM)
    with unit_of_work(engine) as s:
        assert claim(s, worker="b", now=FRIDAY_6PM + timedelta(days=1)) == []


def test_failures_back_off_exponentially_and_give_up_at_last(engine, session, world):
    _pending_rows(engine, session, world, count=1)
    waits = []
    now = FRIDAY_6PM
    for _ in range(MAX_ATTEMPTS):
        with unit_of_work(engine) as s:
            row = claim(s, worker="a", now=now + timedelta(days=1))[0]
            mark_failed(s, row, error="boom", now=now)
        after = row_of(engine, row.id)
        waits.append(after.next_attempt_at - now if after.status == "pending" else after.status)
        now = now + timedelta(days=1)
    assert waits[:3] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert waits[-1] == "failed"


def test_a_retry_after_from_the_platform_sets_the_next_attempt(engine, session, world):
    _pending_rows(engine, session, world, count=1)
    with unit_of_work(engine) as s:
        row = claim(s, worker="a", now=FRIDAY_6PM)[0]
        mark_failed(s, row, error="429", now=FRIDAY_6PM, retry_after=7)
    assert row_of(engine, row.id).next_attempt_at == FRIDAY_6PM + timedelta(seconds=7)


# ---------------------------------------------------------------- linking later, skipping work
def status_of(engine, dedup_key):
    with Session(engine) as s:
        return s.exec(select(OutboxMessage.status)
                      .where(OutboxMessage.dedup_key == dedup_key)).one()


def test_someone_who_links_an_account_later_gets_the_notices_still_due_there(engine, session, world):
    tick(engine, FRIDAY_6PM)
    link(session, world.lin.id, "telegram", "701")
    later = [r for r in tick(engine, FRIDAY_6PM + timedelta(minutes=30)) if r["handle"] == "lin"]
    assert [(r["kind"], r["platform"], r["status"]) for r in later] == [
        ("hours_reminder", "telegram", "pending")]
    assert status_of(engine, f"hours_reminder:{world.lin.id}:2026-11-27@:") == "relinked"


def test_a_notice_no_longer_due_is_not_sent_to_an_account_linked_later(engine, session, world):
    tick(engine, FRIDAY_6PM)
    link(session, world.lin.id, "telegram", "701")
    next_morning = [r for r in tick(engine, FRIDAY_6PM + timedelta(hours=16))
                    if r["handle"] == "lin"]
    assert next_morning == []
    assert status_of(engine, f"hours_reminder:{world.lin.id}:2026-11-27@:") == "unreachable"


def test_a_tick_builds_nothing_for_notices_already_queued_on_every_account(engine, session, world):
    from domain.notices.due import due
    from domain.notices.outbox import linked_accounts, settled_in

    link(session, world.lin.id, "telegram", "701")
    tick(engine, FRIDAY_6PM)
    with Session(engine) as s:
        everything = due(s, FRIDAY_6PM)
        left = due(s, FRIDAY_6PM, settled=settled_in(s, linked_accounts(s)))
    assert [n.kind for n in everything if n.recipient.handle == "lin"] == ["hours_reminder"]
    assert [n.kind for n in left if n.recipient.handle == "lin"] == []


def test_enqueue_inserts_only_the_rows_not_stored_yet_and_says_which(engine, session, world):
    from domain.notices.outbox import enqueue

    stored = tick(engine, FRIDAY_6PM)
    new = {**stored[0], "dedup_key": "extra@telegram:9", "notice_key": "extra"}
    with unit_of_work(engine) as s:
        assert enqueue(s, [*stored, new]) == ["extra@telegram:9"]
    assert len(rows(engine)) == len(stored) + 1
