import json
from datetime import date

import pytest
from sqlmodel import func, select

from domain.clients.feedback import give_feedback
from domain.core import audit
from domain.core.actors import actor_for_handle
from domain.core.errors import Conflict, Forbidden, Invalid, NotFound
from domain.core.models import (
    Approval,
    AuditEvent,
    ChatIdentity,
    ClientContact,
    Document,
    DocumentComment,
    Expense,
    Feedback,
    LeaveRequest,
    Person,
    TimeEntry,
)
from domain.money.expenses import log_expense
from domain.people.privacy import forget
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave

TODAY = date(2026, 11, 27)


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


@pytest.fixture
def lins_traces(session, world, now):
    """What lin left behind: an account, hours with a note, a comment, an expense, a leave."""
    session.add(ChatIdentity(platform="slack", external_id="U-LIN", person_id=world.lin.id))
    session.add(
        TimeEntry(
            person_id=world.lin.id, project_id=world.web.id, day=TODAY, hours=6, note="调试登录页面"
        )
    )
    doc = Document(
        project_id=world.web.id,
        title="Spec",
        file_name="spec.md",
        content_hash="0" * 64,
        added_at=now,
    )
    session.add(doc)
    session.flush()
    session.add(
        DocumentComment(document_id=doc.id, person_id=world.lin.id, text="see p.3", created_at=now)
    )
    log_expense(session, world.lin, project="WEB", amount=300, day=TODAY, note="taxi home", now=now)
    request_leave(
        session, world.lin, start=date(2026, 12, 1), end=date(2026, 12, 2), note="wedding", now=now
    )
    session.flush()


def test_a_forgotten_member_keeps_only_a_numbered_placeholder(session, world, now):
    lin = forget(session, world.alice, handle="lin", now=now)
    assert (lin.name, lin.handle) == (f"Former member #{lin.id}", f"forgotten-{lin.id}")
    assert (lin.email, lin.timezone, lin.forgotten) == (None, None, True)


def test_a_forgotten_members_chat_accounts_are_unlinked(session, world, now, lins_traces):
    forget(session, world.alice, handle="lin", now=now)
    assert count(session, ChatIdentity) == 0


def test_a_forgotten_members_notes_are_cleared_but_hours_and_costs_stay(
    session, world, now, lins_traces
):
    forget(session, world.alice, handle="lin", now=now)
    entry = session.exec(select(TimeEntry)).one()
    expense = session.exec(select(Expense)).one()
    assert (entry.hours, entry.note) == (6, None)
    assert (expense.amount, expense.note) == (300, None)
    assert session.exec(select(LeaveRequest)).one().note is None
    assert session.exec(select(DocumentComment)).one().text == ""


def test_a_forgotten_member_can_no_longer_be_spoken_as(session, world, now):
    forget(session, world.alice, handle="lin", now=now)
    with pytest.raises(NotFound):
        actor_for_handle(session, "lin")


def test_the_erasure_event_names_only_the_id(session, world, now, lins_traces):
    forget(session, world.alice, handle="lin", now=now)
    event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.action, event.entity, event.entity_id) == (
        "privacy.forget",
        "person",
        str(world.lin.id),
    )
    text = json.dumps(event.payload, ensure_ascii=False)
    assert not any(trace in text for trace in ("lin", "林芳", "firm.example", "taxi", "调试"))


def test_a_forgotten_contacts_feedback_notes_go_but_scores_stay(session, world, now):
    give_feedback(session, world.tom, project="WEB", score=2, note="Tom is unhappy", now=now)
    tom = forget(session, world.alice, handle="tom", now=now)
    assert isinstance(tom, ClientContact)
    assert (tom.name, tom.handle, tom.forgotten) == (
        f"Former contact #{tom.id}",
        f"forgotten-{tom.id}",
        True,
    )
    feedback = session.exec(select(Feedback)).one()
    assert (feedback.score, feedback.note) == (2, None)


def test_a_managers_decision_notes_are_cleared_when_they_are_forgotten(session, world, now):
    leave = request_leave(
        session, world.lin, start=date(2026, 12, 1), end=date(2026, 12, 1), now=now
    )
    decide(
        session,
        world.bob,
        decision="reject",
        request=leave.approval_id,
        note="Bob says no",
        now=now,
    )
    forget(session, world.alice, handle="bob", now=now)
    approval = session.get(Approval, leave.approval_id)
    assert (approval.status, approval.note) == ("rejected", None)


@pytest.mark.parametrize("who", ["bob", "lin", "tom"])
def test_only_an_admin_may_forget_someone(session, world, now, who):
    with pytest.raises(Forbidden) as caught:
        forget(session, getattr(world, who), handle="dave", now=now)
    assert caught.value.key == "privacy.admin_only"
    assert session.get(Person, world.dave.id).name == "Dave Müller"
    assert count(session, AuditEvent) == 0


def test_forgetting_an_unknown_handle_suggests_close_ones(session, world, now):
    with pytest.raises(NotFound) as caught:
        forget(session, world.alice, handle="davd", now=now)
    assert "dave" in caught.value.matches


def test_forgetting_someone_twice_is_a_conflict(session, world, now):
    lin = forget(session, world.alice, handle="lin", now=now)
    with pytest.raises(Conflict):
        forget(session, world.alice, handle=lin.handle, now=now)
    assert count(session, AuditEvent) == 1


def test_an_admin_cannot_forget_themselves(session, world, now):
    with pytest.raises(Invalid):
        forget(session, world.alice, handle="alice", now=now)
    assert count(session, AuditEvent) == 0


def test_a_forgotten_contacts_accounts_and_comments_go_too(session, world, now):
    doc = Document(
        project_id=world.web.id,
        title="Spec",
        file_name="spec.md",
        content_hash="0" * 64,
        added_at=now,
    )
    session.add(doc)
    session.flush()
    session.add(ChatIdentity(platform="telegram", external_id="42", contact_id=world.tom.id))
    session.add(
        DocumentComment(
            document_id=doc.id, contact_id=world.tom.id, text="too blue", created_at=now
        )
    )
    session.flush()
    forget(session, world.alice, handle="tom", now=now)
    assert count(session, ChatIdentity) == 0
    assert session.exec(select(DocumentComment)).one().text == ""


def test_the_audit_chain_still_verifies_after_an_erasure(session, world, now, lins_traces):
    forget(session, world.alice, handle="lin", now=now)
    session.commit()
    assert audit.verify(session).ok
