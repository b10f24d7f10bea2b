"""The API's request and response bodies (pydantic), which also make the OpenAPI document."""
from __future__ import annotations

from datetime import date
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
