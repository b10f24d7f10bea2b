"""The Telegram adapter: python-telegram-bot updates in, the conversation core, Bot API calls out.

    update ─▶ seen before? stop ─▶ command / private text / group @mention / button press
           ─▶ `Incoming` ─▶ bot.gateway.handle_incoming ─▶ Reply ─▶ sendMessage (HTML-escaped,
              inline keyboard) / sendPhoto / answerCallbackQuery + editMessageText

No business rule lives here: a pressed button's value goes back to the core as text, and the
domain decides whether the presser may do it. Every Bot API call goes through `deliver`, which
waits out a 429's `retry_after` and retries network failures, so a reply is never dropped
silently; an error in a handler is logged and the next update is served.
"""
from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    CallbackQuery,
    Chat,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.bootstrap import App
from bot.gateway import Incoming, first_time, handle_incoming
from bot.telegram.send import (
    MAX_TEXT,
    ButtonValues,
    deliver,
    hide_in_logs,
    keyboard,
    send_photo,
    send_reply,
)

log = logging.getLogger("pmbot.telegram")
Clock = Callable[[], datetime]
MAX_TOAST = 190  # answerCallbackQuery text is limited to 200 characters
CJK = re.compile(r"[\u4e00-\u9fff]")

# command → (words the core understands in English, in Chinese)
COMMAND_TEXT = {"log": ("log hours", "登记工时"), "task": ("add task", "新建任务"),
                "status": ("status", "进度"), "mytasks": ("my tasks", "我的任务"),
                "help": ("help", "帮助")}
MENU = {
    "en": [("log", "Log hours, e.g. /log 3h ACME-WEB yesterday"),
           ("task", "Add a task, e.g. /task Login page on ACME-WEB"),
           ("status", "How a project is going, e.g. /status ACME-WEB"),
           ("mytasks", "My open tasks"), ("help", "What I can do"),
           ("start", "Link your account: /start CODE")],
    "zh": [("log", "登记工时，例如 /log 昨天官网改版3小时"),
           ("task", "新建任务，例如 /task ACME-WEB 登录页"),
           ("status", "项目进度，例如 /status ACME-WEB"),
           ("mytasks", "我的未完成任务"), ("help", "我能做什么"),
           ("start", "关联账号：/start 邀请码")],
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def api_root(url: str) -> str:
    """PMBOT_TELEGRAM_API_URL without a trailing slash or `/bot` (both spellings accepted)."""
    root = url.strip().rstrip("/")
    return root.removesuffix("/bot")


# ---------------------------------------------------------------- the handlers
class TelegramBot:
    """The update handlers; `app` is pmbot's wiring, `clock` tells the time (tests fix it)."""

    def __init__(self, app: App, clock: Clock = _utc_now) -> None:
        self.app, self.clock, self.values = app, clock, ButtonValues()

    async def once(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop here an update already handled (a redelivered webhook, a duplicate)."""
        fresh = await asyncio.to_thread(first_time, self.app, platform="telegram",
                                        event_id=f"update:{update.update_id}", now=self.clock())
        if not fresh:
            log.info("telegram update %s seen before; skipped", update.update_id)
            raise ApplicationHandlerStop

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        await self.answer(message, update.effective_user, command_text(message.text or ""))

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and update.effective_user is not None:
            await self.answer(message, update.effective_user, message.text or "")

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file sent in a private chat, its caption saying where: "add to ACME-WEB"."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.document is None:
            return
        reply = await self.upload(message, user)
        await send_reply(message.get_bot(), message.chat_id, reply, values=self.values)

    async def upload(self, message: Message, user: User) -> Any:
        """getFile, download from base_file_url, ingest; a failure is said, not swallowed."""
        import tempfile
        from pathlib import Path, PurePath

        from bot.files.uploads import upload_from_chat
        from intents.conversation.assistant import Reply
        from intents.messages import render

        document, caption = message.document, message.caption or ""
        assert document is not None
        name = PurePath(document.file_name or "upload").name or "upload"
        try:
            file = await deliver(partial(message.get_bot().get_file, document.file_id),
                                 what="getFile")
            with tempfile.TemporaryDirectory(prefix="pmbot-upload-") as folder:
                path = Path(folder) / name
                await file.download_to_drive(path)
                return await asyncio.to_thread(
                    upload_from_chat, self.app, platform="telegram", user_id=str(user.id),
                    path=path, file_name=name, text=caption, now=self.clock())
        except Exception:
            log.exception("telegram: a sent file could not be ingested")
            return Reply(render("docs.upload_failed", "zh" if CJK.search(caption) else "en",
                                file=name), error="docs.upload_failed")

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, only a message that @mentions this bot is for us."""
        message, bot = update.effective_message, context.bot
        if message is None or update.effective_user is None:
            return
        text = without_mention(message, bot.username, bot.id)
        if text is not None:
            await self.answer(message, update.effective_user, text)

    async def answer(self, message: Message, user: User, text: str) -> None:
        """In a group the reply quotes the message: it shows whom the answer (and buttons) is for."""
        reply = await self.ask_core(user, message.chat, text)
        in_group = message.chat.type != Chat.PRIVATE
        await send_reply(message.get_bot(), message.chat_id, reply, values=self.values,
                         thread_id=message.message_thread_id if message.is_topic_message else None,
                         reply_to=message.message_id if in_group else None)

    async def ask_core(self, user: User, chat: Chat, text: str) -> Any:
        incoming = Incoming(platform="telegram", user_id=str(user.id),
                            conversation_id=str(chat.id), text=text)
        return await asyncio.to_thread(handle_incoming, self.app, incoming, now=self.clock())

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: its value goes to the core; refused → alert, done → message edited."""
        query = update.callback_query
        if query is None:
            return
        value = self.values.value_of(query.data)
        if value is None:
            await deliver(partial(query.answer, text=expired_text(query.from_user),
                                  show_alert=True), what="answerCallbackQuery")
            return
        message = query.message if isinstance(query.message, Message) else None
        owner = addressee(message)
        if owner is not None and owner.id != query.from_user.id:
            await deliver(partial(query.answer, text=not_yours_text(query.from_user, owner),
                                  show_alert=True), what="answerCallbackQuery")
            return
        chat = message.chat if message else Chat(query.from_user.id, Chat.PRIVATE)
        reply = await self.ask_core(query.from_user, chat, value)
        refused = bool(getattr(reply, "error", None))  # set by the core when it said no
        await deliver(partial(query.answer, text=toast(reply.text), show_alert=refused),
                      what="answerCallbackQuery")
        if not refused:
            await self.after_click(query, message, value, reply)

    async def after_click(self, query: CallbackQuery, message: Message | None, value: str,
                          reply: Any) -> None:
        """Show the outcome in the clicked message itself; a long one goes in a new message."""
        label = pressed_label(message, query.data) or value
        text = f"{message.text}\n\n» {label}\n{reply.text}" if message and message.text else ""
        if not message or not text or len(text) > MAX_TEXT:
            target = message.chat_id if message else query.from_user.id
            await send_reply(query.get_bot(), target, reply, values=self.values)
            return
        await deliver(partial(message.edit_text, html.escape(text), parse_mode=ParseMode.HTML,
                              reply_markup=keyboard(reply.buttons, self.values)),
                      what="editMessageText")
        if reply.image:
            await send_photo(query.get_bot(), message.chat_id, reply.image)


# ---------------------------------------------------------------- text helpers
def command_text(text: str) -> str:
    """`/status ACME-WEB` → "status ACME-WEB", `/mytasks` → "my tasks", `/start CODE` kept.

    The arguments' language picks the words, so `/log 昨天3小时` reads as one Chinese sentence.
    """
    head, _, rest = text.strip().partition(" ")
    command = head.lstrip("/").split("@", 1)[0].lower()
    rest = rest.strip()
    if command == "start":
        return f"/start {rest}" if rest else "help"
    english, chinese = COMMAND_TEXT.get(command, ("help", "帮助"))
    if not rest:
        return english
    if CJK.search(rest):
        return f"{chinese}：{rest}"
    return f"{english} {rest}"


def without_mention(message: Message, username: str | None, bot_id: int) -> str | None:
    """The message text minus the mention of this bot; None when the bot is not mentioned."""
    text = message.text or ""
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, said in mentions.items():
        mine = (entity.type == MessageEntity.MENTION and username
                and said.lstrip("@").lower() == username.lower()) or \
               (entity.type == MessageEntity.TEXT_MENTION and entity.user
                and entity.user.id == bot_id)
        if mine:
            return " ".join(text.replace(said, " ", 1).split())
    return None


def toast(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_TOAST else text[: MAX_TOAST - 1] + "…"


def pressed_label(message: Message | None, data: str | None) -> str | None:
    markup = message.reply_markup if message else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def addressee(message: Message | None) -> User | None:
    """Whom a button message was for: the person it replied to in a group (None: anyone)."""
    if message is None or message.chat.type == Chat.PRIVATE:
        return None  # in a private chat only its one user can press anything
    replied = message.reply_to_message
    return replied.from_user if replied and replied.from_user else None


def not_yours_text(user: User, owner: User) -> str:
    from intents.messages import render

    return render("telegram.not_yours", _lang(user), name=owner.full_name)


def _lang(user: User) -> str:
    return "zh" if (user.language_code or "").startswith("zh") else "en"


def expired_text(user: User) -> str:
    from intents.messages import render

    return render("telegram.button_expired", _lang(user))


# ---------------------------------------------------------------- the application
async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a handler's failure with the update id; the application goes on with the next one."""
    update_id = getattr(update, "update_id", None)
    log.error("telegram update %s failed: %r", update_id, context.error,
              exc_info=context.error)


async def register_commands(application: Application) -> None:
    """The command menu in English (everyone) and Chinese (Telegram set to Chinese)."""
    for lang, menu in MENU.items():
        commands = [BotCommand(name, text) for name, text in menu]
        language = None if lang == "en" else lang
        try:
            await deliver(partial(application.bot.set_my_commands, commands,
                                  scope=BotCommandScopeDefault(), language_code=language),
                          what="setMyCommands")
        except Exception:  # a menu is a nicety: never stop the bot for it
            log.exception("telegram setMyCommands (%s) failed", lang)


def build_telegram(app: App, *, clock: Clock | None = None) -> Application:
    """A PTB Application wired to pmbot's core, talking to PMBOT_TELEGRAM_API_URL."""
    token = app.settings.telegram_bot_token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    hide_in_logs(token)
    root = api_root(app.settings.telegram_api_url)
    application = (ApplicationBuilder().token(token).base_url(f"{root}/bot")
                   .base_file_url(f"{root}/file/bot").post_init(register_commands).build())
    handlers = TelegramBot(app, clock or _utc_now)
    application.bot_data["pmbot"] = handlers
    add_handlers(application, handlers)
    return application


def add_handlers(application: Application, handlers: TelegramBot) -> None:
    """Handlers for new messages only: an edited "log 3h" must not log the hours twice."""
    new = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, handlers.once), group=-1)
    application.add_handler(CommandHandler(["start", *COMMAND_TEXT], handlers.on_command, new))
    private, text = filters.ChatType.PRIVATE, filters.TEXT
    application.add_handler(MessageHandler(new & private & text & ~filters.COMMAND,
                                           handlers.on_private_text))
    application.add_handler(MessageHandler(new & private & filters.COMMAND,
                                           handlers.on_command))  # an unknown command → help
    application.add_handler(MessageHandler(new & private & filters.Document.ALL,
                                           handlers.on_document))
    mentioned = filters.Entity(MessageEntity.MENTION) | filters.Entity(MessageEntity.TEXT_MENTION)
    application.add_handler(MessageHandler(
        new & filters.ChatType.GROUPS & text & ~filters.COMMAND & mentioned,
        handlers.on_group_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_error_handler(on_error)


def run_telegram(app: App, *, webhook_url: str | None = None, listen: str | None = None,
                 port: int | None = None, stop_signals: Any = None,
                 application: Application | None = None) -> None:
    """Serve until stopped: long polling, or a webhook when TELEGRAM_WEBHOOK_SECRET is set.

    In webhook mode Telegram must send the secret in `X-Telegram-Bot-Api-Secret-Token`;
    PTB's webhook server refuses (403) any request without it. `stop_signals` None keeps
    PTB's defaults (SIGINT, SIGTERM); pass () when running outside the main thread.
    """
    application = application or build_telegram(app)
    signals = {} if stop_signals is None else {"stop_signals": stop_signals}
    secret = app.settings.telegram_webhook_secret
    if not secret:
        log.info("telegram: long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES, **signals)
        return
    hide_in_logs(secret)
    settings = app.settings
    url = webhook_url or getattr(settings, "telegram_webhook_url", None)
    if not url:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET is set but no public webhook URL was given "
                         "(PMBOT_TELEGRAM_WEBHOOK_URL)")
    host = listen or getattr(settings, "telegram_webhook_host", None) or "0.0.0.0"
    bound = port or getattr(settings, "telegram_webhook_port", None) or 8443
    log.info("telegram: webhook on %s:%s%s", host, bound, urlparse(url).path or "/")
    application.run_webhook(listen=host, port=int(bound), url_path=urlparse(url).path.lstrip("/"),
                            webhook_url=url, secret_token=secret,
                            allowed_updates=Update.ALL_TYPES, **signals)
