"""The right scope: a project named in the question (code, name, alias, client; any language)
restricts the search, a document named is preferred and never read as a missing project,
and without either the asker's own projects come first."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from domain.core.models import ProjectAlias, ProjectMember
from intents.conversation.assistant import Context, Tools
from intents.handlers import docs as handle_docs
from intents.handlers.docs import ask_documents
from intents.understanding.schema import Intent
from knowledge.search.index import KnowledgeIndex
from tests.knowledge.test_access import ingest

WEB_SOW = b"""# Statement of Work

## Acceptance criteria
The site is accepted when all of the following are met:
1. Pages load in under 2 seconds
2. No severity 1 defect is open
3. The marketing lead signs the certificate
"""

GLX_CONTRACT = """# Globex 门户合同

## 验收标准
满足以下全部条件即视为验收通过：
1. 五十家试点供应商完成注册
2. 渗透测试没有高危问题
3. 并发两百用户时响应时间小于一秒
""".encode()

GLX_BLUEPRINT = """# 蓝图设计说明书

## 上线条件
系统上线前必须满足：
- 关键用户完成全部培训
- 期初数据迁移完成并经财务核对
""".encode()

GLX_WEEKLY = """# 项目周报

## 上线条件讨论
会上讨论了上线条件的安排，具体条件下周再议。
""".encode()


@pytest.fixture
def shelf(session: Session, world, now: datetime, tmp_path: Path) -> KnowledgeIndex:  # type: ignore[no-untyped-def]
    session.add(ProjectAlias(project_id=world.web.id, alias="官网项目"))
    session.commit()
    index = KnowledgeIndex(tmp_path / "index")
    ingest(session, index, world.bob, "WEB", "sow.md", WEB_SOW, now, visibility="client")
    ingest(session, index, world.bob, "GLX", "contract.md", GLX_CONTRACT, now, visibility="client")
    ingest(session, index, world.bob, "GLX", "blueprint.md", GLX_BLUEPRINT, now)
    ingest(session, index, world.bob, "GLX", "weekly.md", GLX_WEEKLY, now)
    return index


def ask(session: Session, actor, index: KnowledgeIndex, question: str):  # type: ignore[no-untyped-def]
    return ask_documents(session, actor, index, question=question)


def projects_of(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.project for s in answer.sources}


def test_a_project_named_by_its_chinese_alias_restricts_the_answer_to_that_project(
        session: Session, world, shelf: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask(session, world.bob, shelf, "官网项目的验收标准是什么？")
    assert answer.found and projects_of(answer) == {"WEB"}
    assert "Pages load in under 2 seconds" in answer.answer


def test_the_acme_contract_means_the_project_of_the_client_acme(
        session: Session, world, shelf: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask(session, world.bob, shelf, "What are the acceptance criteria in the Acme contract?")
    assert projects_of(answer) == {"WEB"}
    assert all(item in answer.answer for item in ("2 seconds", "severity 1", "certificate"))


def test_a_project_named_by_its_code_in_a_chinese_question_restricts_the_search(
        session: Session, world, shelf: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask(session, world.bob, shelf, "GLX 的验收标准是什么？")
    assert projects_of(answer) == {"GLX"} and "五十家试点供应商完成注册" in answer.answer


def test_a_document_named_in_chinese_is_preferred_over_another_that_shares_its_words(
        session: Session, world, shelf: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    answer = ask(session, world.bob, shelf, "蓝图设计说明书里的上线条件是什么？")
    assert answer.sources[0].file == "blueprint.md"
    assert "关键用户完成全部培训" in answer.answer and "期初数据迁移" in answer.answer


def test_the_sow_is_read_as_a_document_never_as_a_missing_project(
        session: Session, world, now: datetime, shelf: KnowledgeIndex) -> None:  # type: ignore[no-untyped-def]
    question = "what are the acceptance criteria in the SOW?"
    intent = Intent(intent="ask_docs", lang="en", confidence=0.9, slots={"question": question},
                    unresolved={"project": "SOW"})  # what the understanding layer makes of it
    ctx = Context(session, world.bob, intent, "en", now, tools=Tools(index=lambda: shelf))
    reply = handle_docs.handle_ask_docs(ctx).text
    assert "No project" not in reply
    assert "Pages load in under 2 seconds" in reply and "(WEB, sow.md)" in reply


def test_without_a_named_project_the_askers_own_project_ranks_first(
        session: Session, world, now: datetime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session.add(ProjectMember(project_id=world.glx.id, person_id=world.alice.id))
    session.commit()
    index = KnowledgeIndex(tmp_path / "index")
    ingest(session, index, world.bob, "WEB", "handbook.md", WEB_SOW, now)
    ingest(session, index, world.bob, "GLX", "handbook.md", WEB_SOW, now)
    answer = ask(session, world.alice, index, "What are the acceptance criteria?")  # an admin
    assert answer.sources[0].project == "GLX"

