"""Finding 5: erasure that erases. `pmbot forget` shows what it removes, asks, and leaves
the person's name, e-mail, phone, chat ids, outbox rows, invite codes and mentions nowhere
— not in any table, not in the audit payloads — while `audit verify` still passes and
still catches an edit, an insertion, a deletion (naming the missing event) and a
reordering."""
from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlmodel import Session, SQLModel, select

from bot.cli.main import main
from domain.core.actors import actor_for_handle, system_actor
from domain.core.errors import Invalid
from domain.core.models import ChatIdentity, OutboxMessage, Person
from domain.core.store import unit_of_work
from domain.people.linking import create_invite, redeem_invite
from domain.requests.approvals import decide
from domain.requests.leave_overtime import request_leave
from domain.work.time_entries import log_time
from tests.security.conftest import NOW

SECRETS = ["Tom Baker", "tom@studio.example", "+86 139 1234 5678", "tom.private@mail.example",
           "U-TOM-SLACK"]


@pytest.fixture
def toms_traces(firm, now):  # type: ignore[no-untyped-def]
    """Tom's life at the firm: notes with his phone and e-mail, a leave a manager approved
    mentioning him, a linked chat account, a queued notice, a used and an unused invite."""
    with unit_of_work(firm) as session:
        tom, mei = actor_for_handle(session, "tom"), actor_for_handle(session, "mei")
        log_time(session, tom, hours=2, day=now.date(), project="NW-PORTAL",
                 note="call me at +86 139 1234 5678 or tom.private@mail.example", now=now)
        leave = request_leave(session, tom, start=now.date() + timedelta(days=10),
                              end=now.date() + timedelta(days=11), note="Tom Baker's wedding",
                              now=now)
        decide(session, mei, decision="approve", request=leave.approval_id,
               note="enjoy, Tom", now=now)
        used = create_invite(session, system_actor(), handle="tom", now=now)
        redeem_invite(session, code=used, platform="slack", external_id="U-TOM-SLACK", now=now)
        unused = create_invite(session, system_actor(), handle="tom", now=now)
        person = session.exec(select(Person).where(Person.handle == "tom")).one()
        session.add(OutboxMessage(dedup_key="k1", notice_key="n1", kind="due", handle="tom",
                                  person_id=person.id, text="Tom Baker, your task is due",
                                  next_attempt_at=now, created_at=now))
    return unused


def _forget(db_url: str, *extra: str, answer: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["forget", "tom", *extra, "--db", db_url, "--now", NOW],
                              input=answer)


def _everything(engine) -> str:  # type: ignore[no-untyped-def]
    """Every value of every row of every table, as one text to search."""
    with engine.connect() as conn:
        return "\n".join(str(tuple(row)) for table in SQLModel.metadata.sorted_tables
                         for row in conn.execute(table.select()))


def test_forget_shows_what_it_will_remove_and_a_no_keeps_everything(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    result = _forget(db_url, answer="n\n")
    assert result.exit_code == 1 and "nothing was erased" in result.output
    assert "outbox messages: 1" in result.output and "unused invite codes: 1" in result.output
    assert "Tom Baker" in _everything(firm)


def test_forget_erases_the_person_from_every_table_and_every_audit_payload(
        firm, db_url, toms_traces, now):  # type: ignore[no-untyped-def]
    assert _forget(db_url, "--yes").exit_code == 0
    everything = _everything(firm)
    for secret in SECRETS:
        assert secret not in everything, secret
    assert "Tom decides" not in everything  # the client's notes: the first name is his alone
    assert "Former member" in everything
    with Session(firm) as session:
        assert session.exec(select(ChatIdentity)).all() == []
        assert session.exec(select(OutboxMessage)).all() == []
        with pytest.raises(Invalid):  # the unused code is gone: refused, not a crash
            redeem_invite(session, code=toms_traces, platform="telegram", external_id="77",
                          now=now)
    verified = CliRunner().invoke(main, ["audit", "verify", "--db", db_url])
    assert verified.exit_code == 0, verified.output


def test_a_shared_first_name_is_listed_for_review_not_guessed(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    with unit_of_work(firm) as session:
        session.add(Person(handle="tom2", name="Tom Lee", role="member"))
    result = _forget(db_url, "--yes")
    assert result.exit_code == 0 and "to review by hand: client #1 (notes)" in result.output


def _tamper_after_forget(firm, db_url, sql: str) -> str:  # type: ignore[no-untyped-def]
    assert _forget(db_url, "--yes").exit_code == 0
    with firm.begin() as conn:
        for statement in sql.split(";"):
            conn.execute(text(statement))
    result = CliRunner().invoke(main, ["audit", "verify", "--no-data", "--db", db_url])
    assert result.exit_code == 1
    return result.output


def test_after_erasure_verify_still_catches_an_edited_event(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    out = _tamper_after_forget(firm, db_url, "UPDATE audit_event SET action = 'x' WHERE seq = 3")
    assert "broken at event #3" in out and "altered" in out


def test_after_erasure_verify_names_the_deleted_event_itself(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    out = _tamper_after_forget(firm, db_url, "DELETE FROM audit_event WHERE seq = 4")
    assert "broken at event #4" in out and "deleted" in out


def test_after_erasure_verify_catches_an_inserted_event(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    out = _tamper_after_forget(
        firm, db_url,
        "UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 3;"
        "UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1003;"
        "INSERT INTO audit_event (seq, at, actor, action, entity, payload, prev_hash, hash) "
        "SELECT 3, at, actor, 'fake', entity, payload, prev_hash, hash FROM audit_event WHERE seq = 2")
    assert "broken at event #" in out and ("inserted" in out or "altered" in out)


def test_after_erasure_verify_catches_two_events_swapped(firm, db_url, toms_traces):  # type: ignore[no-untyped-def]
    out = _tamper_after_forget(firm, db_url,
                               "UPDATE audit_event SET seq = -1 WHERE seq = 2;"
                               "UPDATE audit_event SET seq = 2 WHERE seq = 3;"
                               "UPDATE audit_event SET seq = 3 WHERE seq = -1")
    assert "broken at event #2" in out


def test_a_chinese_name_is_erased_from_the_decoded_audit_payloads_too(firm, db_url, now):  # type: ignore[no-untyped-def]
    with unit_of_work(firm) as session:
        lijing = actor_for_handle(session, "lijing")
        log_time(session, lijing, hours=3, day=now.date(), project="RK-BOOK",
                 note="李静 在家办公，电话 13912345678", now=now)
    assert "李静 在家办公" in _everything(firm)  # the search would see it (decoded, not escaped)
    result = CliRunner().invoke(main, ["forget", "lijing", "--yes", "--db", db_url, "--now", NOW])
    assert result.exit_code == 0, result.output
    everything = _everything(firm)  # JSON columns come back decoded, so 李静 is not escaped
    assert "李静" not in everything and "13912345678" not in everything
    assert CliRunner().invoke(main, ["audit", "verify", "--db", db_url]).exit_code == 0
