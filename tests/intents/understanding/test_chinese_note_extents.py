"""Chinese messages keep their whole note and their amount (issue 13, fourth blind set).

Phrasings of our own on the English table's workspace (a web shop for Northwind, an ERP
rollout for 海天集团), never the blind set's.
"""
from __future__ import annotations

from tests.intents.understanding.test_understand_en import say  # noqa: F401  (the fixture)


def test_an_amount_after_a_chinese_comma_is_the_expense_amount(say) -> None:  # noqa: F811
    got = say("续了一年的Sketch授权，680块", "sara")
    assert got["intent"] == "log_expense"
    assert (got["slots"]["amount"], got["slots"]["currency"]) == (680, "CNY")
    assert got["slots"]["category"] == "software"


def test_a_chinese_note_told_in_two_clauses_keeps_both(say) -> None:  # noqa: F811
    got = say("昨天在海天ERP上花了两个小时核对物料编码，顺手修了导入脚本", "wang")
    assert got["intent"] == "log_time"
    assert got["slots"]["note"] == "核对物料编码，顺手修了导入脚本"


def test_a_chinese_rating_keeps_every_clause_of_its_comment(say) -> None:  # noqa: F811
    got = say("网店这期打3分，沟通及时，测试不够充分", "mei")
    assert got["intent"] == "feedback"
    assert got["slots"]["note"] == "沟通及时，测试不够充分"


def test_an_english_note_is_still_its_last_clause(say) -> None:  # noqa: F811
    got = say("2h on NW-SHOP yesterday, long meeting, then fixed the cart", "sara")
    assert got["slots"]["note"] == "fixed the cart"


def test_overtime_for_a_project_named_inside_the_reason_keeps_the_whole_reason(say) -> None:  # noqa: F811
    got = say("周日加班6小时，赶网店大促页面", "kai")
    assert got["intent"] == "request_overtime"
    assert got["slots"]["project"] == "NW-SHOP"
    assert got["slots"]["note"] == "赶网店大促页面"


def test_overtime_reason_between_the_project_and_the_hours_is_the_note(say) -> None:  # noqa: F811
    got = say("明天晚上加班，海天ERP数据迁移彩排，3小时", "wang")
    assert got["intent"] == "request_overtime"
    assert (got["slots"]["project"], got["slots"]["hours"]) == ("HT-ERP", 3)
    assert got["slots"]["note"] == "数据迁移彩排"


def test_a_chinese_total_in_words_is_the_amount_and_a_device_is_procurement(say) -> None:  # noqa: F811
    got = say("买了三台安卓测试机，总共一千二", "kai")
    assert got["intent"] == "log_expense"
    assert got["slots"]["amount"] == 1200
    assert got["slots"]["category"] == "procurement"


def test_hours_spent_in_chinese_words_are_not_an_amount(say) -> None:  # noqa: F811
    got = say("昨天在网店花了三个小时调样式", "sara")
    assert got["intent"] == "log_time"
    assert got["slots"]["hours"] == 3


def test_a_cantonese_expense_in_man_is_yuan(say) -> None:  # noqa: F811
    got = say("買咗個Notion年費，900蚊，記落網店", "sara")
    assert got["intent"] == "log_expense"
    assert (got["slots"]["amount"], got["slots"]["currency"]) == (900, "CNY")
    assert got["slots"]["category"] == "software"
    assert got["slots"]["project"] == "NW-SHOP"


def test_a_purchase_note_is_the_thing_bought_not_the_buying(say) -> None:  # noqa: F811
    assert say("买了个显示器支架，260块", "kai")["slots"]["note"] == "显示器支架"
    assert say("订了三晚酒店去海天驻场，一共1500元", "wang")["slots"]["note"] == "三晚酒店去海天驻场"
    assert say("買咗個Notion年費，900蚊，記落網店", "sara")["slots"]["note"] == "Notion年費"


def test_tasks_not_yet_finished_are_not_asked_as_done(say) -> None:  # noqa: F811
    open_ones = say("海天ERP还有哪些没做完的", "ravi")
    assert open_ones["intent"] == "list_tasks" and "status" not in open_ones["slots"]
    done = say("网店哪些任务已经做完了", "ravi")
    assert (done["intent"], done["slots"].get("status")) == ("list_tasks", "done")


def test_an_english_purchase_said_with_another_verb_is_an_expense_of_the_thing(say) -> None:  # noqa: F811
    got = say("ordered two spare webcams for the demo room, $90", "sara")
    assert got["intent"] == "log_expense"
    assert (got["slots"]["amount"], got["slots"]["category"]) == (90, "procurement")
    assert got["slots"]["note"] == "two spare webcams for the demo room"
    assert say("hired a contractor to translate the manual, 1500 rmb", "ravi")["slots"]["note"] == (
        "contractor to translate the manual")


def test_asking_for_someone_with_a_skill_suggests_an_assignee(say) -> None:  # noqa: F811
    got = say("anybody with figma experience for the webshop?", "ravi")
    assert got["intent"] == "suggest_assignee"
    assert got["slots"]["project"] == "NW-SHOP"


def test_is_anything_blocked_lists_the_blocked_tasks(say) -> None:  # noqa: F811
    got = say("is there anything blocked on HT-ERP?", "ravi")
    assert (got["intent"], got["slots"]) == ("list_tasks", {"project": "HT-ERP", "status": "blocked"})


def test_asking_how_to_use_the_bot_in_cantonese_is_help(say) -> None:  # noqa: F811
    assert say("點樣用你請假？", "sara")["intent"] == "help"
    assert say("如何用你报销", "sara")["intent"] == "help"



def test_a_cantonese_question_about_a_document_asks_the_documents(say) -> None:  # noqa: F811
    got = say("網店嘅合同講咗邊個負責驗收？", "sara")
    assert got["intent"] == "ask_docs"
    assert got["slots"] == {"project": "NW-SHOP", "question": "合同講咗邊個負責驗收"}


def test_a_client_named_as_that_project_is_its_only_project(say) -> None:  # noqa: F811
    got = say("海天集团那个项目进展如何", "mei")
    assert (got["intent"], got["slots"]) == ("project_status", {"project": "HT-ERP"})


def test_an_expense_note_is_the_thing_bought_even_after_the_reason(say) -> None:  # noqa: F811
    got = say("为了网店的拍摄，在淘宝上买了两盏补光灯，一共花了460块", "kai")
    assert got["intent"] == "log_expense"
    assert got["slots"]["note"] == "两盏补光灯"


def test_asking_for_the_rundown_of_a_project_is_its_status(say) -> None:  # noqa: F811
    got = say("can I get a quick sitrep on HT-ERP", "ravi")
    assert (got["intent"], got["slots"]) == ("project_status", {"project": "HT-ERP"})
