"""`pmbot serve [slack] [telegram] [web] [api]`: the chat adapters, the portal, the scheduler and
delivery in one process.

Slack runs on a thread (its HTTP server or its Socket Mode connection), Telegram on the
main thread, because python-telegram-bot installs its SIGINT/SIGTERM handlers there. The
portal (`web`) is an ASGI app under uvicorn on its own port (PMBOT_WEB_HOST/PORT), in a
child process (`pmbot serve web`) beside the chat adapters: two ports and two processes,
so that rendering pages never holds the interpreter lock while Slack waits for its
3-second ack (measured: portal load in the same process doubled the ack p95), and so that
the public portal and the Slack endpoint can sit behind different proxies. With nothing
named, every part that is configured is served (the portal: when PMBOT_PUBLIC_URL is
set). `pmbot serve web` runs the portal alone, without the scheduler, so that portal
replicas can be added without more ticking. The REST API (/api/v1) is mounted in the
portal's app; `pmbot serve api` runs the API alone (no portal, no scheduler) on the same
PMBOT_WEB_HOST/PORT.
"""
from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable

import click

from bot.cli.main import database_url, db_option, main

PLATFORMS = ("slack", "telegram")
PARTS = (*PLATFORMS, "web", "api")


@main.command()
@click.argument("platforms", nargs=-1, type=click.Choice(PARTS))
@db_option
def serve(platforms: tuple[str, ...], db: str | None) -> None:
    """Run the chat adapters and the portal (default: every part that is configured)."""
    from bot.bootstrap import build_app

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app(database_url=database_url(db))
    chosen = _chosen(platforms, app.settings)
    app.require_schema()
    if list(dict.fromkeys(platforms)) == ["web"]:  # the portal alone: no scheduler
        _run_web(app, block=True)
        return
    if list(dict.fromkeys(platforms)) == ["api"]:  # the REST API alone: no scheduler
        _run_web(app, block=True, api_only=True)
        return
    if "api" in chosen:  # the API lives in the portal's process
        chosen = [p for p in chosen if p != "api"] + ([] if "web" in chosen else ["web"])
    stop_slack: Callable[[], None] | None = None
    _interrupt_on_sigterm()  # so that `finally` stops the portal's process too
    stop_web = _spawn_web(database_url(db)) if "web" in chosen else None
    notifier = _start_notifications(app)
    _warm_up_in_background(app)
    try:
        if "slack" in chosen:
            from bot.slack.server import run_slack

            if "telegram" not in chosen:
                run_slack(app, block=True)
                return
            stop_slack = run_slack(app, block=False)
        if "telegram" in chosen:
            _run_telegram(app)
        elif "slack" not in chosen and stop_web is not None:
            _wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    except RuntimeError as error:  # a missing credential, said plainly
        raise click.ClickException(str(error)) from error
    finally:
        if stop_slack is not None:
            stop_slack()
        if stop_web is not None:
            stop_web()
        notifier.shutdown()
        app.engine.dispose()


def _start_notifications(app: object):  # type: ignore[no-untyped-def]
    """The scheduler's ticks and the delivery worker, in this process (every replica runs one)."""
    from bot.outbound.delivery import DeliveryWorker, senders_from
    from bot.outbound.scheduler import NotifyScheduler

    settings = app.settings  # type: ignore[attr-defined]
    worker = DeliveryWorker(app.engine, senders_from(settings, app.engine))  # type: ignore[attr-defined]
    notifier = NotifyScheduler(app.engine, default_timezone=settings.timezone,  # type: ignore[attr-defined]
                               worker=worker, with_email=bool(settings.smtp_url),
                               portal_url=settings.public_url)
    notifier.start()
    return notifier


def _warm_up_in_background(app: object) -> None:
    """Load the heavy parts (the understanding's index, the embedding model, the documents'
    in-memory mirror, matplotlib and its CJK font) while the adapters start, so that the
    first person to ask does not wait for them. A failure here only costs that wait."""
    import threading

    def warm() -> None:
        try:
            from intents.extract.dates import warm_up
            from knowledge.search.embedding import warm_up as warm_embedding

            warm_up()
            warm_embedding()
            app.assistant.tools.get("index").mirror()  # type: ignore[attr-defined]
            from bot.charts.render import font_families, new_figure

            font_families()  # registers the CJK font with matplotlib
            new_figure(1.0)
        except Exception:
            logging.getLogger("pmbot.serve").exception("warm-up failed; first answers will be slower")

    threading.Thread(target=warm, name="pmbot-warm-up", daemon=True).start()


def _chosen(platforms: tuple[str, ...], settings: object) -> list[str]:
    configured = {"slack": getattr(settings, "slack_bot_token", None),
                  "telegram": getattr(settings, "telegram_bot_token", None),
                  "web": getattr(settings, "public_url", None), "api": None}
    chosen = list(dict.fromkeys(platforms)) or [p for p in PARTS if configured[p]]
    if not chosen:
        raise click.ClickException(
            "no chat platform configured: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or "
            "SLACK_APP_TOKEN) or TELEGRAM_BOT_TOKEN, or PMBOT_PUBLIC_URL for the portal "
            "(pmbot serve web runs the portal alone)")
    for platform in (p for p in chosen if p not in ("web", "api")):
        if not configured[platform]:
            name = "SLACK_BOT_TOKEN" if platform == "slack" else "TELEGRAM_BOT_TOKEN"
            raise click.ClickException(f"{name} is not set, so {platform} cannot be served")
    return chosen


def _run_telegram(app: object) -> None:
    if importlib.util.find_spec("bot.telegram.app") is None:
        raise click.ClickException("the Telegram adapter is not installed in this build")
    from bot.telegram.app import run_telegram

    run_telegram(app)  # type: ignore[arg-type]


def _interrupt_on_sigterm() -> None:
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _spawn_web(url: str | None) -> Callable[[], None]:
    """`pmbot serve web` as a child process (same environment, same store); its stopper."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **({"PMBOT_DATABASE_URL": url} if url else {})}  # not on `ps`'s line
    child = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "web"], env=env)

    def stop() -> None:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return stop


def _run_web(app: object, *, block: bool, api_only: bool = False) -> Callable[[], None]:
    """The portal (with the REST API mounted), or with `api_only` the API alone, under
    uvicorn; when not blocking, on a thread, with a stopper returned."""
    import threading

    import uvicorn

    from bot.api import api_router, create_api_app
    from bot.web.app import create_app

    settings = app.settings  # type: ignore[attr-defined]
    asgi = create_api_app(app) if api_only else create_app(app, routers=[api_router(app)])
    config = uvicorn.Config(asgi, host=settings.web_host, port=settings.web_port,
                            log_level="info", proxy_headers=True, access_log=False)
    server = uvicorn.Server(config)
    logging.getLogger("pmbot.serve").info("%s: http://%s:%s%s", "api" if api_only else "portal",
                                          settings.web_host, settings.web_port,
                                          "/api/v1/" if api_only else "/portal/")
    if block:
        server.run()
        return lambda: None
    thread = threading.Thread(target=server.run, name="pmbot-web", daemon=True)
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
    return stop


def _wait_for_interrupt() -> None:
    import time

    while True:
        time.sleep(3600)
