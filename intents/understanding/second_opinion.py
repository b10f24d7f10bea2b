"""What the rules decided, looked at once more before it is returned (issue 13).

The one place where the rules' reading may be overruled:
- three families the rules misread (purchases, staying late, "not done" lists) are re-read
  with their own slot evidence (`families.adjust`);
- a write (or an unplaced message) that is the user's private reminder, alarm, to-do or calendar item
  (`scope.personal`) becomes `unknown` marked `personal`, answered "pmbot keeps project work";
- a message the rules could not place, or placed with little confidence, may be given a read
  intent by the learned classifier (`learned.model`), one whose `IntentSpec` says `learned`
  (`registry.learned_reads`), never a write: a write needs the rules'
  own slot evidence, so the unsafe-write rate cannot grow here.
"""
from __future__ import annotations

from intents.understanding import entities, scope
from intents.understanding.registry import is_write, learned_reads
from intents.understanding.schema import Intent


def review(intent: Intent, ctx: entities.Context) -> Intent:
    """`intent` as the rules read `ctx`, or what a second look makes of it."""
    if (is_write(intent.intent) or intent.intent == "unknown") and _personal(ctx):
        return Intent(intent="unknown", lang=intent.lang, confidence=0.9, slots={"personal": True})
    from intents.understanding.families import adjust

    intent = adjust(intent, ctx)
    if intent.intent == "unknown":
        return _learned(intent, ctx)
    return intent


def _learned(intent: Intent, ctx: entities.Context) -> Intent:
    """The model's read of a message the rules left unknown, when it is sure enough; loaded on
    first use, so a one-shot parse the rules are sure of never pays for it."""
    from intents.understanding import slots
    from intents.understanding.learned import model

    if not model.available() or not ctx.masked.strip():
        return intent
    name, probability = model.predict(ctx.masked)
    if name not in learned_reads() or probability < model.threshold():
        return intent
    found, unresolved = slots.fill(name, ctx)
    return Intent(intent=name, lang=intent.lang, confidence=round(min(0.9, probability), 2),
                  slots=found, unresolved=unresolved, choices=ctx.choices)


def _personal(ctx: entities.Context) -> bool:
    kinds = {m.kind for m in ctx.mentions}
    if ctx.task_refs:
        kinds.add("task")
    colleague = any(m.kind == "person" and m.value != ctx.speaker for m in ctx.mentions)
    return scope.personal(ctx.low, kinds, colleague)
