"""What the command line says when something other than a domain rule goes wrong.

Every failure becomes one line on stderr (what happened, where, what to do) and exit 1:
a database URL that is malformed or names a missing driver, a server that cannot be
reached, a store that was never initialised, and — the last net — any unexpected error,
which is logged in full with an incident id that the line repeats, so that a user never
sees a traceback and a maintainer can still find it.
"""
from __future__ import annotations

import logging
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("pmbot.cli")
log.addHandler(logging.NullHandler())  # never Python's last-resort stderr printer
_OPENED: list[str] = []  # the URL the running command opened, for its messages


def remember_url(url: str) -> None:
    _OPENED[:] = [url]


class DriverMissing(Exception):
    """The URL names a database driver that is not installed."""


class StoreMissing(Exception):
    """The URL names an SQLite file that does not exist: nothing was ever initialised there."""


def require_store(url: str) -> None:
    """Refuse, before SQLite would silently create it, a database file that does not exist."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if path and not Path(path).expanduser().exists():
        raise StoreMissing(url)


def where(url: str | None) -> str:
    """The database's address for a message, never with its password."""
    if not url:
        from bot.settings import load_settings

        url = load_settings().database_url
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL too broken to parse is shown up to its credentials
        return url.split("@")[-1] if "@" in url else url


def explain(error: BaseException, url: str | None = None) -> str:
    """One line for `error`; unexpected ones are logged with an incident id first."""
    from sqlalchemy import exc

    from bot.bootstrap import SchemaMissing

    url = url or (_OPENED[0] if _OPENED else None)
    if isinstance(error, StoreMissing | SchemaMissing):
        return (f"pmbot: there is no pmbot database at {where(url)}; run `pmbot init` "
                f"(or `pmbot import FILE`) first, or point --db / PMBOT_DATABASE_URL at your store.")
    if isinstance(error, exc.ArgumentError | exc.NoSuchModuleError | DriverMissing):
        return (f"pmbot: cannot use the database URL {where(url)!r} ({_first_line(error)}); give a "
                "SQLAlchemy URL such as sqlite:///pmbot.db or postgresql+psycopg://user@host/db "
                "in --db or PMBOT_DATABASE_URL.")
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        return (f"pmbot: cannot reach the database at {where(url)} ({_first_line(error)}); check "
                "that the server is running and that the host, user and password in --db / "
                "PMBOT_DATABASE_URL are right.")
    incident = uuid.uuid4().hex[:12]
    logged = _log_incident(incident, error)
    return (f"pmbot: unexpected error (incident {incident}); nothing more was done. The details "
            f"are in {logged}; please quote the incident id when you report it.")


def _first_line(error: BaseException) -> str:
    origin = getattr(error, "orig", None) or error
    text = str(origin).strip().splitlines()
    return text[0][:200] if text else type(origin).__name__


def _log_incident(incident: str, error: BaseException) -> str:
    """Append the traceback to `<data dir>/logs/errors.log`; returns where it went."""
    detail = "".join(traceback.format_exception(error))
    log.error("incident %s: %s", incident, detail)
    try:
        from bot.settings import load_settings

        folder = Path(load_settings().data_dir) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "errors.log"
        with path.open("a", encoding="utf-8") as out:
            out.write(f"--- {datetime.now(UTC).isoformat()} incident {incident}\n{detail}\n")
        return str(path)
    except Exception:  # a read-only data dir: the log handler above still has it
        return "the process log"
