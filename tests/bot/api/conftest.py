"""The API tests' firm (two clients; admin, manager, member, outsider, two contacts) and
tokens for each of them."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from domain.core.store import unit_of_work
from domain.workspace.importing import import_workspace

WORKSPACE = Path(__file__).with_name("api_workspace.yaml")
HANDLES = ("ada", "mei", "sam", "tom", "nina", "lihua")


@pytest.fixture
def firm(engine, now: datetime):
    with unit_of_work(engine) as session:
        import_workspace(session, yaml.safe_load(WORKSPACE.read_text(encoding="utf-8")), now=now)
    return engine


@pytest.fixture
def tokens(firm, now: datetime) -> dict[str, str]:
    """A read-write token for every handle, plus `nina-read` and `sam-read` (read only)."""
    from domain.people.tokens import create_token

    made: dict[str, str] = {}
    with unit_of_work(firm) as session:
        for handle in HANDLES:
            made[handle] = create_token(session, handle, now=now)[1]
        for handle in ("nina", "sam"):
            made[f"{handle}-read"] = create_token(session, handle, scopes="read", now=now)[1]
    return made
