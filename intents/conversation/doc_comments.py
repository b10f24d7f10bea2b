"""Comments on documents from chat: "comment on the SOW: …", "comments on the SOW".

Understanding reads them as the `comment_document` and `show_comments` intents (a fixed
grammar, `intents.understanding.commands`); only explicit shapes count — a colon between the
document and the comment, "comments on …", "…的评论" — so that ordinary messages never end up
here. Who may comment or read comments is the domain's call
(`domain.clients.documents`: anyone who may read the document); a document the speaker may not
read is answered like an unknown one.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Reply
from intents.messages import render
from intents.messages.errors import render_error


def comment_command(session: Session, actor: Actor, text: str, now: datetime) -> Reply | None:
    """Add a comment to a document, or show its comments; None when the text is neither."""
    from intents.extract.text import detect_lang
    from intents.understanding.commands import read_comment, read_show_comments

    lang = actor.language or detect_lang(text)
    added = read_comment(text)
    if added is not None:
        return add(session, actor, added["document"], added["comment"], now, lang)
    shown = read_show_comments(text)
    if shown is not None:
        return show(session, actor, shown["document"], lang)
    return None


def add(session: Session, actor: Actor, doc: str, body: str, now: datetime, lang: str) -> Reply:
    """Add `body` to the document `doc` names; refused, nothing is written."""
    from domain.clients.documents import add_comment
    from domain.core.models import Document

    savepoint = session.begin_nested()
    try:
        comment = add_comment(session, actor, document=doc, text=body.strip(),
                              now=now)
        savepoint.commit()
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, lang), error=error.key)
    target = session.get(Document, comment.document_id)
    assert target is not None
    return Reply(render("docs.comment_added", lang, title=target.title, version=target.version))


def show(session: Session, actor: Actor, doc: str, lang: str) -> Reply | None:
    """The comments on `doc`; None when `doc` names no document at all ("我的评论")."""
    from domain.clients.documents import find_document, list_comments

    try:
        target = find_document(session, actor, doc)
        comments = list_comments(session, actor, document=target)
    except DomainError as error:
        if error.key == "documents.not_found" and not error.params.get("matches"):
            return None  # "我的评论" names no document: an ordinary message, not this command
        return Reply(render_error(error, lang), error=error.key)
    if not comments:
        return Reply(render("docs.no_comments", lang, title=target.title, version=target.version))
    zone = ZoneInfo(actor.timezone or "Asia/Shanghai")
    lines = [render("docs.comments_head", lang, title=target.title, version=target.version)]
    lines += [render("docs.comment_line", lang, author=c.author, text=c.text,
                     when=c.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
              for c in comments]
    return Reply("\n".join(lines))
