"""Serving the Slack adapter: Socket Mode when an app token is set, else HTTP `/slack/events`.

Why waitress: Bolt's own `app.start()` is a development server (one request at a time, a
listen backlog of 5). Bolt's sync `App` is a WSGI application through its
`SlackRequestHandler`, and waitress is a pure-Python, production-grade WSGI server with a
thread pool and an asyncore front end that accepts thousands of connections, so 50
concurrent signed events are accepted at once and each is acknowledged in milliseconds:
the request thread only checks the signature, records the event id, and returns 200; the
conversation itself runs afterwards on Bolt's listener executor. The domain is synchronous
SQLAlchemy, so an ASGI server would only move the same work onto threads.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App as BoltApp

from bot.bootstrap import App

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HTTP_THREADS = 16


def wsgi_app(bolt: BoltApp) -> Callable[..., Iterable[bytes]]:
    """`/slack/events` for Slack, `/healthz` for load balancers, 404 for the rest."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    handler = SlackRequestHandler(bolt, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return handler(environ, start_response)

    return application


class HttpServer:
    """A bound waitress server that can also be stopped cleanly from another thread."""

    def __init__(self, bolt: BoltApp, *, host: str, port: int, threads: int) -> None:
        from waitress import create_server

        self._stopping = threading.Event()
        self._done = threading.Event()
        self._server = create_server(
            wsgi_app(bolt), host=host, port=port, threads=threads, connection_limit=1000,
            backlog=1024, ident="pmbot", channel_timeout=30, asyncore_use_poll=True,
            clear_untrusted_proxy_headers=True)

    @property
    def port(self) -> int:
        """The bound port (a free one when asked for port 0)."""
        return int(self._server.effective_port)

    def serve(self) -> None:
        """Accept requests until `stop()`; the loop and the sockets end on this thread."""
        server = self._server
        try:
            while not self._stopping.is_set():
                server.asyncore.loop(timeout=0.2, map=server._map, use_poll=True, count=1)
        finally:
            server.task_dispatcher.shutdown()
            for channel in list(server._map.values()):
                channel.close()
            self._done.set()

    def start(self) -> HttpServer:
        threading.Thread(target=self.serve, name="pmbot-slack-http", daemon=True).start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._done.wait(timeout)


def http_server(bolt: BoltApp, *, host: str, port: int, threads: int = HTTP_THREADS) -> HttpServer:
    """`/slack/events` over waitress; port 0 picks a free port (see `.port`)."""
    return HttpServer(bolt, host=host, port=port, threads=threads)


def socket_mode_handler(bolt: BoltApp, app: App) -> Any:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import web_client

    return SocketModeHandler(bolt, app.settings.slack_app_token,
                             web_client=web_client(app.settings))


def run_slack(app: App, *, block: bool = True) -> Callable[[], None]:
    """Start the adapter; when `block` is False it runs on a thread. Returns a stopper."""
    from bot.slack.app import build_slack_app

    settings = app.settings
    if not settings.slack_bot_token:
        raise RuntimeError("SLACK_BOT_TOKEN is not set")
    bolt = build_slack_app(app)
    if settings.slack_app_token:
        handler = socket_mode_handler(bolt, app)
        log.info("slack: Socket Mode")
        if block:
            handler.start()
            return handler.close
        handler.connect()
        return handler.close
    if not settings.slack_signing_secret:
        raise RuntimeError("SLACK_SIGNING_SECRET is not set (needed for the HTTP endpoint)")
    server = http_server(bolt, host=settings.slack_host, port=settings.slack_port)
    log.info("slack: listening on http://%s:%s%s", settings.slack_host, server.port, EVENTS_PATH)
    if block:
        server.serve()
    else:
        server.start()
    return server.stop
