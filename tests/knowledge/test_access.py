"""No passage a person may not read ever reaches their answer, whatever they ask."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from domain.clients.documents import document_scope, register_document
from intents.handlers.docs import ask_documents
from knowledge.ingest import content_hash, index_document, read
from knowledge.search.index import DocumentRef, KnowledgeIndex
from tests.knowledge.conftest import GLOBEX_CONTRACT, MSA_EN, RATES_INTERNAL, SALARY_RESTRICTED


def ingest(session: Session, index: KnowledgeIndex, actor, project: str, file: str,  # type: ignore[no-untyped-def]
           data: bytes, now: datetime, **kw) -> None:
    parsed = read(file, data)
    doc, _ = register_document(session, actor, project=project, file_name=file, title=parsed.title,
                               content_hash=content_hash(data), now=now, **kw)
    index_document(index, DocumentRef(doc.id, document_scope(doc), doc.title, file, project,
                                      doc.version), parsed)


@pytest.fixture
def firm(session: Session, world, now: datetime, tmp_path: Path) -> KnowledgeIndex:  # type: ignore[no-untyped-def]
    index = KnowledgeIndex(tmp_path / "index")
    ingest(session, index, world.bob, "WEB", "msa.md", MSA_EN, now, visibility="client")
    ingest(session, index, world.bob, "WEB", "rates.md", RATES_INTERNAL, now)
    ingest(session, index, world.bob, "WEB", "salaries.md", SALARY_RESTRICTED, now,
           visibility="restricted", readers=["lin"])
    ingest(session, index, world.bob, "GLX", "globex.md", GLOBEX_CONTRACT, now, visibility="client")
    session.commit()
    return index


def source_files(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.file for s in answer.sources}


QUESTIONS = [
    "What fixed fee does Globex pay, and in how many instalments?",
    "What is our target margin on the Acme website?",
    "How big is the bonus pool for the Acme website team?",
    "Globex 的固定费用是多少？",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_client_contact_never_sees_another_clients_internal_or_restricted_passages(
        session: Session, world, firm: KnowledgeIndex, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask_documents(session, world.tom, firm, question=question)
    assert source_files(answer) <= {"msa.md"}
    for secret in ("480,000", "38 percent", "120,000"):
        assert secret not in answer.answer
        assert all(secret not in s.text for s in answer.sources)


def test_the_other_client_reads_their_own_contract(session: Session, world, firm: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask_documents(session, world.gina, firm, question=QUESTIONS[0])
    assert answer.found and "480,000 EUR" in answer.answer


def test_a_team_member_reads_internal_documents(session: Session, world, firm: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask_documents(session, world.lin, firm, question=QUESTIONS[1])
    assert "38 percent" in answer.answer


def test_the_manager_who_is_not_a_named_reader_does_not_see_the_restricted_document(
        session: Session, world, firm: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask_documents(session, world.bob, firm, question=QUESTIONS[2])
    assert "salaries.md" not in source_files(answer)


def test_a_named_reader_sees_the_restricted_document(session: Session, world, firm: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask_documents(session, world.lin, firm, question=QUESTIONS[2])
    assert "120,000 CNY" in answer.answer
