"""A webhook receiver on loopback (http.server, port 0) that checks every signature itself.

It recomputes HMAC-SHA256(secret, "{timestamp}.{body}") with the standard library alone,
so a test passes only when pmbot signs exactly as docs/api.md tells receivers to verify.
`answers` scripts the status codes (then 200); `hold_first` keeps the first request
waiting until `release()`, so a test can kill the sender mid-request.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signed_ok: bool
    status: int

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    secret: str
    answers: list[int] = field(default_factory=list)
    hold_first: bool = False
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._held = threading.Event()
        self.first_arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver._handle(self, body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/pmbot"

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        stamp = headers.get("x-pmbot-timestamp", "")
        expected = "sha256=" + hmac.new(self.secret.encode(), f"{stamp}.".encode() + body,
                                        hashlib.sha256).hexdigest()
        signed_ok = hmac.compare_digest(expected, headers.get("x-pmbot-signature", ""))
        with self._lock:
            first = not self.received and not self.first_arrived.is_set()
            status = self.answers.pop(0) if self.answers else 200
            if not signed_ok:
                status = 401
            self.received.append(Received(headers, body, signed_ok, status))
        if first:
            self.first_arrived.set()
            if self.hold_first:
                self._held.wait(timeout=60)
        if self.delay:
            time.sleep(self.delay)
        try:
            handler.send_response(status)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        except OSError:  # the sender is gone (killed mid-request)
            pass

    def release(self) -> None:
        self._held.set()

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def ids(self) -> list[str]:
        return [r.event["id"] for r in self.received]
