"""FakeSlack: a small local HTTP fake of the Slack Web API that records every call.

It binds to 127.0.0.1 on a free port, in a thread, and answers the methods pmbot uses in
their documented shapes (`auth.test`, `chat.postMessage`, `chat.update`,
`chat.postEphemeral`, `users.info`, `views.publish`, `files.getUploadURLExternal`,
`files.completeUploadExternal`, `files.info`), plus `response_url` posts, the upload URL it
hands out, and the `url_private` of files added with `add_file` (only with a bearer token).
It can be told to answer the next call to a method with a 429 (and Retry-After) or a 500.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

BOT_USER_ID, BOT_ID, TEAM_ID = "UBOT", "BBOT", "T0PMBOT"


@dataclass
class Call:
    method: str  # "chat.postMessage", … or "response_url", "upload"
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # id → (name, content), see add_file
        self._faults: dict[str, deque[tuple[int, int | None]]] = defaultdict(deque)
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    # -------------------------------------------------------------- lifecycle
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The base URL to hand to `WebClient(base_url=…)` (with the trailing slash)."""
        return f"{self.root}/api/"

    # -------------------------------------------------------------- scripting
    def add_user(self, user_id: str, *, email: str | None = None, name: str = "someone") -> None:
        self.users[user_id] = {"id": user_id, "name": name, "team_id": TEAM_ID, "is_bot": False,
                               "profile": {"real_name": name, "email": email}}

    def add_file(self, file_id: str, name: str, data: bytes) -> dict[str, Any]:
        """A file a user shared: `files.info` describes it, its `url_private` serves it."""
        self.files[file_id] = (name, data)
        return {"id": file_id, "name": name, "size": len(data), "mode": "hosted"}

    def fail_next(self, method: str, *, status: int = 429, retry_after: int | None = 1) -> None:
        """The next call to `method` gets this status (429 comes with Retry-After)."""
        self._faults[method].append((status, retry_after))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls to `method` were recorded (replies sent after an ack)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
        return self.calls_to(method)

    # -------------------------------------------------------------- answering
    def answer(self, method: str, args: dict[str, Any],
               headers: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            faults = self._faults.get(method)
            if faults:
                status, retry_after = faults.popleft()
                self.calls.append(Call(f"{method}!{status}", args, headers))
                self._lock.notify_all()
                extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
                error = "ratelimited" if status == 429 else "internal_error"
                return status, extra, {"ok": False, "error": error}
            body = self._body(method, args, f"1764208800.{next(self._ts):06d}")
            self.calls.append(Call(method, args, headers, body))
            self._lock.notify_all()
        return 200, {}, body

    def _body(self, method: str, args: dict[str, Any], ts: str) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "pmbot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                    "is_enterprise_install": False}
        if method == "chat.postMessage":
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
                       "text": args.get("text"), "blocks": args.get("blocks") or []}
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"),
                    "text": args.get("text")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", **(args.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{ts.replace('.', '')}"
            return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}
        if method == "files.info":
            shared = self.files.get(str(args.get("file")))
            if shared is None:
                return {"ok": False, "error": "file_not_found"}
            url = f"{self.root}/files-pri/{args.get('file')}/{quote(shared[0])}"
            return {"ok": True, "file": {"id": args.get("file"), "name": shared[0],
                                         "size": len(shared[1]), "url_private": url,
                                         "url_private_download": f"{url}?download=1"}}
        if method == "files.completeUploadExternal":
            files = args.get("files") or []
            done = [{"id": f.get("id"), "title": f.get("title")} for f in files]
            return {"ok": True, "files": done}
        return {"ok": True}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _serve(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            if url.path.startswith("/files-pri/"):
                return self._private_file(url.path, headers)
            if url.path.startswith("/upload/"):
                fake.answer("upload", {"path": url.path, "size": len(raw)}, headers)
                return self._send(200, {}, b"OK - uploaded", "text/plain")
            args = _args(url.query, raw, headers.get("content-type", ""))
            method = url.path.rsplit("/", 1)[-1]
            if url.path.startswith("/respond/"):
                method = "response_url"
            status, extra, body = fake.answer(method, args, headers)
            self._send(status, extra, json.dumps(body).encode(), "application/json")

        def _private_file(self, path: str, headers: dict[str, str]) -> None:
            """Slack serves url_private only to a bearer of a token; else a login page."""
            shared = fake.files.get(path.split("/")[2])
            fake.answer("download", {"path": path}, headers)
            if shared is None or not headers.get("authorization", "").startswith("Bearer xox"):
                return self._send(403, {}, b"<html>sign in</html>", "text/html")
            return self._send(200, {}, shared[1], "application/octet-stream")

        def _send(self, status: int, extra: dict[str, str], body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _args(query: str, raw: bytes, content_type: str) -> dict[str, Any]:
    """Query string, form fields and JSON bodies alike; JSON-looking form values decoded."""
    args: dict[str, Any] = dict(parse_qsl(query))
    if "json" in content_type and raw:
        args.update(json.loads(raw))
    elif raw:
        args.update(parse_qsl(raw.decode("utf-8")))
    for key in ("blocks", "files", "view"):
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass
    return args


# ------------------------------------------------------------------ Slack's side of the events
_ids = itertools.count(1)


def event_envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """An Events API `event_callback`, as Slack wraps every event it delivers."""
    return {"token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A0PMBOT",
            "event": event, "type": "event_callback", "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()), "event_context": "4-fake",
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                                "is_enterprise_install": False, "enterprise_id": None}]}


def signed_headers(body: str, secret: str, *, timestamp: int | None = None,
                   content_type: str = "application/json") -> dict[str, str]:
    """The headers Slack signs a request with (v0 HMAC-SHA256 of `v0:ts:body`)."""
    from slack_sdk.signature import SignatureVerifier

    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or ""}


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, str]:
    """POST to the bot's endpoint; (status, body) also for 4xx/5xx."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
