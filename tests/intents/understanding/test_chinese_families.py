"""Chinese phrasing families of the fourth blind set's tuning misses (issue 13), on a workspace
of our own (a furniture factory's MES for 顺德家居), never the blind set's names or sentences:
hours said inside a note, a reminder's title after its date, "分给我的" lists, weekday runs of
leave ("下周四五"), and a task named by part of its title in a request for an assignee.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from domain.core.actors import actor_for_handle
from domain.workspace.importing import import_workspace
from intents.understanding.understand import understand

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Friday
WORKSPACE = {
    "people": [
        {"handle": "zhaomin", "name": "赵敏", "role": "pm", "timezone": "Asia/Shanghai",
         "language": "zh", "skills": ["scrum"]},
        {"handle": "sunhao", "name": "孙浩", "role": "member", "timezone": "Asia/Shanghai",
         "language": "zh", "skills": ["go", "redis"]},
        {"handle": "wingyan", "name": "黃穎欣", "role": "member", "timezone": "Asia/Hong_Kong",
         "language": "zh", "skills": ["vue", "echarts"]},
    ],
    "clients": [{"name": "顺德家居", "contacts": [
        {"handle": "hewei", "name": "何伟", "language": "zh", "timezone": "Asia/Shanghai"}]}],
    "projects": [
        {"code": "SD-MES", "name": "顺德家居MES", "aliases": ["产线系统", "生产系统"],
         "client": "顺德家居", "manager": "zhaomin", "members": ["zhaomin", "sunhao", "wingyan"],
         "milestones": [{"name": "工艺评审", "due": "2026-11-20"}, {"name": "试产上线", "due": "2027-01-10"}],
         "tasks": [
             {"title": "工单排程引擎", "assignee": "sunhao", "status": "in_progress"},     # 1
             {"title": "质检看板设计", "assignee": "wingyan", "status": "todo"},          # 2
             {"title": "质检看板联调", "assignee": "wingyan", "status": "todo"},          # 3
             {"title": "条码打印服务", "assignee": "sunhao", "status": "todo"},           # 4
             {"title": "产线大屏改版", "assignee": "wingyan", "status": "todo"},           # 5
         ]},
    ],
}


@pytest.fixture
def say(session):
    import_workspace(session, WORKSPACE, now=NOW, source="test")
    session.commit()

    def said(text: str, who: str = "zhaomin") -> dict:
        return understand(session, text=text, actor=actor_for_handle(session, who), now=NOW).to_contract()
    return said


# ---------------------------------------------------------------- hours inside a note
def test_hours_said_inside_a_clause_are_cut_out_and_the_clause_kept(say) -> None:
    got = say("周三下午跟何伟开了三个小时的排程评审会，产线系统，重点过了换线规则", "sunhao")
    assert got["intent"] == "log_time"
    assert (got["slots"]["hours"], got["slots"]["project"]) == (3, "SD-MES")
    assert got["slots"]["note"] == "跟何伟开了排程评审会，重点过了换线规则"


def test_hours_tied_to_an_english_activity_leave_the_activity(say) -> None:
    got = say("今天生产系统写了2h的API文档", "sunhao")
    assert (got["slots"]["hours"], got["slots"]["note"]) == (2, "API文档")


def test_a_clause_saying_only_how_long_work_went_on_is_not_the_note(say) -> None:
    got = say("周二在产线系统上熬了一晚上，3个小时，调排程算法", "sunhao")
    assert got["intent"] == "log_time"
    assert got["slots"]["note"] == "调排程算法"


# ---------------------------------------------------------------- a reminder's title
def test_a_reminder_keeps_ba_and_the_milestone_and_the_recipient_in_its_title(say) -> None:
    got = say("提醒我下周二把工艺评审的结论发给孙浩")
    assert got["intent"] == "create_task"
    assert got["slots"] == {"title": "把工艺评审的结论发给孙浩", "assignee": "zhaomin", "due": "2026-12-01"}


def test_a_milestone_named_as_the_tasks_milestone_is_cut_from_the_title(say) -> None:
    got = say("给试产上线里程碑加个任务：准备培训材料")
    assert (got["slots"]["milestone"], got["slots"]["title"]) == ("试产上线", "准备培训材料")


def test_someone_given_the_task_is_still_the_assignee_and_not_in_the_title(say) -> None:
    got = say("给孙浩建个任务：条码模板整理，下周三前")
    assert (got["slots"]["assignee"], got["slots"]["title"]) == ("sunhao", "条码模板整理")


# ---------------------------------------------------------------- the speaker's tasks
@pytest.mark.parametrize("text", ["派给我的还有哪些没做", "分配给我的任务", "我负责的任务有逾期的吗",
                                  "轮到我的有哪些", "有冇安排咗俾我嘅嘢"])
def test_tasks_given_to_the_speaker_are_listed_for_the_speaker(say, text) -> None:
    got = say(text, "sunhao")
    assert (got["intent"], got["slots"].get("person")) == ("list_tasks", "sunhao")


def test_giving_a_task_to_oneself_is_still_an_assignment(say) -> None:
    got = say("#4 转给我", "sunhao")
    assert (got["intent"], got["slots"]) == ("update_task", {"task": 4, "assignee": "sunhao"})


# ---------------------------------------------------------------- weekday runs of leave
@pytest.mark.parametrize("text, start, end", [
    ("下周四五请年假", "2026-12-03", "2026-12-04"),
    ("下礼拜二三想放sick leave", "2026-12-01", "2026-12-02"),
    ("下個星期一、二想攞假", "2026-11-30", "2026-12-01"),
    ("下周一二三请事假，回老家", "2026-11-30", "2026-12-02"),
])
def test_weekdays_said_one_digit_each_are_one_leave(say, text, start, end) -> None:
    got = say(text, "wingyan")
    assert got["intent"] == "request_leave"
    assert (got["slots"]["start"], got["slots"]["end"]) == (start, end)


def test_a_leave_type_said_in_english_inside_chinese_is_read(say) -> None:
    assert say("下礼拜二三想放sick leave", "wingyan")["slots"]["leave_type"] == "sick"


def test_a_time_after_a_weekday_is_not_another_day(say) -> None:
    got = say("下周五六点后请假", "wingyan")
    assert (got["slots"]["start"], got["slots"]["end"]) == ("2026-12-04", "2026-12-04")


# ---------------------------------------------------------------- a task named by part of its title
def test_part_of_one_tasks_title_names_that_task(say) -> None:
    got = say("找个会go的人帮忙做排程引擎")
    assert got["intent"] == "suggest_assignee"
    assert got["slots"] == {"task": 1, "skills": ["go"]}


def test_part_of_several_titles_names_no_task(say) -> None:
    got = say("需要一个熟悉echarts的人来做质检看板")
    assert got["intent"] == "suggest_assignee"
    assert "task" not in got["slots"]


# ---------------------------------------------------------------- more clauses of a log or a request
def test_a_clause_saying_until_when_work_went_on_is_not_the_note(say) -> None:
    got = say("昨晚加班到十一点，产线系统，修了条码打印的bug，3小时", "sunhao")
    assert got["intent"] == "log_time"
    assert got["slots"]["note"] == "修了条码打印的bug"


def test_zhuyao_shi_is_no_what_if(say) -> None:
    got = say("前天在产线系统做了5小时的数据核对，主要是对齐工单号", "sunhao")
    assert got["intent"] == "log_time"
    assert got["slots"]["note"] == "数据核对，主要是对齐工单号"


def test_treating_someone_to_a_meal_keeps_the_treating(say) -> None:
    got = say("请何伟喝咖啡 花了88，产线系统", "zhaomin")
    assert got["intent"] == "log_expense"
    assert got["slots"]["note"] == "请何伟喝咖啡"


def test_about_next_to_the_hours_is_not_part_of_the_reason(say) -> None:
    got = say("周日要加班，产线系统试跑，大约5个小时", "sunhao")
    assert (got["intent"], got["slots"]["hours"], got["slots"]["note"]) == ("request_overtime", 5, "试跑")


def test_overtime_asked_around_its_hours_leaves_only_the_reason(say) -> None:
    got = say("明天要留下来加4小时班赶生产系统的验收材料", "sunhao")
    assert got["intent"] == "request_overtime"
    assert got["slots"]["note"] == "赶生产系统的验收材料"


def test_a_projects_short_head_starting_a_tasks_title_is_not_the_project(say) -> None:
    # 产线 is the head of the alias 产线系统, and 产线大屏 starts task 5's title: the task's work
    got = say("周六要加班三小时赶产线大屏", "wingyan")
    assert got["intent"] == "request_overtime"
    assert "project" not in got["slots"]
    assert say("产线这边进度如何")["slots"] == {"project": "SD-MES"}


# ---------------------------------------------------------------- English words glued to Chinese
def test_an_english_document_word_glued_to_chinese_asks_the_documents(say) -> None:
    got = say("产线系统的SOW里有没有写驻场天数", "zhaomin")
    assert got["intent"] == "ask_docs"
    assert got["slots"]["project"] == "SD-MES"


def test_an_english_device_glued_to_chinese_is_procurement(say) -> None:
    got = say("给产线系统买了四个PDA手柄，一共1600元", "sunhao")
    assert (got["intent"], got["slots"]["category"]) == ("log_expense", "procurement")


def test_a_task_word_glued_to_chinese_still_creates_a_task(say) -> None:
    got = say("在产线系统加个task：报工接口联调，给孙浩")
    assert got["intent"] == "create_task"
    assert (got["slots"]["title"], got["slots"]["assignee"]) == ("报工接口联调", "sunhao")


def test_looking_for_someone_who_can_do_a_skill_suggests_an_assignee(say) -> None:
    got = say("产线系统要找个会redis的帮忙")
    assert got["intent"] == "suggest_assignee"
    assert got["slots"] == {"project": "SD-MES", "skills": ["redis"]}


# ---------------------------------------------------------------- Cantonese, and an expense told in clauses
def test_cantonese_hours_inside_a_clause_keep_the_written_characters(say) -> None:
    got = say("尋日喺產線系統寫咗三個鐘嘅報工接口，主要係對齊工單號", "wingyan")
    assert got["intent"] == "log_time"
    assert (got["slots"]["hours"], got["slots"]["project"]) == (3, "SD-MES")
    assert got["slots"]["note"] == "報工接口，主要係對齊工單號"


def test_gaau_dim_is_done(say) -> None:
    got = say("#4 搞掂咗", "sunhao")
    assert (got["intent"], got["slots"]) == ("update_task", {"task": 4, "status": "done"})


def test_a_cantonese_contract_question_asks_the_documents(say) -> None:
    got = say("產線系統嘅合約講咗點樣驗收？", "wingyan")
    assert got["intent"] == "ask_docs"
    assert got["slots"]["project"] == "SD-MES"


def test_an_expense_told_in_two_clauses_before_its_amount_keeps_both(say) -> None:
    got = say("周一去顺德现场调试，来回打车一共花了230元，记产线系统", "sunhao")
    assert got["intent"] == "log_expense"
    assert (got["slots"]["amount"], got["slots"]["category"]) == (230, "travel")
    assert got["slots"]["note"] == "去顺德现场调试，来回打车"


def test_a_project_owning_the_object_of_ba_stays_in_the_title(say) -> None:
    got = say("提醒我下周三之前把产线系统的周报发给何伟")
    assert got["intent"] == "create_task"
    assert got["slots"] == {"project": "SD-MES", "assignee": "zhaomin", "due": "2026-12-02",
                            "title": "把产线系统的周报发给何伟"}


def test_overtime_that_is_all_hours_has_no_note(say) -> None:
    got = say("明天要加三小时的班", "sunhao")
    assert got["intent"] == "request_overtime"
    assert "note" not in got["slots"]


def test_coming_back_on_a_weekend_day_is_that_day(say) -> None:
    got = say("周日回公司加班4小时，产线系统联调", "sunhao")
    assert got["intent"] == "request_overtime"
    assert (got["slots"]["date"], got["slots"]["hours"]) == ("2026-11-29", 4)


def test_asking_how_a_policy_goes_is_a_question_not_a_request(say) -> None:
    got = say("公司的加班制度是怎样的", "sunhao")
    assert got["intent"] == "ask_docs"


# ---------------------------------------------------------------- reminders at a clock time, a task's state
def test_a_reminder_at_a_clock_time_said_in_words_for_a_private_errand_is_personal(say) -> None:
    got = say("提醒我下午四点喝水", "sunhao")
    assert got["intent"] == "unknown"


def test_a_reminder_at_a_clock_time_for_work_is_a_task_without_the_time_in_its_title(say) -> None:
    got = say("提醒我明天下午两点提交日报", "sunhao")
    assert got["intent"] == "create_task"
    assert got["slots"]["title"] == "提交日报"


@pytest.mark.parametrize("text, task", [("#4 进展如何", 4), ("工单排程引擎做到哪了", 1)])
def test_asking_how_one_task_is_going_is_that_tasks_state(say, text, task) -> None:
    got = say(text, "zhaomin")
    assert (got["intent"], got["slots"]) == ("project_status", {"task": task})


def test_asking_whether_a_project_is_all_right_is_its_status(say) -> None:
    assert say("产线系统还好吗")["slots"] == {"project": "SD-MES"}


# ---------------------------------------------------------------- more Cantonese
def test_cantonese_asks_how_far_a_task_is(say) -> None:
    got = say("#1 做到邊", "wingyan")
    assert (got["intent"], got["slots"]) == ("project_status", {"task": 1})


def test_cantonese_asks_ones_own_hours(say) -> None:
    got = say("我琴日做咗幾多個鐘", "wingyan")
    assert (got["intent"], got["slots"]["person"]) == ("timesheet", "wingyan")


def test_cantonese_asks_who_knows_a_skill(say) -> None:
    got = say("邊個識redis？", "wingyan")
    assert (got["intent"], got["slots"]) == ("suggest_assignee", {"skills": ["redis"]})


def test_overtime_already_worked_in_cantonese_has_no_note_of_its_own(say) -> None:
    got = say("尋晚OT咗3個鐘，產線系統", "wingyan")
    assert got["intent"] == "log_time"
    assert "note" not in got["slots"]


# ---------------------------------------------------------------- a unit price and the total
def test_a_unit_price_and_a_total_are_one_expense_of_the_total(say) -> None:
    got = say("买了4个读卡器，每个250元，一共1000元，产线系统", "sunhao")
    assert got["intent"] == "log_expense"
    assert (got["slots"]["amount"], got["slots"]["category"]) == (1000, "procurement")
    assert "entries" not in got


def test_a_hub_is_procurement(say) -> None:
    assert say("买了一个USB集线器，89元，产线系统用", "sunhao")["slots"]["category"] == "procurement"


def test_asking_how_a_projects_profit_is_is_the_profit_report(say) -> None:
    got = say("产线系统这个月的利润怎么样")
    assert got["intent"] == "report"
    assert (got["slots"]["report"], got["slots"]["project"]) == ("profit", "SD-MES")


def test_a_rejection_reason_said_as_liyou_shi_is_the_reason(session) -> None:
    import_workspace(session, WORKSPACE, now=NOW, source="test")
    session.commit()
    got = understand(session, text="驳回#2，理由是人手不够", actor=actor_for_handle(session, "zhaomin"), now=NOW)
    assert (got.intent, got.slots.get("note")) == ("decide", "人手不够")  # the reason for the requester


def test_hours_said_in_numbers_win_over_a_stretch_of_the_day(say) -> None:
    got = say("今天搞了一上午产线系统的报工接口，3小时", "sunhao")
    assert got["intent"] == "log_time"
    assert (got["slots"]["hours"], got["slots"]["note"]) == (3, "报工接口")
    assert "entries" not in got


def test_a_stretch_of_the_day_alone_is_still_hours(say) -> None:
    assert say("今天产线系统半天", "sunhao")["slots"]["hours"] == 4


def test_two_days_joined_by_cantonese_tung_maai_are_one_leave(say) -> None:
    got = say("下個禮拜二同埋禮拜三請假", "wingyan")
    assert (got["intent"], got["slots"]["start"], got["slots"]["end"]) == ("request_leave", "2026-12-01", "2026-12-02")


@pytest.mark.parametrize("text", ["产线系统会不会延期", "产线系统年底前赶得上吗"])
def test_asking_whether_a_project_will_slip_is_its_status(say, text) -> None:
    assert say(text)["intent"] == "project_status"


def test_asking_what_a_project_has_spent_is_its_budget(say) -> None:
    assert say("产线系统已经花了多少")["intent"] == "budget_status"
    assert say("产线系统花了多少时间")["intent"] == "timesheet"


def test_asking_how_loaded_people_are_is_the_utilization_report(say) -> None:
    got = say("大家这周的工作量怎么样")
    assert (got["intent"], got["slots"]["report"]) == ("report", "utilization")


# ---------------------------------------------------------------- a leave's length said with its first day
@pytest.mark.parametrize(("text", "start", "end"), [
    ("下周三开始请三天年假", "2026-12-02", "2026-12-04"),
    ("下周四开始请三天年假", "2026-12-03", "2026-12-07"),  # Thu, Fri, Mon: the weekend is not leave
    ("12月9号起休5个工作日的年假", "2026-12-09", "2026-12-15"),
    ("下個禮拜一開始放兩天假", "2026-11-30", "2026-12-01"),
    ("下周一请一天病假", "2026-11-30", "2026-11-30"),
])
def test_a_leave_said_by_its_first_day_and_length_ends_that_many_working_days_later(
        say, text, start, end) -> None:
    got = say(text, "sunhao")
    assert got["intent"] == "request_leave"
    assert (got["slots"]["start"], got["slots"]["end"]) == (start, end)


# ---------------------------------------------------------------- hours said as a stretch of the clock
def test_time_logged_as_a_stretch_of_the_clock_is_its_length(say) -> None:
    got = say("昨天下午两点到五点在产线系统上调排程引擎", "sunhao")
    assert got["intent"] == "log_time"
    assert (got["slots"]["hours"], got["slots"]["date"], got["slots"]["project"]) == (3, "2026-11-26", "SD-MES")
    assert "两点" not in got["slots"].get("note", "")
