"""A one-line description of what an intent would do, for "shall I…?" confirmations."""
from __future__ import annotations

from intents.messages import render
from intents.understanding.schema import Intent


def describe(intent: Intent, lang: str) -> str:
    slots = {k: v for k, v in intent.slots.items() if v not in (None, "", [])}
    details = ", ".join(f"{k}: {v}" for k, v in slots.items())
    action = render(f"intent.{intent.intent}", lang)
    return f"{action} ({details})" if details else action
