"""The `pmbot` command. Thin: parse flags, open the store, call the domain, print.

Domain errors become exit code 1 with a sentence on stderr; click's usage errors exit 2.
Heavy modules are imported inside the commands so that `pmbot --help` starts fast.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from typing import Any

import click

DB_HELP = "SQLAlchemy URL of the store (overrides PMBOT_DATABASE_URL)."


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", default=None, metavar="URL", help=DB_HELP)(fn)


def now_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--now", "now", default=None, metavar="ISO",
                        help="The clock, e.g. 2026-11-27T10:00:00+08:00 (default: now).")(fn)


def as_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as", "handle", required=True, metavar="HANDLE",
                        help="Act as this person or client contact.")(fn)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors into exit 1 with their rendered message; nothing was written."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from domain.core.errors import DomainError

        try:
            return fn(*args, **kwargs)
        except DomainError as error:
            from intents.messages.errors import render_error

            click.echo(render_error(error), err=True)
            sys.exit(1)

    return wrapper


def parse_now(value: str | None) -> datetime:
    """An aware datetime: the given ISO moment, which must carry its offset, or now.

    The contract requires the offset (`2026-11-27T10:00:00+08:00`): a naive moment would be
    read in some timezone the script did not choose, so it is a usage error (exit 2).
    """
    from zoneinfo import ZoneInfo

    from bot.settings import load_settings

    if value is None:
        return datetime.now(ZoneInfo(load_settings().timezone))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"not an ISO-8601 moment: {value!r}", param_hint="--now") from error
    if moment.tzinfo is None:
        raise click.BadParameter(
            f"{value!r} has no UTC offset; write it like 2026-11-27T10:00:00+08:00",
            param_hint="--now")
    return moment


def database_url(db: str | None) -> str | None:
    """The command's `--db`, else one given before the command (`pmbot --db URL init`)."""
    if db:
        return db
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    return root.get("db") if isinstance(root, dict) else None


@contextmanager
def opened(db: str | None, *, migrate: bool = True, create: bool = False) -> Iterator[Any]:
    """The app on the chosen store. Only `create` commands (init, import, demo) may bring
    a store into being; the others refuse a store without pmbot's schema."""
    from bot.bootstrap import build_app
    from bot.cli.failures import DriverMissing, remember_url, require_store

    app = build_app(database_url=database_url(db))
    remember_url(app.settings.database_url)
    if not create:
        require_store(app.settings.database_url)
    try:
        _ = app.engine
    except ImportError as error:  # a URL naming a database driver that is not installed
        raise DriverMissing(str(error)) from error
    if migrate:
        app.require_schema(create=create)
    try:
        yield app
    finally:
        app.engine.dispose()


class Pmbot(click.Group):
    """The command group, with one last net: nothing reaches a user as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from bot.cli.failures import explain

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # the top-level handler: one line, an id, the log
            click.echo(explain(error), err=True)
            sys.exit(1)


@click.group(cls=Pmbot, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pmbot")
@db_option
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """pmbot: a chat-first assistant for customer projects, in English and Chinese."""
    ctx.obj = {"db": db}


@main.command()
@db_option
def init(db: str | None) -> None:
    """Create or migrate the database to the latest schema."""
    from bot.migrate import current_revision

    with opened(db, migrate=False, create=True) as app:
        app.migrate()
        click.echo(f"database at revision {current_revision(app.engine)}")


# Each of these modules registers its commands on `main` when it is imported.
from bot.cli import (  # noqa: E402, F401
    commands,
    docs,
    insight,
    notify,
    portal,
    rates,
    serve,
    token,
    webhook,
)
