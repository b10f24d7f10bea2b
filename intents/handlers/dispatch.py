"""Intent name → handler, through the registry. A handler calls one domain service and words the result."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import import_module
from typing import Any, cast, overload

from intents.conversation.assistant import Context, Reply

Handler = Callable[[Context], Reply]


class NotThisIntent(Exception):
    """A command's grammar matched words that name nothing ("我的评论" is no document): the
    conversation reads the message again as ordinary words."""


@cache
def handler_for(intent: str) -> Handler:
    """The registry's handler of `intent`. An unregistered intent, or a handler named wrongly
    in its spec, raises (`LookupError`, `ImportError`): never a silent "unknown"."""
    from intents.understanding.registry import spec

    module_name, _, function = spec(intent).handler.partition(":")
    found = getattr(import_module(module_name), function, None)
    if not callable(found):
        raise LookupError(f"intent {intent!r}: no handler {spec(intent).handler!r}")
    return cast(Handler, found)


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
