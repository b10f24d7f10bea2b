"""Exporting a workspace: the import format, complete enough that import(export(x)) is x."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, SQLModel

from domain.core.models import ChatIdentity, Task
from domain.workspace.export import export_workspace
from domain.workspace.importing import import_workspace

RICH = Path(__file__).resolve().parents[2] / "fixtures" / "workspace_rich.yaml"


@pytest.fixture
def rich() -> dict[str, Any]:
    return yaml.safe_load(RICH.read_text(encoding="utf-8"))


def emptied(session: Session) -> Session:
    """The same database with every row deleted: a fresh store on SQLite and PostgreSQL."""
    session.commit()
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()
    return session


def test_import_of_an_export_reproduces_the_workspace(session, now, rich):
    import_workspace(session, rich, now=now)
    first = export_workspace(session)
    import_workspace(emptied(session), first, now=now)
    assert export_workspace(session) == first


def test_the_export_is_plain_json(session, now, rich):
    import_workspace(session, rich, now=now)
    data = export_workspace(session)
    assert json.loads(json.dumps(data)) == data


def test_tasks_carry_their_ids_and_subtasks_their_parent(session, now, rich):
    import_workspace(session, rich, now=now)
    tasks = export_workspace(session)["projects"][0]["tasks"]
    assert [t["id"] for t in tasks] == [1, 2, 3, 4, 5]
    assert tasks[2]["parent"] == "Login page"
    assert tasks[4]["depends_on"] == ["Login page", "Login form"]


def test_a_title_two_tasks_share_is_written_as_an_id(session, now, rich):
    rich["time_entries"].append({"person": "lin", "project": "WEB", "date": "2026-11-20",
                                 "hours": 1, "task": "#4"})
    import_workspace(session, rich, now=now)
    entries = export_workspace(session)["time_entries"]
    assert [e.get("task") for e in entries][-3:] == ["客户数据同步接口", None, "#4"]


def test_chat_accounts_linked_later_are_exported(session, now, rich):
    import_workspace(session, rich, now=now)
    session.add(ChatIdentity(platform="telegram", external_id="777", person_id=3))
    people = export_workspace(session)["people"]
    assert people[2]["handle"] == "lin" and people[2]["telegram_id"] == "777"
    assert people[0]["slack_id"] == "U0ALICE"


def test_requests_keep_their_approval_state(session, now, rich):
    import_workspace(session, rich, now=now)
    data = export_workspace(session)
    sick = data["leave_requests"][1]
    assert sick["status"] == "approved" and sick["decided_by"] == "bob"
    assert sick["decided_at"] == "2026-11-02T08:00:00+00:00"
    assert data["leave_requests"][0]["status"] == "pending"
    assert data["overtime_requests"][0]["status"] == "rejected"
    assert "status" not in data["expenses"][0] and data["expenses"][1]["status"] == "approved"


def test_documents_are_exported_as_metadata_with_readers(session, now, rich):
    import_workspace(session, rich, now=now)
    documents = export_workspace(session)["documents"]
    assert [(d["file_name"], d["version"], d.get("retired")) for d in documents] == [
        ("sow.pdf", 1, True), ("sow.pdf", 2, False), ("rates.xlsx", 1, False)]
    assert documents[2]["readers"] == ["alice", "bob"]


def test_work_added_after_the_import_is_in_the_next_export(session, now, rich):
    import_workspace(session, rich, now=now)
    session.add(Task(project_id=2, title="Hotfix", status="todo", priority="urgent"))
    session.flush()
    tasks = export_workspace(session)["projects"][1]["tasks"]
    assert tasks[-1] == {"id": 9, "title": "Hotfix", "status": "todo", "priority": "urgent"}


def test_an_empty_store_exports_empty_lists(session):
    assert export_workspace(session) == {
        "exchange_rates": [], "people": [], "clients": [], "projects": [], "time_entries": [], "expenses": [],
        "leave_requests": [], "overtime_requests": [], "documents": [], "feedback": []}
