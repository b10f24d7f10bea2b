from sqlalchemy import text

from domain.core import audit


def _three_events(session, now):
    for n in range(3):
        audit.record(session, actor="person:alice", action="test.event", entity="thing",
                     entity_id=n, payload={"n": n, "名字": "官网"}, now=now)
    session.commit()


def test_an_untouched_chain_verifies(session, now):
    _three_events(session, now)
    report = audit.verify(session)
    assert report.ok and report.events == 3


def test_editing_a_row_directly_names_that_event(session, now):
    _three_events(session, now)
    session.exec(text("UPDATE audit_event SET payload = '{\"n\": 99}' WHERE seq = 2"))
    session.commit()
    report = audit.verify(session)
    assert (report.ok, report.broken_seq, report.problem) == (False, 2, "altered")


def test_deleting_a_row_names_the_missing_event(session, now):
    _three_events(session, now)
    session.exec(text("DELETE FROM audit_event WHERE seq = 2"))
    session.commit()
    report = audit.verify(session)
    assert (report.ok, report.broken_seq, report.problem) == (False, 2, "deleted")
