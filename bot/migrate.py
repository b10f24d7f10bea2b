"""Bring a database to the latest schema with Alembic (the only way tables are made)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
LATEST = "0021"  # the head revision; a test keeps it equal to Alembic's own head


def alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config(engine)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a column's constraints by rebuilding the table (copy, drop,
            # rename: Alembic's batch mode); with foreign keys enforced, dropping a table
            # that other rows refer to fails. The pragma only takes effect outside a
            # transaction (so it goes to the driver's connection, before SQLAlchemy's own
            # BEGIN), and the references are checked once the upgrade is done.
            _pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the upgrade left broken references: {broken[:5]}")
        finally:
            if sqlite:
                _pragma(connection, "foreign_keys=ON")


def _pragma(connection: Connection, setting: str) -> None:
    connection.connection.driver_connection.execute(f"PRAGMA {setting}")  # type: ignore[union-attr]


def current_revision(engine: Engine) -> str | None:
    """The database's revision, read with one query (importing Alembic costs ~0.25 s)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
