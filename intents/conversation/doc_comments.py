"""Comments on documents from chat: "comment on the SOW: …", "comments on the SOW".

These are conversation commands, like "undo": the core tries them before `understand`, so
the intent contract (and `pmbot parse`) does not change. Only explicit shapes count — a
colon between the document and the comment, "comments on …", "…的评论" — so that ordinary
messages never end up here. Who may comment or read comments is the domain's call
(`domain.clients.documents`: anyone who may read the document); a document the speaker may not
read is answered like an unknown one.
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError
from intents.conversation.assistant import Reply
from intents.messages import render
from intents.messages.errors import render_error

_COLON = r"\s*[:：]\s*(?P<text>\S.*)$"
ADD = [
    re.compile(r"^\s*(?:please\s+)?(?:add\s+(?:a\s+)?)?comment\s+on\s+(?P<doc>[^:：]+?)" + _COLON,
               re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*(?:请)?(?:在|给|对)\s*(?P<doc>[^:：]+?)\s*(?:上|里|中)?\s*(?:添加|加)?"
               r"(?:评论|留言|批注)(?:一下)?" + _COLON, re.DOTALL),
    re.compile(r"^\s*(?:评论|批注)\s*(?P<doc>[^:：]+?)" + _COLON, re.DOTALL),
]
SHOW = [
    re.compile(r"^\s*(?:(?:show|list|see|read)\s+(?:me\s+)?(?:the\s+)?|what\s+are\s+the\s+|any\s+)?"
               r"comments\s+(?:on|for|about)\s+(?P<doc>.+?)\s*[?？]?\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:请)?(?:查看|看看|看一下|显示|列出)?\s*(?P<doc>.+?)\s*(?:上|里)?的(?:评论|留言|批注)"
               r"(?:有哪些|有什么|是什么)?\s*[?？]?\s*$"),
    re.compile(r"^\s*(?:请)?(?:查看|看看|看一下|显示|列出)\s*(?P<doc>.+?)\s*(?:上|里)?(?:评论|留言|批注)"
               r"\s*[?？]?\s*$"),
]


def comment_command(session: Session, actor: Actor, text: str, now: datetime) -> Reply | None:
    """Add a comment to a document, or show its comments; None when the text is neither."""
    from intents.extract.text import detect_lang

    lang = actor.language or detect_lang(text)
    for pattern in ADD:
        match = pattern.match(text)
        if match:
            return _add(session, actor, match.group("doc"), match.group("text"), now, lang)
    for pattern in SHOW:
        match = pattern.match(text)
        if match:
            return _show(session, actor, match.group("doc"), lang)
    return None


def _document_ref(raw: str) -> str:
    """"the SOW" → "SOW", "《工作说明书》" → "工作说明书"."""
    ref = raw.strip().strip("《》\"'“”‘’「」")
    return re.sub(r"^(?:the|this|our)\s+", "", ref, flags=re.IGNORECASE).strip()


def _add(session: Session, actor: Actor, doc: str, body: str, now: datetime, lang: str) -> Reply:
    from domain.clients.documents import add_comment
    from domain.core.models import Document

    savepoint = session.begin_nested()
    try:
        comment = add_comment(session, actor, document=_document_ref(doc), text=body.strip(),
                              now=now)
        savepoint.commit()
    except DomainError as error:
        savepoint.rollback()
        return Reply(render_error(error, lang), error=error.key)
    target = session.get(Document, comment.document_id)
    assert target is not None
    return Reply(render("docs.comment_added", lang, title=target.title, version=target.version))


def _show(session: Session, actor: Actor, doc: str, lang: str) -> Reply | None:
    from domain.clients.documents import find_document, list_comments

    try:
        target = find_document(session, actor, _document_ref(doc))
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
