"""A partner organisation's person in chat: works on their own task, sees nothing internal.

The small firm of tests/e2e/workspace.yaml, plus a partner studio (paid in USD) whose person
`kai` is a member of NW-PORTAL with one task of his own.
"""
from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlmodel import Session, select

from domain.core.actors import actor_for_handle
from domain.core.models import Partner, Person, Task, TimeEntry
from domain.core.store import unit_of_work
from domain.insight.reports import build_report
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace
from intents.conversation.assistant import Assistant
from tests.e2e.conftest import WORKSPACE, Chat

PARTNERS = [{"name": "Pixel Forge Studio", "currency": "USD", "people": [
    {"handle": "kai", "name": "Kai Lin", "email": "kai@pixelforge.example", "language": "en",
     "timezone": "Asia/Shanghai", "rate": 40}]}]


def partner_workspace() -> dict:
    data = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    data["firm"] = {"name": "Studio", "base_currency": "CNY"}
    data["exchange_rates"] = [{"currency": "USD", "rate": 7.0, "from": "2026-01-01"}]
    data["partners"] = PARTNERS
    portal = data["projects"][0]
    portal["members"].append("kai")
    portal["milestones"].append({"name": "Internal QA", "due": "2026-12-05",
                                 "client_visible": False})
    portal["tasks"].append({"title": "Icon set", "assignee": "kai", "due": "2026-12-04",
                            "status": "in_progress", "estimate_hours": 12, "milestone": "Pilot"})
    return data


@pytest.fixture
def studio(engine, now):
    with unit_of_work(engine) as session:
        import_workspace(session, partner_workspace(), now=now)
    return Assistant(engine)


@pytest.fixture
def kai(studio, now):
    return Chat(studio, "kai", now)
