"""What an attacker or a curious client tries on the portal, and what they get: nothing."""
from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from sqlmodel import Session, select

from domain.clients.documents import register_document
from domain.core.actors import system_actor
from domain.core.models import Feedback, SignInLink
from domain.core.store import unit_of_work
from tests.bot.web.conftest import csrf_of, sign_in


def _confirm(client, link: str):
    import re

    page = client.get(link.replace("http://testserver", ""))
    match = re.search(r'name="t" value="([^"]+)"', page.text)
    return page, (match.group(1) if match else None)


def test_a_sign_in_link_works_once_and_a_replay_is_refused(browser_client, inbox):
    sign_in(browser_client, inbox, "nina@northwind.example")
    link = inbox.link_for("nina@northwind.example")
    browser_client.cookies.clear()
    page, token = _confirm(browser_client, link)
    replay = browser_client.post("/portal/auth", data={"t": token, "csrf": csrf_of(page.text)})
    assert replay.status_code == 400 and "not valid" in replay.text
    assert browser_client.get("/portal/", follow_redirects=False).status_code == 303


def test_a_link_older_than_fifteen_minutes_is_refused(browser_client, inbox):
    form = browser_client.get("/portal/login")
    browser_client.post("/portal/login", data={"email": "nina@northwind.example",
                                                "csrf": csrf_of(form.text)})
    link = inbox.link_for("nina@northwind.example")
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        page, token = _confirm(browser_client, link)
        assert page.status_code == 400 and token is None
        forced = browser_client.post("/portal/auth", data={"t": link.rpartition("t=")[2],
                                                           "csrf": csrf_of(page.text)})
    assert forced.status_code == 400
    assert browser_client.get("/portal/", follow_redirects=False).status_code == 303


def test_an_unknown_address_gets_the_same_page_and_no_mail(browser_client, inbox):
    form = browser_client.get("/portal/login")
    known = browser_client.post("/portal/login", data={"email": "nina@northwind.example",
                                                        "csrf": csrf_of(form.text)})
    unknown = browser_client.post("/portal/login", data={"email": "eve@elsewhere.example",
                                                          "csrf": csrf_of(form.text)})
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert inbox.to("eve@elsewhere.example") == [] and len(inbox.to("nina@northwind.example")) == 1


def test_only_the_hash_of_a_link_token_is_stored(browser_client, inbox, firm):
    sign_in(browser_client, inbox, "nina@northwind.example")
    signed = inbox.link_for("nina@northwind.example").rpartition("t=")[2]
    with Session(firm) as session:
        stored = session.exec(select(SignInLink.token_hash)).all()
    assert stored and all(signed not in h for h in stored)


def test_a_form_posted_without_its_csrf_token_is_refused_and_sends_nothing(browser_client, inbox):
    browser_client.get("/portal/login")
    answer = browser_client.post("/portal/login", data={"email": "nina@northwind.example"})
    assert answer.status_code == 403 and inbox.messages == []


def test_feedback_without_csrf_writes_nothing(browser_client, inbox, firm):
    sign_in(browser_client, inbox, "nina@northwind.example")
    answer = browser_client.post("/portal/projects/NW-PORTAL/feedback",
                                 data={"milestone": "Prototype", "score": "9", "csrf": "forged"})
    assert answer.status_code == 403
    with Session(firm) as session:
        assert session.exec(select(Feedback)).all() == []


def test_the_session_cookie_is_httponly_and_samesite(browser_client, inbox):
    form = browser_client.get("/portal/login")
    header = form.headers["set-cookie"].lower()
    assert "pmbot_session=" in header and "httponly" in header and "samesite=lax" in header


def test_the_session_cookie_is_secure_when_the_portal_is_served_over_https(portal_app, monkeypatch, db_url):
    from fastapi.testclient import TestClient

    from bot.bootstrap import build_app
    from bot.web.app import create_app

    monkeypatch.setenv("PMBOT_PUBLIC_URL", "https://portal.studio.example")
    app = build_app(database_url=db_url)
    with TestClient(create_app(app), base_url="https://portal.studio.example") as client:
        header = client.get("/portal/login").headers["set-cookie"].lower()
    app.engine.dispose()
    assert "secure" in header and "httponly" in header


def _stored_document(engine, data_dir: Path, *, project: str, name: str, visibility: str) -> int:
    body = f"{name} for {project}".encode()
    with unit_of_work(engine) as session:
        doc, _ = register_document(session, system_actor(), project=project, file_name=name,
                                   title=name, content_hash=hashlib.sha256(body).hexdigest(),
                                   visibility=visibility, now=datetime.now(UTC))
        ident, code = int(doc.id), project
    folder = data_dir / "files" / code / str(ident)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(body)
    return ident


def test_a_contact_downloads_a_client_document_by_id_but_not_an_internal_one(browser_client, inbox, firm):
    data_dir = Path(os.environ["PMBOT_DATA_DIR"])
    shared = _stored_document(firm, data_dir, project="NW-PORTAL", name="plan.txt", visibility="client")
    internal = _stored_document(firm, data_dir, project="NW-PORTAL", name="rates.txt",
                                visibility="internal")
    other = _stored_document(firm, data_dir, project="QH-APP", name="合同.txt", visibility="client")
    sign_in(browser_client, inbox, "nina@northwind.example")
    assert browser_client.get(f"/portal/documents/{shared}").content == b"plan.txt for NW-PORTAL"
    missing = browser_client.get("/portal/documents/99999")
    for refused in (internal, other):
        answer = browser_client.get(f"/portal/documents/{refused}")
        assert answer.status_code == 404
        assert answer.text.replace(f"/{refused}", "/N") == missing.text.replace("/99999", "/N")


def test_path_traversal_in_a_document_download_finds_nothing(browser_client, inbox, firm):
    data_dir = Path(os.environ["PMBOT_DATA_DIR"])
    _stored_document(firm, data_dir, project="NW-PORTAL", name="plan.txt", visibility="client")
    (data_dir / "files" / "vault.txt").write_text("TOP-SECRET-CONTENT")
    sign_in(browser_client, inbox, "nina@northwind.example")
    for ref in ("..%2Fvault.txt", "..%2F..%2Ffiles%2Fvault.txt", "1%2F..%2F..%2Fvault.txt",
                "%2E%2E", "1.0", "-1", "../vault.txt"):
        answer = browser_client.get(f"/portal/documents/{ref}")
        assert answer.status_code == 404
        assert b"TOP-SECRET-CONTENT" not in answer.content


def test_another_clients_project_answers_exactly_like_a_code_that_does_not_exist(browser_client, inbox):
    sign_in(browser_client, inbox, "nina@northwind.example")
    other = browser_client.get("/portal/projects/QH-APP")
    missing = browser_client.get("/portal/projects/NO-SUCH")
    assert other.status_code == missing.status_code == 404
    assert other.text.replace("QH-APP", "X") == missing.text.replace("NO-SUCH", "X")
    assert browser_client.get("/portal/projects/QH-APP/gantt.png").status_code == 404


def test_a_contact_cannot_rate_another_clients_milestone(browser_client, inbox, firm):
    page = sign_in(browser_client, inbox, "nina@northwind.example")
    answer = browser_client.post("/portal/projects/QH-APP/feedback",
                                 data={"milestone": "需求确认", "score": "2", "csrf": csrf_of(page.text)})
    assert answer.status_code == 404
    with Session(firm) as session:
        assert session.exec(select(Feedback)).all() == []


def test_asking_for_links_too_often_is_slowed_down_for_known_and_unknown_addresses(browser_client, inbox):
    form = browser_client.get("/portal/login")
    answers = [browser_client.post("/portal/login", data={"email": "nina@northwind.example",
                                                           "csrf": csrf_of(form.text)}).status_code
               for _ in range(7)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]
    assert len(inbox.to("nina@northwind.example")) == 5


def test_an_unknown_portal_address_gets_the_portal_404_page(browser_client):
    answer = browser_client.get("/portal/no/such/page")
    assert answer.status_code == 404 and "<html" in answer.text


def test_pages_forbid_framing_and_never_leak_a_link_through_the_referer(browser_client):
    headers = browser_client.get("/portal/login").headers
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
