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
   path — parse, chunk, embed, index — in pages per second; and the Chinese paragraphs as
   Markdown (pages estimated at 3,000 characters).
3. Query latency on 20,000 passages: XQuAD sentence windows in both languages, repeated over
   projects with their own scopes (vectors computed once per distinct text), then questions
   asked with one project's scopes: p50/p95 of the hybrid retrieval and of a full answer.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from knowledge.chunking import Chunk
from knowledge.index import DocumentRef, KnowledgeIndex
from knowledge.retrieval import candidates, fuse

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "xquad"
SETTINGS = [("en", "en"), ("zh", "zh"), ("zh", "en"), ("en", "zh")]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def metrics(golds: list[str], rankings: list[list[str]]) -> dict[str, float]:
    hit1 = sum(g in r[:1] for g, r in zip(golds, rankings)) / len(golds)
    hit5 = sum(g in r[:5] for g, r in zip(golds, rankings)) / len(golds)
    mrr = sum(1 / (r.index(g) + 1) for g, r in zip(golds, rankings) if g in r) / len(golds)
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
            golds, ranks = [q["context_id"] for q in questions], {"bm25": [], "dense": [], "hybrid": []}
            for q in questions:
                found, coverage = candidates(index, q["question"], {"s"})
                ranks["dense"].append([ids[p.id] for p in sorted(found, key=lambda p: -p.dense)])
                ranks["bm25"].append([ids[p.id] for p in sorted(
                    (p for p in found if p.lexical > 0), key=lambda p: -p.lexical)])
                ranks["hybrid"].append([ids[p.id] for p in fuse(found, coverage)])
            results[f"{qlang}->{plang}"] = {name: metrics(golds, r) for name, r in ranks.items()}
            print(f"{qlang}->{plang}", results[f"{qlang}->{plang}"], flush=True)
    return results


def ingest_speed(data: Path, work: Path) -> dict:
    from fpdf import FPDF

    from knowledge.ingest import index_document, read

    contexts = load(data / "contexts_en.jsonl")
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for page in range(40):
        pdf.add_page()
        text = "\n\n".join(c["text"] for c in contexts[page * 4:page * 4 + 4])
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
    blob = bytes(pdf.output())
    index = KnowledgeIndex(work / "ingest")
    started = time.perf_counter()
    parsed = read("xquad.pdf", blob)
    index_document(index, DocumentRef(1, "s", parsed.title, "xquad.pdf", "XQ", 1), parsed)
    pdf_seconds = time.perf_counter() - started
    zh_text = "\n\n".join(f"## {c['title']}\n{c['text']}" for c in load(data / "contexts_zh.jsonl"))
    started = time.perf_counter()
    parsed_zh = read("xquad_zh.md", zh_text.encode())
    index_document(index, DocumentRef(2, "s", "zh", "xquad_zh.md", "XQ", 1), parsed_zh)
    zh_seconds = time.perf_counter() - started
    return {"pdf_pages": parsed.pages, "pdf_pages_per_s": round(parsed.pages / pdf_seconds, 1),
            "zh_md_pages": parsed_zh.pages, "zh_md_pages_per_s": round(parsed_zh.pages / zh_seconds, 1),
            "passages_per_s": round(index.count() / (pdf_seconds + zh_seconds), 1)}


def windows(contexts: list[dict]) -> list[str]:
    from knowledge.text import sentences

    out = []
    for ctx in contexts:
        parts = sentences(ctx["text"])
        for size in (1, 2, 3):
            out += [" ".join(parts[i:i + size]) for i in range(0, max(1, len(parts) - size + 1))]
    return list(dict.fromkeys(out))


def latency(data: Path, work: Path, total: int, queries: int) -> dict:
    from knowledge.answer import answer_question
    from knowledge.embedding import embed
    from knowledge.retrieval import retrieve

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
    timings: dict[str, list[float]] = {"retrieve": [], "answer": []}
    for n, q in enumerate(asked[:queries + 1]):
        scopes = {f"project:{n % projects}:internal", f"project:{n % projects}:client"}
        for name, call in (("retrieve", retrieve), ("answer", answer_question)):
            started = time.perf_counter()
            call(index, q["question"], scopes)
            if n:  # the first question warms the BM25 indexes and the model up
                timings[name].append((time.perf_counter() - started) * 1000)
    out = {"passages": index.count(), "distinct_texts": len(texts), "projects": projects,
           "embed_passages_per_s": round(embed_rate, 1)}
    for name, values in timings.items():
        values.sort()
        out[f"{name}_p50_ms"] = round(statistics.median(values), 1)
        out[f"{name}_p95_ms"] = round(values[int(0.95 * (len(values) - 1))], 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_quality:
            report["quality"] = quality(args.data, work)
        report["ingest"] = ingest_speed(args.data, work)
        print("ingest", report["ingest"], flush=True)
        if not args.skip_latency:
            report["latency"] = latency(args.data, work, args.chunks, args.queries)
            print("latency", report["latency"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
