"""50 concurrent signed Slack events against the production HTTP endpoint.

    python -m benchmarks.bench_slack [--events 50] [--retries 10] [--db URL]

The endpoint is the one `pmbot serve slack` runs (waitress + Bolt, `process_before_response`
False, so the HTTP request is acknowledged before the conversation runs), its Web API is
the local FakeSlack. All events are fired at once; each is a direct message in its own
conversation (half log time, half ask for tasks). Afterwards `--retries` of them are
delivered again with `X-Slack-Retry-Num`. Prints the ack latencies (p50, p95, max), how long
until every reply reached the fake, and checks that every conversation got exactly one
reply; exits 1 if ack p95 >= 300 ms or a reply is missing or doubled.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import App
from bot.settings import load_settings
from bot.slack.app import build_slack_app
from bot.slack.server import http_server
from tests.bot.fake_slack import FakeSlack, event_envelope, post, signed_headers

SECRET = "bench-signing-secret"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
USERS = 10


def workspace() -> dict:
    people = [{"handle": f"dev{i}", "name": f"Dev {i}", "role": "member",
               "email": f"dev{i}@firm.example", "slack_id": f"U{i:04d}"} for i in range(USERS)]
    people.append({"handle": "pm", "name": "Pat PM", "role": "pm", "email": "pm@firm.example"})
    tasks = [{"title": f"Task {i}", "assignee": f"dev{i}", "due": "2026-11-30",
              "status": "in_progress"} for i in range(USERS)]
    return {"people": people, "clients": [{"name": "Acme"}],
            "projects": [{"code": "WEB", "name": "Acme Website", "client": "Acme", "manager": "pm",
                          "members": [p["handle"] for p in people], "start": "2026-11-01",
                          "budget": 100000, "currency": "CNY", "hourly_rate": 650, "tasks": tasks}]}


def prepare(url: str) -> App:
    from sqlmodel import Session

    from domain.workspace.importing import import_workspace

    app = App(load_settings(database_url=url))
    app.migrate()
    with Session(app.engine) as session:
        import_workspace(session, workspace(), now=NOW, source="bench")
        session.commit()
    return app


def fire(url: str, index: int, barrier: threading.Barrier, retry: int | None = None) -> float:
    user = f"U{index % USERS:04d}"
    text = "log 1 hour on WEB today" if index % 2 else "my tasks"
    ts = f"1764200000.{index:06d}"
    event = {"type": "message", "channel": f"D{index:04d}", "channel_type": "im", "user": user,
             "text": text, "ts": ts, "event_ts": ts}
    body = json.dumps(event_envelope(event, event_id=f"EvBENCH{index:04d}"))
    headers = signed_headers(body, SECRET)
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    barrier.wait()
    started = time.perf_counter()
    status, _ = post(url, body, headers, timeout=30)
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"event {index}: HTTP {status}")
    return elapsed


def burst(url: str, indexes: list[int], retry: int | None = None) -> list[float]:
    barrier = threading.Barrier(len(indexes))
    with ThreadPoolExecutor(max_workers=len(indexes)) as pool:
        return list(pool.map(lambda i: fire(url, i, barrier, retry), indexes))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--retries", type=int, default=10)
    parser.add_argument("--db", default=None, help="an empty database URL (default: a temp SQLite)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-slack-"))
    app = prepare(args.db or f"sqlite:///{folder / 'bench.db'}")
    fake = FakeSlack().start()
    app.settings = app.settings.model_copy(update={
        "slack_bot_token": "xoxb-bench", "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url})
    server = http_server(build_slack_app(app, clock=lambda: NOW), host="127.0.0.1", port=0).start()
    url = f"http://127.0.0.1:{server.port}/slack/events"
    try:
        started = time.perf_counter()
        acks = burst(url, list(range(args.events)))
        replies = fake.wait_for("chat.postMessage", args.events, timeout=60)
        delivered = time.perf_counter() - started
        again = list(range(min(args.retries, args.events)))
        retried = burst(url, again, retry=1) if again else []
        time.sleep(1.0)  # a wrongly re-processed retry would post by now
        replies = fake.calls_to("chat.postMessage")
    finally:
        server.stop()
        fake.stop()
    per_channel = Counter(c.args["channel"] for c in replies)
    missing = [f"D{i:04d}" for i in range(args.events) if per_channel[f"D{i:04d}"] == 0]
    doubled = sorted(ch for ch, n in per_channel.items() if n > 1)
    failed = [c for c in replies if "went wrong" in (c.args.get("text") or "")]
    p95 = percentile(acks, 0.95)
    print(f"events {args.events} concurrent, retries {len(retried)}")
    print(f"ack  p50 {percentile(acks, 0.5) * 1000:.1f} ms  p95 {p95 * 1000:.1f} ms  "
          f"max {max(acks) * 1000:.1f} ms")
    if retried:
        print(f"retry ack p95 {percentile(retried, 0.95) * 1000:.1f} ms")
    print(f"all replies delivered after {delivered:.2f} s; replies {len(replies)}, "
          f"missing {len(missing)}, doubled {len(doubled)}, apologies {len(failed)}")
    ok = p95 < 0.300 and not (missing or doubled or failed) and len(replies) == args.events
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
