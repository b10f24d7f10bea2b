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
    assert "database at revision 0011" in result.output


def test_help_does_not_import_heavy_or_platform_libraries():
    import subprocess
    import sys

    code = ("import sys; from bot.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'chromadb','langchain','langchain_core','slack_bolt','telegram','matplotlib'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
