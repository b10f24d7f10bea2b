"""What the rules decided, looked at once more before it is returned (issue 13).

The one place where the rules' reading may be overruled:
- a write that is the user's private reminder, alarm, to-do or calendar item
  (`scope.personal`) becomes `unknown` marked `personal`, answered "pmbot keeps project work";
- a message the rules could not place, or placed with little confidence, may be given a read
  intent by the learned classifier (`learned.model`), never a write: a write needs the rules'
  own slot evidence, so the unsafe-write rate cannot grow here.
"""
from __future__ import annotations

from intents.understanding import entities, scope
from intents.understanding.schema import WRITE_INTENTS, Intent


def review(intent: Intent, ctx: entities.Context) -> Intent:
    """`intent` as the rules read `ctx`, or what a second look makes of it."""
    if intent.intent in WRITE_INTENTS and _personal(ctx):
        return Intent(intent="unknown", lang=intent.lang, confidence=0.9, slots={"personal": True})
    return intent


def _personal(ctx: entities.Context) -> bool:
    kinds = {m.kind for m in ctx.mentions}
    if ctx.task_refs:
        kinds.add("task")
    colleague = any(m.kind == "person" and m.value != ctx.speaker for m in ctx.mentions)
    return scope.personal(ctx.low, kinds, colleague)
