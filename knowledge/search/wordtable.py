"""Word → words tables on disk, memory-mapped: look one word up without loading them all.

The general dictionary (dictionary.py) holds 170,000 entries; unpickling it cost a one-shot
`pmbot docs ask` 0.2 s on a quiet machine and 0.7 s on a busy one, to translate the few
words of one question. Here each table is three arrays — the 64-bit BLAKE2b hashes of its
keys (sorted), offsets, and the values as one UTF-8 blob (words separated by U+001F) —
mapped with `np.load(mmap_mode="r")`; a lookup is a binary search and a slice. Same keys,
same values (a collision among the keys is checked for when writing; then nothing is
written and the caller keeps its dict).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from knowledge.reading.zhdict import _hash

SEPARATOR = "\x1f"


class WordTable:
    """A read-only str → tuple[str, ...] table over memory-mapped arrays."""

    def __init__(self, hashes: np.ndarray, offsets: np.ndarray, blob: np.ndarray) -> None:
        self._hashes, self._offsets, self._blob = hashes, offsets, blob

    def get(self, word: str) -> tuple[str, ...] | None:
        h = np.uint64(_hash(word))
        i = int(self._hashes.searchsorted(h))
        if i >= len(self._hashes) or self._hashes[i] != h:
            return None
        text = bytes(self._blob[int(self._offsets[i]):int(self._offsets[i + 1])]).decode("utf-8")
        return tuple(text.split(SEPARATOR)) if text else ()

    def __len__(self) -> int:
        return len(self._hashes)


def save_tables(where: Path, tables: Mapping[str, Mapping[str, Sequence[str]]]) -> bool:
    """Write named tables into one folder (a temporary folder renamed); False if not."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=where.parent, prefix=f".{where.name}."))
        for name, table in tables.items():
            keys = list(table)
            hashes = np.fromiter((_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
            order = np.argsort(hashes, kind="stable")
            if len(keys) > 1 and bool((hashes[order][1:] == hashes[order][:-1]).any()):
                shutil.rmtree(tmp, ignore_errors=True)
                return False
            values = [SEPARATOR.join(table[keys[i]]).encode("utf-8") for i in order]
            offsets = np.zeros(len(values) + 1, dtype=np.int64)
            np.cumsum([len(v) for v in values], out=offsets[1:])
            np.save(tmp / f"{name}.hashes.npy", hashes[order])
            np.save(tmp / f"{name}.offsets.npy", offsets)
            np.save(tmp / f"{name}.blob.npy", np.frombuffer(b"".join(values), dtype=np.uint8))
        try:
            os.rename(tmp, where)
        except OSError:  # another process wrote it first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return False
    return True


def load_tables(where: Path, names: Sequence[str]) -> dict[str, WordTable] | None:
    try:
        return {name: WordTable(np.load(where / f"{name}.hashes.npy", mmap_mode="r"),
                                np.load(where / f"{name}.offsets.npy", mmap_mode="r"),
                                np.load(where / f"{name}.blob.npy", mmap_mode="r"))
                for name in names}
    except (OSError, ValueError):
        return None
