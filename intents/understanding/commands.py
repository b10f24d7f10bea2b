"""Conversation commands: messages of a fixed shape, read before the classifier.

"undo", a rating button's "rate WEB 9 #m12 great work", "comment on the SOW: …", "SOW的评论",
"mute the weekly digest", "周五不要提醒我". Each is an intent of the registry like any other
(so `pmbot parse` names it, and dispatch finds its handler the same way); only its reading
differs: a grammar matches the whole message, or the message is left to the classifier.
Nothing here touches the store; whether the SOW exists is the handler's question.
"""
from __future__ import annotations

import re
from typing import Any

from intents.extract.numbers import parse_number
from intents.understanding.registry import IntentSpec

HANDLERS = "intents.handlers.commands"

UNDO = re.compile(r"^\s*(please\s+)?(undo|undo (that|it|the last (one|change|entry))|revert (that|it)|撤销|撤回|"
                  r"撤销(刚才|上一步)(的)?(操作)?|撤回刚才的?)\s*[.!！。]*\s*$", re.I)


def read_undo(text: str) -> dict[str, Any] | None:
    return {} if UNDO.match(text) else None


# ---------------------------------------------------------------- ratings (0–10, a button's value)
RATING = re.compile(
    r"^\s*(?:rate|评分|打分)\s+(?P<project>[^\s#]+)\s+(?P<score>[^\s#]+)"
    r"(?:\s+#m(?P<milestone>\d+))?(?:\s+(?P<comment>.*\S))?\s*$",
    re.IGNORECASE | re.DOTALL,
)


def read_rating(text: str) -> dict[str, Any] | None:
    """ "rate CODE N [#mID] [comment]", N a whole number 0–10 read by the shared number
    reader ("rate WEB nine", "评分 WEB 九"); "rate WEB 9/10" or "4.5" is free text, for the
    classifier's `feedback`, whose score reader knows scales."""
    found = RATING.match(text or "")
    if found is None:
        return None
    score = parse_number(found["score"])
    if score is None or not score.is_integer() or not 0 <= score <= 10:
        return None
    slots: dict[str, Any] = {"project": found["project"], "score": int(score)}
    if found["milestone"]:
        slots["milestone"] = f"#m{found['milestone']}"
    if found["comment"]:
        slots["note"] = found["comment"]
    return slots


# ---------------------------------------------------------------- comments on documents
_COLON = r"\s*[:：]\s*(?P<text>\S.*)$"
ADD_COMMENT = [
    re.compile(r"^\s*(?:please\s+)?(?:add\s+(?:a\s+)?)?comment\s+on\s+(?P<doc>[^:：]+?)" + _COLON,
               re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*(?:请)?(?:在|给|对)\s*(?P<doc>[^:：]+?)\s*(?:上|里|中)?\s*(?:添加|加)?"
               r"(?:评论|留言|批注)(?:一下)?" + _COLON, re.DOTALL),
    re.compile(r"^\s*(?:评论|批注)\s*(?P<doc>[^:：]+?)" + _COLON, re.DOTALL),
]
SHOW_COMMENTS = [
    re.compile(r"^\s*(?:(?:show|list|see|read)\s+(?:me\s+)?(?:the\s+)?|what\s+are\s+the\s+|any\s+)?"
               r"comments\s+(?:on|for|about)\s+(?P<doc>.+?)\s*[?？]?\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:请)?(?:查看|看看|看一下|显示|列出)?\s*(?P<doc>.+?)\s*(?:上|里)?的(?:评论|留言|批注)"
               r"(?:有哪些|有什么|是什么)?\s*[?？]?\s*$"),
    re.compile(r"^\s*(?:请)?(?:查看|看看|看一下|显示|列出)\s*(?P<doc>.+?)\s*(?:上|里)?(?:评论|留言|批注)"
               r"\s*[?？]?\s*$"),
]


def document_ref(raw: str) -> str:
    """ "the SOW" → "SOW", "《工作说明书》" → "工作说明书"."""
    ref = raw.strip().strip("《》\"'“”‘’「」")
    return re.sub(r"^(?:the|this|our)\s+", "", ref, flags=re.IGNORECASE).strip()


def read_comment(text: str) -> dict[str, Any] | None:
    for pattern in ADD_COMMENT:
        found = pattern.match(text)
        if found:
            return {"document": document_ref(found["doc"]), "comment": found["text"].strip()}
    return None


def read_show_comments(text: str) -> dict[str, Any] | None:
    for pattern in SHOW_COMMENTS:
        found = pattern.match(text)
        if found:
            return {"document": document_ref(found["doc"])}
    return None


def read_preferences(text: str) -> dict[str, Any] | None:
    from intents.understanding.preferences import read

    said = re.sub(r"\s+", " ", (text or "").strip())
    command = read(said) if said else None
    if command is None:
        return None
    action, value = command
    if action == "days":
        return {"action": "skip_days", "days": list(value or ())}
    return {"action": action, **({"kinds": list(value)} if value else {})}


SPECS: tuple[IntentSpec, ...] = (
    IntentSpec("undo", "revert my last change", write=True, handler=f"{HANDLERS}:handle_undo",
               command=read_undo, addition=True),
    IntentSpec("rate", "a client's 0–10 rating of a milestone, as a rating button sends it",
               write=True, handler=f"{HANDLERS}:handle_rate",
               slots=("project", "score", "milestone", "note"), required=("project", "score"),
               command=read_rating, addition=True),
    IntentSpec("notification_preferences", "mute or unmute notices, or days without reminders",
               write=True, handler=f"{HANDLERS}:handle_notification_preferences",
               slots=("action", "kinds", "days"), required=("action",),
               command=read_preferences, addition=True),
    IntentSpec("comment_document", "add a comment to a document", write=True,
               handler=f"{HANDLERS}:handle_comment_document", slots=("document", "comment"),
               required=("document", "comment"), command=read_comment, addition=True),
    IntentSpec("show_comments", "the comments on a document", write=False,
               handler=f"{HANDLERS}:handle_show_comments", slots=("document",),
               required=("document",), command=read_show_comments, addition=True),
)


def read_command(text: str, specs: tuple[IntentSpec, ...]) -> tuple[str, dict[str, Any]] | None:
    """The first command whose grammar reads the whole message, with its slots."""
    for spec in specs:
        assert spec.command is not None
        slots = spec.command(text)
        if slots is not None:
            return spec.name, slots
    return None
