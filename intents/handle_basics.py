"""Help, greetings, and the honest "not yet" for what later milestones bring."""
from __future__ import annotations

from intents.assistant import Context, Reply


def handle_help(ctx: Context) -> Reply:
    return Reply(ctx.say("reply.help"))


def handle_smalltalk(ctx: Context) -> Reply:
    return Reply(ctx.say("reply.smalltalk", name=ctx.actor.name.split()[0]))


def handle_unknown(ctx: Context) -> Reply:
    return Reply(ctx.say("reply.unknown"))


def _not_yet(ctx: Context) -> Reply:
    return Reply(ctx.say("reply.not_available", what=ctx.say(f"intent.{ctx.intent.intent}")))


handle_suggest_assignee = _not_yet
