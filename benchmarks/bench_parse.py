"""Time `pmbot parse`: per-message latency in a `--batch` process, and one whole process.

    python -m benchmarks.bench_parse [--cases tests/intents/understanding/dev/dev.jsonl]
                                     [--workspace tests/intents/understanding/dev/dev_workspace.yaml]
                                     [--runs 5]

A fresh SQLite store is made (`pmbot init`, `pmbot import`) in a temporary folder. Then:

* batch: one `pmbot parse --batch` process reads the cases one line at a time; each
  message's latency is from writing its line to reading its answer, so process start-up
  is not in it. The first message is excluded (it pays for the imports and the index).
* single: `pmbot parse --as … TEXT` as a new process, wall time, median of `--runs`; once
  for a message the rules are sure of, once for one they leave to the learned second
  opinion (`intents.understanding.learned`), which loads its weights only then.

Prints a Markdown table to paste into the README. Targets: p50 <= 3 ms, p99 <= 25 ms,
single parse < 1 s.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "intents" / "understanding" / "dev"
UNSURE = "where do my projects stand?"  # the rules leave it unknown; the learned model reads it


def pmbot() -> list[str]:
    exe = Path(sys.executable).with_name("pmbot")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "bot.cli"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def make_store(folder: Path, workspace: Path) -> str:
    url = f"sqlite:///{folder / 'parse.db'}"
    for args in (["init"], ["import", str(workspace)]):
        subprocess.run([*pmbot(), *args, "--db", url], check=True, capture_output=True, cwd=folder)
    return url


def batch_latencies(url: str, cases: list[dict], folder: Path) -> list[float]:
    """Milliseconds per message, measured at the pipe of one long-lived batch process."""
    proc = subprocess.Popen([*pmbot(), "parse", "--batch", "--db", url], cwd=folder, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1)
    assert proc.stdin is not None and proc.stdout is not None
    timings = []
    try:
        for case in cases:
            line = json.dumps({"text": case["text"], "as": case["as"], "now": case["now"]},
                              ensure_ascii=False)
            started = time.perf_counter()
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
            answer = proc.stdout.readline()
            timings.append((time.perf_counter() - started) * 1000)
            if not answer:
                raise RuntimeError("pmbot parse --batch stopped answering")
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    return timings


def single_parse(url: str, case: dict, folder: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*pmbot(), "parse", "--db", url, "--as", case["as"], "--now", case["now"],
                        case["text"]], check=True, capture_output=True, cwd=folder)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEV / "dev.jsonl")
    parser.add_argument("--workspace", type=Path, default=DEV / "dev_workspace.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    args.cases, args.workspace = args.cases.resolve(), args.workspace.resolve()
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder = Path(tempfile.mkdtemp(prefix="pmbot-bench-parse-"))
    try:
        url = make_store(folder, args.workspace)
        timings = batch_latencies(url, cases, folder)
        singles = single_parse(url, cases[0], folder, args.runs)
        unsure = single_parse(url, {**cases[0], "text": UNSURE}, folder, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    counted = timings[1:]
    p50, p99 = percentile(counted, 0.50), percentile(counted, 0.99)
    single, single_unsure = statistics.median(singles), statistics.median(unsure)
    print(f"`pmbot parse` on {args.cases.name} ({len(cases)} messages; first one, {timings[0]:.0f} ms, excluded)\n")
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(f"| per-message latency p50 (`--batch`, no start-up) | {p50:.2f} ms | <= 3 ms |")
    print(f"| per-message latency p99 (`--batch`, no start-up) | {p99:.2f} ms | <= 25 ms |")
    print(f"| per-message latency max | {max(counted):.2f} ms | |")
    print(f"| one `pmbot parse` process, one message (median of {args.runs}) | {single * 1000:.0f} ms | < 1 s |")
    print(f"| one `pmbot parse` process, a message the rules leave to the learned model "
          f"(median of {args.runs}) | {single_unsure * 1000:.0f} ms | < 1 s |")
    ok = p50 <= 3 and p99 <= 25 and single < 1 and single_unsure < 1
    print(f"\n{'all targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
