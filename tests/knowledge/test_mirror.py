"""Every process answering from one Chroma collection sees the same library, words included.

Two `KnowledgeIndex` objects on one folder stand for two replicas on one Chroma server (or
a running bot and a `pmbot docs add` beside it): what one adds or retires, the other finds
or stops finding at its next question, by meaning and by words alike.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.reading.chunking import Chunk
from knowledge.search.embedding import embed
from knowledge.search.index import KnowledgeIndex
from knowledge.search.retrieval import lexical_only, retrieve
from tests.knowledge.conftest import GLOBEX_CONTRACT, MSA_EN, SOW_ZH, add

SCOPES = {"project:1:client", "project:2:client"}


def files(index: KnowledgeIndex, question: str) -> set[str]:
    return {p.meta["file"] for p in retrieve(index, question, SCOPES, k=10).passages}


def test_a_document_added_by_one_replica_is_found_by_another(tmp_path: Path) -> None:
    first, second = KnowledgeIndex(tmp_path / "i"), KnowledgeIndex(tmp_path / "i")
    add(first, 1, "project:1:client", "msa.md", MSA_EN)
    assert "msa.md" in files(second, "When does Acme have to pay an invoice?")
    add(first, 3, "project:2:client", "globex.md", GLOBEX_CONTRACT, project="GLX")
    assert lexical_only(second, "Globex fixed fee instalments", SCOPES, 5)[0].startswith("3:")


def test_a_document_retired_by_one_replica_is_no_longer_found_by_another(tmp_path: Path) -> None:
    first, second = KnowledgeIndex(tmp_path / "i"), KnowledgeIndex(tmp_path / "i")
    add(first, 1, "project:1:client", "msa.md", MSA_EN)
    add(first, 2, "project:1:client", "sow.md", SOW_ZH)
    assert "sow.md" in files(second, "验收")
    first.remove_document(2)
    assert "sow.md" not in files(second, "验收")
    assert lexical_only(second, "验收", SCOPES, 5) == []


def test_the_lexical_index_needs_no_local_file(tmp_path: Path) -> None:
    add(KnowledgeIndex(tmp_path / "i"), 1, "project:1:client", "msa.md", MSA_EN)
    assert not list((tmp_path / "i").glob("*.sqlite3"))
    assert lexical_only(KnowledgeIndex(tmp_path / "i"), "late payments interest", SCOPES, 5)


def test_passages_indexed_without_stored_tokens_are_still_found_by_their_words(
        tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "i")
    text = "Late payments carry interest of 1.5% per month."
    index.collection.add(ids=["9:0"], documents=[text], embeddings=embed([text]),  # type: ignore[arg-type]
                         metadatas=[{"doc_id": 9, "scope": "project:1:client", "lang": "en",
                                     "title": "Old", "file": "old.md", "project": "WEB",
                                     "version": 1, "location": "", "ordinal": 0}])
    assert lexical_only(KnowledgeIndex(tmp_path / "i"), "interest on late payments", SCOPES, 5) == ["9:0"]


def test_the_dense_search_is_exact_within_the_scopes(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "i")
    texts = [f"Clause {n}: the supplier delivers item {n} within {n} days." for n in range(60)]
    vectors = embed(texts)
    index.add(_doc(1, "project:1:client"), [Chunk(t, "", i) for i, t in enumerate(texts[:30])],
              vectors[:30])
    index.add(_doc(2, "project:9:client"), [Chunk(t, "", i) for i, t in enumerate(texts[30:])],
              vectors[30:])
    found = index.dense(vectors[7], {"project:1:client"}, 5)
    assert found[0].id == "1:7" and all(p.meta["scope"] == "project:1:client" for p in found)
    best = np.sort(vectors[:30] @ vectors[7])[::-1][:5]
    assert np.allclose([p.dense for p in found], best, atol=1e-5)


def test_a_batch_is_embedded_the_same_however_it_is_split() -> None:
    texts = [f"Invoice {n} is payable within {n} days of receipt." for n in range(40)]
    together = embed(texts)
    one_by_one = np.vstack([embed([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-5)


def _doc(doc_id: int, scope: str):  # type: ignore[no-untyped-def]
    from knowledge.search.index import DocumentRef

    return DocumentRef(doc_id, scope, "Clauses", f"c{doc_id}.md", "P", 1)


def test_a_library_rebuilt_by_another_process_is_followed(tmp_path: Path) -> None:
    running, rebuilding = KnowledgeIndex(tmp_path / "i"), KnowledgeIndex(tmp_path / "i")
    add(running, 1, "project:1:client", "msa.md", MSA_EN)
    assert "msa.md" in files(running, "late payments interest")
    rebuilding.clear()  # `pmbot docs reindex` elsewhere: the collection is dropped, recreated
    add(rebuilding, 2, "project:1:client", "sow.md", SOW_ZH)
    assert files(running, "验收") == {"sow.md"}


def test_a_document_can_be_added_after_another_process_rebuilt_the_library(
        tmp_path: Path) -> None:
    running, rebuilding = KnowledgeIndex(tmp_path / "i"), KnowledgeIndex(tmp_path / "i")
    rebuilding.clear()
    add(running, 1, "project:1:client", "msa.md", MSA_EN)
    assert "msa.md" in files(rebuilding, "late payments interest")
