"""`pmbot portal link` and `pmbot serve web`, as a script or an admin runs them."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from bot.cli.main import main


def test_portal_link_prints_a_url_alone_on_stdout_that_signs_the_contact_in(firm, db_url, monkeypatch):
    monkeypatch.setenv("PMBOT_PUBLIC_URL", "http://testserver")
    result = CliRunner().invoke(main, ["portal", "link", "nina", "--db", db_url])
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith("http://testserver/portal/auth?t=") and "\n" not in url
    assert "nina" in result.stderr


def test_portal_link_for_an_unknown_handle_exits_1_and_prints_no_url(firm, db_url):
    result = CliRunner().invoke(main, ["portal", "link", "nobody", "--db", db_url])
    assert result.exit_code == 1
    assert "/portal/auth" not in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_web_runs_the_portal_alone_on_the_configured_port(firm, db_url, tmp_path):
    port = _free_port()
    env = {**os.environ, "PMBOT_WEB_PORT": str(port), "PMBOT_WEB_HOST": "127.0.0.1",
           "PMBOT_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "web", "--db", db_url],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = None
        for _ in range(150):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/portal/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
        assert 'name="email"' in page.text
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_with_a_public_url_serves_the_portal_from_its_own_process_and_stops_it(firm, db_url, tmp_path):
    import signal

    port = _free_port()
    env = {**os.environ, "PMBOT_WEB_PORT": str(port), "PMBOT_WEB_HOST": "127.0.0.1",
           "PMBOT_PUBLIC_URL": f"http://127.0.0.1:{port}", "PMBOT_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--db", db_url], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = None
        for _ in range(300):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/portal/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    for _ in range(50):
        try:
            httpx.get(f"http://127.0.0.1:{port}/portal/login", timeout=1)
            time.sleep(0.2)
        except httpx.TransportError:
            break
    else:
        raise AssertionError("the portal's process outlived `pmbot serve`")
