"""The Slack adapter: a Bolt app whose listeners turn Slack traffic into `Incoming` messages.

    DM / @mention / thread answer / `/pm` / button ─▶ Incoming ─▶ handle_incoming ─▶ Reply
        ─▶ chat.postMessage (thread) · response_url · chat.update (after a click)
    app_home_opened ─▶ views.publish (open tasks this week, hours logged)

Slack wants an answer within 3 s and retries otherwise, so in production the HTTP request
is acknowledged first and the conversation runs afterwards on Bolt's listener executor
(`process_before_response=False`); tests pass True so that a request returns only once its
replies were sent. Every event id (and every click's trigger id) is recorded in the store
before it is handled, so a retry or a double delivery is dropped, across replicas too.
"""
from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App as BoltApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlmodel import Session

from bot.bootstrap import App
from bot.gateway import Incoming, first_time, handle_incoming
from bot.settings import Settings
from bot.slack.blocks import (
    ButtonsOrigin,
    answered_blocks,
    home_view,
    parse_block_id,
    reply_blocks,
    send_reply,
    unescape,
    upload_image,
)
from intents.conversation.assistant import Reply
from intents.messages import render

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
IGNORED_SUBTYPES = {"bot_message", "message_changed", "message_deleted", "channel_join",
                    "channel_leave", "message_replied"}
Clock = Callable[[], datetime]


def web_client(settings: Settings) -> WebClient:
    """A Web API client for `PMBOT_SLACK_API_URL` (slash or not) that waits out 429s."""
    base = (settings.slack_api_url or SLACK_API_URL).rstrip("/") + "/"
    return WebClient(token=settings.slack_bot_token, base_url=base, retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ])


def build_slack_app(app: App, *, clock: Clock | None = None, process_before_response: bool = False,
                    workers: int = 8) -> BoltApp:
    """The Bolt app with pmbot's listeners; `clock` is injectable for tests."""
    settings = app.settings
    zone = ZoneInfo(settings.timezone)
    adapter = SlackAdapter(app, clock or (lambda: datetime.now(zone)))
    bolt = BoltApp(
        name="pmbot", signing_secret=settings.slack_signing_secret or "",
        client=web_client(settings), process_before_response=process_before_response, logger=log,
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pmbot-slack"),
    )
    adapter.register(bolt)
    return bolt


class SlackAdapter:
    """The listeners; each one unpacks the payload, asks the core, and sends the reply."""

    def __init__(self, app: App, clock: Clock) -> None:
        self.app, self.clock = app, clock
        _ = app.engine, app.assistant  # build them once, before listener threads race for them
        # SQLite (WAL) refuses at once ("database is locked") to upgrade a reading transaction
        # whose snapshot another writer has moved on; so on SQLite this adapter writes from one
        # thread at a time. PostgreSQL needs no gate.
        sqlite = app.settings.database_url.startswith("sqlite")
        self.gate: Any = threading.Lock() if sqlite else contextlib.nullcontext()

    def register(self, bolt: BoltApp) -> None:
        bolt.event("message")(self.once(self.on_message))
        bolt.event("app_mention")(self.once(self.on_mention))
        bolt.event("app_home_opened")(self.on_home_opened)
        bolt.command("/pm")(self.on_command)
        bolt.action(re.compile(r"^pmbot_button_\d+$"))(self.on_button)
        bolt.error(self.on_error)

    # ------------------------------------------------------------ plumbing
    def once(self, listener: Callable[..., None]) -> Callable[..., None]:
        """Run an event listener once per `event_id`, however often Slack delivers it.

        The check runs after the ack (in the listener, not in a middleware), so the ack
        never waits for the store; a retry is acknowledged and then dropped here.
        """
        def wrapper(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                    context: Any) -> None:
            if self.first_time(body.get("event_id")):
                listener(event=event, client=client, context=context)

        wrapper.__name__ = listener.__name__  # Bolt names listeners in its logs; no __wrapped__
        return wrapper

    def first_time(self, key: object) -> bool:
        if not key:
            return True
        with self.gate:
            if first_time(self.app, platform="slack", event_id=str(key), now=self.clock()):
                return True
        log.info("slack: dropped a repeated delivery %s", key)
        return False

    def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """A failing handler is logged (never with the payload's tokens); the process lives on."""
        kind = body.get("type") if isinstance(body, dict) else None
        event = body.get("event", {}).get("type") if isinstance(body, dict) else None
        log.error("slack: handler failed for %s/%s: %r", kind, event, error, exc_info=error)

    def converse(self, client: WebClient, user: str, conversation: str, text: str) -> Reply:
        """The core's reply; a crash inside it becomes an apology, never silence."""
        try:
            email = None if self.is_known(user) else email_of(client, user)
            incoming = Incoming("slack", user, conversation, unescape(text), email=email)
            with self.gate:
                return handle_incoming(self.app, incoming, now=self.clock())
        except Exception:
            log.exception("slack: the conversation core failed on a message")
            return Reply(render("slack.crashed", _lang_of(text)))

    def upload(self, client: WebClient, user: str, shared: dict[str, Any], text: str) -> Reply:
        """Download a shared file (files.info, then url_private with the bot token), ingest it."""
        from bot.files.uploads import download, upload_from_chat

        try:
            info = client.files_info(file=shared["id"]).get("file") or {}
            url = info.get("url_private_download") or info.get("url_private")
            token = self.app.settings.slack_bot_token or ""
            with download(url, info.get("name") or shared.get("name"),
                          headers={"Authorization": f"Bearer {token}"}) as path, self.gate:
                return upload_from_chat(self.app, platform="slack", user_id=user, path=path,
                                        file_name=path.name, text=unescape(text), now=self.clock())
        except Exception:
            log.exception("slack: a shared file could not be ingested")
            return Reply(render("docs.upload_failed", _lang_of(text),
                                file=shared.get("name") or ""), error="docs.upload_failed")

    def is_known(self, user: str) -> bool:
        from domain.people.linking import actor_for_chat

        with Session(self.app.engine) as session:
            return actor_for_chat(session, platform="slack", external_id=user) is not None

    def is_waiting_for(self, user: str, conversation: str) -> bool:
        """Whether the core asked this user something in this thread (so a bare reply counts)."""
        from domain.people.linking import actor_for_chat
        from intents.conversation.state import load

        with Session(self.app.engine) as session:
            actor = actor_for_chat(session, platform="slack", external_id=user)
            return actor is not None and load(session, f"slack:{conversation}", actor.label,
                                              self.clock()) is not None

    # ------------------------------------------------------------ events
    def on_message(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel or _from_a_bot(event, context):
            return
        thread = event.get("thread_ts")
        if event.get("channel_type") == "im":
            conversation = f"{channel}:{thread}" if thread else channel
            if event.get("files"):  # a file sent in a DM: "add to ACME-WEB"
                for shared in event["files"]:
                    send_reply(client, channel=channel, reply=self.upload(client, user, shared,
                               event.get("text") or ""), thread_ts=thread, addressee=user,
                               conversation=conversation)
                return
        elif thread and f"<@{context.bot_user_id}>" not in event.get("text", ""):
            conversation = f"{channel}:{thread}"
            if not self.is_waiting_for(user, conversation):
                return
        else:
            return  # channel chatter, or a mention (handled by on_mention)
        reply = self.converse(client, user, conversation, event.get("text") or "")
        send_reply(client, channel=channel, reply=reply, thread_ts=thread, addressee=user,
                   conversation=conversation)

    def on_mention(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel or _from_a_bot(event, context):
            return
        thread = event.get("thread_ts") or event.get("ts")
        conversation = f"{channel}:{thread}"
        text = MENTION.sub("", event.get("text") or "").strip()
        reply = self.converse(client, user, conversation, text)
        send_reply(client, channel=channel, reply=reply, thread_ts=thread, addressee=user,
                   conversation=conversation)

    def on_command(self, ack: Callable[..., None], command: dict[str, Any], client: WebClient,
                   respond: Callable[..., Any]) -> None:
        ack()
        if not self.first_time(command.get("trigger_id")):
            return
        user, channel = command["user_id"], command.get("channel_id", "")
        conversation = f"{channel}:{user}"
        reply = self.converse(client, user, conversation, command.get("text") or "help")
        respond(text=reply.text, blocks=reply_blocks(reply, _origin(user, conversation)),
                response_type="ephemeral")

    def on_button(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any],
                  client: WebClient, respond: Callable[..., Any]) -> None:
        """Feed the button's value back as the clicker's message; show the outcome."""
        ack()
        if not self.first_time(body.get("trigger_id")):
            return
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
        origin = parse_block_id(action.get("block_id"))
        conversation = origin.conversation or channel
        reply = self.converse(client, user, conversation, action.get("value") or "")
        label = (action.get("text") or {}).get("text", action.get("value", ""))
        if origin.addressee not in (None, user):
            self.tell_privately(client, respond, body, user, reply, conversation)
            return
        blocks = answered_blocks((body.get("message") or {}).get("blocks") or [],
                                 _clicked_note(user, label, reply))
        blocks += reply_blocks(reply, _origin(user, conversation))
        if container.get("is_ephemeral") or "message" not in body:
            respond(text=reply.text, blocks=blocks, replace_original=True)
            return
        client.chat_update(channel=channel, ts=container.get("message_ts") or body["message"]["ts"],
                           text=reply.text, blocks=blocks)
        if reply.image is not None:
            upload_image(client, channel=channel, reply=reply,
                         thread_ts=body["message"].get("thread_ts"))

    def tell_privately(self, client: WebClient, respond: Callable[..., Any], body: dict[str, Any],
                       user: str, reply: Reply, conversation: str) -> None:
        """Someone else's click: the shared message stays as it was; only they see the answer."""
        blocks = reply_blocks(reply, _origin(user, conversation))
        message = body.get("message") or {}
        if not message:
            respond(text=reply.text, blocks=blocks, response_type="ephemeral",
                    replace_original=False)
            return
        client.chat_postEphemeral(channel=body["container"]["channel_id"], user=user,
                                  text=reply.text, blocks=blocks,
                                  thread_ts=message.get("thread_ts"))

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        client.views_publish(user_id=event["user"], view=self.home_for(event["user"]))

    def home_for(self, user: str) -> dict[str, Any]:
        """The person's open tasks this week (in progress, or due by Sunday) and hours logged."""
        from domain.people.linking import actor_for_chat

        with Session(self.app.engine) as session:
            actor = actor_for_chat(session, platform="slack", external_id=user)
            if actor is None:
                return home_view(render("slack.home.unknown_title"),
                                 [render("link.please_link")], "")
            lang = actor.language or "en"
            title = render("slack.home.title", lang, name=actor.name)
            if actor.is_contact:
                return home_view(title, [render("slack.home.contact", lang)], "")
            return self.person_home(session, actor, lang, title)

    def person_home(self, session: Session, actor: Any, lang: str, title: str) -> dict[str, Any]:
        from domain.core.actors import local_today
        from domain.work.task_queries import list_tasks
        from domain.work.time_entries import timesheet

        today = local_today(actor, self.clock())
        monday = today - timedelta(days=today.weekday())
        sunday = monday + timedelta(days=6)
        tasks = [t for t in list_tasks(session, actor, person=actor.handle, today=today)
                 if t.status == "in_progress" or (t.due is not None and t.due <= sunday)]
        lines = [render("slack.home.tasks_head", lang)]
        lines += [render("slack.home.task", lang, id=t.id, title=t.title, project=t.project,
                         status=render(f"status.{t.status}", lang), due=t.due or "—",
                         overdue=render("slack.home.overdue", lang) if t.overdue else "")
                  for t in tasks] or [render("slack.home.no_tasks", lang)]
        hours = timesheet(session, actor, person=actor.handle, start=monday, end=sunday).total_hours
        footer = render("slack.home.hours", lang, start=monday.isoformat(), end=sunday.isoformat(),
                        hours=f"{hours:g}")
        return home_view(title, lines, footer)


def email_of(client: WebClient, user: str) -> str | None:
    """The account's e-mail from users.info (needs users:read.email), to link by e-mail."""
    try:
        profile = client.users_info(user=user).get("user", {}).get("profile", {})
    except SlackApiError as error:
        log.warning("slack: users.info failed: %s", error.response.get("error"))
        return None
    return profile.get("email") or None


def _from_a_bot(event: dict[str, Any], context: Any) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES
                or event.get("user") == getattr(context, "bot_user_id", None))


def _origin(user: str, conversation: str) -> ButtonsOrigin:
    return ButtonsOrigin(user, conversation)


def _clicked_note(user: str, label: str, reply: Reply) -> str:
    return render("slack.clicked", _lang_of(reply.text), user=f"<@{user}>", label=label)


def _lang_of(text: str | None) -> str:
    return "zh" if text and re.search(r"[\u4e00-\u9fff]", text) else "en"
