"""Speed of documents from the command line, as a user meets it: ingest and one-shot asks.

    python -m benchmarks.bench_docs_speed [--files 896] [--window 128] [--asks 7] [--json OUT]
                                          [--skip-ingest] [--skip-ask] [--code CHECKOUT]

Everything runs through the real `pmbot` CLI in subprocesses, on a fresh workspace
(`pmbot demo --no-chat` into a temporary SQLite file and data folder):

1. Ingest: `--files` short generated articles (half Chinese, half English, 300–700
   characters, one heading and a few paragraphs) added by one `pmbot docs add`, each file
   timed by its output line. The rate over each window of `--window` files is reported, so
   a rate that falls as the index grows shows at once (the issue's case: 848 files in one
   command, falling from 3.8 to 0.95 files/s).
2. One-shot ask: the 24 documents of the QA set (benchmarks/docqa) are added to the demo's
   four, then `pmbot docs ask` is run `--asks` times for an English and a Chinese question
   with the index already built (the first ask after a change builds the snapshot; it is
   reported apart as "first after a change"). Wall time per process; median reported.

The machine is shared: the load average is printed with each figure, and CPU seconds
(user + system, from /proc and getrusage) beside wall time: on a busy machine the wall
time mostly measures the others' work, CPU time much less so.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
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

    def __init__(self, folder: Path, code: Path = ROOT) -> None:
        self.folder = folder
        self.db = f"sqlite:///{folder / 'bench.db'}"
        self.env = {**os.environ, "PMBOT_DATA_DIR": str(folder / "data"),
                    "PYTHONPATH": str(code) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        self.pmbot("demo", "--no-chat")

    def pmbot(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--db", self.db],
                              env=self.env, capture_output=True, text=True, check=check)

    def add_timed(self, paths: list[Path], project: str) -> list[tuple[float, float]]:
        """One `pmbot docs add` of the paths: (wall, CPU) seconds from the process's start
        to each file's output line (lines come a group at a time, once it is indexed)."""
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "docs", "add", *map(str, paths),
                                 "--project", project, "--json", "--db", self.db],
                                env=self.env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        stamps = [(time.perf_counter() - started, cpu_of(proc.pid))
                  for line in proc.stdout if line.strip()]
        if proc.wait() != 0:
            raise SystemExit(f"pmbot docs add failed ({proc.returncode})")
        return stamps


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_ingest(ws: Workspace, files: int, window: int, rng: random.Random) -> dict[str, Any]:
    """All files in one `pmbot docs add`; the rate over each window of `window` files,
    measured between the output lines that close consecutive windows (the first window
    from the process's start, so it carries the imports and the model's load)."""
    folder = ws.folder / "articles"
    folder.mkdir()
    paths = []
    for n in range(files):
        name, text = article(n, rng)
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    stamps = ws.add_timed(paths, "INT-OPS")
    windows = []
    previous = (0.0, 0.0)
    for end in range(window, len(stamps) + 1, window):
        wall, cpu = stamps[end - 1][0] - previous[0], stamps[end - 1][1] - previous[1]
        windows.append({"files": f"{end - window}–{end - 1}", "seconds": round(wall, 2),
                        "files_per_s": round(window / wall, 1),
                        "files_per_cpu_s": round(window / cpu, 1), "load": load_average()})
        previous = stamps[end - 1]
        print(f"  files {end - window:4d}–{end - 1:4d}: {windows[-1]['files_per_s']:5.1f} files/s "
              f"wall, {windows[-1]['files_per_cpu_s']:5.1f} per CPU second ({round(wall, 1)} s"
              f"{', incl. process start' if end == window else ''}; load {load_average()})",
              flush=True)
    total = stamps[-1][0]
    steady = windows[1:] or windows
    print(f"  all {len(stamps)} files in {total:.1f} s: {len(stamps) / total:.1f} files/s overall; "
          f"after the first window {statistics.median(w['files_per_s'] for w in steady)} files/s "
          f"wall, {statistics.median(w['files_per_cpu_s'] for w in steady)} per CPU second "
          f"(medians of windows; load {load_average()})", flush=True)
    return {"windows": windows, "total_s": round(total, 2), "files": len(stamps),
            "load": load_average()}


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
        times, cpus = [], []
        for _ in range(asks):
            started, cpu = time.perf_counter(), child_cpu()
            ws.pmbot("docs", "ask", "--as", "alice", question)
            times.append(time.perf_counter() - started)
            cpus.append(child_cpu() - cpu)
        out[lang] = {"median_s": round(statistics.median(times), 2),
                     "median_cpu_s": round(statistics.median(cpus), 2),
                     "runs_s": [round(t, 2) for t in times], "load": load_average()}
        print(f"  ask ({lang}): median {out[lang]['median_s']} s wall, "
              f"{out[lang]['median_cpu_s']} s CPU over {asks} runs {out[lang]['runs_s']} "
              f"(load {out[lang]['load']})", flush=True)
    # the first ask after a `docs add` (which keeps a current snapshot current)
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
    parser.add_argument("--files", type=int, default=896)
    parser.add_argument("--window", type=int, default=128,
                        help="files per reported rate (a multiple of the CLI's group of 64)")
    parser.add_argument("--asks", type=int, default=7)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-ask", action="store_true")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose pmbot runs (to compare with another branch)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(14)
    result: dict[str, Any] = {"cores": os.cpu_count(), "load_at_start": load_average()}
    if not args.skip_ask:
        with tempfile.TemporaryDirectory(prefix="pmbot-ask-") as tmp:
            print("one-shot ask (30 documents):", flush=True)
            result["ask"] = bench_ask(Workspace(Path(tmp), args.code), args.asks)
    if not args.skip_ingest:
        with tempfile.TemporaryDirectory(prefix="pmbot-ingest-") as tmp:
            print(f"ingest ({args.files} short files, one process):", flush=True)
            result["ingest"] = bench_ingest(Workspace(Path(tmp), args.code), args.files, args.window, rng)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
