from datetime import date

import pytest
from sqlmodel import func, select

from domain.core.actors import from_person
from domain.core.errors import Conflict, Forbidden, Invalid, NotFound
from domain.core.models import Approval, AuditEvent, Person
from domain.money.expenses import log_expense
from domain.requests.approvals import decide, pending_approvals
from domain.requests.leave_overtime import request_leave, request_overtime

MON, TUE = date(2026, 11, 30), date(2026, 12, 1)


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def lins_leave(session, world, now) -> int:
    return request_leave(session, world.lin, start=MON, end=TUE, now=now).approval_id


def daves_overtime(session, world, now) -> int:
    return request_overtime(
        session, world.dave, day=MON, hours=2, project="GLX", now=now
    ).approval_id


def assert_refused_without_writing(session, error, call):
    audit_before = count(session, AuditEvent)
    statuses = session.exec(select(Approval.status)).all()
    with pytest.raises(error) as caught:
        call()
    assert count(session, AuditEvent) == audit_before
    assert session.exec(select(Approval.status)).all() == statuses
    return caught.value


@pytest.mark.parametrize(
    "who, outcome",
    [
        ("alice", None),  # admin
        ("bob", None),  # the approver, WEB's manager
        ("lin", Forbidden),  # the one who asked
        ("dave", NotFound),  # someone else: the request stays invisible
        ("tom", NotFound),  # contact of WEB's client
        ("gina", NotFound),  # contact of another client
    ],
)
def test_who_may_decide_a_members_leave(session, world, now, who, outcome):
    request = lins_leave(session, world, now)
    actor = getattr(world, who)
    if outcome is None:
        assert (
            decide(session, actor, decision="approve", request=request, now=now).status
            == "approved"
        )
    else:
        assert_refused_without_writing(
            session,
            outcome,
            lambda: decide(session, actor, decision="approve", request=request, now=now),
        )


def test_approving_records_who_decided_when_and_audits_before_and_after(session, world, now):
    request = lins_leave(session, world, now)
    approval = decide(
        session, world.bob, decision="approve", request=request, note="enjoy", now=now
    )
    assert (approval.decided_by_id, approval.note) == (world.bob.id, "enjoy")
    assert approval.decided_at is not None
    event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event.action == "approval.approve"
    assert (event.payload["before"]["status"], event.payload["after"]["status"]) == (
        "pending",
        "approved",
    )


def test_rejecting_leaves_the_request_rejected(session, world, now):
    request = lins_leave(session, world, now)
    assert (
        decide(session, world.bob, decision="reject", request=request, now=now).status == "rejected"
    )


def test_approving_ones_own_overtime_is_forbidden(session, world, now):
    request = request_overtime(
        session, world.bob, day=MON, hours=2, project="WEB", now=now
    ).approval_id
    error = assert_refused_without_writing(
        session,
        Forbidden,
        lambda: decide(session, world.bob, decision="approve", request=request, now=now),
    )
    assert error.key == "approval.own_request"


def test_even_an_admin_cannot_approve_their_own_request(session, world, now):
    zoe = Person(handle="zoe", name="Zoe Chen", role="admin")
    session.add(zoe)
    session.flush()
    request = request_leave(session, world.alice, start=MON, end=TUE, now=now).approval_id
    with pytest.raises(Forbidden):
        decide(session, world.alice, decision="approve", request=request, now=now)
    assert (
        decide(session, from_person(zoe), decision="approve", request=request, now=now).status
        == "approved"
    )


def test_deciding_twice_is_a_conflict_that_names_the_first_decision(session, world, now):
    request = lins_leave(session, world, now)
    decide(session, world.bob, decision="reject", request=request, now=now)
    error = assert_refused_without_writing(
        session,
        Conflict,
        lambda: decide(session, world.alice, decision="approve", request=request, now=now),
    )
    assert (error.key, error.params["status"]) == ("approval.already_decided", "rejected")


def test_a_decision_other_than_approve_or_reject_is_refused(session, world, now):
    request = lins_leave(session, world, now)
    error = assert_refused_without_writing(
        session,
        Invalid,
        lambda: decide(session, world.bob, decision="maybe", request=request, now=now),
    )
    assert error.key == "approval.bad_decision"


def test_a_request_can_be_named_as_hash_id(session, world, now):
    request = lins_leave(session, world, now)
    assert (
        decide(session, world.bob, decision="approve", request=f"#{request}", now=now).id == request
    )


def test_an_unknown_request_id_is_not_found(session, world, now):
    with pytest.raises(NotFound):
        decide(session, world.bob, decision="approve", request=999, now=now)


def test_without_an_id_the_only_pending_request_is_decided(session, world, now):
    request = lins_leave(session, world, now)
    assert decide(session, world.bob, decision="approve", now=now).id == request


def test_without_an_id_several_pending_requests_ask_which_one(session, world, now):
    first, second = lins_leave(session, world, now), daves_overtime(session, world, now)
    error = assert_refused_without_writing(
        session, Invalid, lambda: decide(session, world.bob, decision="approve", now=now)
    )
    assert error.key == "approval.ambiguous"
    assert error.params["ids"] == [first, second]
    assert error.params["options"][0].startswith(f"#{first} leave @lin")


def test_without_an_id_and_nothing_pending_there_is_nothing_to_decide(session, world, now):
    with pytest.raises(NotFound) as caught:
        decide(session, world.bob, decision="approve", now=now)
    assert caught.value.key == "approval.none_pending"


def test_an_admin_without_an_id_decides_what_is_addressed_to_them_first(session, world, now):
    lins_leave(session, world, now)  # addressed to bob
    bobs = request_leave(session, world.bob, start=MON, end=TUE, now=now).approval_id
    assert decide(session, world.alice, decision="approve", now=now).id == bobs


def test_pending_approvals_lists_what_the_manager_may_decide_but_not_their_own(session, world, now):
    leave, overtime = lins_leave(session, world, now), daves_overtime(session, world, now)
    log_expense(session, world.bob, project="WEB", amount=9000, day=date(2026, 11, 27), now=now)
    assert [a.id for a in pending_approvals(session, world.bob)] == [leave, overtime]


def test_pending_approvals_is_empty_for_members_and_contacts(session, world, now):
    lins_leave(session, world, now)
    assert pending_approvals(session, world.dave) == []
    assert pending_approvals(session, world.tom) == []


def test_decided_requests_leave_the_pending_list(session, world, now):
    request = lins_leave(session, world, now)
    decide(session, world.bob, decision="approve", request=request, now=now)
    assert pending_approvals(session, world.bob) == []


def test_every_error_these_services_raise_reads_in_english_and_chinese():
    import re
    from pathlib import Path

    from intents.messages import catalogue

    raised = set()
    for module in (Path(__file__).parents[3] / "domain").rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        raised |= set(re.findall(r'(?:NotFound|Forbidden|Invalid|Conflict)\(\s*"([^"]+)"', source))
    texts = catalogue()
    missing = [key for key in sorted(raised) if not {"en", "zh"} <= set(texts.get(key, {}))]
    assert len(raised) > 20 and missing == []
