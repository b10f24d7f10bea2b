"""A one-line description of what an intent would do, for "shall I…?" confirmations.

Worded in the speaker's language throughout: slot names and closed values come from the
message catalogues ("工时 3 · 项目 ACME-WEB · 状态 已完成"), never as English field names.
Several entries are described one after another, so the single "yes" covers all of them.
"""
from __future__ import annotations

from typing import Any

from intents.messages import render
from intents.understanding.registry import slot_names
from intents.understanding.schema import Intent

VALUE_KEYS = {"status": "status", "priority": "priority", "category": "category",
              "leave_type": "leave", "decision": "decision"}


def describe(intent: Intent, lang: str) -> str:
    action = render(f"intent.{intent.intent}", lang)
    parts = [_details(entry, lang) for entry in intent.entries()]
    if len(parts) > 1:
        numbered = [f"{n}) {p}" for n, p in enumerate(parts, start=1)]
        return f"{action} ×{len(parts)}: " + render("describe.sep", lang).join(numbered)
    return f"{action} ({parts[0]})" if parts[0] else action


def _details(intent: Intent, lang: str) -> str:
    order = [*slot_names(intent.intent), *sorted(intent.slots)]
    shown = [k for k in dict.fromkeys(order) if intent.slots.get(k) not in (None, "", [])]
    return render("describe.join", lang).join(
        f"{render(f'slot.{k}', lang)} {_value(k, intent.slots[k], lang)}" for k in shown
        if not k.startswith("_"))


def _value(slot: str, value: Any, lang: str) -> str:
    if slot in VALUE_KEYS:
        return render(f"{VALUE_KEYS[slot]}.{value}", lang)
    if slot == "progress":
        return f"{value}%"
    if slot in ("task", "request"):
        return f"#{value}"
    if slot in ("assignee", "person"):
        return f"@{value}"
    return str(value)
