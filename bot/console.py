"""The console adapter: the same conversation core as Slack and Telegram, in a terminal."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import click

from bot.bootstrap import App


def render_reply(reply) -> str:  # type: ignore[no-untyped-def]
    """Text, then buttons as the words to type, then where the picture was saved."""
    lines = [reply.text]
    if reply.buttons:
        lines.append("  " + "   ".join(f"[{b.label}: type '{b.value}']" for b in reply.buttons))
    if reply.image:
        lines.append(f"  (chart saved to {reply.image})")
    return "\n".join(lines)


def say_once(app: App, handle: str, text: str, *, now: datetime) -> str:
    from sqlmodel import Session

    from bot.gateway_limits import admit
    from domain.core.actors import actor_for_handle

    with Session(app.engine) as session:
        actor = actor_for_handle(session, handle)
    text, refusal = admit(text, actor.language or "en")  # too long, NUL, zero-width
    reply = refusal or app.assistant.respond(actor, text, conversation_id=f"console:{handle}",
                                             now=now)
    return render_reply(reply)  # type: ignore[arg-type]


def run_console(app: App, handle: str, *, now: datetime | None) -> None:
    """A REPL: line editing and history (prompt_toolkit) on a terminal, plain lines from a
    pipe; Ctrl-D or 'exit' leaves."""
    import sys
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(app.settings.timezone)
    _check_speaker(app, handle)
    read = _terminal_reader(app, handle) if sys.stdin.isatty() else _pipe_reader()
    click.echo(f"pmbot console — you are @{handle}. Type help, or exit to leave.")
    for text in read:
        if text.strip().lower() in {"exit", "quit", "退出"}:
            break
        if text.strip():
            click.echo(say_once(app, handle, text, now=now or datetime.now(zone)))


def _check_speaker(app: App, handle: str) -> None:
    """An unknown handle is a user error (exit 1) before the console says anything."""
    from sqlmodel import Session

    from domain.core.actors import actor_for_handle

    with Session(app.engine) as session:
        actor_for_handle(session, handle)


def _terminal_reader(app: App, handle: str) -> Iterator[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history = Path(app.settings.data_dir) / "console-history"
    history.parent.mkdir(parents=True, exist_ok=True)
    prompt = PromptSession(history=FileHistory(str(history)))
    while True:
        try:
            yield prompt.prompt(f"{handle}> ")
        except (EOFError, KeyboardInterrupt):
            return


def _pipe_reader() -> Iterator[str]:
    import sys

    for line in sys.stdin:
        yield line.rstrip("\n")
