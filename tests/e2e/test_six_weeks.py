"""Six weeks of the demo workspace on a clock moved hour by hour: who hears what, when.

The demo is seeded for Monday 2026-11-23. Tom is in Singapore, Emma in London, Dave in
Berlin (German holidays), the others in Shanghai; zhangwei and sunli read Chinese. Chen's
leave (12-07..12-09) is approved at the start; sunli says "不要再发周报" on the first day.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.demo.workspace import demo_workspace
from bot.outbound.scheduler import tick
from domain.core.actors import actor_for_handle
from domain.core.store import unit_of_work
from domain.requests.approvals import decide
from domain.workspace.importing import import_workspace
from intents.handlers.preferences import preference_command

SH, BERLIN, LONDON = ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/London")
START = datetime(2026, 11, 23, 0, 0, tzinfo=SH)


@pytest.fixture(scope="module")
def six_weeks(tmp_path_factory, request):
    from bot.migrate import upgrade
    from domain.core.store import make_engine
    from tests.conftest import SERVER_URL, _empty_all

    if SERVER_URL:
        url = SERVER_URL
        request.getfixturevalue("_server_schema")
        _empty_all(request.getfixturevalue("_server_cleaner"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('six') / 'six.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with unit_of_work(engine) as s:
        import_workspace(s, demo_workspace(date(2026, 11, 23)), now=START)
    with unit_of_work(engine) as s:
        decide(s, actor_for_handle(s, "zhou"), decision="approve", request=1, now=START)
        reply = preference_command(s, actor_for_handle(s, "sunli"), "不要再发周报", START)
    assert reply is not None and "周报" in reply.text
    seen = []
    for hour in range(42 * 24):
        now = START + timedelta(hours=hour)
        seen += [(now, row) for row in tick(engine, now)]
    engine.dispose()
    return seen


def moments(seen, kind, handle, subject=None):
    return [now for now, r in seen if r["kind"] == kind and r["handle"] == handle
            and (subject is None or r["subject"] == subject)]


def test_tom_hears_of_the_beta_launch_three_working_days_before_at_nine_in_singapore(six_weeks):
    assert moments(six_weeks, "milestone_upcoming", "tom", "ACME-WEB / Beta launch") == [
        datetime(2026, 11, 25, 9, 0, tzinfo=SH)]  # Singapore keeps Shanghai's offset


def test_chinese_contacts_get_their_digest_every_monday_at_nine_in_chinese(six_weeks):
    got = [(now, r["text"]) for now, r in six_weeks
           if r["kind"] == "weekly_digest" and r["handle"] == "zhangwei" and r["subject"] == "HX-CRM"]
    assert [now.date() for now, _ in got] == [date(2026, 11, 23) + timedelta(weeks=n) for n in range(6)]
    assert all(now.hour == 9 and text.startswith("HX-CRM Huaxin CRM Integration 周报") for now, text in got)


def test_emma_gets_hers_at_nine_in_london(six_weeks):
    first = moments(six_weeks, "weekly_digest", "emma")[0]
    assert first.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 11, 23, 9, 0)


def test_a_muted_digest_never_arrives(six_weeks):
    assert moments(six_weeks, "weekly_digest", "sunli") == []


def test_dave_is_reminded_at_six_in_berlin_on_working_days_only(six_weeks):
    days = [m.astimezone(BERLIN) for m in moments(six_weeks, "hours_reminder", "dave")]
    assert {(d.hour, d.minute) for d in days} == {(18, 0)}
    dates = {d.date() for d in days}
    assert all(d.weekday() < 5 for d in dates)
    assert date(2026, 12, 25) not in dates and date(2026, 12, 24) in dates  # Christmas Day
    assert len(dates) == 30 - 2  # six weeks of weekdays, less the two German Christmas holidays


def test_chen_is_not_reminded_while_on_leave(six_weeks):
    dates = {m.date() for m in moments(six_weeks, "hours_reminder", "chen")}
    assert not dates & {date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9)}
    assert date(2026, 12, 4) in dates and date(2026, 12, 10) in dates


def test_a_request_noticed_at_midnight_waits_for_the_approvers_morning(six_weeks):
    row = next(r for now, r in six_weeks if r["kind"] == "approval_request" and r["subject"] == "#3")
    assert row["next_attempt_at"].astimezone(SH) == datetime(2026, 11, 23, 8, 0, tzinfo=SH)


def test_every_notice_is_produced_once(six_weeks):
    keys = [r["dedup_key"] for _, r in six_weeks]
    assert len(keys) == len(set(keys))


def test_the_over_budget_project_opens_one_approval_to_continue(six_weeks):
    over = [r for _, r in six_weeks if r["kind"] == "budget_threshold"]
    assert [(r["handle"], r["subject"], r["urgent"]) for r in over] == [("bob", "ACME-WEB", True)]

