"""Retrieval quality and speed of `knowledge/` on XQuAD (English and Chinese), offline.

    python -m benchmarks.bench_retrieval [--data ../shared/data/xquad] [--chunks 20000]
                                         [--queries 300] [--skip-latency] [--json OUT]

1. Quality, in four settings (question language → passage language): en→en, zh→zh, zh→en,
   en→zh. The 240 XQuAD paragraphs of one language are indexed, one document each, and the
   1,190 questions of a language are asked; hit@1, hit@5 and MRR (within the top 40) for
   BM25 alone, dense alone and the hybrid. All three rankings come from the same candidate
   pool the hybrid sees (dense top 40 ∪ BM25 top 40), which is exactly each retriever's own
   top 40 in its own order.
2. Ingest speed: a 40-page English PDF (generated from XQuAD paragraphs) through the whole
   path — parse, chunk, embed, index — in pages per second, cold (first file of the process)
   and warm (median of three); and the Chinese paragraphs as Markdown (pages estimated at
   3,000 characters).
3. Query latency on 20,000 passages: XQuAD sentence windows in both languages, repeated over
   projects with their own scopes (vectors computed once per distinct text), then questions
   asked with one project's scopes: p50/p95 of the hybrid retrieval and of a full answer,
   in three rounds of different questions; the median round is reported, and the load
   average, since the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from knowledge.reading.chunking import Chunk
from knowledge.search.index import DocumentRef, KnowledgeIndex
from knowledge.search.retrieval import candidates, fuse, rerank

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "xquad"
ROUNDS = 3
SETTINGS = [("en", "en"), ("zh", "zh"), ("zh", "en"), ("en", "zh")]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def metrics(golds: list[str], rankings: list[list[str]]) -> dict[str, float]:
    hit1 = sum(g in r[:1] for g, r in zip(golds, rankings, strict=True)) / len(golds)
    hit5 = sum(g in r[:5] for g, r in zip(golds, rankings, strict=True)) / len(golds)
    mrr = sum(1 / (r.index(g) + 1) for g, r in zip(golds, rankings, strict=True) if g in r) / len(golds)
    return {"hit@1": round(hit1, 3), "hit@5": round(hit5, 3), "mrr": round(mrr, 3)}


def build_xquad_index(folder: Path, contexts: list[dict]) -> tuple[KnowledgeIndex, dict[str, str]]:
    index = KnowledgeIndex(folder)
    for n, ctx in enumerate(contexts, 1):
        index.add(DocumentRef(n, "s", ctx["title"], ctx["id"], "XQ", 1), [Chunk(ctx["text"], "", 0)])
    return index, {f"{n}:0": ctx["id"] for n, ctx in enumerate(contexts, 1)}


def quality(data: Path, work: Path) -> dict:
    results: dict = {}
    for plang in ("en", "zh"):
        index, ids = build_xquad_index(work / f"xq_{plang}", load(data / f"contexts_{plang}.jsonl"))
        for qlang in ("en", "zh"):
            questions = load(data / f"retrieval_{qlang}.jsonl")
            golds = [q["context_id"] for q in questions]
            ranks: dict[str, list[list[str]]] = {"bm25": [], "dense": [], "hybrid": [], "reranked": []}
            for q in questions:
                found, coverage = candidates(index, q["question"], {"s"})
                ranks["dense"].append([ids[p.id] for p in sorted(found, key=lambda p: -p.dense)])
                ranks["bm25"].append([ids[p.id] for p in sorted(
                    (p for p in found if p.lexical > 0), key=lambda p: -p.lexical)])
                fused = fuse(found, coverage)
                ranks["hybrid"].append([ids[p.id] for p in fused])
                ranks["reranked"].append([ids[p.id] for p in rerank(q["question"], fused)])
            results[f"{qlang}->{plang}"] = {name: metrics(golds, r) for name, r in ranks.items()}
            print(f"{qlang}->{plang}", results[f"{qlang}->{plang}"], flush=True)
    return results


def _xquad_pdf(data: Path) -> bytes:
    from fpdf import FPDF

    contexts = load(data / "contexts_en.jsonl")
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for page in range(40):
        pdf.add_page()
        text = "\n\n".join(c["text"] for c in contexts[page * 4:page * 4 + 4])
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def _ingest_once(index: KnowledgeIndex, doc_id: int, name: str, blob: bytes) -> tuple[int, float]:
    from knowledge.ingest import index_document, read

    started = time.perf_counter()
    parsed = read(name, blob)
    index_document(index, DocumentRef(doc_id, "s", parsed.title, name, "XQ", 1), parsed)
    return parsed.pages, time.perf_counter() - started


def ingest_speed(data: Path, work: Path, runs: int = 3) -> dict:
    """Pages per second through parse, chunk, embed and index: the first file of a fresh
    process (cold: model, jieba dictionary and parsers load), then the median of `runs`
    (warm: a running bot ingesting a chat upload)."""
    import os

    pdf = _xquad_pdf(data)
    zh_md = "\n\n".join(f"## {c['title']}\n{c['text']}" for c in load(data / "contexts_zh.jsonl"))
    index = KnowledgeIndex(work / "ingest")
    pages, seconds = _ingest_once(index, 1, "xquad.pdf", pdf)
    out: dict = {"load_average": round(os.getloadavg()[0], 2), "pdf_pages": pages,
                 "pdf_cold_pages_per_s": round(pages / seconds, 1)}
    _ingest_once(index, 2, "warm_zh.md", "预热。".encode())
    files = (("pdf", "xquad.pdf", pdf), ("zh_md", "xquad_zh.md", zh_md.encode()))
    for n, (key, name, blob) in enumerate(files):
        rates = []
        for run in range(runs):  # a new document id each time: nothing to replace
            pages, seconds = _ingest_once(index, 10 * (n + 1) + run, name, blob)
            rates.append(pages / seconds)
        out[f"{key}_pages"] = pages
        out[f"{key}_pages_per_s_runs"] = [round(r, 1) for r in rates]
        out[f"{key}_pages_per_s"] = round(statistics.median(rates), 1)
    return out


def windows(contexts: list[dict]) -> list[str]:
    from knowledge.reading.text import sentences

    out = []
    for ctx in contexts:
        parts = sentences(ctx["text"])
        for size in (1, 2, 3):
            out += [" ".join(parts[i:i + size]) for i in range(0, max(1, len(parts) - size + 1))]
    return list(dict.fromkeys(out))


def latency(data: Path, work: Path, total: int, queries: int) -> dict:
    from knowledge.search.embedding import embed
    from knowledge.search.retrieval import retrieve

    texts = windows(load(data / "contexts_en.jsonl")) + windows(load(data / "contexts_zh.jsonl"))
    started = time.perf_counter()
    vectors = embed(texts)
    embed_rate = len(texts) / (time.perf_counter() - started)
    index = KnowledgeIndex(work / "latency")
    projects = -(-total // len(texts))
    for p in range(projects):
        take = min(len(texts), total - p * len(texts))
        for start in range(0, take, 500):
            end = min(take, start + 500)
            chunks = [Chunk(t, "", i) for i, t in enumerate(texts[start:end])]
            index.add(DocumentRef(p * 1000 + start // 500 + 1, f"project:{p}:internal", "w", "w",
                                  f"P{p}", 1), chunks, vectors[start:end])
    asked = load(data / "retrieval_en.jsonl") + load(data / "retrieval_zh.jsonl")
    random.Random(7).shuffle(asked)
    started = time.perf_counter()
    retrieve(index, "warm up", {"project:0:internal"})  # loads the mirror and BM25 indexes
    out = {"passages": index.count(), "distinct_texts": len(texts), "projects": projects,
           "embed_passages_per_s": round(embed_rate, 1),
           "first_question_ms": round((time.perf_counter() - started) * 1000, 1)}
    rounds: dict[str, list[tuple[float, float]]] = {"retrieve": [], "answer": []}
    for r in range(ROUNDS):  # fresh questions each round: no cached question vectors
        timings = _ask(index, asked[r * queries:(r + 1) * queries], projects)
        for name, values in timings.items():
            values.sort()
            rounds[name].append((statistics.median(values), values[int(0.95 * (len(values) - 1))]))
    import os

    out["load_average"] = round(os.getloadavg()[0], 2)
    for name, pairs in rounds.items():
        out[f"{name}_p50_ms"] = round(statistics.median(p50 for p50, _ in pairs), 1)
        out[f"{name}_p95_ms"] = round(statistics.median(p95 for _, p95 in pairs), 1)
        out[f"{name}_p95_ms_rounds"] = [round(p95, 1) for _, p95 in pairs]
    return out


def _ask(index: KnowledgeIndex, asked: list[dict], projects: int) -> dict[str, list[float]]:
    from knowledge.answer import answer_question
    from knowledge.search.retrieval import retrieve

    timings: dict[str, list[float]] = {"retrieve": [], "answer": []}
    for n, q in enumerate(asked):
        scopes = {f"project:{n % projects}:internal", f"project:{n % projects}:client"}
        for name, call in (("retrieve", retrieve), ("answer", answer_question)):
            started = time.perf_counter()
            call(index, q["question"], scopes)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=300, help="per round (3 rounds)")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report["ingest"] = ingest_speed(args.data, work)  # first: its cold figure is real
        print("ingest", report["ingest"], flush=True)
        if not args.skip_quality:
            report["quality"] = quality(args.data, work)
        if not args.skip_latency:
            report["latency"] = latency(args.data, work, args.chunks, args.queries)
            print("latency", report["latency"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
