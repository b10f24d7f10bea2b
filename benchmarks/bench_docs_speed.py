"""Speed of documents from the command line, as a user meets it: ingest and one-shot asks.

    python -m benchmarks.bench_docs_speed [--files 800] [--batch 100] [--asks 7] [--json OUT]

Everything runs through the real `pmbot` CLI in subprocesses, on a fresh workspace
(`pmbot demo --no-chat` into a temporary SQLite file and data folder):

1. Ingest: `--files` short generated articles (half Chinese, half English, 300–700
   characters, one heading and a few paragraphs) added with `pmbot docs add` in groups of
   `--batch` files, one process per group, each file timed by its output line. The rate of
   each group is reported (files/s, excluding the process start, which is reported apart),
   so a rate that falls as the index grows shows at once.
2. One-shot ask: the 24 documents of the QA set (benchmarks/docqa) are added to the demo's
   four, then `pmbot docs ask` is run `--asks` times for an English and a Chinese question
   with the index already built (the first ask after a change builds the snapshot; it is
   reported apart as "first after a change"). Wall time per process; median reported.

The machine is shared: the load average is printed with each figure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ZH_WORDS = ("项目 合同 付款 验收 交付 里程碑 客户 供应商 发票 预算 会议 纪要 风险 变更 需求 测试 上线 "
            "培训 数据 迁移 接口 模块 负责人 截止日期 工作日 费用 报价 质保 服务 支持 响应时间 "
            "门店 库存 采购 财务 审批 流程 阶段 计划 实际 改进 团队 设计 开发 网站 品牌").split()
EN_WORDS = ("project contract payment acceptance delivery milestone client supplier invoice "
            "budget meeting minutes risk change requirement testing launch training data "
            "migration interface module owner deadline business day fee quote warranty service "
            "support response time store inventory purchase finance approval process phase "
            "plan actual improvement team design development website brand").split()


def article(n: int, rng: random.Random) -> tuple[str, str]:
    """A short article: (file name, Markdown text), Chinese for even n, English for odd."""
    if n % 2 == 0:
        words, joiner, end, title = ZH_WORDS, "", "。", f"第{n}号项目说明"
    else:
        words, joiner, end, title = EN_WORDS, " ", ". ", f"Project note {n}"
    paragraphs = []
    target = rng.randint(300, 700)
    size = 0
    while size < target:
        sentence = joiner.join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        sentence += f"{joiner}{rng.randint(1, 999)}{end}"
        paragraphs.append(sentence)
        size += len(sentence)
    body = "\n\n".join(" ".join(paragraphs[i:i + 3]) for i in range(0, len(paragraphs), 3))
    return f"article_{n:04d}.md", f"# {title}\n\n{body}\n"


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


class Workspace:
    """A demo workspace in a temporary folder, driven through the `pmbot` CLI."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = f"sqlite:///{folder / 'bench.db'}"
        self.env = {**os.environ, "PMBOT_DATA_DIR": str(folder / "data"),
                    "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        self.pmbot("demo", "--no-chat")

    def pmbot(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--db", self.db],
                              env=self.env, capture_output=True, text=True, check=check)

    def add_timed(self, paths: list[Path], project: str) -> dict[str, Any]:
        """One `pmbot docs add` of the paths; when the process started, when each file's
        line arrived, when it ended."""
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "docs", "add", *map(str, paths),
                                 "--project", project, "--json", "--db", self.db],
                                env=self.env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        stamps = [time.perf_counter() for line in proc.stdout if line.strip()]
        if proc.wait() != 0:
            raise SystemExit(f"pmbot docs add failed ({proc.returncode})")
        ended = time.perf_counter()
        first = stamps[0] if stamps else ended
        # rate over the files after the first (the first carries the model's load)
        span = stamps[-1] - first if len(stamps) > 1 else 0.0
        return {"files": len(stamps), "wall_s": round(ended - started, 2),
                "first_file_s": round(first - started, 2),
                "files_per_s": round((len(stamps) - 1) / span, 1) if span > 0 else None,
                "load": load_average()}


def bench_ingest(ws: Workspace, files: int, batch: int, rng: random.Random) -> list[dict[str, Any]]:
    folder = ws.folder / "articles"
    folder.mkdir()
    paths = []
    for n in range(files):
        name, text = article(n, rng)
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    rows = []
    for start in range(0, files, batch):
        row = ws.add_timed(paths[start:start + batch], "INT-OPS")
        row["index_files_before"] = start
        rows.append(row)
        print(f"  files {start:4d}–{start + row['files'] - 1:4d}: {row['files_per_s']} files/s "
              f"(process {row['wall_s']} s, first file after {row['first_file_s']} s; "
              f"load {row['load']})", flush=True)
    return rows


def bench_ask(ws: Workspace, asks: int) -> dict[str, Any]:
    from benchmarks.docqa.render import load_sources, render

    folder = ws.folder / "docqa"
    folder.mkdir()
    for src in load_sources():
        (folder / src.file).write_bytes(render(src))
    ws.pmbot("docs", "add", *map(str, sorted(folder.iterdir())), "--project", "ACME-WEB")
    questions = {"en": "When must Acme pay an invoice?", "zh": "验收需要多少个工作日？"}
    out: dict[str, Any] = {}
    for lang, question in questions.items():
        times = []
        for _ in range(asks):
            started = time.perf_counter()
            ws.pmbot("docs", "ask", "--as", "alice", question)
            times.append(time.perf_counter() - started)
        out[lang] = {"median_s": round(statistics.median(times), 2),
                     "runs_s": [round(t, 2) for t in times], "load": load_average()}
        print(f"  ask ({lang}): median {out[lang]['median_s']} s over {asks} runs "
              f"{out[lang]['runs_s']} (load {out[lang]['load']})", flush=True)
    # the first ask after a change rebuilds the snapshot from Chroma once
    name, text = article(99999, random.Random(1))
    (folder / name).write_text(text, encoding="utf-8")
    ws.pmbot("docs", "add", str(folder / name), "--project", "ACME-WEB")
    started = time.perf_counter()
    ws.pmbot("docs", "ask", "--as", "alice", questions["en"])
    out["first_after_change_s"] = round(time.perf_counter() - started, 2)
    print(f"  first ask after a change: {out['first_after_change_s']} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=800)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--asks", type=int, default=7)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-ask", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(14)
    result: dict[str, Any] = {"cores": os.cpu_count(), "load_at_start": load_average()}
    if not args.skip_ask:
        with tempfile.TemporaryDirectory(prefix="pmbot-ask-") as tmp:
            print("one-shot ask (30 documents):", flush=True)
            result["ask"] = bench_ask(Workspace(Path(tmp)), args.asks)
    if not args.skip_ingest:
        with tempfile.TemporaryDirectory(prefix="pmbot-ingest-") as tmp:
            print(f"ingest ({args.files} short files, {args.batch} per process):", flush=True)
            result["ingest"] = bench_ingest(Workspace(Path(tmp)), args.files, args.batch, rng)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
