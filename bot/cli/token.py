"""`pmbot token create|list|revoke`: personal access tokens for the REST API.

`create` prints the token alone on stdout (like `pmbot invite`): it is shown this once and
only its hash is kept. Guidance goes to stderr, so `TOKEN=$(pmbot token create ada)` works.
"""
from __future__ import annotations

import re
from datetime import timedelta

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors

UNITS = {"d": "days", "h": "hours", "w": "weeks"}
LIFETIME = re.compile(r"^\s*(\d{1,5})\s*([dhw])\s*$", re.IGNORECASE)


def parse_lifetime(text: str | None) -> timedelta | None:
    """"90d", "12h", "2w" → a timedelta; "never" or nothing → None (no expiry)."""
    if text is None or text.strip().lower() == "never":
        return None
    match = LIFETIME.match(text)
    if match is None or int(match.group(1)) == 0:
        raise click.BadParameter("use a number of days, hours or weeks, e.g. 90d, 12h, 2w, "
                                 "or 'never'", param_hint="--expires")
    return timedelta(**{UNITS[match.group(2).lower()]: int(match.group(1))})


@main.group()
def token() -> None:
    """Personal access tokens for the REST API (/api/v1)."""


@token.command("create")
@click.argument("handle")
@click.option("--scopes", default="read,write", show_default=True, metavar="read[,write]",
              help="What the token may do: read, or read,write.")
@click.option("--expires", default="90d", show_default=True, metavar="90d|12h|2w|never",
              help="How long the token works.")
@now_option
@db_option
@user_errors
def create(handle: str, scopes: str, expires: str, now: str | None, db: str | None) -> None:
    """Make a token acting as HANDLE (a person or client contact) and print it once."""
    from domain.core.store import unit_of_work
    from domain.people.tokens import create_token

    lifetime = parse_lifetime(expires)
    with opened(db) as app, unit_of_work(app.engine) as session:
        row, secret = create_token(session, handle, scopes=scopes, lifetime=lifetime,
                                   now=parse_now(now))
        ident, granted, until = row.id, row.scopes, row.expires_at
    click.echo(secret)
    ending = f"expires {until.isoformat(timespec='minutes')}" if until else "never expires"
    click.echo(f"token {ident} for {handle} ({granted}), {ending}; it is shown only this once",
               err=True)


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per token.")
@db_option
def list_(as_json: bool, db: str | None) -> None:
    """Show every token (never the secret): id, owner, scopes, expiry, revocation, last use."""
    import json

    from sqlmodel import Session

    from domain.people.tokens import list_tokens

    with opened(db) as app, Session(app.engine) as session:
        rows = list_tokens(session)
    for row in rows:
        if as_json:
            click.echo(json.dumps({"id": row.id, "owner": row.owner, "kind": row.kind,
                                   "scopes": list(row.scopes), "created_at": row.created_at,
                                   "expires_at": row.expires_at, "revoked_at": row.revoked_at,
                                   "last_used_at": row.last_used_at}, default=str))
            continue
        state = "revoked" if row.revoked_at else (
            f"expires {row.expires_at:%Y-%m-%d}" if row.expires_at else "no expiry")
        used = f"last used {row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never used"
        click.echo(f"{row.id}\t{row.owner}\t{','.join(row.scopes)}\t{state}\t{used}")


@token.command("revoke")
@click.argument("token_id", type=int)
@now_option
@db_option
@user_errors
def revoke(token_id: int, now: str | None, db: str | None) -> None:
    """Revoke a token by its id (see `pmbot token list`); it stops working at once."""
    from domain.core.store import unit_of_work
    from domain.people.tokens import revoke_token

    with opened(db) as app, unit_of_work(app.engine) as session:
        revoke_token(session, token_id, now=parse_now(now))
    click.echo(f"token {token_id} revoked", err=True)
