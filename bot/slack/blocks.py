"""A `Reply` in Slack's shapes: Block Kit messages, the Home tab, and image uploads.

Every message with buttons carries, in its actions block's `block_id`, the conversation it
belongs to and the Slack user it was addressed to. A click is then fed back into the right
conversation, and only the addressee's click rewrites the shared message: anyone else sees
the outcome privately (the domain decides what the click may do, not the adapter).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.gateway_limits import SILENCED
from intents.conversation.assistant import Reply

log = logging.getLogger(__name__)

BLOCK_PREFIX = "pmbot"
SECTION_LIMIT = 3000  # Slack's limit on a section's text
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
MAX_BUTTONS = 25


@dataclass(frozen=True)
class ButtonsOrigin:
    """Who a message with buttons was addressed to, and which conversation it continues."""

    addressee: str | None
    conversation: str | None


def escape(text: str) -> str:
    """Slack's three control characters, so user text never becomes a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def block_id(origin: ButtonsOrigin) -> str:
    return "|".join([BLOCK_PREFIX, origin.addressee or "", origin.conversation or ""])[:255]


def parse_block_id(value: str | None) -> ButtonsOrigin:
    parts = (value or "").split("|", 2)
    if len(parts) != 3 or parts[0] != BLOCK_PREFIX:
        return ButtonsOrigin(None, None)
    return ButtonsOrigin(parts[1] or None, parts[2] or None)


def text_section(text: str) -> dict[str, Any]:
    body = escape(text)[:SECTION_LIMIT] or " "
    return {"type": "section", "text": {"type": "mrkdwn", "text": body}}


def reply_blocks(reply: Reply, origin: ButtonsOrigin | None = None) -> list[dict[str, Any]]:
    """A text section, then one actions block whose buttons send back their `value`."""
    blocks = [text_section(reply.text)]
    if reply.buttons:
        buttons = [
            {"type": "button", "action_id": f"pmbot_button_{i}",
             "text": {"type": "plain_text", "text": b.label[:BUTTON_LABEL_LIMIT] or "?",
                      "emoji": True},
             "value": b.value[:BUTTON_VALUE_LIMIT]}
            for i, b in enumerate(reply.buttons[:MAX_BUTTONS])
        ]
        blocks.append({"type": "actions", "block_id": block_id(origin or ButtonsOrigin(None, None)),
                       "elements": buttons})
    return blocks


def answered_blocks(blocks: Iterable[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    """The clicked message without its buttons, with a line saying who chose what."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    line = {"type": "mrkdwn", "text": note[:SECTION_LIMIT]}
    return kept + [{"type": "context", "elements": [line]}]


def home_view(title: str, lines: list[str], footer: str) -> dict[str, Any]:
    """The App Home tab: a header, one line per open task, and the week's hours."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150], "emoji": True}},
    ]
    blocks += [text_section(line) for line in lines[:90]]
    blocks += [{"type": "divider"}, {"type": "context",
                                     "elements": [{"type": "mrkdwn", "text": escape(footer)}]}]
    return {"type": "home", "blocks": blocks}


def send_reply(client: Any, *, channel: str, reply: Reply, thread_ts: str | None = None,
               addressee: str | None = None, conversation: str | None = None) -> str | None:
    """Post the reply (and upload its image) into a conversation; the message's ts."""
    if reply.error == SILENCED:
        return None  # a flood past its one "slow down": nothing is sent
    response = client.chat_postMessage(
        channel=channel, text=reply.text or " ", thread_ts=thread_ts,
        blocks=reply_blocks(reply, ButtonsOrigin(addressee, conversation)),
    )
    ts = response.get("ts")
    if reply.image is not None:
        upload_image(client, channel=response.get("channel") or channel, reply=reply,
                     thread_ts=thread_ts)
    return ts


def upload_image(client: Any, *, channel: str, reply: Reply, thread_ts: str | None) -> None:
    """Charts go up with files.getUploadURLExternal + completeUploadExternal (upload_v2)."""
    path = reply.image
    if path is None:
        return
    client.files_upload_v2(channel=channel, file=str(path), filename=path.name, title=path.stem,
                           thread_ts=thread_ts)
