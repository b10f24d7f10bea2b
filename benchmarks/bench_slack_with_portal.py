"""Slack acks while the portal is under load, as `pmbot serve` runs them: two ports.

    python -m benchmarks.bench_slack_with_portal [--events 50] [--portal-clients 8]
                                                 [--same-process]

The Slack endpoint (waitress + Bolt, as in `benchmarks.bench_slack`) and the portal (uvicorn
on its own port) share one store; the portal runs in a child process (`pmbot serve web`),
as `pmbot serve` starts it, or with `--same-process` on a thread beside Slack (to see why not).
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


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_portal(app, same_process: bool) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    """The portal on a free port; returns its base URL and a stopper."""
    import os
    import subprocess

    port = _free_port()
    if not same_process:
        env = {**os.environ, "PMBOT_WEB_PORT": str(port), "PMBOT_WEB_HOST": "127.0.0.1",
               "PMBOT_DATA_DIR": app.settings.data_dir, "PYTHONPATH": os.pathsep.join(sys.path)}
        child = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "web", "--db",
                                  app.settings.database_url], env=env,
                                 stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/portal/login", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        return f"http://127.0.0.1:{port}", child.terminate
    import uvicorn

    from bot.web.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(app), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
    return f"http://127.0.0.1:{port}", stop


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
        answer = client.get("/portal/projects/WEB")
        if answer.status_code != 200 or "WEB" not in answer.text:
            raise RuntimeError(f"the portal answered {answer.status_code}, not the page")
        timings.append(time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--portal-clients", type=int, default=8)
    parser.add_argument("--same-process", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-slack-portal-"))
    app = prepare(f"sqlite:///{folder / 'bench.db'}")
    fake = FakeSlack().start()
    app.settings = app.settings.model_copy(update={
        "slack_bot_token": "xoxb-bench", "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url, "data_dir": str(folder / "data")})
    slack = http_server(build_slack_app(app, clock=lambda: NOW), host="127.0.0.1", port=0).start()
    base, stop_portal = start_portal(app, args.same_process)
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
        stop_portal()  # type: ignore[operator]
        fake.stop()
    p95 = percentile(acks, 0.95)
    print(f"slack: {args.events} concurrent events, ack p50 {percentile(acks, 0.5) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, max {max(acks) * 1000:.1f} ms")
    where = "same process" if args.same_process else "child process"
    print(f"portal ({where}) under load: {len(page_times)} pages by {args.portal_clients} clients, "
          f"p50 {percentile(page_times, 0.5) * 1000:.1f} ms, p95 {percentile(page_times, 0.95) * 1000:.1f} ms")
    ok = p95 < 0.300
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
