"""jieba's dictionary without loading it: a memory-mapped table of hashed words.

jieba keeps its 350,000 words (and every prefix of them: 500,000 keys) in a Python dict,
loaded from a marshal cache on first use — 0.7 s on a quiet machine and several seconds
on a busy one, holding the interpreter lock all along, for a one-shot `pmbot docs ask`
that segments one question and a few passages. Segmentation only ever asks the dict
three things: is this string a key, what is its frequency, and the total. So the first
process to need the dictionary also writes it as two sorted arrays — each key's 64-bit
hash (BLAKE2b) and its frequency — and later processes map them (`np.load(mmap_mode="r")`)
and look a string up by binary search. Same keys, same frequencies, same total: the same
segmentation (a false match needs a 64-bit collision; one among the keys themselves is
checked for when writing, and then the table is not written).

The table lives in `$PMBOT_CACHE_DIR` (see knowledge/search/weights.py), per jieba version,
in the hashed-table format of knowledge/search/wordtable.py (which owns hashing, lookup
and writing).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.search.wordtable import position, sorted_hashes, write_folder


class HashedFrequencies(Mapping[str, int]):
    """A read-only word → frequency mapping over sorted hashes; answers are remembered."""

    def __init__(self, hashes: np.ndarray, frequencies: np.ndarray) -> None:
        self._hashes = hashes
        self._frequencies = frequencies
        self._seen: dict[str, int | None] = {}
        self.lookups = 0  # binary searches done (for tests and benchmarks)

    def _find(self, word: str) -> int | None:
        try:
            return self._seen[word]
        except KeyError:
            pass
        self.lookups += 1
        i = position(self._hashes, word)
        found = None if i is None else int(self._frequencies[i])
        if len(self._seen) < 200_000:
            self._seen[word] = found
        return found

    def __getitem__(self, word: str) -> int:
        found = self._find(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def get(self, word: str, default: Any = None) -> Any:
        found = self._find(word)
        return default if found is None else found

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a hashed dictionary cannot list its words")


def folder() -> Path:
    from knowledge.search.weights import cache_root

    try:
        from importlib.metadata import version

        release = version("jieba")
    except Exception:
        release = "0"
    return cache_root() / f"jieba-{release}"


def load(where: Path) -> tuple[HashedFrequencies, int] | None:
    try:
        total = int(json.loads((where / "total.json").read_text())["total"])
        hashes = np.load(where / "hashes.npy", mmap_mode="r")
        frequencies = np.load(where / "frequencies.npy", mmap_mode="r")
    except (OSError, ValueError, KeyError):
        return None
    return HashedFrequencies(hashes, frequencies), total


def save(where: Path, freq: Mapping[str, int], total: int) -> bool:
    """Write the table (atomically: a temporary folder renamed); False if not written."""
    words = list(freq)
    found = sorted_hashes(words)
    if found is None:
        return False  # a collision among the keys: keep jieba's own dict
    hashes, order = found
    frequencies = np.fromiter((freq[w] for w in words), dtype=np.int64, count=len(words))[order]

    def fill(tmp: Path) -> bool:
        np.save(tmp / "hashes.npy", hashes)
        np.save(tmp / "frequencies.npy", frequencies)
        (tmp / "total.json").write_text(json.dumps({"total": total}))
        return True

    return write_folder(where, fill)


def _import_jieba() -> Any:
    """jieba, imported without `pkg_resources` (0.1–0.2 s of imports, for jieba to find
    its own files through it; without it, jieba opens them by path)."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    # None in sys.modules makes `import pkg_resources` fail at once
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def tokenizer() -> Any:
    """A jieba Tokenizer over the hashed table (written from jieba's own dict first, once)."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    where = folder()
    loaded = load(where)
    if loaded is None:
        jieba.initialize()  # the slow way, once: then keep the table for the next process
        save(where, jieba.dt.FREQ, jieba.dt.total)
        loaded = load(where)
        if loaded is None:
            return jieba.dt
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = loaded
    tk.initialized = True
    return tk
