"""Time `import_workspace` of the large benchmark workspace into a fresh SQLite file.

    python -m benchmarks.bench_import [--runs 3] [--json big.json] [--keep DIR]

Generation (or reading the JSON) is not timed; the import is timed up to and including the
commit. Each run gets a new database file, migrated with `bot.migrate.upgrade`. `--keep`
leaves the last database behind, for the status and timesheet benchmarks to query.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.migrate import upgrade
from domain.core.store import make_engine, unit_of_work
from domain.workspace.importing import import_workspace


def timed_import(data: dict[str, Any], db_path: Path) -> tuple[float, dict[str, int]]:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        summary = import_workspace(session, data, now=datetime.now(UTC),
                                   source="benchmark")
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, summary.as_dict()


def load(json_path: str | None, seed: int) -> dict[str, Any]:
    if json_path:
        return json.loads(Path(json_path).read_text(encoding="utf-8"))
    from benchmarks.generate_workspace import large_workspace

    return large_workspace(seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="a workspace JSON file (default: generate one)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", help="directory where the last run's database is kept")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = load(args.json, args.seed)
    print(f"workspace ready in {time.perf_counter() - started:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="pmbot-bench-"))
    try:
        for run in range(1, args.runs + 1):
            db_path = work / f"run{run}.db"
            seconds, counts = timed_import(data, db_path)
            print(f"run {run}: import {seconds:.1f} s  {counts}")
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(db_path, Path(args.keep) / "bench.db")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
