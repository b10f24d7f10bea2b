from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlmodel import SQLModel

import domain.core.models  # noqa: F401
from bot.cli.main import main
from bot.migrate import LATEST, current_revision, head_revision


def test_migrations_build_exactly_the_tables_the_models_describe(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_the_test_database_stands_at_the_latest_revision(engine):
    assert current_revision(engine) == head_revision(engine) == LATEST


def test_init_brings_an_empty_sqlite_file_to_the_latest_schema(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh/pmbot.db"
    result = CliRunner().invoke(main, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    assert f"database at revision {LATEST}" in result.output


def test_help_does_not_import_heavy_or_platform_libraries():
    import subprocess
    import sys

    code = ("import sys; from bot.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'chromadb','langchain','langchain_core','slack_bolt','telegram','matplotlib'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_an_sqlite_workspace_with_rows_upgrades_through_every_migration(tmp_path, now):
    """Upgrades that rebuild a table on SQLite (batch mode copies, drops and renames it)
    must work on a store in use, whose rows other tables refer to, not only on an empty one."""
    from bot.migrate import upgrade
    from domain.core.store import make_engine, unit_of_work
    from domain.workspace.importing import import_workspace

    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade(engine, "0018")  # the revision before the person table was rebuilt
    from sqlalchemy import text

    with engine.begin() as conn:  # a person and a project referring to them
        conn.execute(text("INSERT INTO person (handle, name, role, language, skills, hourly_cost,"
                          " weekly_capacity_hours, active, forgotten)"
                          " VALUES ('ann', 'Ann', 'pm', 'en', '[]', 50, 40, 1, 0)"))
        conn.execute(text("INSERT INTO project (code, name, manager_id, budget, currency,"
                          " hourly_rate, status, budget_thresholds, client_sees_budget)"
                          " VALUES ('OLD', 'Old', 1, 0, 'CNY', 0, 'active', '[]', 0)"))
    upgrade(engine)
    assert current_revision(engine) == LATEST
    with unit_of_work(engine) as session:
        import_workspace(session, {"people": [{"handle": "bo", "name": "Bo", "role": "member"}]},
                         now=now)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 2
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
