"""The API's request and response bodies (pydantic), which also make the OpenAPI document."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProjectOut(BaseModel):
    code: str
    name: str
    client: str | None
    state: str
    start: date | None
    end: date | None


class ProjectPage(BaseModel):
    items: list[ProjectOut]
    next_cursor: str | None


class MilestoneOut(BaseModel):
    name: str
    due: date | None


class ProjectStatusOut(BaseModel):
    """A project's status: the firm's people get hours and money (labour cost only for the
    manager and admins), a client's contacts the client view (budget only if shared)."""

    project: str
    name: str
    state: str
    view: str = Field(description="internal (the firm's people) or client (a client's contact)")
    progress_pct: float | None
    tasks_total: int
    tasks_done: int
    next_milestone: MilestoneOut | None
    estimated_hours: float
    estimated_hours_done: float
    currency: str | None = None
    budget: float | None = None
    spent: float | None = None
    burn_pct: float | None = None
    overdue_tasks: int | None = None
    week_start: date | None = None
    week_end: date | None = None
    hours_this_week: float | None = None
    hours_total: float | None = None
    labour_cost: float | None = None
    expenses: float | None = None


class TaskOut(BaseModel):
    id: int
    title: str
    project: str
    status: str
    priority: str
    due: date | None
    assignee: str | None
    milestone: str | None
    estimate_hours: float | None
    overdue: bool
    done_on: date | None
    progress: int | None = None


class TaskPage(BaseModel):
    items: list[TaskOut]
    next_cursor: str | None


class TimeEntryIn(BaseModel):
    """One entry of hours, as chat's `log_time` takes it; `person` (a handle) only when a
    manager or admin logs for someone else, `project` by code or name, `task` by id or title."""

    model_config = ConfigDict(extra="forbid")
    person: str | None = None
    project: str | None = None
    date: date
    hours: float
    task: int | str | None = None
    note: str | None = None


class TimeEntryOut(BaseModel):
    id: int
    person: str
    project: str
    task: int | None
    date: date
    hours: float
    note: str | None


class TimeEntryBatchOut(BaseModel):
    items: list[TimeEntryOut]


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


class TaskIn(BaseModel):
    """A new task, as chat's `create_task` takes it (`assignee` a handle, `milestone` a name)."""

    model_config = ConfigDict(extra="forbid")
    title: str
    assignee: str | None = None
    due: date | None = None
    priority: str | None = None
    estimate_hours: float | None = None
    milestone: str | None = None


class TaskPatch(BaseModel):
    """Changes to a task: absent fields stay as they are; null empties assignee, due, estimate."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    status: str | None = None
    assignee: str | None = None
    due: date | None = None
    priority: str | None = None
    estimate_hours: float | None = None


class MilestoneItem(BaseModel):
    id: int
    name: str
    due: date | None
    done: bool
    done_on: date | None
    state: str = Field(description="done, next, late or upcoming")


class MilestonePage(BaseModel):
    items: list[MilestoneItem]
    next_cursor: str | None


class TimeEntryPage(BaseModel):
    items: list[TimeEntryOut]
    next_cursor: str | None


class ExpenseIn(BaseModel):
    """An expense, as chat's `log_expense` takes it (currency: the project's by default)."""

    model_config = ConfigDict(extra="forbid")
    project: str
    amount: float
    date: date
    currency: str | None = None
    category: str | None = None
    note: str | None = None


class ExpenseOut(BaseModel):
    id: int
    project: str
    person: str | None
    date: date
    amount: float
    currency: str
    category: str
    note: str | None
    status: str = Field(description="approved (counts), pending or rejected")


class ExpensePage(BaseModel):
    items: list[ExpenseOut]
    next_cursor: str | None


class LeaveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date
    end: date
    type: str | None = Field(None, description="annual, sick, personal… (chat's leave types)")
    note: str | None = None


class OvertimeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    hours: float
    project: str | None = None
    note: str | None = None


class RequestOut(BaseModel):
    """A leave, overtime or expense request and its decision."""

    id: int
    kind: str
    status: str
    requester: str | None
    approver: str | None
    project: str | None
    detail: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


class RequestPage(BaseModel):
    items: list[RequestOut]
    next_cursor: str | None


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(description="approve or reject")
    note: str | None = None


class DocumentOut(BaseModel):
    id: int
    project: str
    title: str
    file: str
    version: int
    visibility: str
    added_at: datetime
    comments: int


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    next_cursor: str | None


class UploadOut(BaseModel):
    id: int | None = None
    file: str
    title: str
    project: str
    version: int
    status: str = Field(description="added, updated or unchanged")
    visibility: str
