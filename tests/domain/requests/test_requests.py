from datetime import date

import pytest
from sqlmodel import func, select

from domain.core.actors import from_person
from domain.core.errors import Conflict, Forbidden, Invalid, NotFound
from domain.core.models import (
    Approval,
    AuditEvent,
    LeaveRequest,
    OvertimeRequest,
    Person,
    Project,
    ProjectMember,
)
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave, request_overtime

MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def nothing_written(session) -> bool:
    tables = (LeaveRequest, OvertimeRequest, Approval, AuditEvent)
    return all(count(session, t) == 0 for t in tables)


def add_admin(session, handle="zoe"):
    zoe = Person(handle=handle, name="Zoe Chen", role="admin")
    session.add(zoe)
    session.flush()
    return from_person(zoe)


# ---------------------------------------------------------------- leave
def test_a_members_leave_waits_for_the_manager_of_their_project(session, world, now):
    leave = request_leave(session, world.lin, start=MON, end=TUE, note="family", now=now)
    approval = session.get(Approval, leave.approval_id)
    assert (approval.kind, approval.status, approval.approver_id) == (
        "leave",
        "pending",
        world.bob.id,
    )
    assert (leave.person_id, leave.leave_type, leave.note) == (world.lin.id, "annual", "family")


def test_a_leave_request_is_audited_with_what_it_created(session, world, now):
    leave = request_leave(session, world.lin, start=MON, end=MON, leave_type="sick", now=now)
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.entity_id) == ("leave.request", str(leave.id))
    assert event.payload["after"]["leave_type"] == "sick"
    assert event.payload["approval"]["id"] == leave.approval_id


def test_a_member_on_several_projects_is_asked_by_the_manager_of_the_biggest_team(
    session, world, now
):
    eve = Person(handle="eve", name="Eve Zhou", role="pm")
    extra = [Person(handle=h, name=h.title()) for h in ("kai", "mei")]
    session.add_all([eve, *extra])
    session.flush()
    ops = Project(code="OPS", name="Operations", manager_id=eve.id)
    session.add(ops)
    session.flush()
    team = [world.lin.id, eve.id] + [p.id for p in extra]
    session.add_all([ProjectMember(project_id=ops.id, person_id=pid) for pid in team])
    session.flush()
    leave = request_leave(session, world.lin, start=MON, end=TUE, now=now)
    assert session.get(Approval, leave.approval_id).approver_id == eve.id


def test_a_pms_leave_goes_to_an_admin(session, world, now):
    leave = request_leave(session, world.bob, start=MON, end=TUE, now=now)
    assert session.get(Approval, leave.approval_id).approver_id == world.alice.id


def test_an_admins_leave_goes_to_another_admin(session, world, now):
    zoe = add_admin(session)
    leave = request_leave(session, world.alice, start=MON, end=TUE, now=now)
    assert session.get(Approval, leave.approval_id).approver_id == zoe.id


def test_the_only_admin_cannot_ask_for_leave_as_no_one_could_approve_it(session, world, now):
    with pytest.raises(Invalid) as caught:
        request_leave(session, world.alice, start=MON, end=TUE, now=now)
    assert caught.value.key == "approval.no_approver"
    assert nothing_written(session)


@pytest.mark.parametrize("who", ["tom", "gina"])
def test_a_client_contact_cannot_ask_for_leave(session, world, now, who):
    with pytest.raises(Forbidden) as caught:
        request_leave(session, getattr(world, who), start=MON, end=TUE, now=now)
    assert caught.value.key == "request.people_only"
    assert nothing_written(session)


def test_leave_ending_before_it_starts_is_refused(session, world, now):
    with pytest.raises(Invalid) as caught:
        request_leave(session, world.lin, start=TUE, end=MON, now=now)
    assert caught.value.key == "leave.end_before_start"
    assert nothing_written(session)


def test_leave_starting_yesterday_is_refused(session, world, now):
    with pytest.raises(Invalid) as caught:
        request_leave(session, world.lin, start=date(2026, 11, 26), end=MON, now=now)
    assert caught.value.key == "leave.in_past"
    assert nothing_written(session)


def test_leave_starting_today_is_accepted(session, world, now):
    leave = request_leave(session, world.lin, start=date(2026, 11, 27), end=MON, now=now)
    assert leave.id is not None


def test_an_unknown_kind_of_leave_is_refused_with_the_choices(session, world, now):
    with pytest.raises(Invalid) as caught:
        request_leave(session, world.lin, start=MON, end=TUE, leave_type="sabbatical", now=now)
    assert caught.value.params["options"] == ["annual", "sick", "personal"]
    assert nothing_written(session)


def test_leave_overlapping_a_pending_one_is_refused(session, world, now):
    request_leave(session, world.lin, start=MON, end=TUE, now=now)
    before = count(session, AuditEvent), count(session, LeaveRequest)
    with pytest.raises(Conflict) as caught:
        request_leave(session, world.lin, start=TUE, end=WED, now=now)
    assert caught.value.key == "leave.overlaps"
    assert (count(session, AuditEvent), count(session, LeaveRequest)) == before


def test_leave_overlapping_a_rejected_one_is_accepted(session, world, now):
    first = request_leave(session, world.lin, start=MON, end=TUE, now=now)
    decide(session, world.bob, decision="reject", request=first.approval_id, now=now)
    again = request_leave(session, world.lin, start=MON, end=TUE, now=now)
    assert again.id != first.id


def test_someone_elses_leave_on_the_same_days_is_no_overlap(session, world, now):
    request_leave(session, world.lin, start=MON, end=TUE, now=now)
    assert request_leave(session, world.dave, start=MON, end=TUE, now=now).id is not None


# ---------------------------------------------------------------- overtime
@pytest.mark.parametrize(
    "who, project, outcome",
    [
        ("alice", "GLX", None),
        ("bob", "GLX", None),
        ("dave", "GLX", None),
        ("lin", "GLX", NotFound),  # not on GLX
        ("gina", "GLX", Forbidden),  # contact of GLX's client
        ("tom", "GLX", Forbidden),  # contact of another client
    ],
)
def test_who_may_ask_for_overtime_on_glx(session, world, now, who, project, outcome):
    actor = getattr(world, who)
    if outcome is None:
        assert request_overtime(session, actor, day=MON, hours=3, project=project, now=now).id
    else:
        with pytest.raises(outcome):
            request_overtime(session, actor, day=MON, hours=3, project=project, now=now)
        assert nothing_written(session)


def test_overtime_waits_for_the_projects_manager(session, world, now):
    extra = request_overtime(session, world.dave, day=MON, hours=3, project="GLX", now=now)
    approval = session.get(Approval, extra.approval_id)
    assert (approval.kind, approval.approver_id, approval.project_id) == (
        "overtime",
        world.bob.id,
        world.glx.id,
    )
    assert session.exec(select(AuditEvent)).one().action == "overtime.request"


def test_the_managers_own_overtime_goes_to_an_admin(session, world, now):
    extra = request_overtime(session, world.bob, day=MON, hours=2, project="WEB", now=now)
    assert session.get(Approval, extra.approval_id).approver_id == world.alice.id


def test_overtime_without_a_project_goes_to_the_manager_of_ones_team(session, world, now):
    extra = request_overtime(session, world.lin, day=MON, hours=2, now=now)
    assert extra.project_id is None
    assert session.get(Approval, extra.approval_id).approver_id == world.bob.id


def test_twelve_hours_of_overtime_is_the_most_one_can_ask(session, world, now):
    assert (
        request_overtime(session, world.lin, day=MON, hours=12, project="WEB", now=now).hours == 12
    )


@pytest.mark.parametrize("hours", [0, -2, 12.5, 24, float("inf")])
def test_overtime_hours_outside_zero_to_twelve_are_refused(session, world, now, hours):
    with pytest.raises(Invalid) as caught:
        request_overtime(session, world.lin, day=MON, hours=hours, project="WEB", now=now)
    assert caught.value.key == "overtime.bad_hours"
    assert nothing_written(session)
