"""Notices by e-mail, through the same outbox as chat, into a real SMTP server on loopback."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from bot.outbound.delivery import DeliveryWorker
from bot.outbound.email import Mailer, SmtpConfig
from bot.outbound.email_sender import EmailSender
from bot.outbound.scheduler import tick
from domain.core.models import ChatIdentity, NotificationPreference, OutboxMessage, Person
from tests.bot.web.conftest import SHANGHAI_MONDAY, sign_in


def _worker(engine, url: str, moment: datetime) -> DeliveryWorker:
    sender = EmailSender(Mailer(SmtpConfig.from_url(url), "pmbot@studio.example"),
                         base_url="http://testserver", engine=engine)
    return DeliveryWorker(engine, {"email": sender}, clock=lambda: moment)


def test_a_contact_without_chat_gets_the_weekly_digest_by_mail_with_both_parts_and_a_link(
        firm, smtp, browser_client):
    url, inbox = smtp
    tick(firm, SHANGHAI_MONDAY, with_email=True)
    assert _worker(firm, url, SHANGHAI_MONDAY).drain() >= 1
    mail = [m for m in inbox.to("lihua@qinghe.example") if "QH-APP" in str(m["Subject"])][0]
    plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain is not None and html is not None
    assert "每周简报" in str(mail["Subject"])  # her language
    link = re.search(r"http://testserver(/portal/projects/\S+)", plain.get_content()).group(1)
    assert 'src="cid:chart"' in html.get_content()
    assert any(part.get_content_type() == "image/png" for part in mail.walk())
    sign_in(browser_client, smtp[1], "lihua@qinghe.example")
    page = browser_client.get(link)
    assert page.status_code == 200 and "青禾小程序" in page.text


def test_a_notice_is_mailed_once_however_often_the_scheduler_ticks(firm, smtp):
    url, inbox = smtp
    for minutes in (0, 1, 2):
        moment = SHANGHAI_MONDAY + timedelta(minutes=minutes)
        tick(firm, moment, with_email=True)
        _worker(firm, url, moment).drain()
    digests = [m for m in inbox.to("lihua@qinghe.example") if "QH-APP" in str(m["Subject"])]
    assert len(digests) == 1


def test_someone_with_a_chat_account_gets_mail_only_when_they_prefer_it(firm):
    with Session(firm) as session:
        sam = session.exec(select(Person).where(Person.handle == "sam")).one()
        session.add(ChatIdentity(platform="slack", external_id="U-SAM", person_id=sam.id))
        session.commit()
        rows = tick(firm, SHANGHAI_MONDAY, dry_run=True, with_email=True)
        assert {r["platform"] for r in rows if r["handle"] == "sam"} <= {"slack"}
        session.add(NotificationPreference(person_id=sam.id, prefers_email=True,
                                           updated_at=SHANGHAI_MONDAY))
        session.commit()
    rows = tick(firm, SHANGHAI_MONDAY + timedelta(hours=8), dry_run=True, with_email=True)
    sams = {r["platform"] for r in rows if r["handle"] == "sam"}
    assert sams == {"email"} or not sams  # nothing due for him, or e-mail only


def test_an_smtp_server_that_is_down_means_a_retry_later_not_a_lost_notice(firm):
    tick(firm, SHANGHAI_MONDAY, with_email=True)
    _worker(firm, "smtp://127.0.0.1:9", SHANGHAI_MONDAY).drain(max_rounds=1)
    with Session(firm) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.platform == "email")).all()
    assert rows and all(r.status == "pending" for r in rows)
    assert all(r.attempts == 1 and r.next_attempt_at > SHANGHAI_MONDAY for r in rows)


def test_notify_json_names_email_as_the_platform_when_smtp_is_configured(firm, db_url, smtp,
                                                                       monkeypatch):
    from bot.cli.main import main

    monkeypatch.setenv("PMBOT_SMTP_URL", smtp[0])
    result = CliRunner().invoke(main, ["notify", "--json", "--dry-run", "--now",
                                       SHANGHAI_MONDAY.isoformat(), "--db", db_url])
    assert result.exit_code == 0, result.output
    notices = [json.loads(line) for line in result.stdout.splitlines()]
    lihua = [n for n in notices if n["recipient"] == "lihua"]
    assert lihua and all(n["platform"] == "email" for n in lihua)


@pytest.mark.parametrize("url, expected", [
    ("smtp://mailer:p%40ss@mail.example:587?starttls=1", ("mail.example", 587, "mailer", "p@ss", False, True)),
    ("smtps://mail.example", ("mail.example", 465, None, None, True, False)),
])
def test_the_smtp_url_names_host_port_credentials_and_tls(url, expected):
    c = SmtpConfig.from_url(url)
    assert (c.host, c.port, c.user, c.password, c.tls, c.starttls) == expected


def test_a_visitor_chooses_notices_by_email_in_the_portal(browser_client, inbox, firm):
    from domain.core.actors import actor_for_handle
    from domain.notices.preferences import prefers_email
    from tests.bot.web.conftest import csrf_of

    page = sign_in(browser_client, inbox, "sam@studio.example")
    assert 'id="notices"' in page.text
    browser_client.post("/portal/preferences", data={"email": "on", "csrf": csrf_of(page.text)})
    with Session(firm) as session:
        assert prefers_email(session, actor_for_handle(session, "sam"))
    browser_client.post("/portal/preferences", data={"csrf": csrf_of(page.text)})
    with Session(firm) as session:
        assert not prefers_email(session, actor_for_handle(session, "sam"))


def test_an_approval_mail_links_to_the_requests_page_and_says_which_chat_commands_answer_it():
    from datetime import UTC

    from bot.outbound.email_sender import EmailSender
    from domain.core.models import OutboxMessage

    row = OutboxMessage(id=1, dedup_key="approval_request:12@email:mei@studio.example",
                        notice_key="approval_request:12", kind="approval_request",
                        subject="NW-PORTAL", handle="mei", platform="email",
                        chat_id="mei@studio.example", lang="en", text="Sam asks for leave.",
                        buttons=[{"label": "Approve", "value": "approve #12"},
                                 {"label": "Reject", "value": "reject #12"}],
                        next_attempt_at=datetime.now(UTC), created_at=datetime.now(UTC))
    sender = EmailSender(Mailer(SmtpConfig.from_url("smtp://127.0.0.1:9"), "pmbot@studio.example"),
                         base_url="https://pm.example")
    mail = sender.compose(row)
    text = mail.get_body(("plain",)).get_content()
    assert "approve #12 / reject #12" in text
    assert "Approve or reject in the portal: https://pm.example/portal/approvals/12" in text
    assert 'href="https://pm.example/portal/approvals/12"' in mail.get_body(("html",)).get_content()
    assert mail["Message-ID"] == sender.compose(row)["Message-ID"]  # a re-send is the same mail
