"""Logging hours and reading timesheets."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from domain.core.actors import local_today
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import AuditEvent, Project, ProjectMember, TimeEntry
from domain.work.time_entries import log_time, timesheet

THU, FRI = date(2026, 11, 26), date(2026, 11, 27)


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def entry(session, w, person, project, day, hours):
    session.add(TimeEntry(person_id=person.id, project_id=project.id, day=day, hours=hours))
    session.commit()


# ---------------------------------------------------------------- logging
def test_logging_hours_on_a_project_records_them_for_the_speaker(session, world, now):
    logged = log_time(
        session, world.lin, hours=3, day=THU, project="WEB", note=" login form ", now=now
    )
    assert (logged.person_id, logged.project_id, logged.hours, logged.day, logged.note) == (
        world.lin.id,
        world.web.id,
        3.0,
        THU,
        "login form",
    )


def test_logging_hours_appends_one_audit_event_with_the_entry(session, world, now):
    logged = log_time(session, world.lin, hours=3, day=THU, project="WEB", now=now)
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.entity, event.entity_id) == (
        "time.log",
        "time_entry",
        str(logged.id),
    )
    assert event.payload["after"]["hours"] == 3.0 and event.payload["after"]["day"] == "2026-11-26"


def test_the_project_is_taken_from_the_task(session, world, now):
    logged = log_time(session, world.lin, hours=2, day=THU, task="login page", now=now)
    assert (logged.project_id, logged.task_id) == (world.web.id, world.login_task.id)


def test_with_no_project_the_speakers_only_project_is_used(session, world, now):
    logged = log_time(session, world.lin, hours=2, day=THU, now=now)
    assert logged.project_id == world.web.id


def test_with_no_project_and_several_the_choices_are_offered(session, world, now):
    with pytest.raises(Invalid) as error:
        log_time(session, world.bob, hours=2, day=THU, now=now)
    assert error.value.key == "time.project_required"
    assert error.value.params["options"] == ["GLX", "WEB"]
    assert count(session, TimeEntry) == 0


def test_an_unknown_project_suggests_the_close_one_and_logs_nothing(session, world, now):
    with pytest.raises(NotFound) as error:
        log_time(session, world.lin, hours=2, day=THU, project="WEB site", now=now)
    assert error.value.params["matches"] == ["WEB"]
    assert count(session, TimeEntry) == 0 and count(session, AuditEvent) == 0


@pytest.mark.parametrize("hours", [0, -2, float("nan"), "lots"])
def test_hours_must_be_positive(session, world, now, hours):
    with pytest.raises(Invalid) as error:
        log_time(session, world.lin, hours=hours, day=THU, project="WEB", now=now)
    assert error.value.key == "time.hours_not_positive"
    assert count(session, TimeEntry) == 0 and count(session, AuditEvent) == 0


def test_a_day_cannot_add_up_to_more_than_24_hours_across_entries(session, world, now):
    log_time(session, world.lin, hours=10, day=THU, project="WEB", now=now)
    log_time(session, world.lin, hours=10, day=THU, project="WEB", now=now)
    with pytest.raises(Invalid) as error:
        log_time(session, world.lin, hours=5, day=THU, project="WEB", now=now)
    assert (error.value.key, error.value.params["logged"], error.value.params["left"]) == (
        "time.day_over_24",
        20,
        4,
    )
    assert count(session, TimeEntry) == 2 and count(session, AuditEvent) == 2


def test_the_24_hour_limit_counts_hours_on_every_project(session, world, now):
    entry(session, world, world.bob, world.glx, THU, 20)
    with pytest.raises(Invalid):
        log_time(session, world.bob, hours=5, day=THU, project="WEB", now=now)


def test_exactly_24_hours_in_a_day_is_accepted(session, world, now):
    entry(session, world, world.lin, world.web, THU, 20)
    assert log_time(session, world.lin, hours=4, day=THU, project="WEB", now=now).hours == 4


def test_tomorrow_cannot_be_logged_yet(session, world, now):
    with pytest.raises(Invalid) as error:
        log_time(session, world.lin, hours=2, day=date(2026, 11, 28), project="WEB", now=now)
    assert error.value.params == {"day": "2026-11-28", "today": "2026-11-27"}
    assert count(session, TimeEntry) == 0


def test_today_is_the_actors_today_not_the_servers(session, world):
    late_evening_utc = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)  # Friday 4 a.m. in Shanghai
    assert local_today(world.lin, late_evening_utc) == FRI
    assert (
        log_time(session, world.lin, hours=1, day=FRI, project="WEB", now=late_evening_utc).day
        == FRI
    )


def test_hours_before_the_project_started_are_refused(session, world, now):
    with pytest.raises(Invalid) as error:
        log_time(session, world.lin, hours=2, day=date(2026, 10, 31), project="WEB", now=now)
    assert error.value.params == {"day": "2026-10-31", "project": "WEB", "start": "2026-11-01"}


def test_hours_on_a_closed_project_are_refused(session, world, now):
    world.web.status = "closed"
    session.add(world.web)
    session.commit()
    with pytest.raises(Invalid) as error:
        log_time(session, world.lin, hours=2, day=THU, project="WEB", now=now)
    assert error.value.key == "time.project_closed"


def test_a_task_of_another_project_is_refused(session, world, now):
    with pytest.raises(Invalid) as error:
        log_time(
            session, world.bob, hours=2, day=THU, project="GLX", task=world.login_task.id, now=now
        )
    assert error.value.key == "time.task_other_project"


def test_a_client_contact_cannot_log_time(session, world, now):
    with pytest.raises(Forbidden) as error:
        log_time(session, world.tom, hours=2, day=THU, project="WEB", now=now)
    assert error.value.key == "forbidden.client_log_time"
    assert count(session, TimeEntry) == 0 and count(session, AuditEvent) == 0


def test_a_manager_logs_hours_for_someone_on_their_project(session, world, now):
    logged = log_time(session, world.bob, hours=2, day=THU, project="WEB", person="lin", now=now)
    assert logged.person_id == world.lin.id
    assert session.exec(select(AuditEvent)).one().actor == "person:bob"


def test_a_member_cannot_log_hours_for_someone_else(session, world, now):
    with pytest.raises(Forbidden) as error:
        log_time(session, world.lin, hours=2, day=THU, project="WEB", person="bob", now=now)
    assert error.value.key == "forbidden.not_manager"
    assert count(session, TimeEntry) == 0


def test_hours_cannot_be_logged_for_someone_not_on_the_project(session, world, now):
    with pytest.raises(Invalid) as error:
        log_time(session, world.alice, hours=2, day=THU, project="WEB", person="dave", now=now)
    assert error.value.params == {"person": "dave", "project": "WEB"}


# ---------------------------------------------------------------- timesheets
@pytest.fixture
def hours(session, world):
    """lin: 8 h Mon + 4 h Thu on WEB; bob: 2 h WEB + 3 h GLX on Tue; dave 5 h GLX on Wed."""
    for person, project, day, h in [
        (world.lin, world.web, date(2026, 11, 23), 8),
        (world.lin, world.web, THU, 4),
        (world.bob, world.web, date(2026, 11, 24), 2),
        (world.bob, world.glx, date(2026, 11, 24), 3),
        (world.dave, world.glx, date(2026, 11, 25), 5),
        (world.lin, world.web, date(2026, 10, 30), 7),
    ]:
        session.add(TimeEntry(person_id=person.id, project_id=project.id, day=day, hours=h))
    session.commit()


WEEK = {"start": date(2026, 11, 23), "end": date(2026, 11, 29)}


def test_my_timesheet_sums_my_hours_by_day_and_project(session, world, hours):
    sheet = timesheet(session, world.lin, **WEEK)
    assert sheet.total_hours == 12
    assert sheet.by_day == ((date(2026, 11, 23), 8.0), (THU, 4.0))
    assert sheet.by_project == (("WEB", 12.0),) and sheet.by_person == (("lin", 12.0),)


def test_a_manager_sees_everyone_on_a_project_they_manage(session, world, hours):
    sheet = timesheet(session, world.bob, project="WEB", **WEEK)
    assert sheet.by_person == (("bob", 2.0), ("lin", 12.0)) and sheet.total_hours == 14


def test_a_member_asking_about_a_project_sees_only_their_own_hours(session, world, hours):
    sheet = timesheet(session, world.lin, project="WEB", **WEEK)
    assert sheet.by_person == (("lin", 12.0),)


def test_a_manager_sees_a_persons_hours_only_on_projects_they_manage(session, world, hours):
    other = Project(code="INT", name="Internal tools", manager_id=world.alice.id)
    session.add(other)
    session.flush()
    session.add(ProjectMember(project_id=other.id, person_id=world.dave.id))
    session.add(TimeEntry(person_id=world.dave.id, project_id=other.id, day=THU, hours=6))
    session.commit()
    sheet = timesheet(session, world.bob, person="dave", **WEEK)
    assert sheet.by_project == (("GLX", 5.0),)


def test_an_admin_sees_anyones_hours(session, world, hours):
    assert timesheet(session, world.alice, person="dave", **WEEK).total_hours == 5
    assert timesheet(session, world.alice, project="GLX", **WEEK).total_hours == 8


def test_a_timesheet_without_person_or_project_is_the_askers_own(session, world, hours):
    assert timesheet(session, world.alice, **WEEK).total_hours == 0
    assert timesheet(session, world.bob, **WEEK).by_project == (("GLX", 3.0), ("WEB", 2.0))


def test_a_member_cannot_read_a_colleagues_timesheet(session, world, hours):
    with pytest.raises(Forbidden) as error:
        timesheet(session, world.lin, person="bob", **WEEK)
    assert error.value.params == {"person": "bob"}


def test_a_member_cannot_read_a_colleagues_hours_on_a_project(session, world, hours):
    with pytest.raises(Forbidden):
        timesheet(session, world.lin, person="bob", project="WEB", **WEEK)


def test_a_client_gets_no_timesheet(session, world, hours):
    with pytest.raises(Forbidden) as error:
        timesheet(session, world.tom, project="WEB", **WEEK)
    assert error.value.key == "forbidden.client_timesheet"


def test_a_period_that_ends_before_it_starts_is_refused(session, world):
    with pytest.raises(Invalid) as error:
        timesheet(session, world.lin, start=FRI, end=THU)
    assert error.value.key == "time.range_reversed"


def test_an_empty_period_has_zero_hours(session, world, hours):
    sheet = timesheet(session, world.lin, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert (sheet.total_hours, sheet.by_day, sheet.by_project) == (0, (), ())
