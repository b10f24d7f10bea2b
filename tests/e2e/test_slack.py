"""Whole conversations over Slack: a real Bolt app served by waitress over loopback receives
signed Events API payloads, slash commands and button clicks, and its Web API calls land in
FakeSlack, which records them. `process_before_response=True`, so when a POST returns its
replies have been sent.

    lin  U_LIN  (member of WEB)      bob  U_BOB  (manager of WEB and GLX)
    dave U_DAVE (member of GLX only) alice: admin, not linked (e-mail alice@firm.example)
"""
from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import Session, select

from bot.bootstrap import App
from bot.settings import load_settings
from bot.slack.app import build_slack_app, web_client
from bot.slack.blocks import send_reply
from bot.slack.server import http_server
from domain.core.models import Approval, ChatIdentity, Person, Task, TimeEntry
from intents.conversation.assistant import Button, Reply
from tests.bot.fake_slack import (
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    Call,
    FakeSlack,
    event_envelope,
    post,
    signed_headers,
)

TOKEN = "xoxb-test-0000-secret-token"
SECRET = "test-signing-secret-1234"
LINKED = {"lin": "U_LIN", "bob": "U_BOB", "dave": "U_DAVE"}


class SlackHarness:
    """Slack's side of the conversation: signs what users do and posts it to the bot."""

    def __init__(self, url: str, fake: FakeSlack, app: App) -> None:
        self.url, self.fake, self.app = url, fake, app
        self._ts = itertools.count(1)

    def ts(self) -> str:
        return f"1764200000.{next(self._ts):06d}"

    def send(self, body: str, *, content_type: str = "application/json",
             retry_num: int | None = None, timestamp: int | None = None,
             secret: str = SECRET) -> int:
        headers = signed_headers(body, secret, timestamp=timestamp, content_type=content_type)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = post(self.url, body, headers)
        return status

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> int:
        return self.send(json.dumps(event_envelope(event, event_id=event_id)), **kw)

    def dm(self, user: str, text: str, **kw: Any) -> int:
        ts = self.ts()
        return self.event({"type": "message", "channel": f"D_{user}", "channel_type": "im",
                           "user": user, "text": text, "ts": ts, "event_ts": ts}, **kw)

    def mention(self, user: str, text: str, channel: str = "C_TEAM") -> str:
        ts = self.ts()
        assert self.event({"type": "app_mention", "channel": channel, "user": user, "ts": ts,
                           "event_ts": ts, "text": f"<@{BOT_USER_ID}> {text}"}) == 200
        return ts

    def in_thread(self, user: str, text: str, thread: str, channel: str = "C_TEAM") -> int:
        ts = self.ts()
        return self.event({"type": "message", "channel": channel, "channel_type": "channel",
                           "user": user, "text": text, "ts": ts, "thread_ts": thread,
                           "event_ts": ts})

    def command(self, user: str, text: str, channel: str = "C_TEAM") -> int:
        form = {"token": "legacy", "team_id": TEAM_ID, "channel_id": channel,
                "channel_name": "team",
                "user_id": user, "user_name": user.lower(), "command": "/pm", "text": text,
                "api_app_id": "A0PMBOT", "response_url": f"{self.fake.root}/respond/{self.ts()}",
                "trigger_id": f"trig.{self.ts()}"}
        return self.send(urlencode(form), content_type="application/x-www-form-urlencoded")

    def click(self, user: str, message: Call, label: str) -> int:
        """Press the button labelled `label` on a message the bot posted."""
        blocks = message.args["blocks"]
        actions = next(b for b in blocks if b["type"] == "actions")
        button = next(e for e in actions["elements"] if e["text"]["text"] == label)
        channel, ts = message.args["channel"], message.result["ts"]
        posted = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
                  "text": message.args.get("text"), "blocks": blocks}
        if message.args.get("thread_ts"):
            posted["thread_ts"] = message.args["thread_ts"]
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID}, "api_app_id": "A0PMBOT",
            "user": {"id": user, "team_id": TEAM_ID}, "token": "legacy",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel,
                          "is_ephemeral": False},
            "trigger_id": f"trig.{self.ts()}", "channel": {"id": channel}, "message": posted,
            "response_url": f"{self.fake.root}/respond/{self.ts()}",
            "actions": [{**button, "block_id": actions["block_id"], "action_ts": self.ts()}],
        }
        return self.send(urlencode({"payload": json.dumps(payload)}),
                         content_type="application/x-www-form-urlencoded")

    def posted(self, channel: str | None = None) -> list[Call]:
        calls = self.fake.calls_to("chat.postMessage")
        return [c for c in calls if channel is None or c.args.get("channel") == channel]


@pytest.fixture
def slack(world, session: Session, db_url: str, now: datetime) -> Iterator[SlackHarness]:
    for handle, user in LINKED.items():
        person = session.exec(select(Person).where(Person.handle == handle)).one()
        session.add(ChatIdentity(platform="slack", external_id=user, person_id=person.id))
    session.commit()
    fake = FakeSlack().start()
    app = App(load_settings(database_url=db_url, slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                            slack_api_url=fake.api_url))
    bolt = build_slack_app(app, clock=lambda: now, process_before_response=True)
    server = http_server(bolt, host="127.0.0.1", port=0, threads=4).start()
    yield SlackHarness(f"http://127.0.0.1:{server.port}/slack/events", fake, app)
    server.stop()
    fake.stop()
    app.engine.dispose()


def _text(call: Call) -> str:
    return " ".join([call.args.get("text") or ""] + [
        b["text"]["text"] for b in call.args.get("blocks") or [] if b.get("type") == "section"])


# ---------------------------------------------------------------- conversations
def test_a_member_logs_time_in_a_direct_message_and_is_told_so(slack, session):
    assert slack.dm("U_LIN", "log 3 hours on WEB today") == 200
    [reply] = slack.posted("D_U_LIN")
    assert "在 WEB 的工时 3 小时" in _text(reply)
    assert [e.hours for e in session.exec(select(TimeEntry)).all()] == [3]


def test_a_task_asked_for_by_mention_gets_its_project_asked_in_the_thread(slack, session):
    thread = slack.mention("U_BOB", "add a task Write API docs")
    question = slack.posted("C_TEAM")[-1]
    assert question.args["thread_ts"] == thread
    assert "Which project" in _text(question)
    assert slack.in_thread("U_BOB", "WEB", thread) == 200
    confirm = slack.posted("C_TEAM")[-1]
    assert confirm.args["thread_ts"] == thread and "Write API docs" in _text(confirm)
    assert slack.click("U_BOB", confirm, "Yes") == 200
    task = session.exec(select(Task).where(Task.title == "Write API docs")).one()
    assert task.project_id == slack_project_id(session, "WEB")


def slack_project_id(session: Session, code: str) -> int:
    from domain.core.models import Project

    return session.exec(select(Project).where(Project.code == code)).one().id


def test_a_thread_reply_nobody_asked_for_is_ignored(slack):
    assert slack.in_thread("U_BOB", "lunch anyone?", "1764100000.000001") == 200
    assert slack.posted() == []


def test_a_slash_command_answers_privately_through_the_response_url(slack):
    assert slack.command("U_LIN", "my tasks") == 200
    [answer] = slack.fake.calls_to("response_url")
    assert "Login page" in answer.args["text"] and answer.args["response_type"] == "ephemeral"


def _approval_request(slack: SlackHarness, session: Session, channel: str) -> tuple[Call, int]:
    """lin asks for overtime; the approval reaches bob as a message with two buttons."""
    assert slack.dm("U_LIN", "request 2 hours overtime tomorrow on WEB") == 200
    approval = session.exec(select(Approval)).one()
    client = web_client(slack.app.settings)
    send_reply(client, channel=channel, addressee="U_BOB", conversation=channel,
               reply=Reply(f"lin asks for 2 h overtime (#{approval.id})",
                           [Button("Approve", f"approve #{approval.id}"),
                            Button("Reject", f"reject #{approval.id}")]))
    return slack.posted(channel)[-1], approval.id


def test_the_manager_approves_overtime_with_a_button_and_the_message_is_updated(slack, session):
    message, approval_id = _approval_request(slack, session, "D_U_BOB")
    assert slack.click("U_BOB", message, "Approve") == 200
    [update] = slack.fake.calls_to("chat.update")
    assert update.args["ts"] == message.result["ts"]
    assert "Approved" in update.args["text"]
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]
    session.rollback()  # end the read snapshot, see what the bot committed since
    assert session.get(Approval, approval_id).status == "approved"


def test_a_click_by_someone_who_may_not_approve_is_refused_and_changes_nothing(slack, session):
    message, approval_id = _approval_request(slack, session, "C_TEAM")
    assert slack.click("U_DAVE", message, "Approve") == 200
    [private] = slack.fake.calls_to("chat.postEphemeral")
    assert private.args["user"] == "U_DAVE" and "#1" in private.args["text"]
    assert slack.fake.calls_to("chat.update") == []
    session.rollback()  # end the read snapshot, see what the bot committed since
    assert session.get(Approval, approval_id).status == "pending"


# ---------------------------------------------------------------- identity
def test_a_slack_account_is_linked_with_an_invite_code(slack, session, now):
    from domain.core.actors import system_actor
    from domain.people.linking import create_invite

    code = create_invite(session, system_actor(), handle="alice", now=now)
    session.commit()
    assert slack.dm("U_NEW", f"link {code}") == 200
    assert "Alice Wang" in _text(slack.posted("D_U_NEW")[-1])
    assert slack.dm("U_NEW", "help") == 200
    assert "Things you can say" in _text(slack.posted("D_U_NEW")[-1])


def test_an_unlinked_user_gets_one_polite_explanation_and_nothing_else(slack, session):
    slack.fake.add_user("U_STRANGER", email="stranger@elsewhere.example")
    assert slack.dm("U_STRANGER", "log 3 hours on WEB today") == 200
    [reply] = slack.posted()
    assert "I don't know you yet" in reply.args["text"] and "link" in reply.args["text"]
    assert not reply.args.get("thread_ts")
    assert not [b for b in reply.args["blocks"] if b["type"] == "actions"]
    assert session.exec(select(TimeEntry)).all() == []


def test_a_slack_user_whose_email_matches_a_person_is_linked_through_users_info(slack, session):
    slack.fake.add_user("U_ALICE", email="Alice@firm.example")
    assert slack.dm("U_ALICE", "help") == 200
    assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == ["U_ALICE"]
    assert "Things you can say" in _text(slack.posted("D_U_ALICE")[-1])
    assert session.exec(select(ChatIdentity).where(ChatIdentity.external_id == "U_ALICE")).one()


def test_the_home_tab_shows_open_tasks_this_week_and_hours_logged(slack):
    slack.dm("U_LIN", "log 3 hours on WEB today")
    assert slack.event({"type": "app_home_opened", "user": "U_LIN", "channel": "D_U_LIN",
                        "tab": "home", "event_ts": slack.ts()}) == 200
    [publish] = slack.fake.calls_to("views.publish")
    assert publish.args["user_id"] == "U_LIN"
    home = json.dumps(publish.args["view"], ensure_ascii=False)
    assert "Login page" in home and "3 小时" in home


# ---------------------------------------------------------------- delivery and faults
def test_a_retried_event_is_processed_once(slack, session):
    assert slack.dm("U_LIN", "log 2 hours on WEB today", event_id="Ev0RETRY") == 200
    assert slack.dm("U_LIN", "log 2 hours on WEB today", event_id="Ev0RETRY", retry_num=1) == 200
    assert len(slack.posted()) == 1
    assert len(session.exec(select(TimeEntry)).all()) == 1


def test_a_request_with_a_bad_signature_is_rejected(slack):
    assert slack.dm("U_LIN", "log 2 hours on WEB today", secret="not-the-secret") == 401
    assert slack.posted() == []


def test_a_request_with_a_stale_timestamp_is_rejected(slack):
    assert slack.dm("U_LIN", "log 2 hours on WEB today", timestamp=int(time.time()) - 600) == 401
    assert slack.posted() == []


def test_a_rate_limited_reply_waits_out_retry_after_and_is_sent(slack):
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert slack.dm("U_LIN", "my tasks") == 200
    assert time.monotonic() - started >= 1
    methods = [c.method for c in slack.fake.calls if c.method.startswith("chat.postMessage")]
    assert methods == ["chat.postMessage!429", "chat.postMessage"]


def test_a_reply_that_meets_a_server_error_is_retried(slack):
    slack.fake.fail_next("chat.postMessage", status=500, retry_after=None)
    assert slack.dm("U_LIN", "my tasks") == 200
    assert len(slack.posted("D_U_LIN")) == 1


def test_a_reply_slack_keeps_refusing_is_logged_and_the_next_message_is_still_answered(
        slack, caplog):
    for _ in range(3):  # the first try and both retries
        slack.fake.fail_next("chat.postMessage", status=500, retry_after=None)
    slack.dm("U_LIN", "my tasks")  # tests work before answering, so Slack would see a 500 here
    assert "slack: handler failed for event_callback/message" in caplog.text
    assert slack.dm("U_LIN", "my tasks") == 200
    assert len(slack.posted("D_U_LIN")) == 1


def test_the_bots_own_messages_are_ignored(slack):
    ts = slack.ts()
    assert slack.event({"type": "message", "channel": "D_U_LIN", "channel_type": "im", "ts": ts,
                        "user": BOT_USER_ID, "bot_id": BOT_ID, "text": "my tasks"}) == 200
    assert slack.event({"type": "message", "subtype": "bot_message", "channel": "D_U_LIN",
                        "channel_type": "im", "ts": slack.ts(), "bot_id": "B0OTHER",
                        "text": "my tasks"}) == 200
    assert slack.posted() == []


def test_secrets_never_appear_in_the_logs(slack, caplog):
    caplog.set_level(logging.DEBUG)
    slack.dm("U_LIN", "my tasks")
    slack.dm("U_LIN", "my tasks", secret="wrong")
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_a_chart_reply_is_uploaded_into_the_conversation(slack, tmp_path: Path):
    chart = tmp_path / "burndown.png"
    chart.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    send_reply(web_client(slack.app.settings), channel="C_TEAM", thread_ts="1764100000.000001",
               reply=Reply("Burndown of WEB", image=chart))
    methods = [c.method for c in slack.fake.calls if c.method != "auth.test"]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "upload",
                       "files.completeUploadExternal"]
    complete = slack.fake.calls_to("files.completeUploadExternal")[0]
    assert complete.args["channel_id"] == "C_TEAM"
    assert complete.args["thread_ts"] == "1764100000.000001"


# ---------------------------------------------------------------- configuration and serving
@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"])
def test_the_slack_api_url_is_accepted_with_or_without_its_trailing_slash(url):
    settings = load_settings(slack_bot_token=TOKEN, slack_api_url=url)
    assert web_client(settings).base_url == "http://127.0.0.1:9/api/"


def test_pmbot_serve_slack_answers_a_signed_direct_message(slack, db_url, tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PMBOT_DATABASE_URL": db_url, "SLACK_BOT_TOKEN": TOKEN,
           "SLACK_SIGNING_SECRET": SECRET, "PMBOT_SLACK_API_URL": slack.fake.api_url.rstrip("/"),
           "PMBOT_SLACK_HOST": "127.0.0.1", "PMBOT_SLACK_PORT": str(port)}
    code = "from bot.cli.main import main; import bot.cli.serve; main()"
    process = subprocess.Popen([sys.executable, "-c", code, "serve", "slack"], env=env,
                               cwd=str(Path(__file__).resolve().parents[2]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_healthy(f"http://127.0.0.1:{port}/healthz", urllib.request)
        served = SlackHarness(f"http://127.0.0.1:{port}/slack/events", slack.fake, slack.app)
        assert served.dm("U_BOB", "help") == 200
        [reply] = slack.fake.wait_for("chat.postMessage", 1)
        assert reply.args["channel"] == "D_U_BOB" and "Things you can say" in reply.args["text"]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert TOKEN not in stderr.decode() and SECRET not in stderr.decode()


def _wait_until_healthy(url: str, request_module: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with request_module.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_the_app_manifest_subscribes_to_everything_the_adapter_listens_to():
    import yaml

    root = Path(__file__).resolve().parents[2]
    manifest = yaml.safe_load((root / "slack_manifest.yaml").read_text(encoding="utf-8"))
    settings = manifest["settings"]
    assert {"app_home_opened", "app_mention", "message.im", "message.channels"} <= set(
        settings["event_subscriptions"]["bot_events"])
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/pm"]
    assert settings["interactivity"]["is_enabled"]
    assert manifest["features"]["app_home"]["home_tab_enabled"]
    assert {"chat:write", "commands", "users:read.email", "files:write"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
