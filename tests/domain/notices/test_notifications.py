"""What is due, moved along a fixed clock over the small test world (see tests/factories.py).

WEB's client-visible milestone Beta is due Friday 2026-12-04; tom is Acme's contact (no
timezone: Shanghai, the default); lin (zh) works on WEB, dave (Berlin) on GLX.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from domain.core.models import Approval, LeaveRequest, Milestone, Person, TimeEntry
from domain.notices.due import due
from domain.notices.preferences import mute, skip_weekdays

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, zone=SH) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=zone) if day <= 30 else \
        datetime(2026, 12, day - 30, hour, minute, tzinfo=zone)


def kinds_for(session, now, handle):
    return sorted(n.kind for n in due(session, now) if n.recipient.handle == handle)


def test_a_client_hears_of_a_milestone_three_working_days_before_from_nine(session, world):
    assert "milestone_upcoming" not in kinds_for(session, at(31, 8, 59), "tom")  # Tue 12-01
    notices = [n for n in due(session, at(31, 9)) if n.kind == "milestone_upcoming"]
    assert [(n.recipient.handle, n.subject) for n in notices] == [("tom", "WEB / Beta")]
    assert notices[0].lines[0][1]["days"] == 3


def test_a_client_does_not_hear_of_milestones_hidden_from_clients(session, world):
    subjects = [n.subject for n in due(session, at(27, 9)) if n.recipient.kind == "contact"]
    assert "WEB / Internal review" not in subjects


def test_a_milestone_marked_done_is_announced_to_the_client(session, world):
    beta = session.get(Milestone, world.beta.id)
    beta.done, beta.done_on = True, date(2026, 12, 2)
    session.commit()
    notices = [n for n in due(session, at(32, 15)) if n.kind == "milestone_reached"]
    assert [n.recipient.handle for n in notices] == ["tom"]


def test_a_milestone_past_its_date_and_not_done_is_reported_slipped(session, world):
    assert "milestone_slipped" in kinds_for(session, at(35, 9), "tom")  # Sat 12-05
    assert "milestone_slipped" not in kinds_for(session, at(34, 23), "tom")  # due day itself


def test_the_weekly_digest_goes_out_on_monday_morning_in_the_contacts_language(session, world):
    assert "weekly_digest" not in kinds_for(session, at(30, 8), "tom")
    digest = [n for n in due(session, at(30, 9)) if n.kind == "weekly_digest"]
    assert sorted((n.recipient.handle, n.recipient.lang, n.subject) for n in digest) == [
        ("gina", "en", "GLX"), ("tom", "en", "WEB")]


def test_the_digest_shows_the_budget_only_where_the_client_may_see_it(session, world):
    lines = [k for n in due(session, at(30, 9)) if n.kind == "weekly_digest" for k, _ in n.lines]
    assert "notice.digest_budget" not in lines
    world.web.client_sees_budget = True
    session.add(world.web)
    session.commit()
    lines = [k for n in due(session, at(30, 9)) if n.kind == "weekly_digest" for k, _ in n.lines]
    assert "notice.digest_budget" in lines


def test_a_member_with_too_few_hours_is_reminded_at_six_their_time(session, world):
    assert "hours_reminder" not in kinds_for(session, at(27, 17, 59), "lin")
    assert "hours_reminder" in kinds_for(session, at(27, 18), "lin")


def test_berlin_is_reminded_at_six_in_berlin_not_in_shanghai(session, world):
    assert "hours_reminder" not in kinds_for(session, at(27, 18), "dave")
    assert "hours_reminder" in kinds_for(session, datetime(2026, 11, 27, 18, tzinfo=BERLIN), "dave")


def test_enough_hours_logged_means_no_reminder(session, world):
    session.add(TimeEntry(person_id=world.lin.id, project_id=world.web.id, day=date(2026, 11, 27),
                          hours=8))
    session.commit()
    assert "hours_reminder" not in kinds_for(session, at(27, 18), "lin")


def test_no_reminder_at_the_weekend(session, world):
    assert "hours_reminder" not in kinds_for(session, at(28, 18), "lin")


def test_no_reminder_on_a_public_holiday_of_the_persons_country(session, world):
    christmas = datetime(2026, 12, 25, 18, tzinfo=BERLIN)
    assert "hours_reminder" not in kinds_for(session, christmas, "dave")
    assert "hours_reminder" in kinds_for(session, datetime(2026, 12, 25, 18, tzinfo=SH), "lin")


def test_no_reminder_on_approved_leave(session, world):
    approval = Approval(kind="leave", requested_by_id=world.lin.id, approver_id=world.bob.id,
                        status="approved", created_at=at(20, 9))
    session.add(approval)
    session.flush()
    session.add(LeaveRequest(person_id=world.lin.id, start=date(2026, 11, 27),
                             end=date(2026, 11, 27), approval_id=approval.id))
    session.commit()
    assert "hours_reminder" not in kinds_for(session, at(27, 18), "lin")


def test_the_assignee_of_a_task_that_became_overdue_is_nudged_once_a_due_date(session, world):
    notices = [n for n in due(session, at(31, 9)) if n.kind == "task_overdue"]  # due 11-30
    assert [(n.recipient.handle, n.key) for n in notices] == [
        ("lin", f"task_overdue:{world.login_task.id}:2026-11-30")]


def test_a_muted_digest_is_not_due(session, world):
    mute(session, world.tom, kinds=["weekly_digest"], now=at(27, 10))
    session.commit()
    assert "weekly_digest" not in kinds_for(session, at(30, 9), "tom")


def test_no_reminders_on_a_chosen_weekday(session, world):
    skip_weekdays(session, world.lin, weekdays=[4], now=at(27, 10))
    session.commit()
    assert "hours_reminder" not in kinds_for(session, at(27, 18), "lin")  # a Friday
    assert "hours_reminder" in kinds_for(session, at(30, 18), "lin")  # a Monday


def test_a_manager_hears_each_budget_threshold_once_and_the_highest_on_a_jump(session, world):
    session.add(TimeEntry(person_id=world.bob.id, project_id=world.web.id, day=date(2026, 11, 20),
                          hours=230))  # 230 h × 400 = 92,000 of 100,000
    session.commit()
    notices = [n for n in due(session, at(27, 10)) if n.kind == "budget_threshold"]
    assert [(n.recipient.handle, n.key) for n in notices] == [
        ("bob", f"budget_threshold:{world.web.id}:90")]
    assert not notices[0].opens_budget_approval


def test_crossing_the_whole_budget_asks_for_an_approval_to_go_on(session, world):
    session.add(TimeEntry(person_id=world.bob.id, project_id=world.web.id, day=date(2026, 11, 20),
                          hours=260))
    session.commit()
    notice = next(n for n in due(session, at(27, 10)) if n.kind == "budget_threshold")
    assert notice.opens_budget_approval and notice.urgent


def test_an_approval_waiting_over_a_day_reminds_the_approver(session, world):
    session.add(Approval(kind="overtime", requested_by_id=world.lin.id, approver_id=world.bob.id,
                         project_id=world.web.id, created_at=at(26, 9)))
    session.commit()
    assert "approval_waiting" not in kinds_for(session, at(27, 8, 59), "bob")
    assert "approval_waiting" in kinds_for(session, at(27, 9, 1), "bob")
    assert "approval_request" in kinds_for(session, at(27, 9, 1), "bob")


def test_a_milestone_behind_its_schedule_warns_the_manager(session, world):
    notices = [n for n in due(session, at(27, 10)) if n.kind == "milestone_forecast"]
    assert [(n.recipient.handle, n.subject) for n in notices] == [("bob", "WEB / Beta")]


def test_due_is_pure_it_writes_nothing(session, world):
    before = session.exec(select(Person)).all()
    due(session, at(30, 18))
    assert not session.new and not session.dirty
    assert session.exec(select(Person)).all() == before
