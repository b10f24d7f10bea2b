"""Slack acks while the portal is under load, as `pmbot serve` runs them: one process, two ports.

    python -m benchmarks.bench_slack_with_portal [--events 50] [--portal-clients 8]

The Slack endpoint (waitress + Bolt, as in `benchmarks.bench_slack`) and the portal (uvicorn
on its own port, on a thread, as `pmbot serve` starts it) share one process and one store.
`--portal-clients` threads request the project page without pause, signed in as the
project's manager, while 50 signed Slack events arrive at once. Prints the Slack ack
latencies and the portal's, and exits 1 if the ack p95 reaches 300 ms.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.bench_slack import NOW, SECRET, burst, percentile, prepare
from bot.slack.app import build_slack_app
from bot.slack.server import http_server
from tests.bot.fake_slack import FakeSlack


def start_portal(app) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    import socket

    import uvicorn

    from bot.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(app), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def signed_in(base: str, app, handle: str) -> httpx.Client:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from bot.web.links import sign_in_url
    from bot.web.security import secret_key
    from domain.core.store import unit_of_work
    from domain.people.signin import issue_link_for_handle

    with unit_of_work(app.engine) as session:
        _, token = issue_link_for_handle(session, handle, now=datetime.now(UTC))
    client = httpx.Client(base_url=base, timeout=30)
    confirm = client.get(sign_in_url(base, secret_key(app.settings), token))
    fields = dict(re.findall(r'name="(csrf|t)" value="([^"]+)"', confirm.text))
    client.post("/portal/auth", data=fields)
    return client


def load(client: httpx.Client, stop: threading.Event, timings: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        client.get("/portal/projects/WEB").raise_for_status()
        timings.append(time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--portal-clients", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-slack-portal-"))
    app = prepare(f"sqlite:///{folder / 'bench.db'}")
    fake = FakeSlack().start()
    app.settings = app.settings.model_copy(update={
        "slack_bot_token": "xoxb-bench", "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url, "data_dir": str(folder / "data")})
    slack = http_server(build_slack_app(app, clock=lambda: NOW), host="127.0.0.1", port=0).start()
    base, portal = start_portal(app)
    stop, page_times = threading.Event(), []  # type: ignore[var-annotated]
    clients = [signed_in(base, app, "pm") for _ in range(args.portal_clients)]
    loaders = [threading.Thread(target=load, args=(c, stop, page_times)) for c in clients]
    try:
        for thread in loaders:
            thread.start()
        time.sleep(1.0)  # the portal is busy before the burst arrives
        acks = burst(f"http://127.0.0.1:{slack.port}/slack/events", list(range(args.events)))
        fake.wait_for("chat.postMessage", args.events, timeout=60)
    finally:
        stop.set()
        for thread in loaders:
            thread.join()
        slack.stop()
        portal.should_exit = True  # type: ignore[attr-defined]
        fake.stop()
    p95 = percentile(acks, 0.95)
    print(f"slack: {args.events} concurrent events, ack p50 {percentile(acks, 0.5) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, max {max(acks) * 1000:.1f} ms")
    print(f"portal under load: {len(page_times)} pages by {args.portal_clients} clients, "
          f"p50 {percentile(page_times, 0.5) * 1000:.1f} ms, p95 {percentile(page_times, 0.95) * 1000:.1f} ms")
    ok = p95 < 0.300
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
