"""`pmbot serve api` runs the REST API alone, on PMBOT_WEB_HOST/PORT."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from tests.bot.api.conftest import bearer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_pmbot_serve_api_answers_api_requests_and_serves_no_portal(tokens, db_url):
    port = _free_port()
    env = {**os.environ, "PMBOT_DATABASE_URL": db_url, "PMBOT_WEB_HOST": "127.0.0.1",
           "PMBOT_WEB_PORT": str(port), "PMBOT_SECRET_KEY": "test"}
    child = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "api"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                projects = httpx.get(f"{base}/api/v1/projects", headers=bearer(tokens["nina"]))
                break
            except httpx.TransportError:
                assert child.poll() is None, "pmbot serve api exited"
                time.sleep(0.1)
        else:
            raise AssertionError("pmbot serve api never answered")
        assert [p["code"] for p in projects.json()["items"]] == ["NW-PORTAL"]
        assert httpx.get(f"{base}/portal/login").status_code == 404
    finally:
        child.terminate()
        child.wait(timeout=15)
