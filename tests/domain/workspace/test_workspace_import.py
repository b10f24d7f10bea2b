"""Importing a workspace: all-or-nothing, errors that say where, ids a script can rely on."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, func, select

from domain.core.errors import Invalid
from domain.core.models import (
    Approval,
    AuditEvent,
    ChatIdentity,
    Document,
    DocumentReader,
    LeaveRequest,
    Person,
    Project,
    Task,
    TaskDependency,
    TimeEntry,
)
from domain.workspace.importing import import_workspace

RICH = Path(__file__).resolve().parents[2] / "fixtures" / "workspace_rich.yaml"


@pytest.fixture
def rich() -> dict[str, Any]:
    return yaml.safe_load(RICH.read_text(encoding="utf-8"))


def refused(session: Session, data: dict[str, Any], now) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as caught:
        import_workspace(session, data, now=now, source="ws.yaml")
    assert caught.value.key == "import.invalid"
    return caught.value.params


def count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_an_unknown_key_is_refused_naming_the_key_and_its_place(session, now, rich):
    rich["projects"][1]["tasks"][0]["colour"] = "red"
    params = refused(session, rich, now)
    assert params == {"file": "ws.yaml", "place": "projects[1].tasks[0]", "field": "colour",
                      "problem": "unknown key"}


def test_an_unknown_top_level_key_is_named(session, now, rich):
    rich["invoices"] = []
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("top level", "invoices")


def test_a_malformed_date_names_the_row_and_the_field(session, now, rich):
    rich["projects"][0]["tasks"][2]["due"] = "next tuesday"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("projects[0].tasks[2]", "due")


def test_a_bad_row_in_the_middle_writes_nothing(session, now, rich):
    rich["time_entries"][2]["person"] = "nobody"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("time_entries[2]", "person")
    session.rollback()
    for model in (Person, Project, Task, TimeEntry, AuditEvent):
        assert count(session, model) == 0


def test_an_unknown_name_comes_with_close_matches(session, now, rich):
    rich["projects"][0]["tasks"][0]["assignee"] = "lim"
    params = refused(session, rich, now)
    assert params["field"] == "assignee"
    assert "unknown person 'lim'" in params["problem"] and "lin" in params["problem"]


def test_more_than_24_hours_a_day_for_one_person_is_rejected(session, now, rich):
    rich["time_entries"].append({"person": "dave", "project": "CRM", "date": "2026-11-24",
                                 "hours": 16})
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("time_entries[5]", "hours")
    assert "24.5 h on 2026-11-24" in params["problem"]


def test_exactly_24_hours_a_day_is_accepted(session, now, rich):
    rich["time_entries"].append({"person": "dave", "project": "CRM", "date": "2026-11-24",
                                 "hours": 15.5})
    assert import_workspace(session, rich, now=now).time_entries == 6


def test_many_small_entries_adding_up_to_24_hours_are_accepted(session, now, rich):
    rich["time_entries"] = [{"person": "lin", "project": "WEB", "date": "2026-11-20",
                             "hours": 0.1} for _ in range(240)]
    assert import_workspace(session, rich, now=now).time_entries == 240


@pytest.mark.parametrize("hours", [0, -1, 24.5])
def test_hours_outside_0_to_24_in_one_entry_are_rejected(session, now, rich, hours):
    rich["time_entries"][0]["hours"] = hours
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("time_entries[0]", "hours")


def test_a_project_that_ends_before_it_starts_is_rejected(session, now, rich):
    rich["projects"][0]["end"] = "2026-08-01"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("projects[0]", "end")


def test_a_duplicate_project_code_is_rejected_whatever_its_case(session, now, rich):
    rich["projects"][1]["code"] = "web"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("projects[1]", "code")


def test_a_handle_shared_by_a_person_and_a_contact_is_rejected(session, now, rich):
    rich["clients"][0]["contacts"][0]["handle"] = "bob"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("clients[0].contacts[0]", "handle")


def test_an_unknown_milestone_is_rejected(session, now, rich):
    rich["projects"][1]["tasks"][0]["milestone"] = "Beta"  # WEB's, not CRM's
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("projects[1].tasks[0]", "milestone")


def test_an_ambiguous_title_cannot_be_a_dependency(session, now, rich):
    rich["projects"][0]["tasks"][0]["depends_on"] = ["Bug fix"]
    params = refused(session, rich, now)
    assert params["field"] == "depends_on" and "ambiguous" in params["problem"]


def test_a_parent_loop_is_rejected(session, now, rich):
    rich["projects"][0]["tasks"][1]["parent"] = "Login form"
    params = refused(session, rich, now)
    assert params["field"] == "parent"


def test_a_feedback_contact_of_another_client_is_rejected(session, now, rich):
    rich["feedback"][0]["contact"] = "zhangwei"
    params = refused(session, rich, now)
    assert (params["place"], params["field"]) == ("feedback[0]", "contact")


def test_tasks_get_ids_one_to_n_in_file_order_project_by_project(session, now, rich):
    import_workspace(session, rich, now=now)
    rows = session.exec(select(Task.id, Project.code, Task.title).join(Project)
                        .order_by(Task.id)).all()
    expected = [(p["code"], t["title"]) for p in rich["projects"] for t in p["tasks"]]
    assert [r[0] for r in rows] == list(range(1, len(expected) + 1))
    assert [(r[1], r[2]) for r in rows] == expected


def test_dependencies_and_subtasks_are_resolved_by_title_within_the_project(session, now, rich):
    import_workspace(session, rich, now=now)
    deps = {(d.task_id, d.depends_on_id) for d in session.exec(select(TaskDependency))}
    assert deps == {(2, 1), (5, 2), (5, 3), (7, 6), (8, 6), (8, 7)}
    assert session.get(Task, 3).parent_id == 2


def test_a_time_entry_can_name_a_task_by_id(session, now, rich):
    import_workspace(session, rich, now=now)
    entry = session.exec(select(TimeEntry).where(TimeEntry.hours == 1)).one()
    assert entry.task_id == 5


def test_chat_accounts_requests_and_documents_are_imported(session, now, rich):
    import_workspace(session, rich, now=now)
    assert count(session, ChatIdentity) == 6
    assert count(session, LeaveRequest) == 2
    statuses = sorted(a.status for a in session.exec(select(Approval)))
    assert statuses == ["approved", "approved", "pending", "rejected"]
    assert count(session, Document) == 3 and count(session, DocumentReader) == 2


def test_one_audit_event_records_the_counts_and_every_rows_state(session, now, rich):
    summary = import_workspace(session, rich, now=now, source="ws.yaml")
    events = session.exec(select(AuditEvent)).all()
    assert [e.action for e in events] == ["workspace.imported"]
    payload = events[0].payload
    assert (payload["source"], payload["counts"]) == ("ws.yaml", summary.as_dict())
    assert len(payload["rows"]["time_entry"]) == summary.time_entries  # issue 15: row hashes
    assert summary.tasks == 8 and summary.time_entries == 5


def test_the_store_keeps_numbering_after_an_import(session, now, rich):
    import_workspace(session, rich, now=now)
    task = Task(project_id=1, title="Added later by chat")
    session.add(task)
    session.flush()
    assert task.id == 9


def test_a_second_import_adds_to_the_store_and_may_refer_to_it(session, now, rich, world):
    more = {"projects": [{"code": "NEW", "name": "New", "manager": "bob", "members": ["lin"],
                          "tasks": [{"title": "First", "assignee": "lin"}]}],
            "time_entries": [{"person": "lin", "project": "WEB", "date": "2026-11-26",
                              "hours": 2, "task": "Login page"}]}
    import_workspace(session, more, now=now)
    first = session.exec(select(Task).where(Task.title == "First")).one()
    assert first.id == world.login_task.id + 1
    entry = session.exec(select(TimeEntry)).one()
    assert entry.task_id == world.login_task.id


def test_a_second_import_cannot_reuse_a_handle(session, now, world):
    params = refused(session, {"people": [{"handle": "Alice", "name": "Other"}]}, now)
    assert (params["place"], params["field"]) == ("people[0]", "handle")


def test_the_input_dict_is_left_as_it_was(session, now, rich):
    before = copy.deepcopy(rich)
    import_workspace(session, rich, now=now)
    assert rich == before
