"""Finding 1: no existence oracle. A name the asker may not see is answered exactly like a
name that exists nowhere, on every surface, for every way of naming it.

Each case pairs a real hidden name with a made-up one of the same shape; the two replies
must be equal character for character once the names are swapped for a placeholder.
"""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.console import render_reply
from domain.core.actors import actor_for_handle
from domain.core.errors import NotFound
from domain.core.lookup import find_milestone, find_person, find_project
from domain.insight.reports.scope import find_client
from intents.conversation.assistant import Assistant
from tests.security.conftest import NOW

# (way of naming, message with {name}, the hidden name, a made-up name of the same shape)
CHAT_NAMINGS = [
    ("code", "how is {name} going?", "RK-BOOK", "QZ-DUNE"),
    ("name", "how is the {name} project going?", "Ruikang Booking Engine", "Velmora Parcel Engine"),
    ("distinctive part", "how is {name} going?", "ruikang", "velmora"),
    ("chinese alias", "{name}进展如何？", "瑞康预约系统", "飞天小猪系统"),
    ("task title", "who should take {name}?", "Kafka ingestion pipeline",
     "Quorbl frobnication pipeline"),
    ("milestone title", "is {name} done?", "Dashboard v1", "Quibble v7"),
    ("milestone id", "rate NW-PORTAL 5 {name}", "#m3", "#m99"),
    ("task id", "update {name} to done", "#2", "#99"),
    ("person handle", "show tasks of {name}", "lijing", "qorvath"),
    ("rating a hidden project", "rate {name} 5 #m1", "RK-BOOK", "QZ-DUNE"),
]
CLIENT_ASKERS = ["nina", "nils"]  # Northwind's contacts, English and Chinese


def _same_after_substitution(hidden_reply: str, madeup_reply: str, hidden: str, madeup: str) -> None:
    def mask(text: str, name: str) -> str:
        for word in sorted(name.split(), key=len, reverse=True):
            text = text.replace(word, "<NAME>")
        return text

    assert mask(hidden_reply, hidden) == mask(madeup_reply, madeup)


def _chat(engine, handle: str, text: str) -> str:  # type: ignore[no-untyped-def]
    from datetime import datetime

    with Session(engine) as session:
        actor = actor_for_handle(session, handle)
    reply = Assistant(engine).respond(actor, text, conversation_id=f"test:{handle}:{text}",
                                      now=datetime.fromisoformat(NOW))
    return render_reply(reply)


@pytest.mark.parametrize("asker", CLIENT_ASKERS)
@pytest.mark.parametrize("way, template, hidden, madeup", CHAT_NAMINGS,
                         ids=[n[0] for n in CHAT_NAMINGS])
def test_chat_answers_another_clients_name_like_a_name_that_exists_nowhere(
        firm, asker, way, template, hidden, madeup):  # type: ignore[no-untyped-def]
    hidden_reply = _chat(firm, asker, template.format(name=hidden))
    madeup_reply = _chat(firm, asker, template.format(name=madeup))
    assert "RK-BOOK" not in hidden_reply or "RK-BOOK" in template.format(name=hidden)
    _same_after_substitution(hidden_reply, madeup_reply, hidden, madeup)


# (surface, command with {name}) for the command line; `--as` names the asker
CLI_SURFACES = [
    ("docs ask", ["docs", "ask", "--as", "{who}", "--project", "{name}", "what is the scope?"]),
    ("chart", ["chart", "gantt", "{name}", "-o", "chart.png", "--as", "{who}"]),
    ("report", ["report", "variance", "--project", "{name}", "--as", "{who}"]),
]
CLI_ASKERS = ["nina", "sam"]  # another client's contact; a member not on the project


@pytest.mark.parametrize("who", CLI_ASKERS)
@pytest.mark.parametrize("surface, command", CLI_SURFACES, ids=[s[0] for s in CLI_SURFACES])
def test_the_command_line_answers_a_hidden_project_like_one_that_does_not_exist(
        cli, who, surface, command):  # type: ignore[no-untyped-def]
    def run(name: str):  # type: ignore[no-untyped-def]
        return cli(*[part.format(name=name, who=who) for part in command], "--now", NOW)

    hidden, madeup = run("RK-BOOK"), run("QZ-DUNE")
    assert (hidden.exit_code, hidden.output.replace("RK-BOOK", "<NAME>")) == \
        (madeup.exit_code, madeup.output.replace("QZ-DUNE", "<NAME>"))
    assert hidden.exit_code != 0


def test_a_client_is_never_offered_or_confirmed_a_staff_handle_outside_its_projects(firm):  # type: ignore[no-untyped-def]
    with Session(firm) as session:
        nina = actor_for_handle(session, "nina")
        with pytest.raises(NotFound) as near:
            find_person(session, "lijng", nina)
        with pytest.raises(NotFound):
            find_person(session, "lijing", nina)
        assert "lijing" not in near.value.matches
        assert find_person(session, "sam", nina).handle == "sam"  # on her project


def test_did_you_mean_offers_only_projects_and_clients_the_asker_may_see(firm):  # type: ignore[no-untyped-def]
    with Session(firm) as session:
        nina = actor_for_handle(session, "nina")
        with pytest.raises(NotFound) as project:
            find_project(session, nina, "Ruikang Bookin")
        with pytest.raises(NotFound) as client:
            find_client(session, "Ruikang Healt", nina)
    assert "RK-BOOK" not in project.value.matches
    assert "Ruikang Health" not in client.value.matches


def test_a_client_hidden_milestone_is_not_found_by_name_or_id_and_never_suggested(firm):  # type: ignore[no-untyped-def]
    with Session(firm) as session:
        nina = actor_for_handle(session, "nina")
        portal = find_project(session, nina, "NW-PORTAL")
        for ref in ("Internal review", "#m2", "Internal revie"):
            with pytest.raises(NotFound) as missing:
                find_milestone(session, portal, ref, nina)
            assert missing.value.matches == [] or "Internal review" not in missing.value.matches
        assert find_milestone(session, portal, "#m1", nina).name == "Pilot"


def test_a_member_sees_no_spend_from_which_a_colleagues_hourly_cost_follows(firm, now):  # type: ignore[no-untyped-def]
    from datetime import date

    from domain.core.errors import Forbidden
    from domain.insight.status import project_status
    from domain.money.budget import budget_status

    with Session(firm) as session:
        sam, mei = actor_for_handle(session, "sam"), actor_for_handle(session, "mei")
        with pytest.raises(Forbidden):
            budget_status(session, sam, project="NW-PORTAL", today=date(2026, 11, 27))
        status = project_status(session, sam, project="NW-PORTAL", today=date(2026, 11, 27))
        assert status.spent == 0 and status.labour_cost == 0 and status.burn_pct is None
        managed = budget_status(session, mei, project="NW-PORTAL", today=date(2026, 11, 27))
        assert managed.labour_cost == 6 * 200


def test_app_home_shows_a_person_only_their_own_projects_and_a_contact_no_staff_data(
        firm, db_url, now):  # type: ignore[no-untyped-def]
    import json

    from bot.bootstrap import build_app
    from bot.slack.app import SlackAdapter
    from domain.core.models import ChatIdentity, ClientContact, Person
    from domain.core.store import unit_of_work

    with unit_of_work(firm) as session:
        sam = session.exec(select(Person).where(Person.handle == "sam")).one()
        nina = session.exec(select(ClientContact).where(ClientContact.handle == "nina")).one()
        session.add(ChatIdentity(platform="slack", external_id="U-SAM", person_id=sam.id))
        session.add(ChatIdentity(platform="slack", external_id="U-NINA", contact_id=nina.id))
    adapter = SlackAdapter(build_app(database_url=db_url), clock=lambda: now)
    homes = {who: json.dumps(adapter.home_for(user), ensure_ascii=False)
             for who, user in (("sam", "U-SAM"), ("nina", "U-NINA"))}
    assert "Sign-in flow" in homes["sam"]
    for secret in ("Kafka", "RK-BOOK", "lijing", "Ruikang"):
        assert secret not in homes["sam"] and secret not in homes["nina"]
    assert "Sign-in flow" not in homes["nina"]
