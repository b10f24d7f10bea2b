"""Intent name → handler. A handler calls one domain service and words the result."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, overload

from intents.conversation.assistant import Context, Reply

Handler = Callable[[Context], Reply]


def handler_for(intent: str) -> Handler:
    from intents.handlers import assign as handle_assign
    from intents.handlers import basics as handle_basics
    from intents.handlers import docs as handle_docs
    from intents.handlers import reports as handle_reports
    from intents.handlers import requests as handle_requests
    from intents.handlers import status as handle_status
    from intents.handlers import work as handle_work

    modules = (handle_work, handle_requests, handle_status, handle_docs, handle_reports,
               handle_assign, handle_basics)
    for module in modules:
        found = getattr(module, f"handle_{intent}", None)
        if found is not None:
            return found
    return handle_basics.handle_unknown


def slot(ctx: Context, name: str) -> Any:
    """A slot's value, or the words the user wrote if it matched nothing (so the service
    can answer "no project 'acme web' — did you mean ACME-WEB?")."""
    value = ctx.slots.get(name)
    return value if value not in (None, "") else ctx.intent.unresolved.get(name)


@overload
def day_slot(ctx: Context, name: str, default: date) -> date: ...
@overload
def day_slot(ctx: Context, name: str, default: None = None) -> date | None: ...
def day_slot(ctx: Context, name: str, default: date | None = None) -> date | None:
    value = ctx.slots.get(name)
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else default


def required_day(ctx: Context, name: str) -> date:
    """A date slot the requirements made sure of before the handler runs."""
    value = day_slot(ctx, name)
    if value is None:
        raise ValueError(f"the {name!r} slot is required and missing")
    return value


def fmt_hours(hours: float) -> str:
    return f"{hours:g}"
