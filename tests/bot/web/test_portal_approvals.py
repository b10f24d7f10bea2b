"""Approvals for staff who take notices by e-mail: the mail links to a portal page where
the approver reads the request and approves or rejects it through chat's `decide`."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.outbound.delivery import DeliveryWorker
from bot.outbound.email import Mailer, SmtpConfig
from bot.outbound.email_sender import EmailSender
from bot.outbound.scheduler import tick
from domain.core.actors import actor_for_handle
from domain.core.models import Approval, AuditEvent, OutboxMessage
from domain.core.store import unit_of_work
from tests.bot.web.conftest import SHANGHAI_MONDAY, csrf_of, sign_in

ASKED = SHANGHAI_MONDAY


@pytest.fixture
def leave(firm, portal_app) -> int:  # type: ignore[no-untyped-def]
    """sam asks for two days off; mei (his project's manager) is asked to decide."""
    from domain.requests.leave_overtime import request_leave

    portal_app.state.portal.clock = lambda: ASKED + timedelta(hours=1)
    with unit_of_work(firm) as session:
        asked = request_leave(session, actor_for_handle(session, "sam"), start=date(2026, 12, 14),
                              end=date(2026, 12, 15), note="family visit", now=ASKED)
        return int(asked.approval_id)


def _mail_out(firm, url: str, moment) -> None:  # type: ignore[no-untyped-def]
    tick(firm, moment, with_email=True)
    sender = EmailSender(Mailer(SmtpConfig.from_url(url), "pmbot@studio.example"),
                         base_url="http://testserver", engine=firm)
    DeliveryWorker(firm, {"email": sender}, clock=lambda: moment).drain()


def test_the_approval_mail_links_to_a_page_where_the_approver_approves(
        firm, smtp, leave, browser_client):
    url, inbox = smtp
    _mail_out(firm, url, ASKED)
    mail = [m for m in inbox.to("mei@studio.example") if f"#{leave}" in str(m["Subject"])][0]
    plain = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"http://testserver(/portal/approvals/\d+)", plain).group(1)  # type: ignore[union-attr]
    assert link == f"/portal/approvals/{leave}"
    assert f"/portal/approvals/{leave}" in mail.get_body(("html",)).get_content()  # type: ignore[union-attr]

    sign_in(browser_client, inbox, "mei@studio.example")
    shown = browser_client.get(link)
    assert shown.status_code == 200
    assert "2026-12-14..2026-12-15" in shown.text and "@sam" in shown.text
    assert "family visit" in shown.text and 'id="decide"' in shown.text
    done = browser_client.post(link, data={"decision": "approve", "note": "enjoy",
                                           "csrf": csrf_of(shown.text)}, follow_redirects=True)
    assert f"Request #{leave} approved" in done.text or f"申请 #{leave} 已批准" in done.text
    assert 'id="decide"' not in done.text  # decided: no more buttons

    with Session(firm) as session:
        approval = session.get(Approval, leave)
        mei = actor_for_handle(session, "mei")
        assert (approval.status, approval.decided_by_id, approval.note) == ("approved", mei.id, "enjoy")
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "approval.approve",
                                                        AuditEvent.entity_id == str(leave))).all()
        assert len(audited) == 1 and audited[0].actor == "person:mei"

    _mail_out(firm, url, ASKED + timedelta(hours=2))  # the requester hears it, as after chat
    with Session(firm) as session:
        told = session.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "request_decided", OutboxMessage.handle == "sam")).all()
    assert len(told) == 1 and told[0].platform == "email" and "approved" in told[0].text
    assert any("approved" in m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
               for m in inbox.to("sam@studio.example"))


def test_a_decision_without_the_csrf_token_is_refused_and_nothing_changes(
        firm, smtp, leave, browser_client):
    sign_in(browser_client, smtp[1], "mei@studio.example")
    refused = browser_client.post(f"/portal/approvals/{leave}", data={"decision": "approve"})
    assert refused.status_code == 403
    with Session(firm) as session:
        assert session.get(Approval, leave).status == "pending"


def test_the_requester_sees_the_request_but_may_not_decide_it(firm, smtp, leave, browser_client):
    sign_in(browser_client, smtp[1], "sam@studio.example")
    shown = browser_client.get(f"/portal/approvals/{leave}")
    assert shown.status_code == 200 and 'id="decide"' not in shown.text
    tried = browser_client.post(f"/portal/approvals/{leave}",
                                data={"decision": "approve", "csrf": csrf_of(shown.text)},
                                follow_redirects=True)
    assert 'class="notice error"' in tried.text
    with Session(firm) as session:
        assert session.get(Approval, leave).status == "pending"
        assert not session.exec(select(AuditEvent).where(
            AuditEvent.action == "approval.approve")).all()


def test_a_client_contact_gets_the_not_found_page_for_a_request(firm, smtp, leave, browser_client):
    home = sign_in(browser_client, smtp[1], "nina@northwind.example")
    missing = browser_client.get("/portal/approvals/999")
    shown = browser_client.get(f"/portal/approvals/{leave}")
    posted = browser_client.post(f"/portal/approvals/{leave}",
                                 data={"decision": "approve", "csrf": csrf_of(home.text)})
    assert shown.status_code == posted.status_code == missing.status_code == 404
    assert shown.text == missing.text.replace("/portal/approvals/999", f"/portal/approvals/{leave}")
    with Session(firm) as session:
        assert session.get(Approval, leave).status == "pending"


def test_a_second_decision_is_told_the_request_was_already_decided(firm, smtp, leave,
                                                                    browser_client):
    sign_in(browser_client, smtp[1], "mei@studio.example")
    page = browser_client.get(f"/portal/approvals/{leave}")
    token = csrf_of(page.text)
    browser_client.post(f"/portal/approvals/{leave}", data={"decision": "reject", "csrf": token})
    again = browser_client.post(f"/portal/approvals/{leave}",
                                data={"decision": "approve", "csrf": token}, follow_redirects=True)
    assert 'class="notice error"' in again.text
    with Session(firm) as session:
        assert session.get(Approval, leave).status == "rejected"


def test_the_approvers_portal_home_lists_what_waits_for_them(firm, smtp, leave, browser_client):
    home = sign_in(browser_client, smtp[1], "mei@studio.example")
    assert f'href="/portal/approvals/{leave}"' in home.text
    browser_client.post("/portal/logout", data={"csrf": csrf_of(home.text)})
    sams = sign_in(browser_client, smtp[1], "sam@studio.example")
    assert "/portal/approvals/" not in sams.text  # his own request waits for someone else
