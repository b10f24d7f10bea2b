"""Auth, scopes, limits and errors: RFC 9457 problem+json with the words chat would use."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.api.limits import TokenRateLimit
from domain.core.actors import actor_for_handle
from domain.core.errors import DomainError
from domain.core.store import unit_of_work
from domain.insight.status import project_status
from domain.people.tokens import revoke_token
from intents.messages.errors import render_error
from tests.bot.api.conftest import Server, bearer

PROBLEM = "application/problem+json"


def test_no_token_a_wrong_scheme_and_an_unknown_token_all_get_the_same_401(http, tokens):
    bare = http.get("/api/v1/projects")
    basic = http.get("/api/v1/projects", headers={"Authorization": "Basic YWRhOmFkYQ=="})
    made_up = http.get("/api/v1/projects", headers=bearer("pmb_not-a-real-token"))
    assert bare.status_code == basic.status_code == made_up.status_code == 401
    assert bare.json() == basic.json() == made_up.json()
    assert bare.headers["content-type"] == PROBLEM and bare.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(http, tokens, firm, now):
    assert http.get("/api/v1/projects", headers=bearer(tokens["sam"])).status_code == 200
    with unit_of_work(firm) as session:
        revoke_token(session, 3, now=now)  # sam's, the third made
    assert http.get("/api/v1/projects", headers=bearer(tokens["sam"])).status_code == 401


def test_a_read_only_token_reads_but_cannot_write(http, tokens):
    headers = bearer(tokens["sam-read"])
    assert http.get("/api/v1/projects/NW-PORTAL", headers=headers).status_code == 200
    answer = http.post("/api/v1/time-entries", headers=headers,
                       json={"project": "NW-PORTAL", "date": "2026-11-26", "hours": 1})
    assert answer.status_code == 403 and answer.json()["code"] == "api.read_only"


def test_a_problem_carries_type_title_status_and_chats_sentence_in_the_owners_language(
        http, tokens, firm, now):
    answer = http.get("/api/v1/projects/NW-PORTAL", headers=bearer(tokens["lihua"]))
    body = answer.json()
    assert answer.headers["content-type"] == PROBLEM
    assert body["status"] == 404 and body["title"] == "Not Found"
    assert body["type"] == "urn:pmbot:problem:project.not_found"
    with Session(firm) as session:  # what chat's reply layer says to 李华 (zh) for that code
        try:
            project_status(session, actor_for_handle(session, "lihua"), project="NW-PORTAL",
                           today=now.date())
        except DomainError as error:
            said = render_error(error, "zh")
    assert body["detail"] == said and "NW-PORTAL" in said


def test_an_english_speaker_gets_the_english_sentence(http, tokens):
    answer = http.get("/api/v1/projects/QH-APP", headers=bearer(tokens["nina"]))
    assert answer.json()["detail"] == "No project 'QH-APP'."


def test_a_token_over_its_limit_gets_429_with_retry_after_and_others_are_unaffected(
        pmbot_app, tokens, now: datetime):
    import httpx
    import time_machine

    from bot.api import create_api_app

    asgi = create_api_app(pmbot_app, clock=lambda: now, limit=TokenRateLimit(3, 60))
    with time_machine.travel(now, tick=False), Server(asgi) as url, \
            httpx.Client(base_url=url) as client:  # a fixed clock: the wait is exact
        codes = [client.get("/api/v1/projects", headers=bearer(tokens["sam"])).status_code
                 for _ in range(4)]
        limited = client.get("/api/v1/projects", headers=bearer(tokens["sam"]))
        other = client.get("/api/v1/projects", headers=bearer(tokens["mei"]))
    assert codes == [200, 200, 200, 429]
    assert limited.status_code == 429 and limited.json()["code"] == "api.rate_limited"
    assert limited.headers["retry-after"] == "60"
    assert other.status_code == 200


def test_an_unknown_api_address_is_a_json_404(http, tokens):
    answer = http.get("/api/v1/nothing-here", headers=bearer(tokens["ada"]))
    assert answer.status_code == 404 and "json" in answer.headers["content-type"]
