"""Help, greetings, and the answer to what is not understood."""
from __future__ import annotations

from intents.conversation.assistant import Context, Reply


def handle_help(ctx: Context) -> Reply:
    return Reply(ctx.say("reply.help"))


def handle_smalltalk(ctx: Context) -> Reply:
    """A greeting is greeted; thanks get a short acknowledgement, not a new greeting."""
    if ctx.slots.get("thanks"):
        return Reply(ctx.say("reply.thanks"))
    return Reply(ctx.say("reply.smalltalk", name=ctx.actor.name.split()[0]))


def handle_unknown(ctx: Context) -> Reply:
    """A private reminder, to-do or calendar item (`understanding.scope`) is told what pmbot
    keeps and asked for a project; anything else gets the general answer."""
    if ctx.slots.get("personal"):
        return Reply(ctx.say("reply.personal"))
    return Reply(ctx.say("reply.unknown"))

