"""Document question answering, end to end, on the bilingual QA set in benchmarks/docqa/.

    python -m benchmarks.bench_docqa [--json OUT] [--misses]

24 documents (Markdown, text, HTML, CSV, XLSX, DOCX, PDF; English, Simplified and
Traditional Chinese; internal, client and restricted) are rendered from their committed
sources into real files, parsed, chunked and indexed exactly as `pmbot docs add` does, and
142 questions are asked by someone who may read all of them:

- hit@1 / hit@3: the answering document is the first / among the first three distinct
  documents retrieved;
- answer-contains-gold: the quoted answer holds every gold string (case and spaces
  ignored), over the answerable questions: a list answer must hold all its items;
- no-answer accuracy: the share of unanswerable questions answered "not found";
- answered: the share of answerable questions that got an answer at all;
- latency: p50 / p95 of one answer (retrieval and extraction; the model already loaded).

Figures are given overall, by file format, and for cross-language questions (a Chinese
question over an English document or the reverse).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from benchmarks.docqa.render import Source, load_sources, render
from knowledge.search.index import DocumentRef, KnowledgeIndex

QUESTIONS = Path(__file__).parent / "docqa" / "questions.yaml"
PROJECTS = {"ACME-WEB": 1, "LUM-WEB": 2, "HX-ERP": 3, "GLX-PORTAL": 4, "LUM-BRAND": 5, "OPS": 6}


def scope_of(n: int, src: Source) -> str:
    visibility = src.meta["visibility"]
    if visibility == "restricted":
        return f"doc:{n}"
    return f"project:{PROJECTS[src.meta['project']]}:{visibility}"


def build(folder: Path, sources: list[Source]) -> tuple[KnowledgeIndex, set[str]]:
    from knowledge.ingest import index_document, read

    index = KnowledgeIndex(folder / "index")
    scopes = set()
    for n, src in enumerate(sources, 1):
        parsed = read(src.file, render(src))
        scope = scope_of(n, src)
        scopes.add(scope)
        index_document(index, DocumentRef(n, scope, parsed.title, src.file,
                                          str(src.meta["project"]), 1), parsed)
    return index, scopes


def normal(text: str) -> str:
    return "".join(text.split()).casefold()


def ask_one(index: KnowledgeIndex, scopes: set[str], q: dict[str, Any]) -> dict[str, Any]:
    from knowledge.answer import answer_question
    from knowledge.search.retrieval import retrieve

    started = time.perf_counter()
    answer = answer_question(index, q["q"], scopes, lang=q["lang"])
    seconds = time.perf_counter() - started
    ranked = list(dict.fromkeys(str(p.meta.get("file")) for p in
                                retrieve(index, q["q"], scopes, k=12).passages))
    return {"found": answer.found, "answer": answer.answer, "docs": ranked,
            "seconds": seconds, "confidence": answer.confidence, "crossed": answer.crossed}


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["gold_file"]]
    unanswerable = [r for r in rows if not r["gold_file"]]
    out: dict[str, Any] = {"questions": len(rows)}
    if answerable:
        n = len(answerable)
        out["hit@1"] = round(sum(r["docs"][:1] == [r["gold_file"]] for r in answerable) / n, 3)
        out["hit@3"] = round(sum(r["gold_file"] in r["docs"][:3] for r in answerable) / n, 3)
        out["answer_contains_gold"] = round(sum(r["contains"] for r in answerable) / n, 3)
        out["answered"] = round(sum(r["found"] for r in answerable) / n, 3)
    if unanswerable:
        out["no_answer_accuracy"] = round(
            sum(not r["found"] for r in unanswerable) / len(unanswerable), 3)
    return out


def calibration(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The answerability threshold that answers the most questions right: an answerable
    question counts when its confidence passes and its answer holds the gold strings, an
    unanswerable one when its confidence does not pass. Run with every question answered
    (ANSWERABLE = 0) so that each answer's content is known."""
    def right(t: float) -> float:
        ok = sum((r["confidence"] >= t and r["contains"]) if r["gold_file"] else r["confidence"] < t
                 for r in rows)
        return ok / len(rows)

    grid = [round(0.1 + 0.01 * i, 2) for i in range(51)]
    curve = {t: round(right(t), 3) for t in grid}
    best = max(grid, key=lambda t: (curve[t], -abs(t - 0.4)))
    return {"best_threshold": best, "accuracy_at_best": curve[best],
            "curve": {str(t): v for t, v in curve.items() if int(round(t * 100)) % 2 == 0}}


def run(misses: bool = False, calibrate: bool = False) -> dict[str, Any]:
    import os

    import knowledge.answer

    if calibrate:
        knowledge.answer.ANSWERABLE = knowledge.answer.ANSWERABLE_CROSS = 0.0

    sources = load_sources()
    by_name = {s.name: s for s in sources}
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        index, scopes = build(Path(tmp), sources)
        ingest_s = time.perf_counter() - started
        ask_one(index, scopes, {"q": "warm up", "lang": "en"})
        rows = []
        for q in questions:
            src = by_name.get(q["doc"]) if q["doc"] else None
            row = ask_one(index, scopes, q)
            row.update(q=q["q"], lang=q["lang"], gold_file=src.file if src else None,
                       format=Path(src.file).suffix.lstrip(".") if src else "none",
                       cross=bool(src) and src.meta["lang"] != q["lang"],
                       contains=bool(src) and row["found"] and all(
                           normal(g) in normal(row["answer"]) for g in q["gold"]))
            rows.append(row)
    seconds = sorted(r["seconds"] for r in rows)
    report: dict[str, Any] = {"documents": len(sources), "overall": score(rows),
                              "latency_ms": {"p50": round(1000 * statistics.median(seconds), 1),
                                             "p95": round(1000 * seconds[int(0.95 * (len(seconds) - 1))], 1)},
                              "ingest_s": round(ingest_s, 1),
                              "load_average": round(os.getloadavg()[0], 2)}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["gold_file"]:
            groups[f"format:{r['format']}"].append(r)
            groups["cross-language" if r["cross"] else "same-language"].append(r)
        groups[f"question:{r['lang']}"].append(r)
    report["by"] = {k: score(v) for k, v in sorted(groups.items())}
    if calibrate:
        report["calibration"] = calibration(rows)
        for lang in ("en", "zh"):
            report["calibration"][lang] = calibration([r for r in rows if r["lang"] == lang])["best_threshold"]
        for name, crossed in (("same_language_unit", False), ("cross_language_unit", True)):
            part = [r for r in rows if r["crossed"] == crossed]
            report["calibration"][name] = calibration(part)
            report["calibration"][name]["questions"] = len(part)
    if misses:
        report["misses"] = [{k: r[k] for k in ("q", "gold_file", "docs", "found", "answer")}
                            for r in rows if (r["gold_file"] and not r["contains"])
                            or (not r["gold_file"] and r["found"])]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    parser.add_argument("--calibrate", action="store_true",
                        help="answer everything and report the best answerability threshold")
    args = parser.parse_args()
    report = run(args.misses, args.calibrate)
    for r in report.pop("misses", []):
        r["docs"] = r["docs"][:3]
        print("MISS", json.dumps(r, ensure_ascii=False))
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
