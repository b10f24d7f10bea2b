"""Finding 2: errors a user can act on. One line (what, where, what to do), the right exit
code, no traceback and no empty database left behind, for every bad way to start pmbot."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import main

NOW = "2026-11-27T10:00:00+08:00"


def pmbot(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, env={**os.environ}, timeout=120)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("url, says", [
    ("notaurl", "cannot use the database URL"),
    ("nosuchdialect://host/db", "cannot use the database URL"),
    ("mysql://user@host/db", "cannot use the database URL"),
    ("postgresql+psycopg://pm:s3cret@127.0.0.1:9/pmbot", "cannot reach the database"),
])
def test_a_bad_or_unreachable_database_is_one_line_and_exit_1(url, says):  # type: ignore[no-untyped-def]
    done = pmbot("say", "--as", "bob", "--db", url, "hello")
    line = _one_line(done.stderr)
    assert done.returncode == 1 and says in line and "PMBOT_DATABASE_URL" in line
    assert "s3cret" not in line


def test_a_store_that_was_never_initialised_says_run_pmbot_init_and_creates_nothing(tmp_path: Path):
    target = tmp_path / "never.db"
    result = CliRunner().invoke(main, ["say", "--as", "bob", "hi", "--db", f"sqlite:///{target}"])
    assert result.exit_code == 1
    assert "run `pmbot init`" in result.output and str(target.name) in result.output
    assert not target.exists()


def test_an_empty_database_file_is_not_silently_given_a_schema_by_say(tmp_path: Path):
    target = tmp_path / "empty.db"
    target.touch()
    result = CliRunner().invoke(main, ["say", "--as", "bob", "hi", "--db", f"sqlite:///{target}"])
    assert result.exit_code == 1 and "run `pmbot init`" in result.output
    import sqlite3

    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_init_and_import_still_create_a_new_store(tmp_path: Path):
    target = tmp_path / "fresh.db"
    result = CliRunner().invoke(main, ["init", "--db", f"sqlite:///{target}"])
    assert result.exit_code == 0 and target.exists()


def test_now_without_an_offset_is_a_usage_error(db_url):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["say", "--as", "bob", "--now", "2026-11-27T10:00:00",
                                       "hi", "--db", db_url])
    assert result.exit_code == 2 and "offset" in result.output


def test_an_unexpected_failure_prints_an_incident_id_and_logs_the_traceback(db_url, monkeypatch):  # type: ignore[no-untyped-def]
    import bot.console

    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom inside the bot")

    monkeypatch.setattr(bot.console, "say_once", explode)
    result = CliRunner().invoke(main, ["say", "--as", "bob", "hi", "--db", db_url, "--now", NOW])
    assert result.exit_code == 1
    line = _one_line(result.output)
    incident = line.split("incident ")[1].split(")")[0]
    log = Path(os.environ["PMBOT_DATA_DIR"]) / "logs" / "errors.log"
    assert f"incident {incident}" in log.read_text() and "boom inside the bot" in log.read_text()
    assert "boom" not in line
