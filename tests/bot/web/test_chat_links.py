"""Every chat answer and notice about a project carries the link to its portal page."""
from __future__ import annotations

from sqlmodel import Session

from bot.outbound.scheduler import tick
from domain.core.actors import actor_for_handle
from intents.conversation.assistant import Assistant, Tools
from tests.bot.web.conftest import SHANGHAI_MONDAY

BASE = "https://pm.studio.example"


def _say(engine, handle: str, text: str, now, portal=lambda: BASE) -> str:  # type: ignore[no-untyped-def]
    assistant = Assistant(engine, tools=Tools(portal=portal))
    with Session(engine) as session:
        actor = actor_for_handle(session, handle)
    return assistant.respond(actor, text, conversation_id=f"test:{handle}", now=now).text


def test_a_status_answer_links_to_the_projects_portal_page(firm, now):
    reply = _say(firm, "nina", "how is NW-PORTAL going?", now)
    assert f"{BASE}/portal/projects/NW-PORTAL" in reply


def test_a_chinese_status_answer_links_in_chinese(firm, now):
    reply = _say(firm, "lihua", "青禾小程序进展如何？", now)
    assert f"在门户中查看：{BASE}/portal/projects/QH-APP" in reply


def test_a_budget_answer_links_to_the_project(firm, now):
    reply = _say(firm, "mei", "budget of NW-PORTAL?", now)
    assert f"{BASE}/portal/projects/NW-PORTAL" in reply


def test_without_a_public_url_no_link_is_added(firm, now):
    assert "/portal/" not in _say(firm, "nina", "how is NW-PORTAL going?", now, portal=None)


def test_chat_notices_carry_the_portal_link_of_their_project(firm):
    rows = tick(firm, SHANGHAI_MONDAY, dry_run=True, portal_url=BASE)
    digests = [r for r in rows if r["kind"] == "weekly_digest" and r["handle"] == "lihua"]
    assert digests and all(f"{BASE}/portal/projects/QH-APP" in r["text"] for r in digests)


def test_a_chat_approval_notice_links_to_the_requests_portal_page(firm, now):
    from datetime import date

    from domain.core.store import unit_of_work
    from domain.requests.leave_overtime import request_leave

    with unit_of_work(firm) as session:
        asked = request_leave(session, actor_for_handle(session, "sam"), start=date(2026, 12, 14),
                              end=date(2026, 12, 15), now=SHANGHAI_MONDAY)
        approval = asked.approval_id
    rows = tick(firm, SHANGHAI_MONDAY, dry_run=True, portal_url=BASE)
    asks = [r for r in rows if r["kind"] == "approval_request"]
    assert asks and all(f"{BASE}/portal/approvals/{approval}" in r["text"] for r in asks)
    assert not any("%23" in r["text"] for r in rows)  # never a "project" called "#12"
