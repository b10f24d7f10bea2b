"""Telegram end to end: a real python-telegram-bot Application polls a local fake Bot API.

Each test starts the Application (polling every few milliseconds), plays a scenario from a
thread (queue updates, wait for the calls the bot makes), and stops it, all within seconds.
Nothing here may leave the machine: any connection to a non-loopback address fails the test.
"""
from __future__ import annotations

import asyncio
import html
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlmodel import Session, select

from bot.bootstrap import App, build_app
from bot.telegram.app import api_root, build_telegram, command_text, run_telegram
from bot.telegram.send import ButtonValues, send_reply
from domain.core.actors import system_actor
from domain.core.models import Approval, ChatIdentity, ClientContact, TimeEntry
from domain.people.linking import create_invite
from intents.conversation.assistant import Button, Reply
from intents.messages import render
from tests.bot.fake_telegram import FakeTelegram, callback_update, text_update

TOKEN = "123456:TEST-secret-token-abcdefghijklmnop"
LIN, BOB, DAVE, STRANGER, TOM = 7001, 7002, 7003, 7999, 7005
MARKER = 7998  # an unlinked user whose one message marks the end of a scenario
GROUP = -100500
# ---------------------------------------------------------------- fixtures
@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def pmbot(db_url: str, world, session: Session, fake: FakeTelegram) -> Iterator[App]:
    """pmbot wired to the fake; lin, bob and dave have linked their Telegram accounts."""
    for handle_id, actor in ((LIN, world.lin), (BOB, world.bob), (DAVE, world.dave)):
        session.add(ChatIdentity(platform="telegram", external_id=str(handle_id),
                                 person_id=actor.id))
    session.commit()
    app = build_app(database_url=db_url)
    app.settings = app.settings.model_copy(update={"telegram_bot_token": TOKEN,
                                                   "telegram_api_url": fake.url})
    yield app
    app.engine.dispose()


def run_bot(app: App, now: datetime, scenario: Callable[[Bot], None], limit: float = 60) -> None:
    """Start a polling Application, play `scenario` in a thread, then stop everything."""

    async def main() -> None:
        application = build_telegram(app, clock=lambda: now)
        async with application:  # the steps of run_polling, with a short poll interval
            await application.post_init(application)
            await application.updater.start_polling(poll_interval=0.01, timeout=1)
            await application.start()
            try:
                bot = Bot(application, asyncio.get_running_loop())
                await asyncio.wait_for(asyncio.to_thread(scenario, bot), limit)
            finally:
                await application.updater.stop()
                await application.stop()

    asyncio.run(main())


class Bot:
    """What a scenario (in its thread) may do with the running application."""

    def __init__(self, application, loop: asyncio.AbstractEventLoop) -> None:  # type: ignore[no-untyped-def]
        self.application, self.loop = application, loop

    def send(self, chat_id: int, reply: Reply) -> None:
        """Send a Reply as the delivery worker would (e.g. an approval request)."""
        values = self.application.bot_data["pmbot"].values
        coroutine = send_reply(self.application.bot, chat_id, reply, values=values)
        asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)


def handled_everything(fake: FakeTelegram, timeout: float = 10) -> None:
    """Block until the bot has handled (or dropped) every update pushed so far.

    Updates are handled one at a time, in order; so once a stranger's message pushed last has
    its answer, every update before it is done, and what the bot did not send, it never will.
    """
    fake.push(text_update(fake, user_id=MARKER, text="hello"))
    deadline = time.monotonic() + timeout
    while not said(fake, MARKER):
        assert time.monotonic() < deadline, "the bot never answered the marker message"
        time.sleep(0.01)


def said(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [c.params["text"] for c in fake.delivered("sendMessage")
            if str(c.params["chat_id"]) == str(chat_id)]


def hours_logged(session: Session) -> list[float]:
    session.expire_all()
    return [e.hours for e in session.exec(select(TimeEntry)).all()]


def overtime_request(pmbot: App, fake: FakeTelegram, bot: Bot) -> int:
    fake.push(text_update(fake, user_id=LIN, text="I need 2 hours overtime on WEB tomorrow"))
    fake.wait_for("sendMessage")
    with Session(pmbot.engine) as session:
        return session.exec(select(Approval)).one().id


# ---------------------------------------------------------------- conversations
def test_a_member_logs_time_by_private_message(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="log 3h on WEB"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert hours_logged(session) == [3]
    assert "在 WEB 的工时 3 小时" in said(fake, LIN)[0]
    assert fake.delivered("sendMessage")[0].params["parse_mode"] == "HTML"


def test_slash_status_answers_with_the_projects_figures(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=BOB, text="/status WEB"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "WEB" in said(fake, BOB)[0] and "Acme Website" in said(fake, BOB)[0]


def test_start_with_an_invite_code_links_the_account(pmbot, fake, session, now):
    code = create_invite(session, system_actor(), handle="tom", now=now)
    session.commit()

    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=TOM, text=f"/start {code}"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    identity = session.exec(select(ChatIdentity).where(ChatIdentity.external_id == str(TOM))).one()
    assert session.get(ClientContact, identity.contact_id).handle == "tom"
    assert "Tom Harris" in said(fake, TOM)[0] and "Telegram" in said(fake, TOM)[0]


def test_an_unlinked_user_gets_one_polite_explanation_and_nothing_else(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=STRANGER, text="log 3h on WEB"))
        fake.wait_for("sendMessage")
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    assert said(fake, STRANGER) == [html.escape(render("link.please_link", "en"))]
    assert "reply_markup" not in fake.delivered("sendMessage")[0].params
    assert hours_logged(session) == []


def test_a_manager_approves_overtime_with_a_button_and_the_message_is_updated(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        request = overtime_request(pmbot, fake, bot)
        bot.send(BOB, Reply(f"Lin asks for overtime (#{request})",
                            [Button("Approve", f"approve #{request}"),
                             Button("Reject", f"reject #{request}")]))
        sent = fake.wait_for("sendMessage", 2)[-1]
        fake.push(callback_update(fake, user_id=BOB, data=f"approve #{request}",
                                  message=sent.result))
        fake.wait_for("editMessageText")

    run_bot(pmbot, now, scenario)
    answer = fake.delivered("answerCallbackQuery")[0].params
    assert "Approved" in answer["text"] and answer.get("show_alert") in (None, "false", False)
    edited = fake.delivered("editMessageText")[0].params
    assert "Lin asks for overtime" in edited["text"] and "» Approve" in edited["text"]
    assert "reply_markup" not in edited
    with Session(pmbot.engine) as check:
        assert check.exec(select(Approval)).one().status == "approved"


def test_a_non_managers_click_on_an_approval_is_refused_and_changes_nothing(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        request = overtime_request(pmbot, fake, bot)
        bot.send(GROUP, Reply(f"Lin asks for overtime (#{request})",
                              [Button("Approve", f"approve #{request}")]))
        sent = fake.wait_for("sendMessage", 2)[-1]
        fake.push(callback_update(fake, user_id=DAVE, data=f"approve #{request}",
                                  message=sent.result))
        fake.wait_for("answerCallbackQuery")

    run_bot(pmbot, now, scenario)
    answer = fake.delivered("answerCallbackQuery")[0].params
    assert "No request #1" in answer["text"]
    with Session(pmbot.engine) as check:
        assert check.exec(select(Approval)).one().status == "pending"


def test_a_refused_click_is_answered_with_an_alert_and_leaves_the_message(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        request = overtime_request(pmbot, fake, bot)
        bot.send(GROUP, Reply(f"Lin asks for overtime (#{request})",
                              [Button("Approve", f"approve #{request}")]))
        sent = fake.wait_for("sendMessage", 2)[-1]
        fake.push(callback_update(fake, user_id=DAVE, data=f"approve #{request}",
                                  message=sent.result))
        fake.wait_for("answerCallbackQuery")
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    assert fake.delivered("answerCallbackQuery")[0].params["show_alert"] in (True, "true")
    assert fake.calls_to("editMessageText") == []


def test_in_a_group_only_the_person_asked_may_press_the_answer(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        fake.push(group_mention(fake, BOB, "log 2h"))
        question = fake.wait_for("sendMessage")[0].result
        fake.push(callback_update(fake, user_id=DAVE, data="GLX", message=question))
        fake.wait_for("answerCallbackQuery")
        fake.push(callback_update(fake, user_id=BOB, data="GLX", message=question))
        fake.wait_for("editMessageText")

    run_bot(pmbot, now, scenario)
    refused, accepted = (c.params for c in fake.delivered("answerCallbackQuery"))
    assert "Bob" in refused["text"] and refused["show_alert"] in (True, "true")
    assert "Logged 2 h on GLX" in accepted["text"]
    assert "» GLX" in fake.delivered("editMessageText")[0].params["text"]
    assert hours_logged(session) == [2]


def test_a_duplicate_update_is_processed_once(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        update = text_update(fake, user_id=LIN, text="log 3h on WEB")
        fake.push(update, update)
        fake.wait_for("sendMessage")
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    assert hours_logged(session) == [3]
    assert len(said(fake, LIN)) == 1


def group_mention(fake: FakeTelegram, user_id: int, text: str, name: str = "Bob") -> dict:
    mention = "@pmbot_test_bot"
    return text_update(fake, user_id=user_id, chat_id=GROUP, chat_type="supergroup",
                       text=f"{mention} {text}", first_name=name,
                       entities=[{"type": "mention", "offset": 0, "length": len(mention)}])


def test_in_a_group_only_messages_that_mention_the_bot_are_answered(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, chat_id=GROUP, chat_type="supergroup",
                              text="log 3h on WEB"))
        fake.push(group_mention(fake, LIN, "my tasks"))
        fake.wait_for("sendMessage")
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    assert hours_logged(session) == []
    [reply] = said(fake, GROUP)
    assert "Login page" in reply
    assert fake.delivered("sendMessage")[0].params["reply_parameters"]["message_id"]


def test_in_a_group_a_command_addressed_to_the_bot_is_answered(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=BOB, chat_id=GROUP, chat_type="supergroup",
                              text="/status@pmbot_test_bot WEB"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "Acme Website" in said(fake, GROUP)[0]


def test_an_edited_message_is_not_carried_out_again(pmbot, fake, session, now):
    def scenario(bot: Bot) -> None:
        original = text_update(fake, user_id=LIN, text="log 3h on WEB")
        edited = {"update_id": fake.next_update_id(),
                  "edited_message": {**original["message"], "text": "log 4h on WEB",
                                     "edit_date": int(time.time())}}
        fake.push(original, edited)
        fake.wait_for("sendMessage")
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    assert hours_logged(session) == [3]
    assert len(said(fake, LIN)) == 1


def test_user_text_with_angle_brackets_and_ampersands_is_escaped(pmbot, fake, now):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="add task Fix <b> & co on WEB"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert "Fix &lt;b&gt; &amp; co" in said(fake, LIN)[0]


def test_a_flood_limit_is_waited_out_and_the_reply_delivered_once(pmbot, fake, session, now):
    fake.fail_next("sendMessage", status=429, retry_after=1)

    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="log 3h on WEB"))
        fake.wait_for("sendMessage", timeout=8)
        handled_everything(fake)

    run_bot(pmbot, now, scenario)
    refused, delivered = [c for c in fake.calls_to("sendMessage") if str(c.params["chat_id"]) == str(LIN)]
    assert refused.status == 429 and delivered.status == 200
    assert delivered.at - refused.at >= 0.95
    assert hours_logged(session) == [3]


def test_a_server_error_is_retried_until_the_reply_is_delivered(pmbot, fake, now):
    fake.fail_next("sendMessage", status=500)

    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="my tasks"))
        fake.wait_for("sendMessage", timeout=8)

    run_bot(pmbot, now, scenario)
    assert [c.status for c in fake.calls_to("sendMessage")] == [500, 200]


def test_a_failing_handler_is_logged_and_the_next_update_is_served(pmbot, fake, now, caplog):
    fake.fail_next("sendMessage", status=400)

    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="my tasks"))
        fake.push(text_update(fake, user_id=BOB, text="my tasks"))
        fake.wait_for("sendMessage")

    with caplog.at_level(logging.ERROR, logger="pmbot.telegram"):
        run_bot(pmbot, now, scenario)
    assert said(fake, BOB) and not said(fake, LIN)
    assert "failed" in caplog.text


def test_commands_are_registered_in_english_and_chinese(pmbot, fake, now):
    run_bot(pmbot, now, lambda bot: fake.wait_for("setMyCommands", 2))
    menus = {c.params.get("language_code"): c.params["commands"]
             for c in fake.delivered("setMyCommands")}
    assert set(menus) == {None, "zh"}
    for menu in menus.values():
        assert {c["command"] for c in menu} == {"start", "help", "log", "task", "status",
                                                "mytasks"}
    assert any("工时" in c["description"] for c in menus["zh"])


def test_a_chart_reply_is_sent_as_a_photo(pmbot, fake, now, tmp_path):
    picture = tmp_path / "chart.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\nfake")

    def scenario(bot: Bot) -> None:
        bot.send(BOB, Reply("Burndown for WEB", image=picture))
        fake.wait_for("sendPhoto")

    run_bot(pmbot, now, scenario)
    assert fake.delivered("sendPhoto")[0].params["photo"]["size"] == picture.stat().st_size


def test_the_bot_token_never_appears_in_logs(pmbot, fake, now, caplog):
    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="my tasks"))
        fake.wait_for("sendMessage")

    with caplog.at_level(logging.DEBUG):
        run_bot(pmbot, now, scenario)
    assert "getUpdates" in caplog.text and "sendMessage" in caplog.text
    assert TOKEN not in caplog.text


def test_an_api_url_ending_in_bot_reaches_the_same_server(pmbot, fake, now):
    pmbot.settings = pmbot.settings.model_copy(update={"telegram_api_url": fake.url + "/bot/"})

    def scenario(bot: Bot) -> None:
        fake.push(text_update(fake, user_id=LIN, text="my tasks"))
        fake.wait_for("sendMessage")

    run_bot(pmbot, now, scenario)
    assert fake.calls_to("getMe")[0].token == TOKEN


# ---------------------------------------------------------------- webhook mode
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post_update(port: int, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_mode_accepts_updates_only_with_the_secret_token(pmbot, fake, session, now):
    pmbot.settings = pmbot.settings.model_copy(update={"telegram_webhook_secret": "s3cret-Value"})
    application = build_telegram(pmbot, clock=lambda: now)
    loops: list[asyncio.AbstractEventLoop] = []
    register = application.post_init

    async def remember_loop(app) -> None:  # type: ignore[no-untyped-def]
        loops.append(asyncio.get_running_loop())
        await register(app)

    application.post_init = remember_loop
    port = free_port()
    thread = threading.Thread(target=run_telegram, args=(pmbot,), daemon=True, kwargs={
        "webhook_url": "https://bot.example.test/telegram", "listen": "127.0.0.1", "port": port,
        "stop_signals": (), "application": application})
    thread.start()
    try:
        fake.wait_for("setWebhook")
        wait_until_listening(port)
        forged = post_update(port, text_update(fake, user_id=LIN, text="log 5h on WEB"), "wrong")
        genuine = post_update(port, text_update(fake, user_id=LIN, text="log 3h on WEB"),
                              "s3cret-Value")
        fake.wait_for("sendMessage")
    finally:
        loops[0].call_soon_threadsafe(loops[0].stop)
        thread.join(10)
    assert (forged, genuine) == (403, 200)
    assert fake.delivered("setWebhook")[0].params["secret_token"] == "s3cret-Value"
    assert hours_logged(session) == [3]


def wait_until_listening(port: int, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise AssertionError(f"nothing listens on {port}")


# ---------------------------------------------------------------- small pieces
@pytest.mark.parametrize(("typed", "meant"), [
    ("/status ACME-WEB", "status ACME-WEB"),
    ("/mytasks", "my tasks"),
    ("/mytasks@pmbot_test_bot", "my tasks"),
    ("/start AB12-CD34-EF56", "/start AB12-CD34-EF56"),
    ("/start", "help"),
    ("/log 3h WEB yesterday", "log hours 3h WEB yesterday"),
    ("/log 昨天官网3小时", "登记工时：昨天官网3小时"),
    ("/task Login page on WEB", "add task Login page on WEB"),
    ("/whatever", "help"),
])
def test_a_command_becomes_a_sentence_the_core_understands(typed, meant):
    assert command_text(typed) == meant


@pytest.mark.parametrize("url", ["https://api.telegram.org", "https://api.telegram.org/",
                                 "https://api.telegram.org/bot", "https://api.telegram.org/bot/"])
def test_the_api_root_is_the_same_with_or_without_bot(url):
    assert api_root(url) == "https://api.telegram.org"


def test_a_long_button_value_travels_under_a_short_key():
    values = ButtonValues()
    value = "approve #12 " + "because the client asked for it " * 3
    data = values.data_for(value)
    assert len(data.encode()) <= 64 and values.value_of(data) == value
    assert values.data_for("approve #12") == "approve #12"


def test_a_test_that_reaches_the_internet_fails_loudly(offline):
    with pytest.raises(OSError, match="OFFLINE TEST"):
        socket.create_connection(("203.0.113.9", 443), timeout=1)
    assert offline == ["203.0.113.9"]
    offline.clear()  # the guard worked; let the fixture's own check pass


def test_webhook_mode_without_a_public_url_stops_with_a_clear_message(pmbot):
    pmbot.settings = pmbot.settings.model_copy(update={"telegram_webhook_secret": "s3cret"})
    with pytest.raises(ValueError, match="PMBOT_TELEGRAM_WEBHOOK_URL"):
        run_telegram(pmbot, stop_signals=())


def test_serving_without_a_token_says_which_variable_is_missing(pmbot):
    pmbot.settings = pmbot.settings.model_copy(update={"telegram_bot_token": None})
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_telegram(pmbot)
