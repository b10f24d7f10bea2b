"""Several entries in one message: "log 2h on A and 3h on B", "今天A做了3小时，B做了2小时".

The message is cut into clauses at "and", commas, "then", 然后, …; clauses are grouped so
that each group holds exactly one of the quantities that make an entry (hours for
`log_time`, amounts for `log_expense`), and each group's slots are read from its own words
alone, so that a project, date or note never leaks from one entry into another. What is
said once for the whole set ("today: …", "… yesterday" at the end, a single project) belongs
to every entry that names none of its own.

Tasks are simpler: "#4 and #5 done", "#6、#7 都完成了" name a list of tasks joined by "and"
or a comma; each gets the same change. Nothing here writes.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from intents.understanding import entities, slots

CLAUSE = re.compile(r"\s*(?:\band then\b|\bthen\b|\band\b|\balso\b|\bplus\b|[;；,，。]|还有|另外|以及|然后|接着|再)\s*",
                    re.IGNORECASE)
JOINED_REFS = re.compile(r"\s*(?:,|，|、|&|\band\b|和|跟|与|及)\s*", re.IGNORECASE)
SHARED = {"log_time": ("date", "project"), "log_expense": ("date", "project", "currency"),
          "update_task": ("status", "progress", "assignee", "due", "priority")}

Reader = Callable[[str], entities.Context]


def split(name: str, ctx: entities.Context, read: Reader) -> list[tuple[dict, dict]] | None:
    """(slots, unresolved) of every entry, in the order written; None for one entry."""
    if name in ("update_task", "delete_task"):
        return _task_list(ctx, name)
    found = ctx.hours if name == "log_time" else ctx.money if name == "log_expense" else []
    if len(found) < 2:
        return None
    if name == "log_expense" and any(slots.per_unit(ctx, f) for f in found):
        return None  # "每个300，一共1500": a unit price and the total of one purchase
    groups = _groups(ctx.text, [f.start for f in found])
    if len(groups) < 2:
        return None
    read_each = [slots.fill(name, read(ctx.text[a:b])) for a, b in groups]
    entries = [(dict(s), dict(u)) for s, u in read_each]
    _share(name, entries)
    return entries


def _groups(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Spans of the text, one per quantity: a clause without a quantity joins the entry
    before it (or, before the first quantity, leads the first entry: "today: …", "登记工时：")."""
    cuts = [0] + [m.end() for m in CLAUSE.finditer(text)] + [len(text)]
    pieces: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if not text[a:b].strip() or CLAUSE.fullmatch(text[a:b]):
            continue  # nothing but a separator ("，然后")
        inside = sorted(s for s in starts if a <= s < b)
        bounds = [a, *inside[1:], b]  # two quantities in one clause: cut before the second
        pieces += list(zip(bounds, bounds[1:], strict=False))
    spans: list[list[int]] = []
    lead: int | None = None
    for a, b in pieces:
        if any(a <= s < b for s in starts):
            spans.append([a if lead is None else lead, b])
            lead = None
        elif spans:
            spans[-1][1] = b
        elif lead is None:
            lead = a
    return [(a, b) for a, b in spans] if len(spans) == len(starts) else []


def _share(name: str, entries: list[tuple[dict, dict]]) -> None:
    """A value said once for the whole set goes to every entry that names none."""
    for key in SHARED.get(name, ()):
        values = {repr(s[key]): s[key] for s, _u in entries if s.get(key) not in (None, "")}
        if len(values) != 1:
            continue
        value = next(iter(values.values()))
        for s, u in entries:
            if s.get(key) in (None, "") and key not in u:
                s[key] = value


def _task_list(ctx: entities.Context, name: str) -> list[tuple[dict, dict]] | None:
    """ "#4 and #5 done", "delete #4 and #5": the same change for each task of a list
    written as one."""
    refs = sorted(ctx.task_refs, key=lambda r: r[1])
    if len(refs) < 2:
        return None
    for (_a, _s, end), (_b, start, _e) in zip(refs, refs[1:], strict=False):
        if not JOINED_REFS.fullmatch(ctx.text[end:start]):
            return None  # "#6 is blocked by #5": one change, the other task is its reason
    first, _unresolved = slots.fill(name, ctx)
    entries: list[tuple[dict, dict]] = []
    for task_id, _start, _end in refs:
        if task_id in ctx.known_tasks:
            entries.append(({**first, "task": task_id}, {}))
        else:  # "#99": no such task; the service answers "no task #99" for that entry
            entries.append(({k: v for k, v in first.items() if k != "task"}, {"task": f"#{task_id}"}))
    return entries
