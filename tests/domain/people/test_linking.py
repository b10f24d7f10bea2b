from datetime import timedelta

import pytest

from domain.core.actors import system_actor
from domain.core.errors import Invalid
from domain.core.models import ChatIdentity
from domain.people.linking import actor_for_chat, create_invite, link_by_email, redeem_invite


def test_a_code_links_a_chat_account_to_its_person(session, world, now):
    code = create_invite(session, system_actor(), handle="lin", now=now)
    actor = redeem_invite(session, code=code, platform="slack", external_id="U1", now=now)
    assert actor.handle == "lin"
    assert actor_for_chat(session, platform="slack", external_id="U1").handle == "lin"


def test_a_code_links_a_client_contact_too(session, world, now):
    code = create_invite(session, system_actor(), handle="tom", now=now)
    actor = redeem_invite(session, code=code, platform="telegram", external_id="42", now=now)
    assert actor.is_contact and actor.handle == "tom"


def test_a_used_code_is_refused_and_links_nothing(session, world, now):
    code = create_invite(session, system_actor(), handle="lin", now=now)
    redeem_invite(session, code=code, platform="slack", external_id="U1", now=now)
    with pytest.raises(Invalid):
        redeem_invite(session, code=code, platform="slack", external_id="U2", now=now)
    assert actor_for_chat(session, platform="slack", external_id="U2") is None


def test_an_expired_code_is_refused(session, world, now):
    code = create_invite(session, system_actor(), handle="lin", now=now)
    with pytest.raises(Invalid):
        redeem_invite(session, code=code, platform="slack", external_id="U1",
                      now=now + timedelta(days=7, seconds=1))
    assert session.exec(__import__("sqlmodel").select(ChatIdentity)).all() == []


def test_an_unlinked_account_has_no_actor(session, world):
    assert actor_for_chat(session, platform="slack", external_id="nobody") is None


def test_a_matching_email_links_exactly_one_person(session, world, now):
    actor = link_by_email(session, platform="slack", external_id="U9", email="LIN@firm.example",
                          now=now)
    assert actor is not None and actor.handle == "lin"
    assert link_by_email(session, platform="slack", external_id="U8", email="x@y.z", now=now) is None
