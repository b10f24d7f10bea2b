"""Loading a whole workspace in one go: all-or-nothing, and fast enough for a million rows.

The importer works in two phases. First it checks the file's shape (`workspace_schema`),
then walks it in file order, resolving every handle, code and title to an id it assigns
itself, and turning each item into a plain row dict; the first problem raises
`Invalid("import.invalid")` naming the file, the row and the field. Only when every row is
built does it write, table by table, with bulk Core inserts. Nothing is written before the
last check has passed, so a bad row in the middle of a million leaves the store untouched.

Ids are explicit (max id in the store + 1, …), which saves a round trip per row and gives
tasks imported into an empty store the ids 1, 2, 3, … in file order, as the contract says.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from domain.core import models as m
from domain.core.actors import system_actor
from domain.core.audit import record
from domain.core.errors import Invalid
from domain.core.matching import closest
from domain.core.row_states import TRACKED, states_of
from domain.workspace import rows as builders
from domain.workspace.schema import (
    ClientIn,
    PartnerIn,
    PersonIn,
    ProjectIn,
    Workspace,
    parse_workspace,
)

AMBIGUOUS = -1
BATCH = 50_000


@dataclass(frozen=True)
class ImportSummary:
    """How many rows of each kind an import added."""

    exchange_rates: int = 0
    people: int = 0
    clients: int = 0
    contacts: int = 0
    contracts: int = 0
    projects: int = 0
    milestones: int = 0
    tasks: int = 0
    time_entries: int = 0
    expenses: int = 0
    leave_requests: int = 0
    overtime_requests: int = 0
    documents: int = 0
    feedback: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def import_workspace(
    session: Session, data: dict[str, Any], *, now: datetime, source: str = ""
) -> ImportSummary:
    """Add a workspace to the store; raise before writing anything if any row is wrong."""
    workspace = parse_workspace(data, source=source)
    plan = _Plan(session, source, now)
    plan.build(workspace)
    plan.write()
    summary = plan.summary()
    rows = {name: states_of(session, name, [r["id"] for r in plan.rows.get(name, [])])
            for name in TRACKED if plan.rows.get(name)}  # each imported row, audited by hash
    record(session, actor=system_actor().label, action="workspace.imported", entity="workspace",
           payload={"source": source, "counts": summary.as_dict(), "rows": rows}, now=now)
    return summary


class _Names:
    """Names to ids: exact first, then case-insensitively. A shared name is ambiguous."""

    def __init__(self) -> None:
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}

    def add(self, name: str, id_: int) -> None:
        self.exact[name] = AMBIGUOUS if name in self.exact else id_
        key = name.lower()
        self.folded[key] = AMBIGUOUS if key in self.folded else id_

    def has(self, name: str) -> bool:
        return name.lower() in self.folded

    def get(self, name: str) -> int | None:
        found = self.exact.get(name)
        return found if found is not None else self.folded.get(name.lower())


class _Plan:
    """The rows an import will write, built and checked before anything is written."""

    def __init__(self, session: Session, source: str, now: datetime) -> None:
        self.session, self.source, self.now = session, source, now
        self.conn: Connection = session.connection()
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.next_id: dict[str, int] = {}
        self.people, self.contacts, self.clients, self.projects = (
            _Names(), _Names(), _Names(), _Names())
        self.partners = _Names()
        self.contact_client: dict[int, int] = {}
        self.project_client: dict[int, int | None] = {}
        self.milestones: dict[int, _Names] = {}
        self.task_titles: dict[int, _Names] = {}
        self.task_project: dict[int, int] = {}
        self.chat_ids: set[tuple[str, str]] = set()
        self.stored_task_max: int | None = None
        self._load_store()

    # ------------------------------------------------------------ the store as it is
    def _load_store(self) -> None:
        c = self.conn
        for id_, handle in c.execute(select(m.Person.id, m.Person.handle)):
            self.people.add(handle, id_)
        for id_, handle, client_id in c.execute(
                select(m.ClientContact.id, m.ClientContact.handle, m.ClientContact.client_id)):
            self.contacts.add(handle, id_)
            self.contact_client[id_] = client_id
        for id_, name in c.execute(select(m.Client.id, m.Client.name)):
            self.clients.add(name, id_)
        for id_, name in c.execute(select(m.Partner.id, m.Partner.name)):
            self.partners.add(name, id_)
        for id_, code, client_id in c.execute(
                select(m.Project.id, m.Project.code, m.Project.client_id)):
            self.projects.add(code, id_)
            self.project_client[id_] = client_id
        self.chat_ids = {(p, e) for p, e in c.execute(
            select(m.ChatIdentity.platform, m.ChatIdentity.external_id))}

    def _stored_children(self, project_id: int) -> None:
        """Milestones and tasks of a project that was already in the store, on first use."""
        if project_id in self.milestones:
            return
        self.milestones[project_id], self.task_titles[project_id] = _Names(), _Names()
        for id_, name in self.conn.execute(
                select(m.Milestone.id, m.Milestone.name).where(m.Milestone.project_id == project_id)):
            self.milestones[project_id].add(name, id_)
        for id_, title in self.conn.execute(
                select(m.Task.id, m.Task.title).where(m.Task.project_id == project_id)):
            self.task_titles[project_id].add(title, id_)
            self.task_project[id_] = project_id

    def new_id(self, table: str) -> int:
        if table not in self.next_id:
            model = TABLES[table]
            top = self.conn.execute(select(func.max(model.id))).scalar()
            self.next_id[table] = (top or 0) + 1
        id_ = self.next_id[table]
        self.next_id[table] = id_ + 1
        return id_

    # ------------------------------------------------------------ checking
    def fail(self, place: str, field: str, problem: str) -> Invalid:
        return Invalid("import.invalid", file=self.source, place=place, field=field,
                       problem=problem)

    def ref(self, names: _Names, value: str, kind: str, place: str, field: str) -> int:
        """The id a name stands for, or the error naming the place (with close matches)."""
        found = names.get(value)
        if found is None:
            hint = closest(value, names.exact)
            extra = f" (did you mean {', '.join(hint)}?)" if hint else ""
            raise self.fail(place, field, f"unknown {kind} '{value}'{extra}")
        if found == AMBIGUOUS:
            raise self.fail(place, field, f"{kind} '{value}' is ambiguous")
        return found

    def opt_ref(self, names: _Names, value: str | None, kind: str, place: str,
                field: str) -> int | None:
        return None if value is None else self.ref(names, value, kind, place, field)

    def person(self, handle: str | None, place: str, field: str) -> int | None:
        return self.opt_ref(self.people, handle, "person", place, field)

    def project(self, code: str, place: str, field: str = "project") -> int:
        return self.ref(self.projects, code, "project", place, field)

    def span(self, start: date | None, end: date | None, place: str) -> None:
        if start is not None and end is not None and end < start:
            raise self.fail(place, "end", f"ends ({end}) before it starts ({start})")

    def unique_handle(self, handle: str, place: str) -> None:
        if self.people.has(handle) or self.contacts.has(handle):
            raise self.fail(place, "handle", f"duplicate handle '{handle}'")

    def chat_identity(self, item: Any, place: str, **owner: int) -> None:
        for platform in ("slack", "telegram"):
            external = getattr(item, f"{platform}_id")
            if external is None:
                continue
            if (platform, external) in self.chat_ids:
                raise self.fail(place, f"{platform}_id", f"{platform} id '{external}' is taken")
            self.chat_ids.add((platform, external))
            self.rows["chat_identity"].append({
                "id": self.new_id("chat_identity"), "platform": platform,
                "external_id": external, "person_id": owner.get("person_id"),
                "contact_id": owner.get("contact_id")})

    # ------------------------------------------------------------ building, in file order
    def build(self, ws: Workspace) -> None:
        self.add_money(ws)
        for i, person in enumerate(ws.people):
            self.add_person(person, f"people[{i}]")
        for i, partner in enumerate(ws.partners):
            self.add_partner(partner, f"partners[{i}]")
        for i, client in enumerate(ws.clients):
            self.add_client(client, f"clients[{i}]")
        for i, project in enumerate(ws.projects):
            self.add_project(project, f"projects[{i}]")
        builders.add_all_tasks(self, ws.projects)
        builders.add_time_entries(self, ws.time_entries)
        builders.add_requests_and_records(self, ws)

    def add_money(self, ws: Workspace) -> None:
        """The firm (once per store; a second one must agree on the base currency) and its
        exchange rates (one per currency and date; never a rate for the base itself)."""
        stored = self.conn.execute(select(m.Firm.base_currency)).scalar()
        base = ws.firm.base_currency if ws.firm else stored
        if ws.firm and stored and stored != ws.firm.base_currency:
            raise self.fail("firm", "base_currency",
                            f"the store's base currency is already {stored}")
        if ws.firm and not stored:
            self.rows["firm"].append({"id": self.new_id("firm"), **ws.firm.model_dump()})
        seen = {(c, d) for c, d in self.conn.execute(
            select(m.ExchangeRate.currency, m.ExchangeRate.valid_from))}
        for i, rate in enumerate(ws.exchange_rates):
            place, key = f"exchange_rates[{i}]", (rate.currency, rate.valid_from)
            if rate.currency == base:
                raise self.fail(place, "currency", f"{base} is the base currency (its rate is 1)")
            if key in seen:
                raise self.fail(place, "from", f"a {rate.currency} rate from "
                                f"{rate.valid_from.isoformat()} is already there")
            seen.add(key)
            self.rows["exchange_rate"].append({"id": self.new_id("exchange_rate"),
                                               **rate.model_dump()})

    def add_person(self, p: PersonIn, place: str) -> None:
        self.unique_handle(p.handle, place)
        id_ = self.new_id("person")
        self.people.add(p.handle, id_)
        row = p.model_dump(exclude={"slack_id", "telegram_id"})
        self.rows["person"].append({"id": id_, **row, "partner_id": None, "partner_rate": None})
        self.chat_identity(p, place, person_id=id_)

    def add_partner(self, p: PartnerIn, place: str) -> None:
        """The organisation, and its people as persons of role `partner` whose hours cost
        `rate` in the partner's currency (no `hourly_cost`: that is the firm's staff's)."""
        if self.partners.has(p.name):
            raise self.fail(place, "name", f"duplicate partner '{p.name}'")
        id_ = self.new_id("partner")
        self.partners.add(p.name, id_)
        self.rows["partner"].append({"id": id_, "name": p.name, "currency": p.currency})
        for j, person in enumerate(p.people):
            where = f"{place}.people[{j}]"
            self.unique_handle(person.handle, where)
            pid = self.new_id("person")
            self.people.add(person.handle, pid)
            row = person.model_dump(exclude={"slack_id", "telegram_id", "rate"})
            self.rows["person"].append({  # the same keys as a staff row (one executemany)
                "id": pid, **row, "role": "partner", "country": None, "skills": [],
                "hourly_cost": 0.0, "weekly_capacity_hours": 40.0, "partner_id": id_,
                "partner_rate": person.rate})
            self.chat_identity(person, where, person_id=pid)

    def add_client(self, c: ClientIn, place: str) -> None:
        if self.clients.has(c.name):
            raise self.fail(place, "name", f"duplicate client '{c.name}'")
        id_ = self.new_id("client")
        self.clients.add(c.name, id_)
        self.rows["client"].append({"id": id_, **c.model_dump(
            include={"name", "payment_terms", "industry", "notes"})})
        for j, contact in enumerate(c.contacts):
            where = f"{place}.contacts[{j}]"
            self.unique_handle(contact.handle, where)
            cid = self.new_id("clientcontact")
            self.contacts.add(contact.handle, cid)
            self.contact_client[cid] = id_
            self.rows["clientcontact"].append({"id": cid, "client_id": id_, **contact.model_dump(
                exclude={"slack_id", "telegram_id"})})
            self.chat_identity(contact, where, contact_id=cid)
        for j, contract in enumerate(c.contracts):
            self.span(contract.start, contract.end, f"{place}.contracts[{j}]")
            self.rows["contract"].append({"id": self.new_id("contract"), "client_id": id_,
                                          **contract.model_dump()})
        for entry in c.history:
            self.rows["client_history"].append({"id": self.new_id("client_history"),
                                                "client_id": id_, **entry.model_dump()})

    def add_project(self, p: ProjectIn, place: str) -> None:
        if self.projects.has(p.code):
            raise self.fail(place, "code", f"duplicate project code '{p.code}'")
        self.span(p.start, p.end, place)
        client_id = self.opt_ref(self.clients, p.client, "client", place, "client")
        manager_id = self.person(p.manager, place, "manager")
        id_ = self.new_id("project")
        self.projects.add(p.code, id_)
        self.project_client[id_] = client_id
        self.milestones[id_], self.task_titles[id_] = _Names(), _Names()
        self.rows["project"].append({"id": id_, "client_id": client_id, "manager_id": manager_id,
                                     **p.model_dump(exclude=PROJECT_LISTS)})
        self.add_aliases(id_, p.aliases, place)
        members = {self.ref(self.people, h, "person", place, "members") for h in p.members}
        self.rows["project_member"] += [{"project_id": id_, "person_id": pid}
                                        for pid in sorted(members)]
        for j, milestone in enumerate(p.milestones):
            if self.milestones[id_].has(milestone.name):
                raise self.fail(f"{place}.milestones[{j}]", "name",
                                f"duplicate milestone '{milestone.name}'")
            mid = self.new_id("milestone")
            self.milestones[id_].add(milestone.name, mid)
            self.rows["milestone"].append({"id": mid, "project_id": id_, **milestone.model_dump()})

    def add_aliases(self, project_id: int, aliases: list[str], place: str) -> None:
        seen: set[str] = set()
        for alias in aliases:
            if alias in seen:
                raise self.fail(place, "aliases", f"duplicate alias '{alias}'")
            seen.add(alias)
            self.rows["project_alias"].append({"id": self.new_id("project_alias"),
                                               "project_id": project_id, "alias": alias})

    # ------------------------------------------------------------ tasks
    def stored_task(self, id_: int) -> bool:
        if self.stored_task_max is None:
            self.stored_task_max = self.conn.execute(select(func.max(m.Task.id))).scalar() or 0
        if id_ > self.stored_task_max:
            return False
        found = self.conn.execute(select(m.Task.project_id).where(m.Task.id == id_)).first()
        return found is not None

    def task_ref(self, project_id: int, ref: str, place: str, field: str) -> int:
        """A task of this project by title, or by id written as '#12'."""
        self._stored_children(project_id)
        if ref.startswith("#") and ref[1:].isdigit() and ref not in self.task_titles[project_id].exact:
            id_ = int(ref[1:])
            if id_ not in self.task_project and self.stored_task(id_):
                self.task_project[id_] = project_id  # checked below
            if self.task_project.get(id_) != project_id:
                raise self.fail(place, field, f"no task {ref} in this project")
            return id_
        return self.ref(self.task_titles[project_id], ref, "task", place, field)

    # ------------------------------------------------------------ writing
    def write(self) -> None:
        for table in WRITE_ORDER:
            rows = self.rows.get(table)
            if rows:
                _insert(self.conn, TABLES[table], rows)
        if self.conn.dialect.name == "postgresql":
            self._advance_sequences()

    def _advance_sequences(self) -> None:
        """Explicit ids leave PostgreSQL's sequences behind: move them past the new rows."""
        for table in WRITE_ORDER:
            if self.rows.get(table) and "id" in self.rows[table][0]:
                self.conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"(SELECT MAX(id) FROM \"{table}\"))"))

    def summary(self) -> ImportSummary:
        def count(table: str) -> int:
            return len(self.rows.get(table, ()))

        return ImportSummary(**{kind: count(table) for kind, table in SUMMARY_TABLES.items()})


def _insert(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    statement = insert(model.__table__)
    for start in range(0, len(rows), BATCH):
        conn.execute(statement, rows[start:start + BATCH])


PROJECT_LISTS = {"aliases", "client", "manager", "members", "milestones", "tasks"}
TABLES: dict[str, Any] = {
    "firm": m.Firm, "exchange_rate": m.ExchangeRate, "partner": m.Partner,
    "person": m.Person, "client": m.Client, "clientcontact": m.ClientContact,
    "contract": m.Contract, "client_history": m.ClientHistory, "chat_identity": m.ChatIdentity,
    "project": m.Project, "project_alias": m.ProjectAlias, "project_member": m.ProjectMember,
    "milestone": m.Milestone, "task": m.Task, "task_dependency": m.TaskDependency,
    "time_entry": m.TimeEntry, "approval": m.Approval, "expense": m.Expense,
    "leave_request": m.LeaveRequest, "overtime_request": m.OvertimeRequest,
    "document": m.Document, "document_reader": m.DocumentReader, "feedback": m.Feedback,
}
WRITE_ORDER = tuple(TABLES)
SUMMARY_TABLES = {
    "exchange_rates": "exchange_rate", "people": "person", "clients": "client", "contacts": "clientcontact",
    "contracts": "contract", "projects": "project", "milestones": "milestone", "tasks": "task",
    "time_entries": "time_entry", "expenses": "expense", "leave_requests": "leave_request",
    "overtime_requests": "overtime_request", "documents": "document", "feedback": "feedback",
}
