"""Handlers of the conversation commands: undo, a rating button, document comments, preferences.

Their words are read by fixed grammars (`intents.understanding.commands`); what they do lives
with their own concern (`domain.undo`, `intents.conversation.rating`, `…doc_comments`,
`intents.handlers.preferences`). Each refusal is a rendered domain error, nothing written.
"""
from __future__ import annotations

from domain.core.errors import DomainError
from intents.conversation.assistant import Context, Reply
from intents.handlers.dispatch import NotThisIntent
from intents.messages.errors import render_error


def handle_undo(ctx: Context) -> Reply:
    """Revert the speaker's last write."""
    from domain.undo import undo_last

    savepoint = ctx.session.begin_nested()
    try:
        undone = undo_last(ctx.session, ctx.actor, now=ctx.now)
        savepoint.commit()
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, ctx.lang), error=error.key)
    return Reply(ctx.say(undone.key, **undone.params))


def handle_rate(ctx: Context) -> Reply:
    from intents.conversation.rating import store_rating

    return store_rating(ctx.session, ctx.actor, project=str(ctx.slots["project"]),
                        score=int(ctx.slots["score"]), milestone=ctx.slots.get("milestone"),
                        note=ctx.slots.get("note"), now=ctx.now, lang=ctx.lang)


def handle_comment_document(ctx: Context) -> Reply:
    from intents.conversation.doc_comments import add

    return add(ctx.session, ctx.actor, str(ctx.slots["document"]), str(ctx.slots["comment"]),
               ctx.now, ctx.lang)


def handle_show_comments(ctx: Context) -> Reply:
    """ "SOW的评论"; when the words name no document at all ("我的评论") the message was not
    this command, and is read again as ordinary words."""
    from intents.conversation.doc_comments import show

    reply = show(ctx.session, ctx.actor, str(ctx.slots["document"]), ctx.lang)
    if reply is None:
        raise NotThisIntent(ctx.intent.intent)
    return reply


def handle_notification_preferences(ctx: Context) -> Reply:
    from intents.handlers.preferences import carry_out

    action = str(ctx.slots["action"])
    value = ctx.slots.get("days") if action == "skip_days" else ctx.slots.get("kinds")
    return carry_out(ctx.session, ctx.actor, "days" if action == "skip_days" else action,
                     tuple(value) if value else None, ctx.lang, ctx.now)
