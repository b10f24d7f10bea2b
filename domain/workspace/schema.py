"""The shape of a workspace file (CONTRACT.md "Import format" plus what export adds).

Pydantic checks the shape only: types, closed value sets, unknown keys. Whether a handle,
code or title exists is the importer's business (`domain.workspace.importing`), because that
needs the whole file and the store. Time entries are `TypedDict`s rather than models: a
workspace may hold a million of them, and plain dicts validate four times faster.

Task references (`parent`, `depends_on`, a time entry's `task`) are titles within the
project; an integer, or text like "#12", names a task by its id instead (export writes
that form only when a title is ambiguous).
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Required
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from typing_extensions import TypedDict

from domain.core.errors import Invalid

CONFIG = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


def _task_ref(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"#{value}"
    return value


TaskRef = Annotated[str, BeforeValidator(_task_ref)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Language = Literal["en", "zh"]
Hours = Annotated[float, Field(gt=0, le=24)]
ApprovalStatus = Literal["pending", "approved", "rejected", "cancelled"]


class Row(BaseModel):
    model_config = CONFIG


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown timezone {value!r}") from exc
    return value


TimeZone = Annotated[str, AfterValidator(_check_timezone)]


# ---------------------------------------------------------------- people and clients
class ChatIds(Row):
    slack_id: str | None = None
    telegram_id: str | None = None


class PersonIn(ChatIds):
    handle: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Literal["admin", "pm", "member"] = "member"
    email: str | None = None
    timezone: TimeZone | None = None
    language: Language = "en"
    country: str | None = None
    skills: list[str] = []
    hourly_cost: Annotated[float, Field(ge=0)] = 0
    weekly_capacity_hours: Annotated[float, Field(ge=0, le=168)] = 40
    active: bool = True
    forgotten: bool = False


class PartnerPersonIn(ChatIds):
    """A partner organisation's person: works on projects that name them in `members`."""

    handle: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: str | None = None
    language: Language = "en"
    timezone: TimeZone | None = None
    rate: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0  # per hour, partner currency
    active: bool = True
    forgotten: bool = False


class PartnerIn(Row):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    currency: Currency = "CNY"
    people: list[PartnerPersonIn] = []


class ContactIn(ChatIds):
    handle: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: str | None = None
    language: Language = "en"
    timezone: TimeZone | None = None
    forgotten: bool = False


class ContractIn(Row):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    value: float = 0
    currency: Currency = "CNY"
    start: date | None = None
    end: date | None = None
    payment_terms: str | None = None


class HistoryIn(Row):
    at: AwareDatetime
    kind: Annotated[str, Field(min_length=1, max_length=32)]
    note: str


class ClientIn(Row):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    payment_terms: str | None = None
    industry: str | None = None
    notes: str | None = None
    contacts: list[ContactIn] = []
    contracts: list[ContractIn] = []
    history: list[HistoryIn] = []


# ---------------------------------------------------------------- projects and work
class MilestoneIn(Row):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    due: date | None = None
    client_visible: bool = True
    done: bool = False
    done_on: date | None = None


class TaskIn(Row):
    id: Annotated[int, Field(gt=0)] | None = None
    title: Annotated[str, Field(min_length=1, max_length=300)]
    parent: TaskRef | None = None
    assignee: str | None = None
    due: date | None = None
    status: Literal["todo", "in_progress", "blocked", "done"] = "todo"
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    estimate_hours: Annotated[float, Field(ge=0)] | None = None
    milestone: str | None = None
    depends_on: list[TaskRef] = []
    created_at: AwareDatetime | None = None
    done_on: date | None = None
    progress: Annotated[int, Field(ge=0, le=100)] | None = None  # 0–100; "done" is a status


class ProjectIn(Row):
    code: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    aliases: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    client: str | None = None
    manager: str | None = None
    members: list[str] = []
    start: date | None = None
    end: date | None = None
    budget: Annotated[float, Field(ge=0)] = 0
    currency: Currency = "CNY"
    hourly_rate: Annotated[float, Field(ge=0)] = 0
    status: Literal["active", "on_hold", "closed"] = "active"
    budget_thresholds: list[Annotated[int, Field(gt=0)]] = [70, 90, 100]
    client_sees_budget: bool = False
    milestones: list[MilestoneIn] = []
    tasks: list[TaskIn] = []


class TimeEntryIn(TypedDict, total=False):
    """One line of a timesheet (a TypedDict: see the module docstring)."""

    __pydantic_config__ = CONFIG  # type: ignore[misc]
    person: Required[str]
    project: Required[str]
    date: Required[date]
    hours: Required[Hours]
    task: TaskRef | None
    note: str | None
    created_at: AwareDatetime | None


class ApprovalIn(Row):
    """The decision half of a request, flattened onto the request's row."""

    status: ApprovalStatus = "pending"
    approver: str | None = None
    decided_by: str | None = None
    decided_at: AwareDatetime | None = None
    requested_at: AwareDatetime | None = None
    decision_note: str | None = None


class ExpenseIn(ApprovalIn):
    """A cost; `status` and the other approval fields only when it went through approval."""

    status: ApprovalStatus | None = None  # type: ignore[assignment]
    project: str
    date: date
    amount: Annotated[float, Field(ge=0)]
    currency: Currency = "CNY"
    category: Literal["labor", "travel", "procurement", "software", "other"] = "other"
    note: str | None = None
    person: str | None = None


class LeaveIn(ApprovalIn):
    person: str
    start: date
    end: date
    leave_type: Literal["annual", "sick", "personal"] = "annual"
    note: str | None = None


class OvertimeIn(ApprovalIn):
    person: str
    project: str | None = None
    date: date
    hours: Hours
    note: str | None = None


class DocumentIn(Row):
    project: str
    title: Annotated[str, Field(min_length=1, max_length=300)]
    file_name: Annotated[str, Field(min_length=1, max_length=300)]
    version: Annotated[int, Field(ge=1)] = 1
    visibility: Literal["internal", "client", "restricted"] = "internal"
    content_hash: Annotated[str, Field(min_length=1, max_length=64)]
    retired: bool = False
    readers: list[str] = []
    added_by: str | None = None
    added_at: AwareDatetime | None = None


class FeedbackIn(Row):
    project: str
    contact: str | None = None
    score: Annotated[float, Field(ge=1, le=5)]  # stored on the 1–5 scale
    note: str | None = None
    milestone: str | None = None
    created_at: AwareDatetime | None = None


class FirmIn(Row):
    """The firm; `base_currency` is the currency of `hourly_cost` and of client figures."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    base_currency: Currency


class ExchangeRateIn(Row):
    """1 unit of `currency` = `rate` units of the base currency, from `from` on."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True)
    currency: Currency
    rate: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    valid_from: date = Field(alias="from")


class Workspace(Row):
    firm: FirmIn | None = None
    exchange_rates: list[ExchangeRateIn] = []
    people: list[PersonIn] = []
    partners: list[PartnerIn] = []
    clients: list[ClientIn] = []
    projects: list[ProjectIn] = []
    time_entries: list[TimeEntryIn] = []
    expenses: list[ExpenseIn] = []
    leave_requests: list[LeaveIn] = []
    overtime_requests: list[OvertimeIn] = []
    documents: list[DocumentIn] = []
    feedback: list[FeedbackIn] = []


# Fields whose values are lists of names (XLSX/CSV write them as comma-separated text).
LIST_FIELDS = frozenset({"skills", "aliases", "members", "depends_on", "readers", "budget_thresholds"})
# Nested lists and the key of their parent, as flat tables name them.
NESTED = {"contacts": ("clients", "client", "name"), "contracts": ("clients", "client", "name"),
          "history": ("clients", "client", "name"), "milestones": ("projects", "project", "code"),
          "tasks": ("projects", "project", "code"),
          "partner_people": ("partners", "partner", "name")}
# Flat sheets whose nested key differs from the sheet's name: a partner's `people` would clash
# with the top-level `people` sheet, so their rows live in `partner_people`.
NESTED_KEYS = {"partner_people": "people"}
TOP_LEVEL = tuple(Workspace.model_fields)
# Top-level keys that hold one item, not a list (a spreadsheet gives them a one-row sheet).
SINGLE = frozenset({"firm"})


def parse_workspace(data: Any, *, source: str = "") -> Workspace:
    """The validated workspace, or `Invalid("import.invalid")` naming the first problem."""
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place, field = split_location(first["loc"])
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise Invalid("import.invalid", file=source, place=place or "top level", field=field,
                      problem=problem) from None


def split_location(loc: tuple[Any, ...]) -> tuple[str, str]:
    """('projects', 2, 'tasks', 0, 'due') → ('projects[2].tasks[0]', 'due')."""
    tokens: list[str] = []
    for part in loc:
        if isinstance(part, int) and tokens:
            tokens[-1] += f"[{part}]"
        else:
            tokens.append(str(part))
    if not tokens:
        return "", ""
    return ".".join(tokens[:-1]), tokens[-1]
