"""Reports and charts in chat, and the client's 0–10 rating after a milestone."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from domain.core.errors import Invalid
from domain.core.models import Feedback, TimeEntry
from intents.conversation.assistant import Context, Tools
from intents.conversation.rating import parse_rating, rating_buttons, rating_prompt, rating_reply
from intents.handlers.reports import handle_chart, handle_report
from intents.understanding.schema import Intent


@dataclass
class ChartTools(Tools):
    """Tools with the `charts` field the lead adds to `intents.conversation.assistant.Tools`."""

    charts: Callable[[], Any] | None = None


class FakeRenderer:
    def __init__(self, folder: Path) -> None:
        self.folder, self.drawn = folder, []

    def render(self, kind: str, data: Any, *, lang: str = "en") -> Path:
        self.drawn.append((kind, data.project, lang))
        path = self.folder / f"{kind}.png"
        path.write_bytes(b"\x89PNG")
        return path


def context(session, actor, now, intent: str, lang: str = "en", tools=None, **slots) -> Context:
    return Context(session, actor, Intent(intent=intent, lang=lang, slots=slots), lang, now,
                   tools=tools or Tools())


@pytest.fixture
def hours(session, world):
    session.add(TimeEntry(person_id=world.lin.id, project_id=world.web.id,
                          day=date(2026, 11, 20), hours=10))
    session.commit()
    return world


def test_a_manager_asking_for_profit_gets_margin_lines_in_english(session, hours, now):
    reply = handle_report(context(session, hours.bob, now, "report", report="profit"))
    assert reply.text.splitlines()[0] == "Profit margin:"
    assert "WEB: revenue 6,500 CNY (billed hours), cost 2,000, margin 4,500 (69%)" in reply.text


def test_a_chinese_speaker_gets_the_report_in_chinese(session, hours, now):
    reply = handle_report(context(session, hours.lin, now, "report", lang="zh", report="utilization"))
    assert reply.text.startswith("工时利用率")
    assert "@lin：10 小时" in reply.text


def test_a_report_without_a_kind_asks_which_one(session, world, now):
    with pytest.raises(Invalid) as raised:
        handle_report(context(session, world.bob, now, "report"))
    assert raised.value.params["slot"] == "report"
    assert raised.value.params["options"] == ["profit", "variance", "utilization", "satisfaction", "risk"]


def test_a_chart_comes_back_as_an_image_with_a_one_line_summary(session, world, now, tmp_path):
    renderer = FakeRenderer(tmp_path)
    tools = ChartTools(charts=lambda: renderer)
    reply = handle_chart(context(session, world.bob, now, "chart", tools=tools,
                                 chart="kanban", project="WEB"))
    assert reply.image == tmp_path / "kanban.png"
    assert reply.text == "Kanban of WEB: 0 to do, 1 in progress, 0 blocked, 0 done."
    assert renderer.drawn == [("kanban", "WEB", "en")]


def test_without_a_renderer_the_chart_reply_says_so_and_gives_the_numbers(session, world, now):
    reply = handle_chart(context(session, world.bob, now, "chart", chart="gantt", project="WEB"))
    assert reply.image is None
    assert reply.text.startswith("Charts are not set up on this server")
    assert "Gantt of WEB: 1 task(s), 0 overdue, 2 milestone(s)." in reply.text


def test_a_client_contact_is_refused_an_internal_chart_before_anything_is_drawn(session, world, now, tmp_path):
    from domain.core.errors import Forbidden

    renderer = FakeRenderer(tmp_path)
    with pytest.raises(Forbidden):
        handle_chart(context(session, world.tom, now, "chart", chart="budget", project="WEB",
                             tools=ChartTools(charts=lambda: renderer)))
    assert renderer.drawn == []


def test_rating_buttons_run_from_0_to_10_and_carry_the_project_and_milestone(world):
    buttons = rating_buttons("WEB", milestone_id=world.beta.id)
    assert [b.label for b in buttons] == [str(n) for n in range(11)]
    assert buttons[9].value == f"rate WEB 9 #m{world.beta.id}"


def test_the_rating_question_names_the_milestone(world):
    reply = rating_prompt("zh", project="WEB", milestone="Beta", milestone_id=world.beta.id)
    assert "Beta" in reply.text and len(reply.buttons) == 11


@pytest.mark.parametrize("text, parsed", [
    ("rate WEB 9", ("WEB", 9, None, None)),
    ("rate ACME-WEB 10 #m3 great work, thanks", ("ACME-WEB", 10, 3, "great work, thanks")),
    ("评分 WEB 0 太慢了", ("WEB", 0, None, "太慢了")),
])
def test_a_rating_text_is_read_into_project_score_milestone_and_comment(text, parsed):
    rating = parse_rating(text)
    assert (rating.project, rating.score, rating.milestone_id, rating.comment) == parsed


@pytest.mark.parametrize("text", ["rate WEB 11", "rate WEB", "how do you rate WEB 9", "rate WEB 4.5"])
def test_other_texts_are_not_ratings(text):
    assert parse_rating(text) is None


def test_a_client_tapping_9_stores_feedback_on_the_five_point_scale(session, world, now):
    world.beta.done = True  # the buttons come with the notice that it was reached
    reply = rating_reply(session, world.tom, f"rate WEB 9 #m{world.beta.id} smooth beta", now=now)
    row = session.exec(select(Feedback)).one()
    assert (row.score, row.milestone_id, row.note) == (4.6, world.beta.id, "smooth beta")
    assert reply.text == "Thank you: 9/10 for WEB and your comment are noted."


def test_a_client_rating_another_clients_project_is_refused_and_nothing_is_stored(session, world, now):
    reply = rating_reply(session, world.gina, "rate WEB 3", now=now)
    assert reply.error == "project.not_found"
    assert session.exec(select(Feedback)).all() == []
