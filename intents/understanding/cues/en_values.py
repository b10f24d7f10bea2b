"""English words for slot values: what a message says that fills a slot with a fixed value.

The counterpart of `intents.understanding.cues.zh_values`, entry for entry. `VALUES` maps a
lexicon (`expense_category`, `task_status`, …) to its values, each with an alternation of
this language's words for it; the order is the reading order (the first value whose words
appear wins), so more specific values come first. `UNLESS` holds words that veto a value
anywhere in the message ("rent a laptop" is no purchase). `WORDS` are phrase patterns the
slot fillers read around a value ("other expenses"). `intents.understanding.cues.values` and
`.words` join every language's entry, so a third language is a new pair of tables.
"""
from __future__ import annotations

VALUES: dict[str, dict[str, str]] = {
    "expense_category": {
        "travel": r"taxi|uber|didi|\bcab\b|train|flight|hotel|airfare|mileage|\btravel",
        "software": r"licen[cs]e|subscription|saas|software",
        "labor": r"freelanc|contractor|outsourc|\blabou?r\b",
        "procurement": (r"\bprocurement|hardware|laptop|monitor|mouse|keyboard|hard drive|\bssd\b|\bsd cards?\b|"
                        r"memory card|camera|tripod|gimbal|printer|webcam|headset|raspberry pi|\brfid\b|\bpda\b|"
                        r"scanner|\bipad"),
    },
    # tasks asked for by their state ("what's blocked?")
    "list_status": {
        "in_progress": r"in[- ]progress",
        "blocked": r"blocked|stuck",
        "todo": r"\btodo\b|\bto-do\b|\bto do (tasks?|items?|list)\b|not started",
        "done": r"\bdone\b|completed|finished tasks",
    },
    # a task's state as it is changed ("mark #4 done")
    "task_status": {
        "in_progress": r"in[- ]progress|started",
        "blocked": r"blocked|stuck|flag|on hold|paused?",
        "todo": r"\btodo\b|\bto[- ]do\b|reopen",
        "done": r"\bdone\b|finished|complete[d]?\b|\bclosed?\b",
    },
    "priority": {
        "urgent": r"\burgent\b|\basap\b",
        "low": r"\blow\b",
        "high": r"\bhigh\b",
        "normal": r"\bnormal\b|\bmedium\b",
    },
    "report": {
        "profit": r"profit|margin",
        "utilization": r"utili[sz](?:ation|ed)|overloaded|overworked|overbooked",
        "satisfaction": r"satisfaction",
        "variance": r"variance",
        "risk": r"\brisk(s|y)?\b",
    },
    "chart": {
        "gantt": r"gantt",
        "kanban": r"kanban|board",
        "burndown": r"burn[- ]?down",
        "utilization": r"utili[sz]ation",
        "budget": r"budget",
    },
    "leave_type": {
        "sick": r"sick|ill\b|illness",
        "annual": r"annual|vacation|holiday",
        "personal": r"personal",
    },
    "request_kind": {
        "leave": r"\bleave\b|vacation|holiday|\bpto\b|day off|time off",
        "overtime": r"overtime|\bot\b",
        "expense": r"expenses?|reimburs|receipt",
    },
    # kinds of notice a person mutes or unmutes, most specific first
    "notice_kind": {
        "weekly_digest": r"weekly\s+(?:digest|update|report|summar(?:y|ies))s?|digests?",
        "hours_reminder": r"(?:hours?|time|timesheet)\s+reminders?",
        "task_overdue": r"overdue(?:\s+task)?\s*(?:reminders?|nudges?)?",
        "budget_threshold": r"budget\s*(?:alerts?|warnings?|notices?)?",
        "approval_waiting": r"approval\s+reminders?",
        "milestone": r"milestone\s*(?:notices?|alerts?|updates?|reminders?)?",
        "reminder": r"reminders?|nudges?",
    },
}

UNLESS: dict[str, dict[str, str]] = {
    "expense_category": {"procurement": r"\brent|\bhire"},  # hired, rented: not bought
}

WORDS: dict[str, str] = {
    # "other" said as the kind of expense: before the expense word, or after a category cue
    "OTHER_KIND": (r"\b(?:other|misc|miscellaneous|sundry)\s+(?:expenses?|costs?|spend(?:ing)?|items?)\b"
                   r"|\b(?:category|type|kind|as|on|under)\s*[:=]?\s*(?:other|misc|miscellaneous)\b(?!\s+\w)"),
    # what "other" next to an amount is about when it is not a kind ("the other project")
    "NOT_KIND": r"(?:projects?|tasks?|clients?|teams?|people|persons?|things?|ones?|stuff|days?)\b",
    "OTHER_WORD": r"\bother\b|\bmisc\b|\bmiscellaneous\b",
    # a note that only repeats the category ("travel expense")
    "KIND_ONLY": (r"(?:category|type|kind)|(?:(?:an?|the|for|on|as)\s+)?(?:travel(?:ling)?|labou?r|procurement|"
                  r"software|other|misc|miscellaneous)(?:\s+(?:expenses?|costs?|category))?"),
}
