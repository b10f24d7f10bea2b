from datetime import date

import pytest
from sqlmodel import func, select

from domain.core.errors import Conflict, Forbidden, Invalid, NotFound
from domain.core.models import AuditEvent, Milestone
from domain.work.milestones import complete_milestone


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def done_flags(session) -> list[bool]:
    return [m.done for m in session.exec(select(Milestone).order_by(Milestone.id)).all()]


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("alice", None),  # admin
        ("bob", None),  # WEB's manager
        ("lin", Forbidden),  # member of WEB
        ("dave", NotFound),  # not on WEB
        ("tom", Forbidden),  # contact of WEB's client
        ("gina", NotFound),  # contact of another client
    ],
)
def test_who_may_mark_beta_reached(session, world, now, who, outcome):
    actor = getattr(world, who)
    if outcome is None:
        assert complete_milestone(session, actor, milestone="Beta", project="WEB", now=now).done
    else:
        with pytest.raises(outcome):
            complete_milestone(session, actor, milestone="Beta", project="WEB", now=now)
        assert done_flags(session) == [False, False]
        assert count(session, AuditEvent) == 0


def test_a_reached_milestone_is_dated_today_and_audited(session, world, now):
    beta = complete_milestone(session, world.bob, milestone="beta", project="WEB", now=now)
    assert beta.done_on == date(2026, 11, 27)
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.entity_id) == ("milestone.complete", str(beta.id))
    assert (event.payload["before"]["done"], event.payload["after"]["done"]) == (False, True)


def test_the_project_may_be_left_out_when_the_name_is_unique(session, world, now):
    beta = complete_milestone(session, world.bob, milestone="Beta", now=now)
    assert beta.id == world.beta.id and beta.done


def test_a_name_shared_by_two_projects_asks_which_project(session, world, now):
    session.add(Milestone(project_id=world.glx.id, name="Beta"))
    session.flush()
    with pytest.raises(Invalid) as caught:
        complete_milestone(session, world.bob, milestone="Beta", now=now)
    assert (caught.value.key, caught.value.params["options"]) == (
        "milestone.ambiguous",
        ["GLX", "WEB"],
    )
    assert count(session, AuditEvent) == 0


def test_a_name_shared_with_an_invisible_project_is_not_ambiguous(session, world, now):
    session.add(Milestone(project_id=world.glx.id, name="Beta"))
    session.flush()
    with pytest.raises(Forbidden):  # lin sees only WEB's Beta, and may not complete it
        complete_milestone(session, world.lin, milestone="Beta", now=now)


def test_an_unknown_milestone_suggests_the_close_names(session, world, now):
    with pytest.raises(NotFound) as caught:
        complete_milestone(session, world.bob, milestone="Bta", now=now)
    assert "Beta" in caught.value.matches


def test_a_client_never_learns_of_a_milestone_hidden_from_clients(session, world, now):
    with pytest.raises(NotFound):
        complete_milestone(session, world.tom, milestone="Internal review", now=now)
    with pytest.raises(NotFound):
        complete_milestone(session, world.tom, milestone="Internal review", project="WEB", now=now)


def test_a_milestone_already_reached_is_a_conflict(session, world, now):
    complete_milestone(session, world.bob, milestone="Beta", now=now)
    with pytest.raises(Conflict) as caught:
        complete_milestone(session, world.alice, milestone="Beta", now=now)
    assert (caught.value.key, caught.value.params["done_on"]) == (
        "milestone.already_done",
        "2026-11-27",
    )
    assert count(session, AuditEvent) == 1
