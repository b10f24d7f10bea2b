"""The whole workspace as one plain dict, in the import format plus what chat added.

`import_workspace(export_workspace(x))` into an empty store reproduces x: tasks carry their
ids, requests their approval state, people and contacts their linked chat accounts. Rows are
read with Core selects (no ORM objects: a workspace may hold a million time entries) and
come out in id order, so two exports of the same store are equal. Dates are 'YYYY-MM-DD',
times ISO 8601 in UTC; empty values (None, []) are left out.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from domain.core import models as m


def export_workspace(session: Session) -> dict[str, Any]:
    session.flush()  # Core reads below do not autoflush what the session holds
    conn = session.connection()
    names = _Names(conn)
    firm = _firm(conn)
    return {
        **({"firm": firm} if firm else {}),
        "exchange_rates": _rates(conn),
        "people": names.people_rows(),
        **({"partners": partners} if (partners := names.partner_rows()) else {}),
        "clients": names.client_rows(),
        "projects": names.project_rows(),
        "time_entries": names.time_entry_rows(),
        "expenses": names.expense_rows(),
        "leave_requests": names.leave_rows(),
        "overtime_requests": names.overtime_rows(),
        "documents": names.document_rows(),
        "feedback": names.feedback_rows(),
    }


def _firm(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(select(m.Firm.name, m.Firm.base_currency).order_by(m.Firm.id)).first()
    return None if row is None else {"name": row[0], "base_currency": row[1]}


def _rates(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(m.ExchangeRate.currency, m.ExchangeRate.rate,
                               m.ExchangeRate.valid_from).order_by(m.ExchangeRate.id))
    return [{"currency": c, "rate": r, "from": str(d)} for c, r, d in rows]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC from some drivers
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in row.items() if v is not None and v != []}


def _rows(conn: Connection, model: Any, *columns: str, **where: Any) -> list[dict[str, Any]]:
    table = model.__table__
    query = select(*(table.c[c] for c in ("id", *columns))).order_by(table.c.id)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    return [dict(row._mapping) for row in conn.execute(query)]


class _Names:
    """Id → name maps for everything other rows refer to, read once."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.person = dict(conn.execute(select(m.Person.id, m.Person.handle)).all())
        self.contact = dict(conn.execute(select(m.ClientContact.id, m.ClientContact.handle)).all())
        self.client = dict(conn.execute(select(m.Client.id, m.Client.name)).all())
        self.project = dict(conn.execute(select(m.Project.id, m.Project.code)).all())
        self.milestone = dict(conn.execute(select(m.Milestone.id, m.Milestone.name)).all())
        self.task_title: dict[int, str] = {}
        self.task_project: dict[int, int] = {}
        shared: Counter[tuple[int, str]] = Counter()
        for id_, project_id, title in conn.execute(select(m.Task.id, m.Task.project_id, m.Task.title)):
            self.task_title[id_], self.task_project[id_] = title, project_id
            shared[(project_id, title)] += 1
        self.ambiguous = {key for key, count in shared.items() if count > 1}
        self.chat: dict[tuple[str, str, int], str] = {}
        chat = select(m.ChatIdentity.platform, m.ChatIdentity.external_id,
                      m.ChatIdentity.person_id, m.ChatIdentity.contact_id)
        for platform, external, person_id, contact_id in conn.execute(
                chat.order_by(m.ChatIdentity.id.desc())):  # type: ignore[union-attr]
            owner = ("person", person_id) if person_id is not None else ("contact", contact_id)
            self.chat[(platform, *owner)] = external  # the oldest link wins

    def task_ref(self, task_id: int | None) -> str | None:
        """A task's title, or '#id' when its project has two tasks of that title."""
        if task_id is None:
            return None
        title = self.task_title[task_id]
        if (self.task_project[task_id], title) in self.ambiguous or title.startswith("#"):
            return f"#{task_id}"
        return title

    def with_chat_ids(self, row: dict[str, Any], kind: str) -> dict[str, Any]:
        id_ = row.pop("id")
        return {**row, "slack_id": self.chat.get(("slack", kind, id_)),
                "telegram_id": self.chat.get(("telegram", kind, id_))}

    # ------------------------------------------------------------ people and clients
    def people_rows(self) -> list[dict[str, Any]]:
        rows = _rows(self.conn, m.Person, "handle", "name", "role", "email", "timezone",
                     "language", "country", "skills", "hourly_cost", "weekly_capacity_hours",
                     "active", "forgotten", partner_id=None)
        return [_clean(self.with_chat_ids(r, "person")) for r in rows]

    def partner_rows(self) -> list[dict[str, Any]]:
        """Each partner with its people (whose `rate` is `partner_rate`), as import takes them."""
        out = []
        for partner in _rows(self.conn, m.Partner, "name", "currency"):
            table = m.Person.__table__  # type: ignore[attr-defined]
            people = [dict(r._mapping) for r in self.conn.execute(
                select(table.c.id, table.c.handle, table.c.name, table.c.email, table.c.language,
                       table.c.timezone, table.c.partner_rate.label("rate"), table.c.active,
                       table.c.forgotten)
                .where(table.c.partner_id == partner["id"]).order_by(table.c.id))]
            out.append({"name": partner["name"], "currency": partner["currency"],
                        "people": [_clean(self.with_chat_ids(p, "person")) for p in people]})
        return out

    def client_rows(self) -> list[dict[str, Any]]:
        contacts, contracts, history = defaultdict(list), defaultdict(list), defaultdict(list)
        for r in _rows(self.conn, m.ClientContact, "client_id", "handle", "name", "email",
                       "language", "timezone", "forgotten"):
            contacts[r.pop("client_id")].append(_clean(self.with_chat_ids(r, "contact")))
        for r in _rows(self.conn, m.Contract, "client_id", "title", "value", "currency", "start",
                       "end", "payment_terms"):
            del r["id"]
            contracts[r.pop("client_id")].append(_clean(r))
        for r in _rows(self.conn, m.ClientHistory, "client_id", "at", "kind", "note"):
            del r["id"]
            history[r.pop("client_id")].append(_clean(r))
        out = []
        for r in _rows(self.conn, m.Client, "name", "payment_terms", "industry", "notes"):
            id_ = r.pop("id")
            out.append(_clean({**r, "contacts": contacts[id_], "contracts": contracts[id_],
                               "history": history[id_]}))
        return out

    # ------------------------------------------------------------ projects
    def project_rows(self) -> list[dict[str, Any]]:
        aliases, members = defaultdict(list), defaultdict(list)
        for r in _rows(self.conn, m.ProjectAlias, "project_id", "alias"):
            aliases[r["project_id"]].append(r["alias"])
        member_rows = self.conn.execute(select(m.ProjectMember.project_id, m.ProjectMember.person_id)
                                        .order_by(m.ProjectMember.project_id, m.ProjectMember.person_id))
        for project_id, person_id in member_rows:
            members[project_id].append(self.person[person_id])
        milestones, tasks = self.milestone_rows(), self.task_rows()
        out = []
        for r in _rows(self.conn, m.Project, "code", "name", "client_id", "manager_id", "start",
                       "end", "budget", "currency", "hourly_rate", "status", "budget_thresholds",
                       "client_sees_budget"):
            id_ = r.pop("id")
            client, manager = r.pop("client_id"), r.pop("manager_id")
            head = {"code": r.pop("code"), "name": r.pop("name"), "aliases": aliases[id_],
                    "client": self.client.get(client), "manager": self.person.get(manager),
                    "members": members[id_]}
            out.append(_clean({**head, **r, "milestones": milestones[id_], "tasks": tasks[id_]}))
        return out

    def milestone_rows(self) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.conn, m.Milestone, "project_id", "name", "due", "client_visible",
                       "done", "done_on"):
            del r["id"]
            found[r.pop("project_id")].append(_clean(r))
        return found

    def task_rows(self) -> dict[int, list[dict[str, Any]]]:
        depends: dict[int, list[str | None]] = defaultdict(list)
        for task_id, other in self.conn.execute(
                select(m.TaskDependency.task_id, m.TaskDependency.depends_on_id)
                .order_by(m.TaskDependency.task_id, m.TaskDependency.depends_on_id)):
            depends[task_id].append(self.task_ref(other))
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.conn, m.Task, "project_id", "parent_id", "title", "assignee_id",
                       "due", "status", "priority", "estimate_hours", "milestone_id",
                       "created_at", "done_on", "progress"):
            found[r["project_id"]].append(_clean({
                "id": r["id"], "title": r["title"], "parent": self.task_ref(r["parent_id"]),
                "assignee": self.person.get(r["assignee_id"]), "due": r["due"],
                "status": r["status"], "priority": r["priority"],
                "estimate_hours": r["estimate_hours"],
                "milestone": self.milestone.get(r["milestone_id"]),
                "depends_on": depends[r["id"]], "created_at": r["created_at"],
                "done_on": r["done_on"], "progress": r["progress"]}))
        return found

    # ------------------------------------------------------------ the flat lists
    def time_entry_rows(self) -> list[dict[str, Any]]:
        table = m.TimeEntry.__table__  # type: ignore[attr-defined]
        query = select(table.c.person_id, table.c.project_id, table.c.day, table.c.hours,
                       table.c.task_id, table.c.note, table.c.created_at).order_by(table.c.id)
        person, project, task_ref = self.person, self.project, self.task_ref
        return [_clean({"person": person[p], "project": project[j], "date": d, "hours": h,
                        "task": task_ref(t), "note": n, "created_at": c})
                for p, j, d, h, t, n, c in self.conn.execute(query)]

    def approvals(self) -> dict[int, dict[str, Any]]:
        found = {}
        for r in _rows(self.conn, m.Approval, "status", "approver_id", "decided_by_id",
                       "decided_at", "created_at", "note"):
            found[r["id"]] = {"status": r["status"], "approver": self.person.get(r["approver_id"]),
                              "decided_by": self.person.get(r["decided_by_id"]),
                              "decided_at": r["decided_at"], "requested_at": r["created_at"],
                              "decision_note": r["note"]}
        return found

    def expense_rows(self) -> list[dict[str, Any]]:
        approvals = self.approvals()
        return [_clean({"project": self.project[r["project_id"]], "date": r["day"],
                        "amount": r["amount"], "currency": r["currency"],
                        "category": r["category"], "note": r["note"],
                        "person": self.person.get(r["person_id"]),
                        **approvals.get(r["approval_id"], {})})
                for r in _rows(self.conn, m.Expense, "project_id", "person_id", "day", "amount",
                               "currency", "category", "note", "approval_id")]

    def leave_rows(self) -> list[dict[str, Any]]:
        approvals = self.approvals()
        return [_clean({"person": self.person[r["person_id"]], "start": r["start"],
                        "end": r["end"], "leave_type": r["leave_type"], "note": r["note"],
                        **approvals[r["approval_id"]]})
                for r in _rows(self.conn, m.LeaveRequest, "person_id", "start", "end",
                               "leave_type", "note", "approval_id")]

    def overtime_rows(self) -> list[dict[str, Any]]:
        approvals = self.approvals()
        return [_clean({"person": self.person[r["person_id"]],
                        "project": self.project.get(r["project_id"]), "date": r["day"],
                        "hours": r["hours"], "note": r["note"], **approvals[r["approval_id"]]})
                for r in _rows(self.conn, m.OvertimeRequest, "person_id", "project_id", "day",
                               "hours", "note", "approval_id")]

    def document_rows(self) -> list[dict[str, Any]]:
        readers: dict[int, list[str]] = defaultdict(list)
        for document_id, person_id in self.conn.execute(
                select(m.DocumentReader.document_id, m.DocumentReader.person_id)
                .order_by(m.DocumentReader.document_id, m.DocumentReader.person_id)):
            readers[document_id].append(self.person[person_id])
        return [_clean({"project": self.project[r["project_id"]], "title": r["title"],
                        "file_name": r["file_name"], "version": r["version"],
                        "visibility": r["visibility"], "content_hash": r["content_hash"],
                        "retired": r["retired"], "readers": readers[r["id"]],
                        "added_by": self.person.get(r["added_by_id"]), "added_at": r["added_at"]})
                for r in _rows(self.conn, m.Document, "project_id", "title", "file_name",
                               "version", "visibility", "content_hash", "retired",
                               "added_by_id", "added_at")]

    def feedback_rows(self) -> list[dict[str, Any]]:
        return [_clean({"project": self.project[r["project_id"]],
                        "contact": self.contact.get(r["contact_id"]), "score": r["score"],
                        "note": r["note"], "milestone": self.milestone.get(r["milestone_id"]),
                        "created_at": r["created_at"]})
                for r in _rows(self.conn, m.Feedback, "project_id", "contact_id", "milestone_id",
                               "score", "note", "created_at")]
