"""One registry of intents: everything the bot knows about an intent, in one `IntentSpec`.

Adding an intent is one entry in `intents.understanding.specs` (and its handler, and its cue
words in `intents.understanding.cues`), not edits to five string-keyed tables. Every other
module reads this registry: the classifier (which rules score), the slot filler, `pmbot
parse` (which slots are public), the requirements (what to ask), the confirmation wording,
the optional LLM (which intents exist) and dispatch (which handler runs).

Handlers are named as ``"module:function"`` rather than imported: understanding may not import
`intents.handlers` (an import-linter contract), and dispatch resolves the name, so a typo is a
loud `LookupError` and a failing completeness test, never a silent "unknown".
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intents.understanding.classify import Signals
    from intents.understanding.entities import Context

Rule = Callable[["Signals", str], float]
Filler = Callable[["Context", dict, dict], None]
# A command's grammar: the whole message in a fixed shape ("undo", "rate WEB 9") → its slots.
Grammar = Callable[[str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class IntentSpec:
    """One intent, complete: `tests/intents/understanding/test_registry.py` checks each."""

    name: str
    meaning: str                      # one line, as in docs/contract.md
    write: bool                       # a write needs evidence, and a confirmation when doubtful
    handler: str                      # "module:function", resolved by intents.handlers.dispatch
    slots: tuple[str, ...] = ()       # the public slots, the only ones `pmbot parse` prints
    required: tuple[str, ...] = ()    # asked for before the handler runs
    internal: tuple[str, ...] = ()    # further slots the filler passes on to the handler only
    needs_project: bool = False       # a person's only project is taken when none is named
    always_confirm: bool = False      # a write asked about however sure the reading is
    date_slot: str | None = None      # where a date nothing can read ("Feb 30") is reported
    cues: tuple[str, ...] = ()        # cue tables (intents.understanding.cues) the rule reads
    rule: Rule | None = None          # the classifier's evidence for this intent
    fill: Filler | None = None        # the slot filler
    command: Grammar | None = None    # a fixed shape read before the classifier
    addition: bool = False            # listed under "Additions" in docs/contract.md
    learned: bool = False             # the learned second opinion may decide it (a read, never a write)


@cache
def _by_name() -> dict[str, IntentSpec]:
    from intents.understanding.specs import SPECS

    table: dict[str, IntentSpec] = {}
    for spec in SPECS:
        if spec.name in table:
            raise ValueError(f"intent {spec.name!r} is registered twice")
        table[spec.name] = spec
    return table


def spec(name: str) -> IntentSpec:
    """The spec of `name`; an unregistered name is a `LookupError`, never a silent default."""
    try:
        return _by_name()[name]
    except KeyError:
        raise LookupError(f"no intent {name!r} in the registry") from None


def specs() -> tuple[IntentSpec, ...]:
    return tuple(_by_name().values())


def names() -> tuple[str, ...]:
    return tuple(_by_name())


def is_write(name: str) -> bool:
    return spec(name).write


@cache
def write_intents() -> frozenset[str]:
    return frozenset(s.name for s in specs() if s.write)


@cache
def classified() -> tuple[tuple[str, Rule], ...]:
    """The intents the classifier scores, in registry order (ties keep this order)."""
    return tuple((s.name, s.rule) for s in specs() if s.rule is not None)


@cache
def learned_reads() -> frozenset[str]:
    """The intents the learned classifier may decide on its own (`second_opinion`): reads."""
    return frozenset(s.name for s in specs() if s.learned)


@cache
def commands() -> tuple[IntentSpec, ...]:
    return tuple(s for s in specs() if s.command is not None)


def slot_names(name: str) -> tuple[str, ...]:
    return spec(name).slots
