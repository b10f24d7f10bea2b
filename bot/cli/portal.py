"""`pmbot portal link HANDLE`: a one-time portal sign-in URL, for scripts and admins.

The URL alone goes to stdout (like `pmbot invite`), guidance to stderr. It uses the same
secret as the server (PMBOT_SECRET_KEY, or the key kept in PMBOT_DATA_DIR), so a link
printed here opens in the portal that `pmbot serve` runs.
"""
from __future__ import annotations

import click

from bot.cli.main import db_option, main, now_option, opened, parse_now, user_errors


@main.group()
def portal() -> None:
    """The client portal."""


@portal.command("link")
@click.argument("handle")
@now_option
@db_option
@user_errors
def link(handle: str, now: str | None, db: str | None) -> None:
    """Print a one-time sign-in URL for a person or client contact (valid 15 minutes)."""
    from bot.web.links import sign_in_url
    from bot.web.security import secret_key
    from domain.core.store import unit_of_work
    from domain.people.signin import LINK_TTL, issue_link_for_handle

    with opened(db) as app, unit_of_work(app.engine) as session:
        owner, token = issue_link_for_handle(session, handle, now=parse_now(now))
        url = sign_in_url(app.settings.portal_base(), secret_key(app.settings), token)
    click.echo(url)
    minutes = int(LINK_TTL.total_seconds() // 60)
    click.echo(f"one-time sign-in link for {owner.handle}, valid {minutes} minutes", err=True)
