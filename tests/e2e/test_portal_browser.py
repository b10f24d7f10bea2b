"""The portal in a real headless browser: Debian's chromium driven by Playwright.

A live portal (uvicorn on a free loopback port) mails its sign-in links to a real SMTP
server on loopback; the browser signs in through the mailed link like a client would.
Screenshots are checked for ink and for Chinese drawn with real glyphs (no tofu boxes).
Set PORTAL_SCREENSHOTS=DIR to keep the EN and ZH screenshots (the README's come from here).
"""
from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.web.conftest import Inbox  # noqa: F401  (the smtp fixture's inbox type)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing "
                           "(.ci/run installs it with apt-get)")
    pytest.skip("no /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)",
                allow_module_level=True)

from tests.bot.web.conftest import firm, smtp  # noqa: E402, F401  (fixtures)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_portal(firm, db_url, smtp, monkeypatch) -> Iterator[str]:  # noqa: F811
    import uvicorn

    from bot.bootstrap import build_app
    from bot.web.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("PMBOT_SMTP_URL", smtp[0])
    monkeypatch.setenv("PMBOT_PUBLIC_URL", base)
    monkeypatch.setenv("PMBOT_SECRET_KEY", "browser-test-secret")
    app = build_app(database_url=db_url)
    server = uvicorn.Server(uvicorn.Config(create_app(app), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    app.engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _sign_in(page, base: str, inbox, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/portal/login")
    page.fill("#email", email)
    page.click("form[action='/portal/login'] button[type=submit]")
    page.wait_for_selector("#link-sent")
    for _ in range(50):
        if inbox.to(email):
            break
        time.sleep(0.1)
    page.goto(inbox.link_for(email))
    page.click("#confirm-sign-in")
    page.wait_for_load_state("networkidle")


def _cjk_drawn_with_real_glyphs(page) -> bool:  # type: ignore[no-untyped-def]
    """Two different Chinese strings drawn in the page's own font: with a CJK font their
    pixels differ; as missing-glyph boxes they are the same boxes."""
    return bool(page.evaluate("""() => {
        const font = getComputedStyle(document.body).font;
        const draw = (text) => {
            const c = document.createElement('canvas'); c.width = 200; c.height = 40;
            const g = c.getContext('2d'); g.font = font; g.fillText(text, 4, 28);
            return Array.from(g.getImageData(0, 0, 200, 40).data).join(',');
        };
        return draw('里程碑') !== draw('进度表') && draw('里程碑') !== draw('\\u0378\\u0379\\u0380');
    }"""))


def _has_ink(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    low, high = image.getextrema()
    colours = sum(1 for count in image.histogram() if count)
    return high - low > 100 and colours > 20


def _keep(png: bytes, name: str) -> None:
    folder = os.environ.get("PORTAL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


def test_a_client_signs_in_through_the_mailed_link_and_sees_the_project_in_english(
        live_portal, smtp, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    _sign_in(page, live_portal, smtp[1], "nina@northwind.example")
    page.click("text=NW-PORTAL")
    page.wait_for_selector("#milestones")
    assert "Prototype" in page.inner_text("#milestones")
    assert "1 of 2 tasks done" in page.inner_text("#progress")  # the client's tasks only
    page.wait_for_function("() => document.querySelector('img.chart').complete", timeout=30000)
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 500
    png = page.screenshot(full_page=True)
    assert _has_ink(png)
    _keep(png, "portal-en.png")


def test_a_chinese_client_sees_the_page_in_chinese_without_missing_glyphs(live_portal, smtp, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    _sign_in(page, live_portal, smtp[1], "lihua@qinghe.example")
    page.goto(f"{live_portal}/portal/projects/QH-APP")
    page.wait_for_selector("#milestones")
    assert "里程碑" in page.inner_text("#milestones") and "需求确认" in page.inner_text("#milestones")
    assert _cjk_drawn_with_real_glyphs(page)
    page.wait_for_function("() => document.querySelector('img.chart').complete", timeout=30000)
    png = page.screenshot(full_page=True)
    assert _has_ink(png)
    _keep(png, "portal-zh.png")
    page.click("#switch-lang")
    page.wait_for_selector("#milestones")
    assert "Milestones" in page.inner_text("#milestones")


def test_a_phone_sized_screen_shows_the_page_without_sideways_scrolling(live_portal, smtp, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 375, "height": 800})
    _sign_in(page, live_portal, smtp[1], "nina@northwind.example")
    page.goto(f"{live_portal}/portal/projects/NW-PORTAL")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_contact_of_one_client_gets_404_for_the_other_clients_project_and_internal_document(
        live_portal, smtp, browser, firm):  # noqa: F811
    import hashlib
    from datetime import UTC, datetime

    from domain.clients.documents import register_document
    from domain.core.actors import system_actor
    from domain.core.store import unit_of_work

    with unit_of_work(firm) as session:
        doc, _ = register_document(session, system_actor(), project="NW-PORTAL", file_name="rates.xlsx",
                                   title="Rate card", content_hash=hashlib.sha256(b"r").hexdigest(),
                                   visibility="internal", now=datetime.now(UTC))
        internal_id = doc.id
    page = browser.new_page()
    _sign_in(page, live_portal, smtp[1], "nina@northwind.example")
    other = page.goto(f"{live_portal}/portal/projects/QH-APP")
    other_text = page.inner_text("main")
    missing = page.goto(f"{live_portal}/portal/projects/NOPE-404")
    assert other.status == missing.status == 404
    assert other_text == page.inner_text("main")
    document = page.goto(f"{live_portal}/portal/documents/{internal_id}")
    assert document.status == 404 and page.inner_text("main") == other_text
