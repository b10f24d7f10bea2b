"""Word → words tables on disk, memory-mapped: look one word up without loading them all.

The general dictionary (dictionary.py) holds 170,000 entries; unpickling it cost a one-shot
`pmbot docs ask` 0.2 s on a quiet machine and 0.7 s on a busy one, to translate the few
words of one question. Here each table is three arrays — the 64-bit BLAKE2b hashes of its
keys (sorted), offsets, and the values as one UTF-8 blob (words separated by U+001F) —
mapped with `np.load(mmap_mode="r")`; a lookup is a binary search and a slice. Same keys,
same values (a collision among the keys is checked for when writing; then nothing is
written and the caller keeps its dict).

This module owns the hashed-table format: the hash, the sorted keys, the lookup and the
atomic write. jieba's word frequencies (knowledge/reading/zhdict.py) are kept the same way.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

SEPARATOR = "\x1f"


def word_hash(word: str) -> int:
    """A key's 64-bit BLAKE2b hash: what the tables sort and search on."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def sorted_hashes(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """The keys' hashes in ascending order, and the order of the keys that gives them;
    None when two keys share a hash (a table that would answer one for the other)."""
    hashes = np.fromiter((word_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    if len(hashes) > 1 and bool((hashes[1:] == hashes[:-1]).any()):
        return None
    return hashes, order


def position(hashes: np.ndarray, word: str) -> int | None:
    """Where `word` stands among sorted hashes (a binary search), None if it is no key."""
    h = np.uint64(word_hash(word))
    i = int(hashes.searchsorted(h))
    return i if i < len(hashes) and hashes[i] == h else None


def write_folder(where: Path, fill: Callable[[Path], bool]) -> bool:
    """Write a folder of arrays atomically: `fill` writes into a temporary folder that is
    then renamed to `where` (if another process wrote it first, theirs stays). False when
    nothing was written: `fill` said no, or the disk refused."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=where.parent, prefix=f".{where.name}."))
        if not fill(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
            return False
        try:
            os.rename(tmp, where)
        except OSError:  # another process wrote it first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return False
    return True


class WordTable:
    """A read-only str → tuple[str, ...] table over memory-mapped arrays."""

    def __init__(self, hashes: np.ndarray, offsets: np.ndarray, blob: np.ndarray) -> None:
        self._hashes, self._offsets, self._blob = hashes, offsets, blob

    def get(self, word: str) -> tuple[str, ...] | None:
        i = position(self._hashes, word)
        if i is None:
            return None
        text = bytes(self._blob[int(self._offsets[i]):int(self._offsets[i + 1])]).decode("utf-8")
        return tuple(text.split(SEPARATOR)) if text else ()

    def __len__(self) -> int:
        return len(self._hashes)


def save_tables(where: Path, tables: Mapping[str, Mapping[str, Sequence[str]]]) -> bool:
    """Write named tables into one folder (a temporary folder renamed); False if not."""
    def fill(tmp: Path) -> bool:
        for name, table in tables.items():
            keys = list(table)
            found = sorted_hashes(keys)
            if found is None:
                return False
            hashes, order = found
            values = [SEPARATOR.join(table[keys[i]]).encode("utf-8") for i in order]
            offsets = np.zeros(len(values) + 1, dtype=np.int64)
            np.cumsum([len(v) for v in values], out=offsets[1:])
            np.save(tmp / f"{name}.hashes.npy", hashes)
            np.save(tmp / f"{name}.offsets.npy", offsets)
            np.save(tmp / f"{name}.blob.npy", np.frombuffer(b"".join(values), dtype=np.uint8))
        return True

    return write_folder(where, fill)


def load_tables(where: Path, names: Sequence[str]) -> dict[str, WordTable] | None:
    try:
        return {name: WordTable(np.load(where / f"{name}.hashes.npy", mmap_mode="r"),
                                np.load(where / f"{name}.offsets.npy", mmap_mode="r"),
                                np.load(where / f"{name}.blob.npy", mmap_mode="r"))
                for name in names}
    except (OSError, ValueError):
        return None
