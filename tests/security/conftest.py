"""Two clients and a small staff (workspace.yaml), for the security review's tests."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace

WORKSPACE = Path(__file__).with_name("workspace.yaml")
NOW = "2026-11-27T10:00:00+08:00"


@pytest.fixture
def firm(engine, now):  # type: ignore[no-untyped-def]
    """The two-client firm imported into this test's database; returns the engine."""
    with unit_of_work(engine) as session:
        import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=now)
    return engine


@pytest.fixture
def cli(db_url, firm):  # type: ignore[no-untyped-def]
    """`cli("say", "--as", "nina", "hi")` runs pmbot on the firm's database."""
    from bot.cli.main import main

    def run(*args: str, db: str | None = None) -> Result:
        return CliRunner().invoke(main, [*args, "--db", db or db_url])

    return run
