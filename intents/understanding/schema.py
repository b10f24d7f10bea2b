"""The understood message: one typed object between the words and the domain services.

`Intent` is what rules (and, optionally, an LLM) produce and what dispatch consumes; its
`to_contract()` is the JSON object promised by CONTRACT.md for `pmbot parse`, so the field
names and value formats here are public.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

IntentName = Literal[
    "create_task", "update_task", "delete_task", "list_tasks", "log_time", "timesheet", "project_status",
    "budget_status", "log_expense", "request_leave", "request_overtime", "decide",
    "complete_milestone", "ask_docs", "feedback", "report", "chart", "suggest_assignee",
    "list_approvals", "help", "smalltalk", "unknown",
]

WRITE_INTENTS: frozenset[str] = frozenset({
    "create_task", "update_task", "delete_task", "log_time", "log_expense", "request_leave",
    "request_overtime", "decide", "complete_milestone", "feedback",
})

SLOT_NAMES: dict[str, tuple[str, ...]] = {
    "create_task": ("title", "project", "assignee", "due", "priority", "estimate_hours",
                    "milestone"),
    "update_task": ("task", "status", "progress", "assignee", "due", "priority"),
    "delete_task": ("task",),
    "list_tasks": ("person", "project", "status", "due"),
    "log_time": ("hours", "date", "project", "task", "note", "person"),
    "timesheet": ("person", "project", "start", "end"),
    "project_status": ("project", "task", "milestone"),
    "budget_status": ("project",),
    "log_expense": ("amount", "currency", "category", "project", "date", "note"),
    "request_leave": ("start", "end", "leave_type", "note"),
    "request_overtime": ("date", "hours", "project", "note"),
    "decide": ("decision", "request"),
    "complete_milestone": ("milestone", "project"),
    "ask_docs": ("question", "project"),
    "feedback": ("score", "project", "note"),
    "report": ("report", "project", "client", "start", "end"),
    "chart": ("chart", "project"),
    "suggest_assignee": ("project", "task", "skills"),
    "list_approvals": (),
    "help": (),
    "smalltalk": (),
    "unknown": (),
}


class Intent(BaseModel):
    """What a message asks for. Slots hold only what the message itself states."""

    intent: IntentName = "unknown"
    lang: Literal["en", "zh"] = "en"
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    slots: dict[str, Any] = Field(default_factory=dict)
    unresolved: dict[str, str] = Field(default_factory=dict)
    # A name that fits several things ("Which project? ACME-WEB or ACME-APP?"): the slot's
    # value is the first, the conversation should ask. Not part of the parse contract.
    choices: dict[str, list[Any]] = Field(default_factory=dict)
    # Further entries of the same kind in one message ("2h on X today and 3h on Y yesterday"):
    # the slots of the second, third, … entry; `slots` holds the first. Not part of the contract.
    more: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def is_write(self) -> bool:
        return self.intent in WRITE_INTENTS

    def to_contract(self) -> dict[str, Any]:
        """The `pmbot parse` object: only the intent's own slots, empty values dropped."""
        out: dict[str, Any] = {"intent": self.intent, "lang": self.lang,
                               "confidence": round(self.confidence, 2),
                               **self._frame(self.slots, self.unresolved)}
        if self.more:  # the contract's `entries`: the second and later entries, in order
            out["entries"] = [{"intent": self.intent,
                               **self._frame(e, e.get("_unresolved") or {})} for e in self.more]
        return out

    def _frame(self, slots: dict[str, Any], unresolved: dict[str, str]) -> dict[str, Any]:
        allowed = SLOT_NAMES[self.intent]
        return {"slots": {k: v for k, v in slots.items()
                          if k in allowed and v is not None and v != "" and v != []},
                "unresolved": {k: v for k, v in unresolved.items() if k in allowed and v}}

    def entries(self) -> list[Intent]:
        """Every entry of the message as an intent of its own, the first one first."""
        rest = [Intent(intent=self.intent, lang=self.lang, confidence=self.confidence,
                       slots={k: v for k, v in e.items() if k != "_unresolved"},
                       unresolved=dict(e.get("_unresolved") or {})) for e in self.more]
        return [self.model_copy(update={"more": []}), *rest]
