"""Finding passages by meaning and by words, in both languages, only within the scopes."""
from __future__ import annotations

from pathlib import Path

from knowledge.answer import answer_question
from knowledge.search.index import KnowledgeIndex
from knowledge.search.retrieval import retrieve
from tests.knowledge.conftest import MSA_EN, SOW_ZH, add

ALL = {"project:1:client", "project:1:internal", "project:2:client", "doc:5"}
ACME_CLIENT = {"project:1:client"}


def files(passages) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.meta["file"] for p in passages]


def test_an_english_question_finds_the_english_clause(library: KnowledgeIndex) -> None:
    found = retrieve(library, "When does Acme have to pay an invoice?", ALL).passages
    assert found[0].meta["location"] == "§ Payment terms"


def test_a_chinese_question_finds_the_chinese_clause(library: KnowledgeIndex) -> None:
    found = retrieve(library, "客户需要在多长时间内完成验收？", ALL).passages
    assert found[0].meta["file"] == "sow.md" and found[0].meta["location"] == "§ 验收"


def test_a_chinese_question_finds_an_english_clause(library: KnowledgeIndex) -> None:
    found = retrieve(library, "保修期有多长？", {"project:1:client"}).passages
    assert found[0].meta["location"] == "§ Warranty"


def test_an_english_question_finds_a_chinese_clause(library: KnowledgeIndex) -> None:
    found = retrieve(library, "How many working days does the client have for acceptance?",
                     {"project:1:client"}).passages
    assert found[0].meta["location"] == "§ 验收"


def test_passages_outside_the_scopes_never_come_back(library: KnowledgeIndex) -> None:
    for question in ("Globex fixed fee instalments", "target margin senior developers cost",
                     "bonus pool January", "付款"):
        found = retrieve(library, question, ACME_CLIENT, k=20).passages
        assert set(files(found)) <= {"msa.md", "sow.md"}


def test_no_scopes_means_no_passages(library: KnowledgeIndex) -> None:
    assert retrieve(library, "payment", set()).passages == []


def test_a_restricted_document_is_found_only_with_its_own_scope(library: KnowledgeIndex) -> None:
    assert "salaries.md" not in files(retrieve(library, "bonus pool", ALL - {"doc:5"}, k=20).passages)
    assert set(files(retrieve(library, "bonus pool", {"doc:5"}).passages)) == {"salaries.md"}


def test_an_unrelated_question_is_not_answered(library: KnowledgeIndex) -> None:
    answer = answer_question(library, "What is the capital of Mongolia?", ALL)
    assert not answer.found and answer.sources == []


def test_a_retired_version_leaves_no_passages(index: KnowledgeIndex) -> None:
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    add(index, 2, "project:1:client", "sow.md", SOW_ZH)
    index.remove_document(1)
    found = retrieve(index, "When does Acme pay invoices within 30 days?", ACME_CLIENT, k=10)
    assert files(found.passages) == ["sow.md"] * len(found.passages)


def test_the_index_reopens_from_disk_with_its_own_embedding_model(tmp_path: Path) -> None:
    first = KnowledgeIndex(tmp_path / "index")
    add(first, 1, "project:1:client", "msa.md", MSA_EN)
    again = KnowledgeIndex(tmp_path / "index")
    assert again.collection.count() == first.collection.count() > 0
    assert again.collection.configuration_json["embedding_function"]["name"] == "pmbot-use-multilingual-v3"
    found = retrieve(again, "warranty for defects", ACME_CLIENT).passages
    assert found[0].meta["location"] == "§ Warranty"
