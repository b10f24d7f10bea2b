"""Reading a short answer to a question we asked ("How many hours?" → "2.5h", "Which day?" →
"next monday"), with the same primitives that read whole messages."""
from __future__ import annotations

from datetime import date
from typing import Literal

from intents.extract.dates import find_dates
from intents.extract.hours import find_hours
from intents.extract.money import find_money
from intents.extract.numbers import parse_number
from intents.extract.text import normalise

DATE_SLOTS = {"date", "due", "start", "end"}
PAST_DATES = {"log_time", "log_expense"}


def read_answer(slot: str, text: str, *, intent: str, today: date,
                region: str | None = None) -> object | None:
    """The slot value the answer gives, or None when it does not give one. `region` is the
    speaker's country, for numeric dates ("5/12" is 12 May in Berlin, 5 December in Chicago)."""
    clean = normalise(text).strip()
    if slot == "hours":
        found = find_hours(clean)
        return found[0].value if found else _number(clean)
    if slot == "amount":
        money = find_money(clean)
        return money[0].value[0] if money else _number(clean)
    if slot in DATE_SLOTS:
        prefer: Literal["past", "future"] = "past" if intent in PAST_DATES else "future"
        dates = find_dates(clean, today, prefer=prefer, region=region)
        return dates[0].value.isoformat() if dates else None
    if slot == "task":
        return int(clean.lstrip("#")) if clean.lstrip("#").isdigit() else clean
    if slot == "score":
        return _number(clean)
    return clean or None


def _number(text: str) -> float | None:
    value = parse_number(text.rstrip("hH小时个"))
    return value if value is not None and value > 0 else None
