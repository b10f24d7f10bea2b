"""The understood message: one typed object between the words and the domain services.

`Intent` is what rules (and, optionally, an LLM) produce and what dispatch consumes; its
`to_contract()` is the JSON object promised by CONTRACT.md for `pmbot parse`, so the field
names and value formats here are public. Which intents exist, which are writes and which
slots each one shows come from the registry (`intents.understanding.registry`).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field


def _known(name: str) -> str:
    """Only a registered intent name: a typo is a validation error, not a silent "unknown"."""
    from intents.understanding.registry import names

    if name not in names():
        raise ValueError(f"no intent {name!r} in the registry")
    return name


def _intent_enum(schema: dict[str, Any]) -> None:
    """The JSON schema (an LLM's structured output) offers the classified intents only: a
    conversation command ("undo") is said in its own words, never guessed by a model."""
    from intents.understanding.registry import classified

    schema["enum"] = [name for name, _rule in classified()]


IntentName = Annotated[str, AfterValidator(_known)]


def __getattr__(name: str) -> Any:
    """`WRITE_INTENTS` and `SLOT_NAMES`, as older code and scripts import them: views of the
    registry over the intents the classifier reads from free words (conversation commands,
    read by their own grammar, are not among them). Computed on first use, not at import."""
    from intents.understanding.registry import classified, spec

    if name == "WRITE_INTENTS":
        return frozenset(n for n, _rule in classified() if spec(n).write)
    if name == "SLOT_NAMES":
        return {n: spec(n).slots for n, _rule in classified()}
    raise AttributeError(name)


class Intent(BaseModel):
    """What a message asks for. Slots hold only what the message itself states."""

    intent: IntentName = Field(default="unknown", json_schema_extra=_intent_enum)
    lang: Literal["en", "zh"] = "en"
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    slots: dict[str, Any] = Field(default_factory=dict)
    unresolved: dict[str, str] = Field(default_factory=dict)
    # A name that fits several things ("Which project? ACME-WEB or ACME-APP?"): the slot's
    # value is the first, the conversation should ask. Not part of the parse contract.
    choices: dict[str, list[Any]] = Field(default_factory=dict)
    # Further entries of the same kind in one message ("2h on X today and 3h on Y yesterday"):
    # the slots of the second, third, … entry; `slots` holds the first. Not part of the contract.
    more: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def is_write(self) -> bool:
        from intents.understanding.registry import is_write

        return is_write(self.intent)

    def to_contract(self) -> dict[str, Any]:
        """The `pmbot parse` object: only the intent's own slots, empty values dropped."""
        out: dict[str, Any] = {"intent": self.intent, "lang": self.lang,
                               "confidence": round(self.confidence, 2),
                               **self._frame(self.slots, self.unresolved)}
        if self.more:  # the contract's `entries`: the second and later entries, in order
            out["entries"] = [{"intent": self.intent,
                               **self._frame(e, e.get("_unresolved") or {})} for e in self.more]
        return out

    def _frame(self, slots: dict[str, Any], unresolved: dict[str, str]) -> dict[str, Any]:
        from intents.understanding.registry import slot_names

        allowed = slot_names(self.intent)
        return {"slots": {k: v for k, v in slots.items()
                          if k in allowed and v is not None and v != "" and v != []},
                "unresolved": {k: v for k, v in unresolved.items() if k in allowed and v}}

    def entries(self) -> list[Intent]:
        """Every entry of the message as an intent of its own, the first one first."""
        rest = [Intent(intent=self.intent, lang=self.lang, confidence=self.confidence,
                       slots={k: v for k, v in e.items() if k != "_unresolved"},
                       unresolved=dict(e.get("_unresolved") or {})) for e in self.more]
        return [self.model_copy(update={"more": []}), *rest]
