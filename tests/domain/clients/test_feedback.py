import pytest
from sqlmodel import func, select

from domain.clients.feedback import give_feedback
from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import AuditEvent, Feedback


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def nothing_written(session) -> bool:
    return count(session, Feedback) == 0 and count(session, AuditEvent) == 0


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("tom", None),  # contact of WEB's client: the one write a client may do
        ("alice", Forbidden),  # admin, in their own name: not the client's voice
        ("bob", Forbidden),  # manager, in their own name: not the client's voice
        ("lin", Forbidden),  # member: cannot speak for the client
        ("dave", NotFound),  # not on WEB
        ("gina", NotFound),  # contact of another client
    ],
)
def test_who_may_record_feedback_on_web(session, world, now, who, outcome):
    actor = getattr(world, who)
    if outcome is None:
        assert give_feedback(session, actor, project="WEB", score=4, now=now).score == 4
    else:
        with pytest.raises(outcome):
            give_feedback(session, actor, project="WEB", score=4, now=now)
        assert nothing_written(session)


def test_a_clients_feedback_is_theirs_and_audited(session, world, now):
    row = give_feedback(session, world.tom, project="WEB", score=5, note="great demo", now=now)
    assert (row.contact_id, row.note) == (world.tom.id, "great demo")
    event = session.exec(select(AuditEvent)).one()
    assert (event.action, event.actor, event.payload["scale"]) == (
        "feedback.give",
        "contact:tom",
        5,
    )


def test_feedback_may_be_about_a_reached_milestone(session, world, now):
    world.beta.done = True
    row = give_feedback(session, world.tom, project="WEB", score=3, milestone="beta", now=now)
    assert row.milestone_id == world.beta.id


def test_a_milestone_not_reached_cannot_be_rated(session, world, now):
    with pytest.raises(Invalid) as raised:
        give_feedback(session, world.tom, project="WEB", score=3, milestone="beta", now=now)
    assert raised.value.key == "feedback.milestone_not_reached"
    assert nothing_written(session)


def test_a_contact_rating_a_milestone_again_replaces_the_earlier_score(session, world, now):
    from domain.clients.feedback import rate

    world.beta.done = True
    first, replaced_first = rate(session, world.tom, project="WEB", score=2, milestone="beta", now=now)
    second, replaced_second = rate(session, world.tom, project="WEB", score=5, milestone="beta", now=now)
    assert (replaced_first, replaced_second) == (False, True)
    assert first.id == second.id and count(session, Feedback) == 1 and second.score == 5


def test_a_client_cannot_rate_a_milestone_hidden_from_clients(session, world, now):
    with pytest.raises(NotFound):
        give_feedback(
            session, world.tom, project="WEB", score=3, milestone="Internal review", now=now
        )
    assert nothing_written(session)


@pytest.mark.parametrize("score", [0, 6, -1, 5.5, float("nan")])
def test_a_score_off_the_one_to_five_scale_is_refused(session, world, now, score):
    with pytest.raises(Invalid) as caught:
        give_feedback(session, world.tom, project="WEB", score=score, now=now)
    assert caught.value.key == "feedback.bad_score"
    assert nothing_written(session)


@pytest.mark.parametrize("raw, stored", [(0, 1), (10, 5), (8, 4.2), (5, 3)])
def test_a_zero_to_ten_answer_is_stored_on_the_five_point_scale(session, world, now, raw, stored):
    row = give_feedback(session, world.tom, project="WEB", score=raw, scale=10, now=now)
    assert row.score == stored
    assert session.exec(select(AuditEvent)).one().payload["raw_score"] == raw


def test_a_scale_other_than_five_or_ten_is_refused(session, world, now):
    with pytest.raises(Invalid) as caught:
        give_feedback(session, world.tom, project="WEB", score=3, scale=7, now=now)
    assert caught.value.key == "feedback.bad_scale"
    assert nothing_written(session)


def test_a_manager_may_name_the_client_contact_who_spoke(session, world, now):
    row = give_feedback(session, world.bob, project="WEB", score=2, contact="@tom", now=now)
    assert row.contact_id == world.tom.id


def test_a_manager_cannot_attribute_feedback_to_another_clients_contact(session, world, now):
    with pytest.raises(Invalid) as caught:
        give_feedback(session, world.bob, project="WEB", score=2, contact="gina", now=now)
    assert caught.value.key == "feedback.contact_not_client"
    assert nothing_written(session)


def test_a_client_cannot_give_feedback_in_a_colleagues_name(session, world, now):
    with pytest.raises(Forbidden):
        give_feedback(session, world.gina, project="GLX", score=2, contact="tom", now=now)
    assert nothing_written(session)
