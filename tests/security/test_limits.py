"""Finding 7: abuse limits and inputs that cannot hurt. A flood is answered once, a huge
message is refused politely, NUL/control/zero-width characters never reach a store, and
staff comments on a client-visible document stay with the staff."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlmodel import Session, select

from bot.bootstrap import build_app
from bot.cli.main import main
from bot.gateway import Incoming, handle_incoming
from bot.gateway_limits import BURST, SILENCED, RateLimiter
from domain.core.actors import actor_for_handle
from domain.core.models import ChatIdentity, ClientContact, Person, TimeEntry
from domain.core.store import unit_of_work
from tests.security.conftest import NOW


def _linked(firm, handle: str, user: str) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(firm) as session:
        person = session.exec(select(Person).where(Person.handle == handle)).one()
        session.add(ChatIdentity(platform="telegram", external_id=user, person_id=person.id))


def test_a_flood_is_answered_once_with_slow_down_and_then_dropped(firm, db_url, now, monkeypatch):  # type: ignore[no-untyped-def]
    import bot.gateway

    monkeypatch.setattr(bot.gateway, "LIMITER", RateLimiter())
    _linked(firm, "sam", "T-SAM")
    app = build_app(database_url=db_url)
    replies = [handle_incoming(app, Incoming("telegram", "T-SAM", "c1", "hi"), now=now)
               for _ in range(BURST + 5)]
    assert all(r.error is None for r in replies[:BURST])
    assert replies[BURST].error == "limits.slow_down" and "Slow down" in replies[BURST].text
    assert {r.error for r in replies[BURST + 1:]} == {SILENCED}
    later = handle_incoming(app, Incoming("telegram", "T-SAM", "c1", "hi"),
                            now=now + timedelta(minutes=5))
    assert later.error is None
    other = handle_incoming(app, Incoming("telegram", "T-OTHER", "c2", "hi"), now=now)
    assert other.error != "limits.slow_down"  # one sender's flood slows no one else


def test_a_ten_thousand_character_message_is_refused_politely_and_not_parsed(firm, db_url):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["say", "--as", "sam", "--now", NOW, "log 2h " + "x" * 10_000,
                                       "--db", db_url])
    assert result.exit_code == 0 and "10,007 characters" in result.output
    with Session(firm) as session:
        assert len(session.exec(select(TimeEntry)).all()) == 2  # the imported two only


def test_nul_control_and_zero_width_characters_never_reach_the_store(firm, db_url):  # type: ignore[no-untyped-def]
    text = "log 2h on NW-PORTAL today: fixed\x00 the\u200b login\x07 page"
    result = CliRunner().invoke(main, ["say", "--as", "sam", "--now", NOW, text, "--db", db_url])
    assert result.exit_code == 0 and "Traceback" not in result.output
    with Session(firm) as session:
        notes = [t.note for t in session.exec(select(TimeEntry)).all() if t.note]
    assert notes and all(not any(c in n for c in "\x00\u200b\x07") for n in notes)


def test_a_nul_written_by_any_path_is_removed_by_the_store_itself(firm):  # type: ignore[no-untyped-def]
    with unit_of_work(firm) as session:
        session.add(Person(handle="nul", name="Nu\x00ll\u200bname", role="member"))
    with Session(firm) as session:
        assert session.exec(select(Person).where(Person.handle == "nul")).one().name == "Nullname"


def test_staff_comments_on_a_client_visible_document_are_not_shown_to_the_client(firm, now):  # type: ignore[no-untyped-def]
    from domain.clients.documents import add_comment, list_comments
    from domain.core.models import Document, Project

    with unit_of_work(firm) as session:
        project = session.exec(select(Project).where(Project.code == "NW-PORTAL")).one()
        doc = Document(project_id=project.id, title="Proposal", file_name="proposal.md",
                       visibility="client", content_hash="0" * 64, added_at=now)
        session.add(doc)
        session.flush()
        mei, nina = actor_for_handle(session, "mei"), actor_for_handle(session, "nina")
        add_comment(session, mei, document=doc, text="internal only – our margin is 17%", now=now)
        add_comment(session, mei, document=doc, text="Pilot moved to Friday", visibility="client",
                    now=now)
        add_comment(session, nina, document=doc, text="Looks good", now=now)
        seen_by_client = [c.text for c in list_comments(session, nina, document=doc)]
        seen_by_staff = [c.text for c in list_comments(session, mei, document=doc)]
        assert session.exec(select(ClientContact)).first() is not None
    assert seen_by_client == ["Pilot moved to Friday", "Looks good"]
    assert "internal only – our margin is 17%" in seen_by_staff


# ---------------------------------------------------------------- limits shared by replicas
T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _portal(db_url: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from bot.web.app import create_app

    return TestClient(create_app(build_app(database_url=db_url), mailer=_NoMail()),
                      base_url="http://testserver")


class _NoMail:
    def send(self, message: object) -> None:  # the limit, not the mail, is under test
        pass


def _ask_link(client, address: str) -> int:  # type: ignore[no-untyped-def]
    import re

    form = client.get("/portal/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    return int(client.post("/portal/login", data={"email": address, "csrf": csrf}).status_code)


def test_two_portal_replicas_share_one_sign_in_limit_per_address(firm, db_url, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PMBOT_SECRET_KEY", "shared-limits-test")
    with _portal(db_url) as one, _portal(db_url) as two:
        answers = [_ask_link(client, "nina@northwind.example")
                   for client in (one, two, one, two, one, two, one)]
        other = _ask_link(two, "someone@else.example")
    assert answers == [200] * 5 + [429, 429]  # five in all, not five per replica
    assert other == 200


def test_the_shared_window_reopens_exactly_when_its_oldest_event_leaves_it(firm):  # type: ignore[no-untyped-def]
    import time_machine

    from bot.web.security import RateLimit

    with time_machine.travel(T0, tick=False) as clock:
        one = RateLimit(3, 60).shared(firm, "test.window")
        two = RateLimit(3, 60).shared(firm, "test.window")
        assert [one.wait_for("k"), two.wait_for("k")] == [0, 0]
        clock.shift(20)
        assert two.wait_for("k") == 0
        assert [one.wait_for("k"), two.wait_for("k")] == [40, 40]  # full, across replicas
        assert one.wait_for("other key") == 0
        clock.shift(39.5)
        assert two.wait_for("k") == 1  # half a second left: wait a whole one
        clock.shift(0.5)
        assert one.wait_for("k") == 0  # the two events at T0 have left the window
        assert two.wait_for("k") == 0
        assert one.wait_for("k") == 20  # full again until the event at T0+20 leaves


def test_api_replicas_share_one_per_token_limit(firm):  # type: ignore[no-untyped-def]
    import time_machine

    from bot.api.limits import TokenRateLimit

    with time_machine.travel(T0, tick=False):
        replicas = [TokenRateLimit(4, 60, engine=firm) for _ in range(2)]
        answers = [replicas[n % 2].wait_for(7) for n in range(6)]
        assert answers == [0, 0, 0, 0, 60, 60]
        assert replicas[1].wait_for(8) == 0  # another token has its own window


def test_racing_replicas_never_let_more_than_the_limit_through(firm):  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    from bot.web.security import RateLimit

    limits = [RateLimit(5, 600).shared(firm, "test.race") for _ in range(4)]
    with ThreadPoolExecutor(8) as pool:
        waits = list(pool.map(lambda n: limits[n % 4].wait_for("same"), range(24)))
    assert waits.count(0) == 5
    with Session(firm) as session:
        from domain.core.models import RateLimitHit

        stored = session.exec(select(RateLimitHit)).all()
    assert len(stored) == 5 and all(len(hit.bucket) == 64 for hit in stored)  # hashed keys only
