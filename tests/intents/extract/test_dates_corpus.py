"""The date corpus: day-grain expressions people write, read at a fixed reference time.

`dates_corpus.jsonl` (written by `build_dates_corpus.py` before the grammar was tuned) holds
each expression with its language, family, the direction its slot implies (a due date looks
ahead, a log date back), the speaker's country and the day it means on Tuesday 2026-09-15, or
null for text that is no date at all. A row is read right when the distinct days found are
exactly the expected one (a stray second day is as wrong as none).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from intents.extract.dates import find_dates
from intents.extract.text import normalise

CORPUS = Path(__file__).with_name("dates_corpus.jsonl")
# Written after the grammar was changed, before it was run on them: other phrasings.
HOLDOUT = Path(__file__).with_name("dates_holdout.jsonl")
REF = date(2026, 9, 15)
Row = dict[str, object]


def load(path: Path = CORPUS) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read(row: Row) -> list[str]:
    found = find_dates(normalise(str(row["text"])), REF, prefer=row["prefer"],  # type: ignore[arg-type]
                       region=row["region"])  # type: ignore[arg-type]
    return sorted({f.value.isoformat() for f in found})


def right(row: Row, got: list[str]) -> bool:
    return got == ([] if row["expected"] is None else [row["expected"]])


def score(rows: list[Row], reader: Callable[[Row], list[str]] = read
          ) -> dict[str, dict[str, tuple[int, int]]]:
    """Per language, per family: (read right, rows); family "all" sums the date rows."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        ok = right(row, reader(row))
        lang, family = str(row["lang"]), str(row["family"])
        for key in (family, "all") if row["expected"] is not None else (family,):
            out[lang][key][0] += ok
            out[lang][key][1] += 1
    return {lang: {f: (v[0], v[1]) for f, v in fams.items()} for lang, fams in out.items()}


def table(scores: dict[str, dict[str, tuple[int, int]]]) -> str:
    lines = []
    for lang, fams in sorted(scores.items()):
        for family, (ok, n) in sorted(fams.items(), key=lambda kv: (kv[0] == "all", kv[0])):
            lines.append(f"{lang}  {family:24s} {ok:4d}/{n:<4d} {100 * ok / n:5.1f} %")
    return "\n".join(lines)


def test_the_corpus_has_at_least_300_date_expressions_per_language() -> None:
    rows = load()
    for lang in ("en", "zh"):
        assert sum(1 for r in rows if r["lang"] == lang and r["expected"] is not None) >= 300


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_most_dates_people_write_are_read_as_the_day_they_mean(lang: str, capsys) -> None:  # type: ignore[no-untyped-def]
    scores = score([r for r in load() if r["lang"] == lang])
    with capsys.disabled():
        print("\n" + table(scores))
    ok, n = scores[lang]["all"]
    assert ok / n >= 0.85


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dates_phrased_otherwise_than_the_corpus_are_read_as_well(lang: str, capsys) -> None:  # type: ignore[no-untyped-def]
    scores = score([r for r in load(HOLDOUT) if r["lang"] == lang])
    with capsys.disabled():
        print("\n" + table(scores))
    ok, n = scores[lang]["all"]
    assert ok / n >= 0.85


def test_text_that_is_no_date_yields_no_date() -> None:
    wrong = [(r["text"], got) for r in load() if r["expected"] is None and (got := read(r))]
    assert wrong == []
