"""An honest "not found": below the calibrated threshold nothing is quoted, and the closest
documents are offered by title instead."""
from __future__ import annotations

from knowledge.answer import ANSWERABLE, ANSWERABLE_CROSS, Answer, Suggestion, answer_question
from knowledge.search.index import KnowledgeIndex

EVERYTHING = {"project:1:client", "project:1:internal", "project:2:client", "doc:5"}


def test_a_question_the_documents_cannot_answer_quotes_nothing(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "What is next year's total IT budget?", EVERYTHING)
    assert not answer.found and answer.answer == "" and answer.sources == []
    assert answer.confidence < ANSWERABLE


def test_a_chinese_question_without_an_answer_is_not_found_either(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "公司年会在哪里举办？", EVERYTHING, lang="zh")
    assert not answer.found and answer.sources == []


def test_a_near_miss_offers_the_closest_documents_by_title(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "What interest does Globex pay on late invoices?",
                             {"project:2:client"})
    assert not answer.found and answer.sources == []
    assert [s.document for s in answer.suggestions] == ["Globex Portal Contract"]


def test_an_answerable_question_passes_the_threshold_in_both_languages(library: KnowledgeIndex) -> None:
    for question in ("When must Acme pay an invoice?", "客户多久内完成验收？"):
        answer = answer_question(library, question, EVERYTHING)
        assert answer.found and answer.confidence >= ANSWERABLE, question


def test_a_chinese_question_answered_by_an_english_clause_passes_the_cross_language_threshold(
        library: KnowledgeIndex) -> None:
    answer = answer_question(library, "Acme 需要在多少天内支付发票？", {"project:1:client"}, lang="zh")
    assert answer.found and answer.crossed and answer.confidence >= ANSWERABLE_CROSS
    assert "30 days" in answer.answer, answer.answer


def test_a_chinese_question_english_documents_cannot_answer_is_not_found(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "Globex 公司在全球有多少名员工？", {"project:2:client"}, lang="zh")
    assert not answer.found and answer.answer == "" and answer.sources == []


def test_the_not_found_reply_names_the_closest_documents_in_the_askers_language() -> None:
    from intents.handlers.docs import render_answer

    answer = Answer(False, "", suggestions=[Suggestion("官网项目工作说明书", "sow.md", "WEB")])
    assert render_answer(answer, "zh") == \
        "在您可以查看的文档中没有找到相关内容。 最接近的文档：官网项目工作说明书 (WEB)。"
    assert render_answer(Answer(False, ""), "en") == "I couldn't find that in your documents."
