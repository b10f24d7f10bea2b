"""The optional second opinion: a langchain chat model asked only when the rules are unsure.

The rules stay the authority. The model (any langchain chat model, built by the edge from
`PMBOT_LLM` with `init_chat_model` and handed in; nothing here reads the environment) is asked
for the same `Intent` schema through `with_structured_output`, and only when the rules'
confidence is low. Its answer is then treated as a suggestion about *words*: every slot is
re-resolved against the store's index (a project code it made up goes to `unresolved`, a
closed-set value outside the contract is dropped, a date must be a real ISO day), a write it
proposes is capped below the confirmation threshold so the conversation asks first, and any
error, a malformed answer or the 3-second timeout leaves the rules' reading untouched.
"""
from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from typing import Any

from intents.understanding.gazetteer import Gazetteer, key
from intents.understanding.registry import classified, is_write, slot_names
from intents.understanding.schema import Intent

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3.0
UNSURE_BELOW = 0.75     # the rules' confidence under which the model is consulted
WRITE_CAP = 0.7         # a write the model proposes is always confirmed with the user
CLOSED = {
    "status": {"todo", "in_progress", "blocked", "done"},
    "priority": {"low", "normal", "high", "urgent"},
    "decision": {"approve", "reject"},
    "category": {"labor", "travel", "procurement", "software", "other"},
    "leave_type": {"annual", "sick", "personal"},
    "report": {"profit", "variance", "utilization", "satisfaction"},
    "chart": {"gantt", "kanban", "burndown", "budget", "utilization"},
}
NUMBERS = {"hours", "amount", "estimate_hours", "score"}
DATES = {"date", "due", "start", "end"}
INTEGERS = {"task", "request"}
TEXT = {"title", "note", "question"}
PROMPT = (
    "You read one chat message sent to a project-management assistant and return its intent "
    "in the given schema. Intents: {intents}. Use `unknown` for anything that is not a request "
    "to this assistant (chit-chat about weather, sports, cooking, banking, general knowledge); "
    "a question is never a write. Slots hold only what the message states. Dates are "
    "YYYY-MM-DD; today is {today} ({weekday}) in the speaker's timezone. The speaker's handle "
    "is {speaker}.\nMessage: {text}"
)


def is_unsure(rules: Intent) -> bool:
    """Consult the model only when the rules' reading is doubtful: a low confidence (which is
    also how the rules report a small margin over the runner-up), or no reading at all."""
    return rules.confidence < UNSURE_BELOW or rules.intent == "unknown"


def consult(rules: Intent, *, model: Any, text: str, gaz: Gazetteer, today: date,
            speaker: str, timeout: float = TIMEOUT_SECONDS) -> Intent:
    """The model's reading when it is usable, else the rules' own; never raises."""
    if model is None or not is_unsure(rules):
        return rules
    try:
        answer = _ask(model, _prompt(text, today, speaker), timeout)
    except FutureTimeout:
        log.warning("llm second opinion timed out after %.1fs; keeping the rules' reading", timeout)
        return rules
    except Exception as error:  # a provider error must never cost the user an answer
        log.warning("llm second opinion failed (%s); keeping the rules' reading", type(error).__name__)
        return rules
    if not isinstance(answer, Intent):
        return rules
    return merge(rules, answer, gaz=gaz, speaker=speaker)


def _prompt(text: str, today: date, speaker: str) -> str:
    intents = ", ".join(name for name, _rule in classified())
    return PROMPT.format(intents=intents, today=today.isoformat(), weekday=today.strftime("%A"),
                         speaker=speaker, text=text)


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Two workers, started by the first question that needs the model (not at import)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pmbot-llm")
        return _POOL


def _ask(model: Any, prompt: str, timeout: float) -> Any:
    """Invoke the structured model in a worker so a slow provider cannot hold the reply."""
    structured = model.with_structured_output(Intent)
    return _pool().submit(structured.invoke, prompt).result(timeout=timeout)


def merge(rules: Intent, answer: Intent, *, gaz: Gazetteer, speaker: str) -> Intent:
    """The model's intent with its slots re-resolved against the store; writes stay confirmed."""
    if answer.intent not in dict(classified()):
        return rules  # a conversation command is said in its own words, never guessed
    if answer.intent == "unknown" and rules.intent != "unknown":
        return rules  # a doubtful reading is still more use than none: the bot will ask
    slots, unresolved = resolve(answer.intent, answer.slots, gaz=gaz, speaker=speaker)
    confidence = min(max(answer.confidence, rules.confidence), 0.9)
    if is_write(answer.intent):
        confidence = min(confidence, WRITE_CAP)
    return Intent(intent=answer.intent, lang=rules.lang, confidence=confidence, slots=slots,
                  unresolved={**unresolved, **{k: v for k, v in answer.unresolved.items()
                                               if k in slot_names(answer.intent) and isinstance(v, str)}})


def resolve(intent: str, raw: dict[str, Any], *, gaz: Gazetteer,
            speaker: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Keep only the intent's own slots, each checked against the store or the contract."""
    slots: dict[str, Any] = {}
    unresolved: dict[str, str] = {}
    for name, value in raw.items():
        if name not in slot_names(intent) or value is None or value == "":
            continue
        checked = _check(name, value, gaz=gaz, speaker=speaker)
        if checked is not None:
            slots[name] = checked
        elif name in {"project", "person", "assignee", "task", "milestone", "client"}:
            unresolved[name] = str(value)
    return slots, unresolved


def _check(name: str, value: Any, *, gaz: Gazetteer, speaker: str) -> Any:
    if name in CLOSED:
        return value if value in CLOSED[name] else None
    if name in NUMBERS:
        return _number(value)
    if name in DATES:
        return _iso_day(value)
    if name in INTEGERS:
        number = _number(str(value).lstrip("#"))
        if number is None or not float(number).is_integer():
            return None
        return int(number) if name == "request" or int(number) in gaz.task_ids else None
    if name == "project":
        return _named(gaz, value, "project", exact=gaz.project_codes)
    if name in {"person", "assignee"}:
        if str(value).lower() in {"me", "myself", "i", "我", "自己"}:
            return speaker
        return _named(gaz, value, "person", exact=gaz.handles)
    if name in {"milestone", "client"}:
        return _named(gaz, value, name)
    if name == "skills":
        items = value if isinstance(value, list) else [value]
        found = [_named(gaz, v, "skill") for v in items]
        return [f for f in found if f] or None
    if name in TEXT and isinstance(value, str):
        return value.strip()[:500] or None
    return None


def _named(gaz: Gazetteer, value: Any, kind: str, exact: set[str] | None = None) -> Any:
    """The stored value a name stands for, when the whole name is one known thing."""
    text = str(value).strip()
    if exact is not None:
        for known in exact:
            if known.lower() == text.lower():
                return known
    low = key(text)
    mentions = [m for m in gaz.scan(low, frozenset({kind})) if m.strength >= 2]
    if len(mentions) == 1 and (mentions[0].end - mentions[0].start) >= len(low.strip()) - 1:
        return mentions[0].value
    return None


def _number(value: Any) -> float | int | None:
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        return None
    if number != number or number <= 0 or number > 1e9:
        return None
    return int(number) if number.is_integer() else number


def _iso_day(value: Any) -> str | None:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None
