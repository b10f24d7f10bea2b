"""Families of issue 13 read right on a workspace of their own (other names, projects and
wording than the blind set that showed them): a client named in passing, milestones asked
about without the word "milestone", document questions that name their source first, new
tasks asked for as a need, denied progress, the purpose of overtime, several projects' status.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from domain.core.actors import actor_for_handle
from domain.core.models import Project, ProjectMember, ProjectStatus
from domain.workspace.importing import import_workspace
from intents.understanding.understand import understand

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday

PEOPLE = [
    ("lena", "Lena Vogt", "pm", "en"), ("omar", "Omar Saleh", "member", "en"),
    ("piet", "Piet de Wit", "member", "en"), ("lina", "李娜", "member", "zh"),
    ("ada", "Ada Obi", "admin", "en"),
]
WORKSPACE = {
    "people": [{"handle": h, "name": n, "role": r, "language": lang, "timezone": "Asia/Shanghai"}
               for h, n, r, lang in PEOPLE],
    "clients": [{"name": "Brightwater Utilities"}, {"name": "Halcyon Foods"}, {"name": "青松医疗"},
                {"name": "Orchid Hotels"}],
    "projects": [
        # Brightwater's own project, and an internal one filed under the same client
        {"code": "BW-METER", "name": "Brightwater Smart Metering", "client": "Brightwater Utilities",
         "manager": "lena", "members": ["lena", "omar"],
         "milestones": [{"name": "Field trial", "due": "2026-12-02"},
                        {"name": "Meter pilot live", "due": "2026-12-16"}],
         "tasks": [{"title": "Gateway firmware", "assignee": "omar"},                  # 1
                   {"title": "Reading export", "assignee": "lena"}]},                  # 2
        {"code": "OPS-IN", "name": "Ops internal", "client": "Brightwater Utilities",
         "manager": "ada", "members": ["lena", "omar", "piet", "lina"]},
        # two projects that both carry Halcyon's name, and share a milestone's name
        {"code": "HF-APP", "name": "Halcyon Ordering App", "client": "Halcyon Foods",
         "manager": "omar", "members": ["omar", "lena"],
         "milestones": [{"name": "Store launch", "due": "2026-12-20"}]},
        {"code": "HF-POS", "name": "Halcyon POS Refresh", "client": "Halcyon Foods",
         "manager": "omar", "members": ["omar"],
         "milestones": [{"name": "Store launch", "due": "2027-01-10"}]},
        {"code": "QS-HIS", "name": "青松医院信息系统", "client": "青松医疗", "manager": "lina",
         "members": ["lina"], "milestones": [{"name": "门诊模块上线", "due": "2026-12-18"}]},
        {"code": "OR-CRM", "name": "Orchid Guest CRM", "client": "Orchid Hotels", "manager": "lena",
         "members": ["lena"]},  # closed in the fixture
    ],
}


@pytest.fixture
def say(session):
    import_workspace(session, WORKSPACE, now=NOW, source="test")
    closed = session.exec(select(Project).where(Project.code == "OR-CRM")).one()
    closed.status = ProjectStatus.closed
    session.add(closed)
    session.commit()

    def said(text: str, who: str) -> dict:
        got = understand(session, text=text, actor=actor_for_handle(session, who), now=NOW)
        return {**got.to_contract(), "choices": got.choices}
    return said


# ---------------------------------------------------------------- a client named in passing
def test_a_client_named_in_passing_stands_for_its_one_project_the_speaker_works_on(say) -> None:
    got = say("grabbed a cab to the brightwater depot for the meter audit, 86 rmb", "omar")
    assert got["intent"] == "log_expense"
    assert got["slots"]["project"] == "BW-METER"  # not OPS-IN: that one does not carry the name
    assert "brightwater depot" in got["slots"]["note"]


def test_a_chinese_client_named_in_passing_stands_for_its_one_project(say) -> None:
    got = say("去青松开需求评审会，打车花了45元", "lina")
    assert (got["intent"], got["slots"]["project"]) == ("log_expense", "QS-HIS")


@pytest.mark.parametrize("who", ["omar", "lena"])  # lena works on one of the two: still not told apart
def test_a_client_with_two_projects_of_its_name_leaves_the_project_open(say, who) -> None:
    got = say("lunch with the halcyon buyers, 320 rmb", who)
    assert got["intent"] == "log_expense"
    assert "project" not in got["slots"]


def test_a_client_whose_project_the_speaker_does_not_work_on_gives_no_project(say) -> None:
    got = say("train to the brightwater plant for the survey, 120 rmb", "piet")
    assert "project" not in got["slots"]  # piet works only on OPS-IN, which is not Brightwater's own


def test_an_admin_may_be_placed_on_any_open_project_of_the_client(say) -> None:
    got = say("took a cab out to brightwater for the steering meeting, 64 rmb", "ada")
    assert got["slots"]["project"] == "BW-METER"


def test_a_closed_project_is_not_what_a_client_name_stands_for(say) -> None:
    got = say("taxi to the orchid head office for the handover, 70 rmb", "lena")
    assert "project" not in got["slots"]


def test_a_report_on_a_client_names_the_client_not_its_project(say) -> None:
    got = say("client satisfaction report for Brightwater Utilities", "ada")
    assert got["slots"] == {"report": "satisfaction", "client": "Brightwater Utilities"}


def test_a_task_named_beside_the_client_places_the_work_without_a_project(say) -> None:
    got = say("2h on #1 with the brightwater engineers today", "omar")
    assert got["intent"] == "log_time"
    assert got["slots"]["task"] == 1 and "project" not in got["slots"]


# ---------------------------------------------------------------- milestones asked about
@pytest.mark.parametrize("text, who, milestone", [
    ("is Meter pilot live still realistic?", "lena", "Meter pilot live"),
    ("field trial — still on for next wednesday?", "omar", "Field trial"),
    ("are we going to make meter pilot live?", "lena", "Meter pilot live"),
    ("门诊模块上线还来得及吗", "lina", "门诊模块上线"),
])
def test_a_milestone_asked_about_without_the_word_is_a_status_question_about_it(
        say, text, who, milestone) -> None:
    got = say(text, who)
    assert (got["intent"], got["slots"]) == ("project_status", {"milestone": milestone})


def test_a_milestone_name_two_projects_share_is_not_guessed(say) -> None:
    got = say("is Store launch still on track?", "omar")
    assert got["intent"] == "project_status"
    assert "milestone" not in got["slots"]
    assert got["choices"]["milestone"] == ["Store launch"]


# ---------------------------------------------------------------- document questions
@pytest.mark.parametrize("text, who, question, project", [
    ("according to the smart metering SOW, who owns the meter data?", "lena",
     "who owns the meter data", "BW-METER"),
    ("per the Brightwater contract, what's the warranty period?", "omar",
     "what's the warranty period", "BW-METER"),
    ("as per the HF-APP spec, which payment methods are in scope?", "omar",
     "which payment methods are in scope", "HF-APP"),
])
def test_a_source_named_before_the_question_is_not_part_of_the_question(
        say, text, who, question, project) -> None:
    got = say(text, who)
    assert got["intent"] == "ask_docs"
    assert got["slots"] == {"question": question, "project": project}


def test_a_checklist_question_is_a_documents_question(say) -> None:
    got = say("where's the release checklist for HF-POS and what's step 2?", "omar")
    assert got["intent"] == "ask_docs"
    assert got["slots"]["project"] == "HF-POS"


# ---------------------------------------------------------------- new tasks asked for as a need
def test_a_task_needed_in_a_project_is_created_with_its_slots(say) -> None:
    got = say("need a ticket in HF-APP for push notification opt-in, lena, 5h estimate", "omar")
    assert got["intent"] == "create_task"
    assert got["slots"] == {"title": "push notification opt-in", "project": "HF-APP",
                            "assignee": "lena", "estimate_hours": 5}


def test_someone_asked_to_open_a_task_is_a_new_task(say) -> None:
    got = say("can someone open a task in BW-METER to recalibrate the gateways?", "lena")
    assert got["intent"] == "create_task"
    assert got["slots"] == {"title": "recalibrate the gateways", "project": "BW-METER"}


def test_a_task_list_needed_is_no_new_task(say) -> None:
    assert say("we need a task list for the field trial", "lena")["intent"] != "create_task"


# ---------------------------------------------------------------- denied progress
@pytest.mark.parametrize("text", ["I didn't finish #2 today", "haven't finished #2 yet",
                                  "I did not complete #2 this week"])
def test_progress_denied_is_a_question_of_state_never_a_write(say, text) -> None:
    got = say(text, "lena")
    assert (got["intent"], got["slots"]) == ("project_status", {"task": 2})


def test_asked_whether_someone_finished_a_task_is_their_task_list(say) -> None:
    got = say("did omar finish the gateway firmware?", "lena")
    assert (got["intent"], got["slots"]) == ("list_tasks", {"person": "omar"})


# ---------------------------------------------------------------- overtime's purpose
def test_what_overtime_is_for_is_its_note(say) -> None:
    got = say("staying late thursday for the firmware rollout, 3h OT on BW-METER", "omar")
    assert got["intent"] == "request_overtime"
    assert got["slots"]["note"] == "firmware rollout"
    assert got["slots"]["project"] == "BW-METER"


def test_overtime_for_a_project_has_no_note(say) -> None:
    got = say("OT saturday 4h for HF-POS", "omar")
    assert "note" not in got["slots"]


# ---------------------------------------------------------------- several projects
def test_several_projects_asked_about_at_once_are_offered_not_the_first_taken(say) -> None:
    got = say("HF-APP and HF-POS — how are they doing?", "omar")
    assert (got["intent"], got["slots"]) == ("project_status", {})
    assert got["choices"]["project"] == ["HF-APP", "HF-POS"]


def test_a_new_member_is_placed_on_the_clients_project_at_once(say, session) -> None:
    text = "train to the brightwater plant for the survey, 120 rmb"
    assert "project" not in say(text, "piet")["slots"]
    meter = session.exec(select(Project).where(Project.code == "BW-METER")).one()
    piet = actor_for_handle(session, "piet")
    session.add(ProjectMember(project_id=meter.id, person_id=piet.id))
    session.commit()
    assert say(text, "piet")["slots"]["project"] == "BW-METER"


# ---------------------------------------------------------------- more English families
def test_hours_reported_with_did_are_logged_not_asked(say) -> None:
    got = say("did 3h of load testing on HF-POS this morning", "omar")
    assert (got["intent"], got["slots"]["hours"], got["slots"]["project"]) == ("log_time", 3, "HF-POS")
    assert got["slots"]["note"] == "load testing"


def test_did_asking_about_hours_is_still_a_question(say) -> None:
    assert say("did you log my hours for HF-POS?", "omar")["intent"] == "timesheet"


def test_a_half_day_taken_is_leave_not_logged_hours(say) -> None:
    got = say("taking a half day next monday", "lena")
    assert (got["intent"], got["slots"]["start"]) == ("request_leave", "2026-11-30")


def test_the_latest_on_a_project_is_its_status(say) -> None:
    got = say("what's the latest on HF-APP?", "lena")
    assert (got["intent"], got["slots"]) == ("project_status", {"project": "HF-APP"})


def test_what_someone_is_up_to_is_their_task_list(say) -> None:
    got = say("what is omar up to?", "lena")
    assert (got["intent"], got["slots"]) == ("list_tasks", {"person": "omar"})


def test_a_time_of_day_after_the_day_is_not_overtimes_note(say) -> None:
    got = say("need 2h OT thursday evening for the meter import, BW-METER", "omar")
    assert got["slots"]["note"] == "meter import"


# ---------------------------------------------------------------- the Chinese counterparts
def test_a_chinese_milestone_asked_whether_it_slips_is_a_status_question(say) -> None:
    got = say("门诊模块上线会不会延期", "lina")
    assert (got["intent"], got["slots"]) == ("project_status", {"milestone": "门诊模块上线"})


def test_a_chinese_source_keeps_the_document_and_drops_the_pointing_word(say) -> None:
    got = say("按照QS-HIS的接口文档，挂号接口的超时是多少", "lina")
    assert got["intent"] == "ask_docs"
    assert got["slots"]["project"] == "QS-HIS"
    assert got["slots"]["question"].startswith("接口文档")


def test_a_question_in_traditional_characters_is_kept_as_written_when_pieces_are_joined(say) -> None:
    got = say("根據QS-HIS嘅SOW，改需求點收費", "lina")
    assert got["intent"] == "ask_docs"
    assert "改需求點收費" in got["slots"]["question"]


def test_a_note_re_read_by_a_family_is_kept_in_traditional_characters(say) -> None:
    got = say("今晚要留低加班兩個鐘，QS-HIS，測試掛號頁面", "lina")
    assert got["intent"] == "request_overtime"
    assert got["slots"]["note"] == "測試掛號頁面"


@pytest.mark.parametrize("text", ["#2 is not 50% done yet", "#2 isn't even half done",
                                  "I didn't get #2 done", "I'm not halfway through #2"])
def test_progress_or_completion_denied_writes_nothing(say, text) -> None:
    got = say(text, "lena")
    assert got["intent"] in {"project_status", "unknown"}


def test_an_acronym_before_a_noun_is_no_unknown_project(say) -> None:
    got = say("need to expense 900 for the SSL certificate renewal", "lena")
    assert got["intent"] == "log_expense"
    assert got["unresolved"] == {}


def test_claiming_an_expense_is_a_request_not_reported_speech(say) -> None:
    got = say("can I claim 52 rmb for a cab to the depot?", "omar")
    assert got["intent"] == "log_expense"
    assert got["slots"]["note"] == "cab to the depot"


@pytest.mark.parametrize("text, start", [("I'm out next monday, family trip", "2026-11-30"),
                                         ("can I get the 4th off?", "2026-12-04")])
def test_a_day_out_or_off_is_a_leave_request(say, text, start) -> None:
    got = say(text, "omar")
    assert (got["intent"], got["slots"]["start"]) == ("request_leave", start)


def test_weekend_work_announced_is_overtime_asked_not_hours_logged(say) -> None:
    got = say("I'll be working saturday on HF-POS, 5 hours, menu sync", "omar")
    assert got["intent"] == "request_overtime"
    assert (got["slots"]["date"], got["slots"]["hours"]) == ("2026-11-28", 5)


def test_a_task_asked_about_in_a_status_question_is_what_is_asked(say) -> None:
    got = say("is #2 on schedule?", "lena")
    assert (got["intent"], got["slots"]) == ("project_status", {"task": 2})


def test_how_utilised_the_team_is_the_utilisation_report(say) -> None:
    got = say("how utilised were we last month?", "ada")
    assert (got["intent"], got["slots"]["report"]) == ("report", "utilization")


@pytest.mark.parametrize(("text", "days"), [
    ("taking three days off from monday", 3), ("I'd like 2 days of annual leave starting wednesday", 2),
    ("I will take friday off", 1),
])
def test_a_leave_said_by_its_first_day_and_length_spans_that_many_working_days(say, text, days) -> None:
    from datetime import date, timedelta

    got = say(text, "omar")
    assert got["intent"] == "request_leave"
    start, end = date.fromisoformat(got["slots"]["start"]), date.fromisoformat(got["slots"]["end"])
    span = [start + timedelta(d) for d in range((end - start).days + 1)]
    assert sum(1 for d in span if d.weekday() < 5) == days and end.weekday() < 5


def test_time_logged_as_a_stretch_of_the_clock_is_its_length(say) -> None:
    got = say("yesterday from 1 to 4:30pm on BW-METER gateway firmware", "omar")
    assert got["intent"] == "log_time"
    assert (got["slots"]["hours"], got["slots"]["date"], got["slots"]["project"]) == (3.5, "2026-11-24", "BW-METER")
