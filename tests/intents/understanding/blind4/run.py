"""Prints the fourth blind set's scores (all, tuning, held-out) on a fresh SQLite database.

    PYTHONPATH=$PWD python -m tests.intents.understanding.blind4.run [--errors N]

Misses are printed only for the tuning part; the held-out part is counted, never shown.
"""
from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.migrate import upgrade
from domain.core.store import make_engine
from tests.intents.understanding.blind4.scoring import print_scores, score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'b4.db'}")
        upgrade(engine)
        with Session(engine, expire_on_commit=False) as session:
            scored = score(session, datetime(2026, 12, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
        engine.dispose()
    print_scores(scored, errors=args.errors)


if __name__ == "__main__":
    main()
