"""FakeTelegram: a small local Bot API server on 127.0.0.1 (port 0), in a thread.

It answers the methods pmbot's adapter uses in the documented shape `{"ok": true, "result": …}`,
serves queued updates to `getUpdates` (honouring the long-poll timeout only briefly, so tests
stay fast), records every call with its decoded parameters (JSON, form-encoded and multipart
bodies alike), and can be told to fail a method once: a 429 with `parameters.retry_after`, or
a 500.

    with FakeTelegram() as fake:
        fake.push(private_text(user_id=7, text="hello"))
        ... point PTB at fake.url ...
        fake.wait_for("sendMessage")
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, unquote

BOT = {"id": 900001, "is_bot": True, "first_name": "pmbot", "username": "pmbot_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False,
       "supports_inline_queries": False}
LONG_POLL_CAP = 0.2  # seconds a getUpdates with no update may hang before answering []


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    at: float = field(default_factory=time.monotonic)
    status: int = 0  # the HTTP status answered
    result: Any = None  # the `result` answered, e.g. the Message a sendMessage created


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, list[tuple[int, int | None]]] = {}
        self._updates: list[dict] = []
        self._messages: dict[tuple[int, int], dict] = {}  # what users and the bot said
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id → (file_path, content)
        self._next_update_id = 1000
        self._next_message_id = 1
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)

    # ------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------ scripting
    def next_update_id(self) -> int:
        with self._lock:
            self._next_update_id += 1
            return self._next_update_id

    def push(self, *updates: dict) -> None:
        """Queue updates; those pushed together are served in one getUpdates answer."""
        with self._lock:
            for update in updates:
                message = update.get("message")
                if message:
                    self._messages[(message["chat"]["id"], message["message_id"])] = message
            self._updates.extend(updates)
            self._lock.notify_all()

    def add_file(self, file_id: str, data: bytes, file_path: str) -> None:
        """A file a user sent: `getFile` describes it, `/file/bot<token>/<path>` serves it."""
        with self._lock:
            self.files[file_id] = (file_path, data)

    def file_at(self, file_path: str) -> bytes | None:
        with self._lock:
            return next((data for path, data in self.files.values() if path == file_path), None)

    def fail_next(self, method: str, *, status: int = 500, retry_after: int | None = None) -> None:
        """The next call of `method` answers with an error (429 + retry_after, or a 500)."""
        with self._lock:
            self.failures.setdefault(method, []).append((status, retry_after))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        """Block until `count` calls of `method` succeeded; AssertionError after timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method and c.status == 200]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} x {method}, saw {seen}")
                self._lock.wait(left)
            return [c for c in self.calls if c.method == method and c.status == 200]

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    # ------------------------------------------------------------ the API
    def delivered(self, method: str) -> list[Call]:
        """Calls of `method` that succeeded (answered 200)."""
        return [c for c in self.calls_to(method) if c.status == 200]

    def answer(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        call = Call(method, params, token)
        status, body = self._answer(method, params)
        call.status, call.result = status, body.get("result")
        with self._lock:  # recorded once answered, so a waiter sees the outcome too
            self.calls.append(call)
            self._lock.notify_all()
        return status, body

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        with self._lock:
            failure = self._take_failure(method)
        if failure is not None:
            return failure
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._serve_updates(params)}
        result = self._result(method, params)
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return 200, {"ok": True, "result": result}

    def _take_failure(self, method: str) -> tuple[int, dict] | None:
        queued = self.failures.get(method)
        if not queued:
            return None
        status, retry_after = queued.pop(0)
        body: dict[str, Any] = {"ok": False, "error_code": status,
                                "description": "Too Many Requests" if status == 429
                                else "Internal Server Error"}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
            body["description"] += f": retry after {retry_after}"
        return status, body

    def _serve_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        deadline = time.monotonic() + wait
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            batch, self._updates = self._updates, []
            return batch

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method in ("deleteWebhook", "setWebhook", "setMyCommands", "answerCallbackQuery",
                      "deleteMyCommands"):
            return True
        if method in ("sendMessage", "sendPhoto"):
            return self._message(params)
        if method == "getFile":
            with self._lock:
                known = self.files.get(str(params.get("file_id")))
            if known is None:
                return None
            return {"file_id": params["file_id"], "file_unique_id": f"u-{params['file_id']}",
                    "file_size": len(known[1]), "file_path": known[0]}
        if method == "editMessageText":
            return {**self._message(params), "message_id": int(params["message_id"]),
                    "edit_date": int(time.time())}
        return None

    def _message(self, params: dict[str, Any]) -> dict:
        with self._lock:
            self._next_message_id += 1
            message_id = self._next_message_id
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()), "from": BOT,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
        }
        if "text" in params:
            message["text"] = params["text"]
        if "photo" in params:
            message["photo"] = [{"file_id": f"photo{message_id}", "file_unique_id": f"u{message_id}",
                                 "width": 640, "height": 480}]
        if "caption" in params:
            message["caption"] = params["caption"]
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        replied = (params.get("reply_parameters") or {}).get("message_id")
        with self._lock:
            if replied and (chat_id, int(replied)) in self._messages:
                message["reply_to_message"] = self._messages[(chat_id, int(replied))]
            self._messages[(chat_id, message_id)] = message
        return message


# ---------------------------------------------------------------- HTTP plumbing
def _handler_for(fake: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            path, _, query = self.path.partition("?")
            parts = path.strip("/").split("/")
            if len(parts) > 2 and parts[0] == "file" and parts[1].startswith("bot"):
                self._send_file(unquote(parts[1][3:]), unquote("/".join(parts[2:])))
                return
            if len(parts) != 2 or not parts[0].startswith("bot"):
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            params = decode_body(self.headers.get("Content-Type", ""), body)
            params.update(_decode_form(query.encode()))
            self._send(*fake.answer(parts[0][3:], parts[1], params))

        def _send_file(self, token: str, file_path: str) -> None:
            data = fake.file_at(file_path)
            call = Call("download", {"file_path": file_path}, token, status=200 if data else 404)
            with fake._lock:
                fake.calls.append(call)
                fake._lock.notify_all()
            if data is None:
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (shutdown)
                self.close_connection = True

        def log_message(self, *args: object) -> None:  # keep test output quiet
            return

    return Handler


def decode_body(content_type: str, body: bytes) -> dict[str, Any]:
    """JSON, form-encoded or multipart parameters; nested values (JSON strings) decoded."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    if content_type.startswith("multipart/form-data"):
        return _decode_multipart(content_type, body)
    return _decode_form(body)


def _decode_form(body: bytes) -> dict[str, Any]:
    return {k: _maybe_json(v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}


def _decode_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            params[name] = {"filename": part.get_filename(), "size": len(payload)}
        else:
            params[name] = _maybe_json(payload.decode())
    return params


def _maybe_json(value: str) -> Any:
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# ---------------------------------------------------------------- update factories
def user(user_id: int, first_name: str = "Someone", language_code: str = "en") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name,
            "language_code": language_code}


def text_update(fake: FakeTelegram, *, user_id: int, text: str, chat_id: int | None = None,
                chat_type: str = "private", entities: list[dict] | None = None,
                first_name: str = "Someone") -> dict:
    """An `Update` carrying a text message (a command gets its bot_command entity)."""
    chat = chat_id if chat_id is not None else user_id
    message: dict[str, Any] = {
        "message_id": fake.next_update_id(), "date": int(time.time()),
        "from": user(user_id, first_name),
        "chat": {"id": chat, "type": chat_type, **({"title": "Team"} if chat_type != "private"
                                                   else {"first_name": "Someone"})},
        "text": text,
    }
    if entities is None and text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if entities:
        message["entities"] = entities
    return {"update_id": fake.next_update_id(), "message": message}


def document_update(fake: FakeTelegram, *, user_id: int, file_id: str, file_name: str,
                    size: int, caption: str | None = None) -> dict:
    """An `Update` carrying a file sent in a private chat, with its caption."""
    message: dict[str, Any] = {
        "message_id": fake.next_update_id(), "date": int(time.time()),
        "from": user(user_id), "chat": {"id": user_id, "type": "private", "first_name": "Someone"},
        "document": {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": file_name,
                     "mime_type": "application/octet-stream", "file_size": size},
    }
    if caption:
        message["caption"] = caption
    return {"update_id": fake.next_update_id(), "message": message}


def callback_update(fake: FakeTelegram, *, user_id: int, data: str, message: dict) -> dict:
    """An `Update` for a pressed inline button on a message the bot sent earlier."""
    return {"update_id": fake.next_update_id(),
            "callback_query": {"id": str(fake.next_update_id()), "from": user(user_id),
                               "chat_instance": "ci-1", "message": message, "data": data}}
