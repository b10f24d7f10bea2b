"""The tables of pmbot's world: who works for whom, on what, and what it cost.

Every table is a SQLModel class so that the same definition serves the ORM, Alembic's
autogenerate and validation. Money is stored as float in the project's currency (a
service firm's ledgers are not kept here; the figures serve status and reports).
Enumerations are stored as short strings so that the database stays readable by hand.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Role(StrEnum):
    admin = "admin"
    pm = "pm"
    member = "member"
    partner = "partner"  # a partner organisation's person: see `permissions` (partner sight)


class TaskStatus(StrEnum):
    todo = "todo"
    in_progress = "in_progress"
    blocked = "blocked"
    done = "done"


class Priority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class ExpenseCategory(StrEnum):
    labor = "labor"
    travel = "travel"
    procurement = "procurement"
    software = "software"
    other = "other"


class LeaveType(StrEnum):
    annual = "annual"
    sick = "sick"
    personal = "personal"


class ApprovalStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    cancelled = "cancelled"


class ApprovalKind(StrEnum):
    leave = "leave"
    overtime = "overtime"
    expense = "expense"
    budget = "budget"


class Visibility(StrEnum):
    internal = "internal"
    client = "client"
    restricted = "restricted"


class ProjectStatus(StrEnum):
    active = "active"
    on_hold = "on_hold"
    closed = "closed"


# ---------------------------------------------------------------- people and clients
class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=200)
    role: str = Field(default=Role.member, max_length=16)
    email: str | None = Field(default=None, max_length=254)
    timezone: str | None = Field(default=None, max_length=64)
    language: str = Field(default="en", max_length=8)
    country: str | None = Field(default=None, max_length=8)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    hourly_cost: float = Field(default=0)
    weekly_capacity_hours: float = Field(default=40)
    active: bool = Field(default=True)
    forgotten: bool = Field(default=False)
    # a partner organisation's person (role "partner"): their hours cost `partner_rate`
    # in the partner's currency (subcontract cost), not `hourly_cost`
    partner_id: int | None = Field(default=None, foreign_key="partner.id", index=True)
    partner_rate: float | None = None


class Partner(SQLModel, table=True):
    """A partner organisation (subcontractor, supplier) whose people work on some projects."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    currency: str = Field(default="CNY", max_length=3)


class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    payment_terms: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=100)
    notes: str | None = None


class ClientContact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    handle: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    language: str = Field(default="en", max_length=8)
    timezone: str | None = Field(default=None, max_length=64)
    forgotten: bool = Field(default=False)


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    title: str = Field(max_length=300)
    value: float = Field(default=0)
    currency: str = Field(default="CNY", max_length=3)
    start: date | None = None
    end: date | None = None
    payment_terms: str | None = Field(default=None, max_length=200)


class ClientHistory(SQLModel, table=True):
    """A dated note of what happened with a client: a call, a signature, a complaint."""

    __tablename__ = "client_history"
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    at: datetime
    kind: str = Field(max_length=32)
    note: str


# ---------------------------------------------------------------- the firm and its money
class Firm(SQLModel, table=True):
    """The firm itself: its name and the currency its books (and `hourly_cost`) are kept in.

    At most one row. Without it the base currency is the most common project currency
    (`domain.money.currency.base_currency`)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    base_currency: str = Field(max_length=3)


class ExchangeRate(SQLModel, table=True):
    """1 unit of `currency` = `rate` units of the base currency, from `valid_from` on (until
    the next row of the same currency)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (UniqueConstraint("currency", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(max_length=3)
    rate: float
    valid_from: date


# ---------------------------------------------------------------- projects and work
class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    name: str = Field(max_length=200)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    manager_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    start: date | None = None
    end: date | None = None
    budget: float = Field(default=0)
    currency: str = Field(default="CNY", max_length=3)
    hourly_rate: float = Field(default=0)
    status: str = Field(default=ProjectStatus.active, max_length=16)
    budget_thresholds: list[int] = Field(
        default_factory=lambda: [70, 90, 100], sa_column=Column(JSON, nullable=False)
    )
    client_sees_budget: bool = Field(default=False)
    expense_approval_threshold: float = Field(default=5000)
    milestone_notice_days: int = Field(default=3)  # working days before a milestone's due date


class ProjectAlias(SQLModel, table=True):
    __tablename__ = "project_alias"
    __table_args__ = (UniqueConstraint("project_id", "alias"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    alias: str = Field(max_length=200)


class ProjectMember(SQLModel, table=True):
    __tablename__ = "project_member"
    project_id: int = Field(foreign_key="project.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)


class Milestone(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str = Field(max_length=200)
    due: date | None = Field(default=None, index=True)
    client_visible: bool = Field(default=True)
    done: bool = Field(default=False)
    done_on: date | None = None


class Task(SQLModel, table=True):
    __table_args__ = (
        Index("ix_task_project_status", "project_id", "status"),
        Index("ix_task_assignee_status", "assignee_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    parent_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    title: str = Field(max_length=300)
    assignee_id: int | None = Field(default=None, foreign_key="person.id")
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    status: str = Field(default=TaskStatus.todo, max_length=16)
    priority: str = Field(default=Priority.normal, max_length=16)
    due: date | None = None
    estimate_hours: float | None = None
    created_at: datetime | None = None
    done_on: date | None = None
    progress: int | None = None  # 0–100, "half done"; completion is the status, never 100 here


class TaskDependency(SQLModel, table=True):
    __tablename__ = "task_dependency"
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    depends_on_id: int = Field(foreign_key="task.id", primary_key=True, index=True)


class TimeEntry(SQLModel, table=True):
    __tablename__ = "time_entry"
    __table_args__ = (
        Index("ix_time_entry_person_day", "person_id", "day"),
        # covers status: hours and labour cost per project without touching the table
        Index("ix_time_entry_project_cover", "project_id", "day", "person_id", "hours"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    project_id: int = Field(foreign_key="project.id")
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    day: date
    hours: float
    note: str | None = None
    created_at: datetime | None = None


class Expense(SQLModel, table=True):
    __table_args__ = (Index("ix_expense_project_day", "project_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    day: date
    amount: float
    currency: str = Field(default="CNY", max_length=3)
    category: str = Field(default=ExpenseCategory.other, max_length=16)
    note: str | None = None
    approval_id: int | None = Field(default=None, foreign_key="approval.id")


# ---------------------------------------------------------------- requests and approvals
class Approval(SQLModel, table=True):
    """One decision to be taken by a person: the generic half of every request."""

    __table_args__ = (Index("ix_approval_status_approver", "status", "approver_id"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    requested_by_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    approver_id: int | None = Field(default=None, foreign_key="person.id")
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    status: str = Field(default=ApprovalStatus.pending, max_length=16)
    created_at: datetime
    decided_by_id: int | None = Field(default=None, foreign_key="person.id")
    decided_at: datetime | None = None
    note: str | None = None


class LeaveRequest(SQLModel, table=True):
    __tablename__ = "leave_request"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    start: date
    end: date
    leave_type: str = Field(default=LeaveType.annual, max_length=16)
    note: str | None = None
    approval_id: int = Field(foreign_key="approval.id", unique=True)


class OvertimeRequest(SQLModel, table=True):
    __tablename__ = "overtime_request"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id")
    day: date
    hours: float
    note: str | None = None
    approval_id: int = Field(foreign_key="approval.id", unique=True)


# ---------------------------------------------------------------- documents and feedback
class Document(SQLModel, table=True):
    __table_args__ = (Index("ix_document_project_file", "project_id", "file_name", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    title: str = Field(max_length=300)
    file_name: str = Field(max_length=300)
    version: int = Field(default=1)
    visibility: str = Field(default=Visibility.internal, max_length=16)
    content_hash: str = Field(max_length=64)
    retired: bool = Field(default=False)
    added_by_id: int | None = Field(default=None, foreign_key="person.id")
    added_at: datetime


class DocumentReader(SQLModel, table=True):
    """Who may read a restricted document, besides admins."""

    __tablename__ = "document_reader"
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)


class DocumentComment(SQLModel, table=True):
    __tablename__ = "document_comment"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id")
    text: str
    created_at: datetime
    # "staff" (the firm's readers of the document) or "client" (also the client's contacts)
    visibility: str = Field(default="staff", max_length=16)


class Feedback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id")
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id")
    score: float
    note: str | None = None
    created_at: datetime


# ---------------------------------------------------------------- chat, linking, audit
class ChatIdentity(SQLModel, table=True):
    """A chat account (platform + its own user id) that speaks for a person or a contact."""

    __tablename__ = "chat_identity"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=128)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id", index=True)


class AuditEvent(SQLModel, table=True):
    """One link of the tamper-evident chain: hash = sha256(prev_hash + canonical content).

    (entity, entity_id) is indexed: a row's history (undo's check for later writes, the
    burndown) reads the events of given rows."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(index=True, unique=True)
    at: datetime
    actor: str = Field(max_length=80)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=64)
    entity_id: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # "person#5", "contact#3", "system": whose key seals the personal fields (None: legacy
    # events, hashed in the clear); see `domain.core.audit`.
    subject: str | None = Field(default=None, max_length=80)


class AuditKey(SQLModel, table=True):
    """A subject's secret for sealing personal fields in the audit chain (crypto-shredding):
    kept outside the chain, destroyed when the subject is forgotten."""

    __tablename__ = "audit_key"
    subject: str = Field(primary_key=True, max_length=80)
    secret: str = Field(max_length=64)
    created_at: datetime


class ConversationState(SQLModel, table=True):
    """What a conversation is waiting for (a missing slot, a confirmation), kept briefly."""

    __tablename__ = "conversation_state"
    conversation: str = Field(primary_key=True, max_length=200)
    actor: str = Field(max_length=80)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    expires_at: datetime


class InviteCode(SQLModel, table=True):
    """A one-time code that links a chat account to a person or contact; stored hashed."""

    __tablename__ = "invite_code"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id")
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: str | None = Field(default=None, max_length=160)  # platform:external id


class ProcessedEvent(SQLModel, table=True):
    """Platform events already handled, so a retried delivery is processed once."""

    __tablename__ = "processed_event"
    platform: str = Field(primary_key=True, max_length=16)
    event_id: str = Field(primary_key=True, max_length=128)
    received_at: datetime = Field(index=True)


# ---------------------------------------------------------------- speaking first
class OutboxMessage(SQLModel, table=True):
    """One notice to one chat account, kept until it is delivered (or given up on).

    `dedup_key` (notice + platform + chat) is unique, so a notice computed twice, by two
    ticks or two replicas, is stored once. `notice_key` groups the copies of one notice on
    every platform the recipient linked; `edit_of` names the notice whose sent copies this
    row rewrites (an approval decided elsewhere). `message_ref` is the platform's id of the
    sent message, for such later edits.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_ready", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=300, unique=True)
    notice_key: str = Field(max_length=250, index=True)
    kind: str = Field(max_length=32)
    subject: str = Field(default="", max_length=300)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id", index=True)
    handle: str = Field(max_length=64)
    platform: str = Field(default="", max_length=16)  # "" = no linked chat account
    chat_id: str = Field(default="", max_length=128)
    lang: str = Field(default="en", max_length=8)
    timezone: str = Field(default="UTC", max_length=64)
    text: str
    buttons: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    urgent: bool = Field(default=False)
    status: str = Field(default="pending", max_length=16)  # pending, sent, failed, unreachable
    attempts: int = Field(default=0)
    next_attempt_at: datetime
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_at: datetime | None = None
    message_ref: str | None = Field(default=None, max_length=128)
    edit_of: str | None = Field(default=None, max_length=250)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime
    sent_at: datetime | None = None


class NotificationPreference(SQLModel, table=True):
    """What a person or a contact does not want to be told, and on which weekdays."""

    __tablename__ = "notification_preference"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", unique=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id", unique=True)
    muted_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quiet_weekdays: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime
    prefers_email: bool = Field(default=False)  # notices by e-mail even with a chat account


# ---------------------------------------------------------------- the client portal
class SignInLink(SQLModel, table=True):
    """A one-time portal sign-in link (a magic link): only the token's SHA-256 is stored,
    so a database dump cannot sign anyone in; used once, within its expiry."""

    __tablename__ = "sign_in_link"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


# ---------------------------------------------------------------- the REST API
class ApiToken(SQLModel, table=True):
    """A personal access token for the REST API: only its SHA-256 is stored (the secret is
    shown once, at creation), it acts as one person or client contact, and it can be
    limited to reading, expire, or be revoked."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="clientcontact.id", index=True)
    scopes: str = Field(max_length=40)  # "read" or "read,write"
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class ApiIdempotency(SQLModel, table=True):
    """A create request answered once per token and `Idempotency-Key`: a retry gets the
    stored response instead of writing again."""

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_api_idempotency_token_key"),)
    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="api_token.id", index=True)
    key: str = Field(max_length=255)
    fingerprint: str = Field(max_length=64)  # sha256 of method, path and body
    status: int
    body: str
    created_at: datetime


# ---------------------------------------------------------------- webhooks out
class WebhookEndpoint(SQLModel, table=True):
    """A URL of another system (OA, CRM, finance) that hears of chosen events, signed with
    its own secret. A removed endpoint keeps its row (the delivery log refers to it) and
    gets nothing more."""

    __tablename__ = "webhook_endpoint"
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    secret: str = Field(max_length=200)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    removed_at: datetime | None = None


class WebhookDelivery(SQLModel, table=True):
    """One attempt to deliver one event to one endpoint: the delivery log."""

    __tablename__ = "webhook_delivery"
    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", index=True)
    outbox_id: int | None = Field(default=None, index=True)
    event_id: str = Field(max_length=64, index=True)
    event_type: str = Field(max_length=32)
    attempt: int = Field(default=1)
    status_code: int | None = None  # None: no answer (refused, timed out)
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int = Field(default=0)
    at: datetime


# ---------------------------------------------------------------- shared rate limits
class RateLimitHit(SQLModel, table=True):
    """One counted event of a sliding-window rate limit (portal sign-in per address and
    per IP, API requests per token), kept in the store so every replica counts the same
    window. `bucket` is the SHA-256 of "limit name:key": no address or IP is stored."""

    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_hit_bucket_at", "bucket", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=64)
    at: float  # seconds since the epoch (wall clock: replicas share it, not a monotonic one)
