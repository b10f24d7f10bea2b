"""Logging hours over the API: chat's rules, one or 500 at a time, once per Idempotency-Key."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from domain.core.models import ApiIdempotency, AuditEvent, TimeEntry
from tests.bot.api.conftest import bearer

ENTRY = {"project": "NW-PORTAL", "date": "2026-11-26", "hours": 1.5, "note": "api"}


def entries(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(TimeEntry)).one()


@pytest.mark.parametrize(("handle", "extra", "status", "code"), [
    ("ada", {}, 201, None),
    ("mei", {}, 201, None),
    ("mei", {"person": "sam"}, 201, None),
    ("sam", {}, 201, None),
    ("sam", {"person": "mei"}, 403, "forbidden.not_manager"),
    ("tom", {}, 404, "project.not_found"),
    ("nina", {}, 403, "forbidden.client_log_time"),
    ("lihua", {}, 403, "forbidden.client_log_time"),
    ("kai", {"task": "Icon set"}, 201, None),  # a partner's person logs on their own task
    ("kai", {"task": "Sign-in flow"}, 404, "task.not_found"),  # a colleague's: unseen
    ("kai", {"person": "sam", "task": "Icon set"}, 403, "forbidden.not_manager"),
])
def test_who_may_log_hours_on_a_project_is_decided_as_in_chat(http, tokens, firm, handle, extra,
                                                               status, code):
    before = entries(firm)
    answer = http.post("/api/v1/time-entries", json=ENTRY | extra, headers=bearer(tokens[handle]))
    assert answer.status_code == status, answer.text
    if code is None:
        body = answer.json()
        assert body["person"] == extra.get("person", handle) and body["hours"] == 1.5
        assert entries(firm) == before + 1
    else:
        assert answer.json()["code"] == code
        assert entries(firm) == before


def test_an_api_write_is_audited_with_the_tokens_channel(http, tokens, firm):
    answer = http.post("/api/v1/time-entries", json=ENTRY, headers=bearer(tokens["sam"]))
    with Session(firm) as session:
        logged = session.exec(select(AuditEvent).where(AuditEvent.action == "time.log")).all()
        api = session.exec(select(AuditEvent).where(AuditEvent.action == "api.write")).one()
    assert [e.entity_id for e in logged][-1] == str(answer.json()["id"])
    assert logged[-1].actor == api.actor == "person:sam"
    assert api.payload["channel"] == f"api:token:{api.entity_id}"
    assert api.payload["created"] == {"time_entry": [answer.json()["id"]]}


def test_a_retried_post_with_the_same_idempotency_key_creates_once(http, tokens, firm):
    headers = bearer(tokens["sam"]) | {"Idempotency-Key": "sheet-2026-11-26"}
    first = http.post("/api/v1/time-entries", json=ENTRY, headers=headers)
    again = http.post("/api/v1/time-entries", json=ENTRY, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again.headers["idempotent-replayed"] == "true"
    assert entries(firm) == 3  # two imported, the one created, nothing from the retry


def test_the_same_idempotency_key_for_a_different_request_is_refused(http, tokens, firm):
    headers = bearer(tokens["sam"]) | {"Idempotency-Key": "k-1"}
    http.post("/api/v1/time-entries", json=ENTRY, headers=headers)
    other = http.post("/api/v1/time-entries", json=ENTRY | {"hours": 2}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "api.idempotency_reused"
    assert entries(firm) == 3


def test_a_failed_request_stores_no_key_so_its_retry_is_tried_again(http, tokens, firm):
    headers = bearer(tokens["sam"]) | {"Idempotency-Key": "k-2"}
    refused = http.post("/api/v1/time-entries", json=ENTRY | {"hours": 30}, headers=headers)
    assert refused.status_code == 422
    with Session(firm) as session:
        assert session.exec(select(ApiIdempotency)).all() == []


def _batch(count: int) -> list[dict]:
    """`count` half-hour entries, ten a day, going back from 2026-11-26."""
    start = date(2026, 11, 26)
    return [{"project": "NW-PORTAL", "date": (start - timedelta(days=i // 10)).isoformat(),
             "hours": 0.5, "note": f"batch {i}"} for i in range(count)]


def test_a_list_of_500_entries_is_created_in_one_request(http, tokens, firm):
    answer = http.post("/api/v1/time-entries", json=_batch(500), headers=bearer(tokens["sam"]))
    assert answer.status_code == 201, answer.text[:300]
    items = answer.json()["items"]
    assert len(items) == 500 and items[-1]["note"] == "batch 499"
    assert entries(firm) == 2 + 500


def test_one_bad_entry_in_a_list_saves_none_and_names_the_entry(http, tokens, firm):
    batch = _batch(20) + [{"project": "NW-PORTAL", "date": "2026-12-01", "hours": 1}]  # future
    answer = http.post("/api/v1/time-entries", json=batch, headers=bearer(tokens["sam"]))
    assert answer.status_code == 422
    assert answer.json()["entry"] == 20 and "20" in answer.json()["detail"]
    assert entries(firm) == 2


def test_more_than_500_entries_are_refused_whole(http, tokens, firm):
    answer = http.post("/api/v1/time-entries", json=_batch(501), headers=bearer(tokens["sam"]))
    assert answer.status_code == 422 and answer.json()["code"] == "api.too_many_entries"
    assert entries(firm) == 2


def test_a_malformed_entry_is_a_problem_naming_the_field(http, tokens, firm):
    answer = http.post("/api/v1/time-entries", json={"project": "NW-PORTAL", "hours": 2},
                       headers=bearer(tokens["sam"]))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert "date" in answer.json()["detail"]
    assert entries(firm) == 2


def test_a_refused_entry_in_a_list_of_one_is_still_named_by_its_index(http, tokens, firm):
    answer = http.post("/api/v1/time-entries", json=[ENTRY | {"hours": 30}],
                       headers=bearer(tokens["sam"]))
    assert answer.status_code == 422 and answer.json()["entry"] == 0
    assert entries(firm) == 2
