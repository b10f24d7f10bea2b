"""What pmbot understands from Chinese (and mixed) messages: said → intent and slots.

Same workspace as the English table (a web shop for Northwind, an ERP rollout for 海天集团).
"""
from __future__ import annotations

import pytest

from tests.intents.understanding.test_understand_en import say  # noqa: F401  (the fixture)

TABLE = [
    ("昨天网店做了4个小时", "sara", "log_time",
     {"hours": 4, "date": "2026-11-26", "project": "NW-SHOP"}),
    ("前天在海天ERP上花了一个半小时整理主数据", "wang", "log_time",
     {"hours": 1.5, "date": "2026-11-25", "project": "HT-ERP", "note": "整理主数据"}),
    ("幫我記一下：今天網店 3小時", "sara", "log_time",
     {"hours": 3, "date": "2026-11-27", "project": "NW-SHOP"}),
    ("给王磊建个任务：库存同步脚本，海天ERP，下周三前，紧急", "ravi", "create_task",
     {"title": "库存同步脚本", "project": "HT-ERP", "assignee": "wang", "due": "2026-12-02",
      "priority": "urgent"}),
    ("#3 完成了", "wang", "update_task", {"task": 3, "status": "done"}),
    ("#4 我来接手", "sara", "update_task", {"task": 4, "assignee": "sara"}),
    ("海天ERP进度怎么样", "mei", "project_status", {"project": "HT-ERP"}),
    ("我这周记了多少工时", "wang", "timesheet",
     {"person": "wang", "start": "2026-11-23", "end": "2026-11-29"}),
    ("王磊手上有哪些任务", "ravi", "list_tasks", {"person": "wang"}),
    ("小王这周记了多少工时", "ravi", "timesheet",
     {"person": "wang", "start": "2026-11-23", "end": "2026-11-29"}),
    ("下周一请年假", "sara", "request_leave",
     {"start": "2026-11-30", "end": "2026-11-30", "leave_type": "annual"}),
    ("驳回申请 #7", "ravi", "decide", {"decision": "reject", "request": 7}),
    ("打车去客户那里 58元", "sara", "log_expense",
     {"amount": 58, "currency": "CNY", "category": "travel", "note": "打车去客户那里"}),
    ("周六加班4小时 网店 赶上线", "kai", "request_overtime",
     {"date": "2026-11-28", "hours": 4, "project": "NW-SHOP", "note": "赶上线"}),
    ("海天ERP 蓝图确认 里程碑完成了", "ravi", "complete_milestone",
     {"milestone": "蓝图确认", "project": "HT-ERP"}),
    ("网店的甘特图", "ravi", "chart", {"chart": "gantt", "project": "NW-SHOP"}),
    ("海天集团的客户满意度报告", "mei", "report", {"report": "satisfaction", "client": "海天集团"}),
    ("海天ERP的合同里，验收标准是什么", "wang", "ask_docs",
     {"question": "合同里 验收标准是什么", "project": "HT-ERP"}),
    ("新建一个高优先级任务：库存盘点脚本，海天ERP，王磊负责", "ravi", "create_task",
     {"title": "库存盘点脚本", "project": "HT-ERP", "assignee": "wang", "priority": "high"}),
    ("把#3分配给王磊", "ravi", "update_task", {"task": 3, "assignee": "wang"}),
    ("昨天加班到很晚，好累啊", "wang", "unknown", {}),
    ("我的请假批了吗", "sara", "list_approvals", {}),  # the state of my own request: asked, answered
    ("谢谢", "sara", "smalltalk", {}),
    ("今天天气怎么样", "sara", "unknown", {}),
]


@pytest.mark.parametrize("text, who, intent, slots", TABLE, ids=[t[0][:20] for t in TABLE])
def test_a_chinese_message_is_understood_as_its_intent_with_its_slots(say, text, who, intent, slots) -> None:  # noqa: F811
    got = say(text, who)
    assert (got["intent"], got["slots"]) == (intent, slots)
    assert got["lang"] == "zh"


def test_a_mixed_message_keeps_chinese_dates_and_english_units(say) -> None:  # noqa: F811
    got = say("帮我log 2h 到网店，昨天的", "sara")
    assert (got["intent"], got["slots"]) == (
        "log_time", {"hours": 2, "date": "2026-11-26", "project": "NW-SHOP"})


def test_an_unknown_chinese_project_name_is_unresolved(say) -> None:  # noqa: F811
    got = say("昨天在天宫项目上干了3小时", "sara")
    assert got["intent"] == "log_time"
    assert got["unresolved"] == {"project": "天宫"}


def test_asking_how_much_was_spent_is_not_an_expense(say) -> None:  # noqa: F811
    assert say("网店花了多少钱了", "ravi")["intent"] == "budget_status"


def test_booking_a_flight_is_out_of_scope(say) -> None:  # noqa: F811
    assert say("帮我订一张去上海的机票", "sara")["intent"] == "unknown"


def test_a_chinese_month_day_range_keeps_its_end(say) -> None:  # noqa: F811
    got = say("kai 11月2日到11月29日的工时", "ravi")
    assert (got["intent"], got["slots"]) == (
        "timesheet", {"person": "kai", "start": "2026-11-02", "end": "2026-11-29"})


@pytest.mark.parametrize("text, category", [  # noqa: F811
    ("报销 300 元 人工 海天ERP", "labor"),
    ("报销 50 元 其他 网店", "other"),
    ("网店 其他费用 20元", "other"),
])
def test_a_chinese_category_word_as_the_kind_of_expense_is_the_category(say, text, category) -> None:  # noqa: F811
    got = say(text, "ravi")
    assert got["intent"] == "log_expense"
    assert got["slots"]["category"] == category


def test_a_chinese_sentence_around_an_english_name_stays_chinese(say) -> None:  # noqa: F811
    assert say("NW-SHOP Pilot 什么时候到期", "ravi")["lang"] == "zh"
