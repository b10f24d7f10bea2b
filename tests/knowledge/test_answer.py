"""Short cited answers, extractive by default, written by a chat model when one is given."""
from __future__ import annotations

from knowledge.answer import answer_question
from knowledge.search.index import KnowledgeIndex

ACME = {"project:1:client", "project:1:internal"}


def test_the_answer_quotes_the_best_sentence_and_cites_title_version_and_section(
        library: KnowledgeIndex) -> None:
    answer = answer_question(library, "Within how many days must Acme pay an invoice?", ACME)
    assert answer.found
    assert answer.answer == ("Acme pays each invoice within 30 days of receipt. "
                             "[Master Services Agreement v1, § Payment terms]")
    first = answer.sources[0]
    assert (first.document, first.file, first.project, first.version, first.location) == (
        "Master Services Agreement", "msa.md", "WEB", 1, "§ Payment terms")


def test_a_chinese_answer_quotes_the_chinese_sentence(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "验收通过后支付多少？", ACME)
    assert answer.answer.startswith("验收通过后支付合同总额的百分之四十。")


def test_a_chat_model_writes_the_answer_over_the_same_sources(library: KnowledgeIndex) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    model = GenericFakeChatModel(messages=iter([AIMessage(content="发票须在收到后30天内支付 [1]。")]))
    answer = answer_question(library, "发票多久内要付款？", {"project:1:client"}, lang="zh", llm=model)
    assert answer.answer.startswith("发票须在收到后30天内支付 [1]。\n[1] [Master Services Agreement v1")
    assert {s.file for s in answer.sources} <= {"msa.md", "sow.md"}


def test_nothing_relevant_means_not_found_even_with_a_chat_model(library: KnowledgeIndex) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    model = GenericFakeChatModel(messages=iter([]))
    answer = answer_question(library, "Who painted the Mona Lisa?", ACME, llm=model)
    assert not answer.found and answer.answer == ""
