"""Row builders for the importer's `_Plan`: tasks, time entries, requests, documents, feedback.

Time entries get a hand-written loop rather than per-row helpers: there may be a million of
them, and each function call or f-string saved there is a second saved on the import. The
place of a bad row is only formatted when it is reported.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from domain.core import models as m
from domain.workspace.schema import (
    ApprovalIn,
    DocumentIn,
    ExpenseIn,
    FeedbackIn,
    LeaveIn,
    OvertimeIn,
    ProjectIn,
    TaskIn,
    TimeEntryIn,
    Workspace,
)

if TYPE_CHECKING:
    from domain.workspace.importing import _Plan

AMBIGUOUS = -1
MAX_DAY_HOURS = 24.0
ROUNDING = 1e-9  # 0.1 h entries must not add up to 24.000000001


def add_time_entries(plan: _Plan, entries: list[TimeEntryIn]) -> None:
    people, projects, titles = plan.people.exact, plan.projects.exact, plan.task_titles
    totals = _stored_day_totals(plan)
    rows = plan.rows["time_entry"]
    next_id = plan.new_id("time_entry")
    for i, e in enumerate(entries):
        pid = people.get(e["person"])
        if pid is None or pid == AMBIGUOUS:
            pid = plan.ref(plan.people, e["person"], "person", f"time_entries[{i}]", "person")
        prj = projects.get(e["project"])
        if prj is None or prj == AMBIGUOUS:
            prj = plan.project(e["project"], f"time_entries[{i}]")
        task = e.get("task")
        tid = None
        if task is not None:
            names = titles.get(prj)
            tid = names.exact.get(task) if names is not None else None
            if tid is None or tid == AMBIGUOUS:
                tid = plan.task_ref(prj, task, f"time_entries[{i}]", "task")
        day, hours = e["date"], e["hours"]
        key = (pid, day)
        total = totals[key] + hours
        if total > MAX_DAY_HOURS + ROUNDING:
            raise plan.fail(f"time_entries[{i}]", "hours",
                            f"{e['person']} would have {total:g} h on {day}, more than 24")
        totals[key] = total
        rows.append({"id": next_id + i, "person_id": pid, "project_id": prj, "task_id": tid,
                     "day": day, "hours": hours, "note": e.get("note"),
                     "created_at": e.get("created_at")})
    plan.next_id["time_entry"] = next_id + len(entries)


def _stored_day_totals(plan: _Plan) -> defaultdict[tuple[int, date], float]:
    """Hours already logged per person and day, so that an import cannot push one past 24."""
    totals: defaultdict[tuple[int, date], float] = defaultdict(float)
    query = select(m.TimeEntry.person_id, m.TimeEntry.day, func.sum(m.TimeEntry.hours)).group_by(
        m.TimeEntry.person_id, m.TimeEntry.day)
    for person_id, day, hours in plan.conn.execute(query):
        totals[(person_id, day)] = float(hours)
    return totals


def add_requests_and_records(plan: _Plan, ws: Workspace) -> None:
    for i, expense in enumerate(ws.expenses):
        add_expense(plan, expense, f"expenses[{i}]")
    for i, leave in enumerate(ws.leave_requests):
        add_leave(plan, leave, f"leave_requests[{i}]")
    for i, overtime in enumerate(ws.overtime_requests):
        add_overtime(plan, overtime, f"overtime_requests[{i}]")
    seen: set[tuple[int, str, int]] = set()
    for i, document in enumerate(ws.documents):
        add_document(plan, document, f"documents[{i}]", seen)
    for i, feedback in enumerate(ws.feedback):
        add_feedback(plan, feedback, f"feedback[{i}]")


def add_expense(plan: _Plan, e: ExpenseIn, place: str) -> None:
    project_id = plan.project(e.project, place)
    person_id = plan.person(e.person, place, "person")
    approval_id = None
    if e.status is not None:
        approval_id = approval(plan, e, kind="expense", person_id=person_id,
                                    project_id=project_id, place=place)
    plan.rows["expense"].append({
        "id": plan.new_id("expense"), "project_id": project_id, "person_id": person_id,
        "day": e.date, "amount": e.amount, "currency": e.currency, "category": e.category,
        "note": e.note, "approval_id": approval_id})


def add_document(plan: _Plan, d: DocumentIn, place: str, seen: set[tuple[int, str, int]]) -> None:
    project_id = plan.project(d.project, place)
    key = (project_id, d.file_name, d.version)
    if key in seen or _stored_document(plan, key):
        raise plan.fail(place, "version", f"'{d.file_name}' version {d.version} is there twice")
    seen.add(key)
    id_ = plan.new_id("document")
    plan.rows["document"].append({
        "id": id_, "project_id": project_id, "title": d.title, "file_name": d.file_name,
        "version": d.version, "visibility": d.visibility, "content_hash": d.content_hash,
        "retired": d.retired, "added_by_id": plan.person(d.added_by, place, "added_by"),
        "added_at": d.added_at or plan.now})
    readers = {plan.ref(plan.people, h, "person", place, "readers") for h in d.readers}
    plan.rows["document_reader"] += [{"document_id": id_, "person_id": pid}
                                     for pid in sorted(readers)]


def _stored_document(plan: _Plan, key: tuple[int, str, int]) -> bool:
    project_id, file_name, version = key
    query = select(m.Document.id).where(m.Document.project_id == project_id,
                                        m.Document.file_name == file_name,
                                        m.Document.version == version)
    return plan.conn.execute(query).first() is not None


def add_feedback(plan: _Plan, f: FeedbackIn, place: str) -> None:
    project_id = plan.project(f.project, place)
    contact_id = plan.opt_ref(plan.contacts, f.contact, "contact", place, "contact")
    if contact_id is not None and plan.contact_client[contact_id] != plan.project_client[project_id]:
        raise plan.fail(place, "contact", f"'{f.contact}' is not a contact of {f.project}'s client")
    milestone_id = None
    if f.milestone is not None:
        plan._stored_children(project_id)
        milestone_id = plan.ref(plan.milestones[project_id], f.milestone, "milestone", place,
                                "milestone")
    plan.rows["feedback"].append({
        "id": plan.new_id("feedback"), "project_id": project_id, "contact_id": contact_id,
        "milestone_id": milestone_id, "score": f.score, "note": f.note,
        "created_at": f.created_at or plan.now})


# ---------------------------------------------------------------- tasks
def add_all_tasks(plan: _Plan, projects: list[ProjectIn]) -> None:
    """Ids first (explicit ones kept, the rest 1, 2, … in file order), then references."""
    ids = task_ids(plan, projects)
    for i, p in enumerate(projects):
        project_id = plan.projects.get(p.code)
        assert project_id is not None
        for task, id_ in zip(p.tasks, ids[i], strict=True):
            plan.task_titles[project_id].add(task.title, id_)
            plan.task_project[id_] = project_id
    for i, p in enumerate(projects):
        project_id = plan.projects.get(p.code)
        assert project_id is not None
        for j, (task, id_) in enumerate(zip(p.tasks, ids[i], strict=True)):
            add_task(plan, task, id_, project_id, f"projects[{i}].tasks[{j}]")
    order_tasks_parents_first(plan)

def task_ids(plan: _Plan, projects: list[ProjectIn]) -> list[list[int]]:
    explicit: dict[int, str] = {}
    for i, p in enumerate(projects):
        for j, task in enumerate(p.tasks):
            if task.id is None:
                continue
            if task.id in explicit or task.id in plan.task_project or plan.stored_task(task.id):
                raise plan.fail(f"projects[{i}].tasks[{j}]", "id", f"duplicate task id {task.id}")
            explicit[task.id] = p.code
    ids: list[list[int]] = []
    for p in projects:
        ids.append([])
        for task in p.tasks:
            id_ = task.id
            while id_ is None or (task.id is None and id_ in explicit):
                id_ = plan.new_id("task")
            ids[-1].append(id_)
    return ids

def add_task(plan: _Plan, t: TaskIn, id_: int, project_id: int, place: str) -> None:
    milestone_id = plan.opt_ref(plan.milestones[project_id], t.milestone, "milestone",
                                place, "milestone")
    parent_id = None if t.parent is None else plan.task_ref(project_id, t.parent, place,
                                                             "parent")
    if parent_id == id_:
        raise plan.fail(place, "parent", "a task cannot be its own parent")
    plan.rows["task"].append({
        "id": id_, "project_id": project_id, "parent_id": parent_id, "title": t.title,
        "assignee_id": plan.person(t.assignee, place, "assignee"),
        "milestone_id": milestone_id, "status": t.status, "priority": t.priority,
        "due": t.due, "estimate_hours": t.estimate_hours, "created_at": t.created_at,
        "done_on": t.done_on, "progress": t.progress})
    seen: set[int] = set()
    for ref in t.depends_on:
        other = plan.task_ref(project_id, ref, place, "depends_on")
        if other == id_:
            raise plan.fail(place, "depends_on", "a task cannot depend on itself")
        if other not in seen:
            seen.add(other)
            plan.rows["task_dependency"].append({"task_id": id_, "depends_on_id": other})

def order_tasks_parents_first(plan: _Plan) -> None:
    """Sort the task rows so that a parent is written before its children (FKs are checked
    row by row), refusing a parent chain that loops."""
    rows = plan.rows["task"]
    parent = {r["id"]: r["parent_id"] for r in rows}
    depth: dict[int, int] = {}
    for row in rows:
        chain, node = [], row["id"]
        while node in parent and node not in depth:
            if node in chain:
                raise plan.fail(f"tasks #{node}", "parent", "the parent chain loops")
            chain.append(node)
            node = parent[node]
        level = depth.get(node, -1) if node in parent else -1
        for node in reversed(chain):
            level += 1
            depth[node] = level
    rows.sort(key=lambda r: depth[r["id"]])

# ---------------------------------------------------------------- approvals
def approval(plan: _Plan, a: ApprovalIn, *, kind: str, person_id: int | None,
             project_id: int | None, place: str) -> int:
    id_ = plan.new_id("approval")
    plan.rows["approval"].append({
        "id": id_, "kind": kind, "requested_by_id": person_id,
        "approver_id": plan.person(a.approver, place, "approver"), "project_id": project_id,
        "status": a.status, "created_at": a.requested_at or plan.now,
        "decided_by_id": plan.person(a.decided_by, place, "decided_by"),
        "decided_at": a.decided_at, "note": a.decision_note})
    return id_

def add_leave(plan: _Plan, r: LeaveIn, place: str) -> None:
    person_id = plan.person(r.person, place, "person")
    plan.span(r.start, r.end, place)
    approval_id = approval(plan, r, kind="leave", person_id=person_id, project_id=None,
                                place=place)
    plan.rows["leave_request"].append({
        "id": plan.new_id("leave_request"), "person_id": person_id, "start": r.start,
        "end": r.end, "leave_type": r.leave_type, "note": r.note, "approval_id": approval_id})

def add_overtime(plan: _Plan, r: OvertimeIn, place: str) -> None:
    person_id = plan.person(r.person, place, "person")
    project_id = None if r.project is None else plan.project(r.project, place)
    approval_id = approval(plan, r, kind="overtime", person_id=person_id,
                                project_id=project_id, place=place)
    plan.rows["overtime_request"].append({
        "id": plan.new_id("overtime_request"), "person_id": person_id,
        "project_id": project_id, "day": r.date, "hours": r.hours, "note": r.note,
        "approval_id": approval_id})
