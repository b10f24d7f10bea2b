"""Personal access tokens: made once, kept as a hash, refused once revoked or expired."""
from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from bot.cli.main import main
from domain.core.models import ApiToken, AuditEvent
from domain.core.store import unit_of_work
from domain.people.tokens import create_token, revoke_token, verify_token

NOW = "2026-11-27T10:00:00+08:00"


def test_token_create_prints_the_token_alone_and_stores_only_its_hash(firm, db_url):
    result = CliRunner().invoke(main, ["token", "create", "sam", "--scopes", "read",
                                       "--expires", "30d", "--now", NOW, "--db", db_url])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("pmb_") and "\n" not in secret
    with Session(firm) as session:
        row = session.exec(select(ApiToken)).one()
        assert secret not in (row.token_hash, row.scopes)
        assert row.scopes == "read" and row.person_id is not None
        assert (row.expires_at - row.created_at) == timedelta(days=30)
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "token.create")).one()


def test_a_contact_can_have_a_token_too(firm, db_url):
    result = CliRunner().invoke(main, ["token", "create", "nina", "--now", NOW, "--db", db_url])
    assert result.exit_code == 0, result.output
    with Session(firm) as session:
        assert session.exec(select(ApiToken)).one().contact_id is not None


def test_token_create_for_an_unknown_handle_or_scope_fails_and_writes_nothing(firm, db_url):
    unknown = CliRunner().invoke(main, ["token", "create", "nobody", "--db", db_url])
    scope = CliRunner().invoke(main, ["token", "create", "sam", "--scopes", "admin", "--db", db_url])
    expiry = CliRunner().invoke(main, ["token", "create", "sam", "--expires", "soon", "--db", db_url])
    assert (unknown.exit_code, scope.exit_code, expiry.exit_code) == (1, 1, 2)
    assert "admin" in scope.stderr
    with Session(firm) as session:
        assert session.exec(select(ApiToken)).all() == []


def test_token_list_shows_owner_scopes_and_state_but_never_the_secret(firm, db_url):
    made = CliRunner().invoke(main, ["token", "create", "mei", "--db", db_url]).stdout.strip()
    CliRunner().invoke(main, ["token", "create", "nina", "--scopes", "read", "--db", db_url])
    CliRunner().invoke(main, ["token", "revoke", "1", "--db", db_url])
    listed = CliRunner().invoke(main, ["token", "list", "--db", db_url])
    assert listed.exit_code == 0
    lines = listed.stdout.strip().splitlines()
    assert lines[0].split("\t")[:4] == ["1", "mei", "read,write", "revoked"]
    assert lines[1].split("\t")[:3] == ["2", "nina", "read"]
    assert made not in listed.stdout


def test_a_revoked_or_expired_token_is_refused_like_an_unknown_one(firm, now):
    with unit_of_work(firm) as session:
        live, live_secret = create_token(session, "sam", now=now)
        gone, gone_secret = create_token(session, "sam", now=now)
        _, short_secret = create_token(session, "sam", lifetime=timedelta(hours=1), now=now)
        revoke_token(session, int(gone.id or 0), now=now)
    with unit_of_work(firm) as session:
        assert verify_token(session, live_secret, now=now)[1].handle == "sam"  # type: ignore[index]
        assert verify_token(session, gone_secret, now=now) is None
        assert verify_token(session, short_secret, now=now + timedelta(hours=2)) is None
        assert verify_token(session, "pmb_made-up", now=now) is None


def test_revoking_an_unknown_token_says_so(firm, db_url):
    result = CliRunner().invoke(main, ["token", "revoke", "99", "--db", db_url])
    assert result.exit_code == 1 and "99" in result.stderr


@pytest.mark.parametrize("text", ["90d", "12h", "2w"])
def test_expiry_accepts_days_hours_and_weeks(text):
    from bot.cli.token import parse_lifetime

    assert parse_lifetime(text) is not None and parse_lifetime("never") is None


def test_using_a_token_over_the_api_records_when_it_was_last_used(http, tokens, firm, now):
    from tests.bot.api.conftest import bearer

    http.get("/api/v1/projects", headers=bearer(tokens["mei"]))
    with Session(firm) as session:
        used = {r.id: r.last_used_at for r in session.exec(select(ApiToken)).all()}
    assert used[2] == now and used[1] is None  # mei's token, and ada's untouched
