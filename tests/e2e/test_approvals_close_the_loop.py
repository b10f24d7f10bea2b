"""Approvals that close the loop: the approver sees what waits, decides by name or number,
and the requester is told, in their language, through the outbox."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from domain.core.actors import actor_for_handle
from domain.core.models import Approval
from domain.core.store import unit_of_work


@pytest.fixture
def requests(firm, engine, now):  # type: ignore[no-untyped-def]
    """sam asks for leave (#1) and ravi for overtime (#2); mei manages their project."""
    from domain.requests.leave_overtime import request_leave, request_overtime

    with unit_of_work(engine) as session:
        request_leave(session, actor_for_handle(session, "sam"), start=date(2026, 12, 14),
                      end=date(2026, 12, 15), now=now)
        request_overtime(session, actor_for_handle(session, "ravi"), day=date(2026, 11, 28),
                         hours=4, project="NW-PORTAL", now=now)
    return firm


def _status(engine, approval_id: int) -> str:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.get(Approval, approval_id).status


def _notices(engine, now, kind: str) -> list:  # type: ignore[no-untyped-def]
    from domain.notices.due import due

    with Session(engine) as session:
        return [n for n in due(session, now) if n.kind == kind]


def test_the_approver_sees_what_waits_with_who_what_when_and_buttons(requests, chat_as) -> None:
    mei = chat_as("mei")
    reply = mei.say("待我审批的有哪些？")
    assert "#1" in reply and "@sam" in reply and "2026-12-14" in reply and "#2" in reply
    assert "approve #1" in [b.value for b in mei.replies[-1].buttons]
    english = chat_as("ada").say("what's waiting for my approval?")
    assert "#1" in english and "Waiting for your decision" in english


def test_approving_by_requester_name_decides_that_request_and_tells_the_requester(
        requests, chat_as, engine, now) -> None:
    reply = chat_as("ada").say("approve sam's leave")
    assert "#1" in reply
    assert (_status(engine, 1), _status(engine, 2)) == ("approved", "pending")
    told = _notices(engine, now, "request_decided")
    assert [(n.recipient.handle, n.lines[0][0]) for n in told] == [
        ("sam", "notice.request_decided.approved.leave")]


def test_rejecting_in_chinese_by_name_and_kind_tells_the_requester_in_their_language(
        requests, chat_as, engine, now) -> None:
    from bot.outbound.scheduler import render_notice

    chat_as("mei").say("驳回ravi的加班")
    assert _status(engine, 2) == "rejected"
    (notice,) = _notices(engine, now, "request_decided")
    text, _buttons = render_notice(notice)
    assert notice.recipient.handle == "ravi" and "rejected by @mei" in text


def test_the_requester_asks_about_their_own_request(requests, chat_as) -> None:
    assert "pending" in chat_as("sam").say("was my leave approved?")
    chat_as("mei").say("reject #2")
    assert "rejected" in chat_as("ravi").say("has my overtime request been approved?")
    assert "待审批" in chat_as("mei").say("我的请假批了吗？") or "没有" in chat_as("mei").say("我的请假批了吗？")


def test_a_decision_is_listed_by_notify_dry_run_json(requests, chat_as, engine, now, db_url) -> None:
    import json

    from click.testing import CliRunner

    from bot.cli.main import main as cli

    chat_as("mei").say("批准sam的请假")
    result = CliRunner().invoke(cli, ["notify", "--db", db_url, "--now", now.isoformat(),
                                      "--dry-run", "--json"])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert any(r["kind"] == "request_decided" and r["recipient"] == "sam" for r in rows), result.output


def test_a_manager_logging_an_expense_on_their_own_project_is_told_who_approves(chat_as) -> None:
    reply = chat_as("mei").say("hotel 9000 CNY on NW-PORTAL yesterday")
    reply = chat_as("mei").say("是") if "确认" in reply else reply
    assert "项目经理审批" not in reply and "等待 @ada 审批" in reply, reply
