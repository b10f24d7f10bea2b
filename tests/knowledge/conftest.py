"""Knowledge fixtures: small bilingual documents, and indexes in temporary folders."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.ingest import index_document, read
from knowledge.search.index import DocumentRef, KnowledgeIndex

MSA_EN = b"""# Master Services Agreement

## Payment terms
Acme pays each invoice within 30 days of receipt. Late payments carry interest of 1.5% per month.

## Warranty
The supplier fixes defects reported within 90 days after acceptance at no charge.
"""

SOW_ZH = """# 官网项目工作说明书

## 验收
客户在收到交付物后十个工作日内完成验收。逾期未提出书面意见的，视为验收通过。

## 付款
验收通过后支付合同总额的百分之四十。
""".encode()

GLOBEX_CONTRACT = b"""# Globex Portal Contract

## Fees
Globex pays a fixed fee of 480,000 EUR in four instalments. Invoices are payable within 45 days.
"""

RATES_INTERNAL = b"""# Internal rate card

## Margins
Our target margin on the Acme website is 38 percent; senior developers cost 400 CNY per hour.
"""

SALARY_RESTRICTED = b"""# Team salaries

## Bonus pool
The bonus pool for the Acme website team is 120,000 CNY, paid in January.
"""


def add(index: KnowledgeIndex, doc_id: int, scope: str, file: str, data: bytes,
        project: str = "WEB", version: int = 1) -> None:
    parsed = read(file, data)
    index_document(index, DocumentRef(doc_id, scope, parsed.title, file, project, version), parsed)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    """One index with five documents in five scopes, shared by a module's read-only tests."""
    index = KnowledgeIndex(tmp_path_factory.mktemp("library") / "index")
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    add(index, 2, "project:1:client", "sow.md", SOW_ZH)
    add(index, 3, "project:2:client", "globex.md", GLOBEX_CONTRACT, project="GLX")
    add(index, 4, "project:1:internal", "rates.md", RATES_INTERNAL)
    add(index, 5, "doc:5", "salaries.md", SALARY_RESTRICTED)
    return index


@pytest.fixture
def index(tmp_path: Path) -> KnowledgeIndex:
    return KnowledgeIndex(tmp_path / "index")
