"""Comments on documents from chat: "comment on the SOW: …", "comments on the SOW"."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from domain.clients.documents import register_document
from domain.core.models import DocumentComment
from intents.conversation.doc_comments import comment_command


@pytest.fixture
def sow(session: Session, world, now: datetime):  # type: ignore[no-untyped-def]
    """An internal Statement of Work on WEB (bob and lin may read it; tom, the client, not)."""
    doc, _ = register_document(session, world.bob, project="WEB", file_name="sow.md",
                               title="Statement of Work", content_hash="h1", now=now)
    session.commit()
    return doc


def comments(session: Session) -> list[str]:
    return [c.text for c in session.exec(select(DocumentComment)).all()]


def test_a_comment_on_the_sow_is_stored_and_confirmed(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    reply = comment_command(session, world.bob, "comment on the SOW: please add hosting costs", now)
    assert reply is not None and reply.text == "Comment added to Statement of Work (v1)."
    assert comments(session) == ["please add hosting costs"]


def test_a_chinese_comment_is_stored_and_confirmed_in_chinese(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    reply = comment_command(session, world.lin, "在SOW上评论：验收期限写清楚", now)
    assert reply is not None and reply.text == "已在《Statement of Work》（第 1 版）添加评论。"
    assert comments(session) == ["验收期限写清楚"]


def test_the_comments_are_shown_with_their_authors_in_order(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    comment_command(session, world.bob, "comment on the SOW: add hosting costs", now)
    comment_command(session, world.lin, "在SOW上评论：验收期限写清楚", now + timedelta(minutes=5))
    reply = comment_command(session, world.bob, "comments on the SOW?", now)
    assert reply is not None
    assert reply.text.splitlines() == [
        "Comments on Statement of Work (v1):",
        "• bob, 2026-11-27 10:00: add hosting costs",
        "• lin, 2026-11-27 10:05: 验收期限写清楚",
    ]


def test_chinese_asks_for_the_comments_as_sow_de_pinglun(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    comment_command(session, world.bob, "comment on sow.md: add hosting costs", now)
    reply = comment_command(session, world.lin, "SOW的评论", now)
    assert reply is not None and reply.text.startswith("《Statement of Work》（第 1 版）的评论：")
    assert "add hosting costs" in reply.text


def test_a_document_without_comments_says_so(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    reply = comment_command(session, world.bob, "show comments on the SOW", now)
    assert reply is not None and reply.text == "No comments on Statement of Work (v1) yet."


def test_a_client_cannot_comment_on_an_internal_document_and_nothing_is_stored(
        session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    reply = comment_command(session, world.tom, "comment on the SOW: too expensive", now)
    assert reply is not None and reply.error == "documents.not_found"
    assert "Statement of Work" not in reply.text
    assert comments(session) == []


def test_a_client_cannot_read_the_comments_of_an_internal_document(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    comment_command(session, world.bob, "comment on the SOW: margin is thin", now)
    reply = comment_command(session, world.tom, "comments on the SOW", now)
    assert reply is None  # not a comment command for a client: nothing of the comments shown


def test_an_empty_comment_is_refused(session, world, now, sow) -> None:  # type: ignore[no-untyped-def]
    reply = comment_command(session, world.bob, "comment on the SOW:    ", now)
    assert reply is None  # no comment text: not taken as a comment at all
    assert comments(session) == []


@pytest.mark.parametrize("text", ["log 3h on WEB", "我的评论", "comment", "add a comment",
                                  "what does the SOW say about comments?", "status of WEB"])
def test_ordinary_messages_are_not_comment_commands(session, world, now, sow, text) -> None:  # type: ignore[no-untyped-def]
    assert comment_command(session, world.bob, text, now) is None
