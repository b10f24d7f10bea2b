"""The conversation core: one message in, one reply out, the same for every adapter.

    text ─▶ pending question? answer it : understand ─▶ fill context defaults
         ─▶ missing slot? ask : doubtful write? confirm : dispatch ─▶ Reply

Each dispatch runs in a savepoint, so a domain error rolls back every row it touched while
the conversation state (and the reply) still go out.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.core.actors import Actor
from domain.core.errors import DomainError, Invalid
from domain.core.store import for_writing
from intents.conversation import journal
from intents.conversation import state as conversation
from intents.conversation.state import NO, YES, Pending
from intents.messages import render
from intents.messages.errors import render_error
from intents.understanding.schema import Intent

MAX_CHARS = 2000
CONFIRM_BELOW = 0.75



def always_confirm(intent: str) -> bool:
    """Writes asked about however sure the understanding is (the registry's `always_confirm`):
    what they remove is gone from everyone's view at once ("undo" brings it back, but only for
    the one who did it)."""
    from intents.understanding.registry import spec

    return spec(intent).always_confirm

@dataclass(frozen=True)
class Button:
    label: str
    value: str  # the text the assistant receives when the button is pressed


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    image: Path | None = None
    error: str | None = None  # the domain error's key when the core refused or failed


def speaker_today(actor: Actor, now: datetime, default_timezone: str) -> date:
    """The speaker's calendar date: their own timezone, else the firm's default."""
    return now.astimezone(ZoneInfo(actor.timezone or default_timezone)).date()


@dataclass
class Tools:
    """Heavy helpers the edge hands in (the knowledge index, a chat model), built on first use.

    Building them reads settings and opens files, which intents never do; so `bot/` passes
    factories, and a test passes the very object it wants used.
    """

    index: Callable[[], Any] | None = None
    llm: Callable[[], Any] | None = None
    charts: Callable[[], Any] | None = None  # .render(kind, data, *, lang) -> Path
    portal: Callable[[], Any] | None = None  # the portal's public base URL, for links
    _built: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def get(self, name: str) -> Any:
        """Built once per process: `pmbot serve` asks from several threads, and opening the
        knowledge index twice would load the encoder and the store twice."""
        with self._lock:
            if name not in self._built:
                factory = getattr(self, name)
                self._built[name] = factory() if factory is not None else None
            return self._built[name]


@dataclass
class Context:
    """What a handler needs: the open session, who speaks, what they said, and when."""

    session: Session
    actor: Actor
    intent: Intent
    lang: str
    now: datetime
    default_timezone: str = "Asia/Shanghai"
    tools: Tools = field(default_factory=Tools)

    @property
    def slots(self) -> dict:
        return self.intent.slots

    @property
    def today(self) -> date:
        return speaker_today(self.actor, self.now, self.default_timezone)

    def say(self, key: str, **params: object) -> str:
        return render(key, self.lang, **params)


class Assistant:
    def __init__(self, engine: Engine, *, default_timezone: str = "Asia/Shanghai",
                 tools: Tools | None = None) -> None:
        self.engine = engine
        self.default_timezone = default_timezone
        self.tools = tools or Tools()

    def respond(self, actor: Actor, text: str, *, conversation_id: str, now: datetime) -> Reply:
        """Every message of every adapter passes here, and leaves one log record behind."""
        started = time.perf_counter()
        turn: _Turn | None = None
        outcome = "failed"
        try:
            with Session(for_writing(self.engine), expire_on_commit=False) as session:
                turn = _Turn(session, actor, conversation_id, now, self.default_timezone,
                             self.tools)
                reply = turn.run(text)
                session.commit()
            outcome = f"refused:{reply.error}" if reply.error else "ok"
            return reply
        finally:
            journal.message_handled(
                who=journal.who(actor), platform=journal.platform_of(conversation_id),
                intent=turn.intent_name if turn is not None else "none", outcome=outcome,
                started=started, actor=actor, text=text)


class _Turn:
    def __init__(self, session: Session, actor: Actor, conversation_id: str, now: datetime,
                 default_timezone: str, tools: Tools) -> None:
        self.session, self.actor, self.conversation_id = session, actor, conversation_id
        self.now, self.default_timezone, self.tools = now, default_timezone, tools
        self.intent_name = "none"  # what the message turned out to ask, for the log line
        self.text = ""

    def lang_for(self, intent: Intent | None) -> str:
        return self.actor.language or (intent.lang if intent else "en")

    def run(self, text: str) -> Reply:
        text = (text or "").strip()
        if not text:
            return Reply(render("reply.empty", self.lang_for(None)))
        if len(text) > MAX_CHARS:
            return Reply(render("reply.too_long", self.lang_for(None), limit=MAX_CHARS))
        pending = conversation.load(self.session, self.conversation_id, self.actor.label, self.now)
        if pending is not None and not self.starts_afresh(pending, text):
            answered = self.answer(pending, text)
            if answered is not None:
                return answered
        conversation.clear(self.session, self.conversation_id, self.actor.label)
        reply = self.fresh(text)
        if pending is not None and not NO.match(text):  # the old question is dropped: say so
            from intents.understanding.describe import describe

            lang = self.lang_for(pending.intent)
            reply.text = render("reply.dropped", lang, action=describe(pending.intent, lang)) + "\n" + reply.text
        return reply

    def fresh(self, text: str, *, commands: bool = True) -> Reply:
        """One understanding path for every message: conversation commands ("undo", a rating
        button) are intents of the registry too, read by their own grammar."""
        from intents.understanding.understand import understand

        self.text = text
        intent = understand(self.session, text=text, actor=self.actor, now=self.now,
                            default_timezone=self.default_timezone, llm=self.tools.get("llm"),
                            commands=commands)
        return self.proceed(intent)

    def starts_afresh(self, pending: Pending, text: str) -> bool:
        """A question ("how is X going?", "今天天气怎么样？") or a complete request of another
        kind is not an answer to what we asked: the old request expires, never to be revived
        by a later "yes"."""
        from intents.understanding.classify import is_question
        from intents.understanding.understand import understand

        if YES.match(text) or NO.match(text):
            return False
        bare = text.strip(" ?？.。!！").lower()
        if is_question(text.lower()) and bare not in [o.lower() for o in pending.options]:
            return True
        if conversation.pick_option(text, pending.options):
            return False
        new = understand(self.session, text=text, actor=self.actor, now=self.now,
                         default_timezone=self.default_timezone)
        return new.is_write and new.intent != pending.intent.intent and new.confidence >= CONFIRM_BELOW

    def answer(self, pending: Pending, text: str) -> Reply | None:
        """Treat the text as the answer to what we asked; None if it is not one."""
        lang = self.lang_for(pending.intent)
        if NO.match(text):
            conversation.clear(self.session, self.conversation_id, self.actor.label)
            return Reply(render("reply.cancelled", lang))
        if pending.awaiting == "confirm" and YES.match(text):
            conversation.clear(self.session, self.conversation_id, self.actor.label)
            return self.execute(pending.intent)
        if pending.awaiting == "slot" and pending.slot:
            value: object = conversation.pick_option(text, pending.options)
            entry, _, base = pending.slot.rpartition(".")
            if value is None and base == "project" and pending.options:
                value = self.project_named(text, pending.options)
            if value is None and not pending.options:
                from intents.conversation.answers import read_answer
                from intents.extract.dates import region_of

                value = read_answer(base, text, intent=pending.intent.intent, today=self.today,
                                    region=region_of(self.actor.timezone or self.default_timezone))
            if value is not None:
                target = pending.intent.more[int(entry.split(".")[1])] if entry else pending.intent.slots
                target[base] = value
                unresolved = target.get("_unresolved", {}) if entry else pending.intent.unresolved
                unresolved.pop(base, None)
                conversation.clear(self.session, self.conversation_id, self.actor.label)
                return self.proceed(pending.intent)
        return None

    @property
    def today(self) -> date:
        return speaker_today(self.actor, self.now, self.default_timezone)

    def project_named(self, text: str, options: list[str]) -> str | None:
        """ "客户门户", "the portal": a project's name or alias answers "which project?" as
        well as its code does, when it is one of the projects offered."""
        from domain.core.lookup import find_project

        try:
            code = find_project(self.session, self.actor, text.strip(" .!?。！？")).code
        except DomainError:
            return None
        return code if code in options else None

    def proceed(self, intent: Intent) -> Reply:
        self.intent_name = intent.intent
        from intents.understanding.requirements import missing_slot

        question = missing_slot(self.session, self.actor, intent)
        several = [k for k, v in intent.choices.items() if intent.is_write and len(v) > 1
                   and intent.slots.get(k) in (None, "")]
        if several:  # two people or projects named for one slot: ask, never pick the first
            question = (several[0], [str(v) for v in intent.choices[several[0]]])
        if question is None:
            question = self.further_question(intent)
        if question is not None:
            slot, options = question
            return self.ask(intent, slot, options)
        if intent.is_write and (intent.confidence < CONFIRM_BELOW or always_confirm(intent.intent)):
            return self.confirm(intent)
        return self.execute(intent)

    def further_question(self, intent: Intent) -> tuple[str, list[str]] | None:
        """The first thing a second or later entry still needs ("more.1.project"), after the
        same context defaults as the first entry (a person's only project)."""
        from intents.understanding.requirements import missing_slot

        for n, entry in enumerate(intent.entries()[1:]):
            question = missing_slot(self.session, self.actor, entry)
            intent.more[n].update(entry.slots)
            if question is not None:
                return f"more.{n}.{question[0]}", question[1]
        return None

    def ask(self, intent: Intent, slot: str, options: list[str]) -> Reply:
        lang = self.lang_for(intent)
        conversation.save(self.session, self.conversation_id, self.actor.label,
                          Pending(intent, "slot", slot, options), self.now)
        entry, _, base = slot.rpartition(".")
        key = f"ask.{base}" + (".options" if options else "")
        text = render(key, lang, options=render("or", lang).join(options))
        if entry:  # a later entry of the message: say which one is meant
            text = render("ask.entry", lang, n=int(entry.split(".")[1]) + 2) + " " + text
        unreadable = intent.unresolved.get(slot)
        if unreadable and slot in ("date", "due", "start", "end"):
            text = render("ask.unreadable_date", lang, text=unreadable) + " " + text
        return Reply(text, [Button(o, o) for o in options[:5]])

    def confirm(self, intent: Intent) -> Reply:
        from intents.understanding.describe import describe

        lang = self.lang_for(intent)
        conversation.save(self.session, self.conversation_id, self.actor.label,
                          Pending(intent, "confirm"), self.now)
        text = render("confirm.question", lang, action=describe(intent, lang))
        return Reply(text, [Button(render("button.yes", lang), "yes"),
                            Button(render("button.no", lang), "cancel")])

    def execute(self, intent: Intent) -> Reply:
        self.intent_name = intent.intent
        if intent.more:
            return self.execute_all(intent)
        from intents.handlers.dispatch import NotThisIntent, handler_for

        ctx = Context(self.session, self.actor, intent, self.lang_for(intent), self.now,
                      self.default_timezone, self.tools)
        savepoint = self.session.begin_nested()
        try:
            reply = handler_for(intent.intent)(ctx)
            savepoint.commit()
            return reply
        except NotThisIntent:
            savepoint.rollback()
            return self.fresh(self.text, commands=False)
        except DomainError as error:
            savepoint.rollback()
            options = error.params.get("options")
            if isinstance(error, Invalid) and options and error.params.get("slot"):
                return self.ask(intent, error.params["slot"], [str(o) for o in options])
            return Reply(render_error(error, ctx.lang), error=error.key)


    def execute_all(self, intent: Intent) -> Reply:
        """Every entry of the message, all or none: one refused entry writes none of them,
        and the reply says which one and why."""
        from intents.handlers.dispatch import handler_for

        lang = self.lang_for(intent)
        texts: list[str] = []
        savepoint = self.session.begin_nested()
        for n, entry in enumerate(intent.entries(), start=1):
            ctx = Context(self.session, self.actor, entry, lang, self.now, self.default_timezone,
                          self.tools)
            try:
                texts.append(handler_for(entry.intent)(ctx).text)
            except DomainError as error:
                savepoint.rollback()
                head = render("reply.entry_failed", lang, n=n, total=len(intent.more) + 1)
                return Reply(head + " " + render_error(error, lang), error=error.key)
        savepoint.commit()
        return Reply("\n".join(texts))
