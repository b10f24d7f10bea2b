"""Every intent pmbot understands, one `IntentSpec` each (see `intents.understanding.registry`).

The order is the classifier's: when two rules score the same, the one listed first wins.
Conversation commands (undo, ratings, document comments, notification preferences) come
last: they are read by a fixed grammar before the classifier, so their place does not matter.
"""
from __future__ import annotations

from intents.understanding import classify as rules
from intents.understanding import commands
from intents.understanding import slots as fill
from intents.understanding.registry import IntentSpec
from intents.understanding.slots_tasks import fill_create_task, fill_delete_task, fill_update_task

WORK = "intents.handlers.work"
STATUS = "intents.handlers.status"
REQUESTS = "intents.handlers.requests"
BASICS = "intents.handlers.basics"
COMMANDS = "intents.handlers.commands"

SPECS: tuple[IntentSpec, ...] = (
    IntentSpec(
        "log_time", "record hours worked", write=True, handler=f"{WORK}:handle_log_time",
        slots=("hours", "date", "project", "task", "note", "person"), required=("hours",),
        needs_project=True, date_slot="date", rule=rules.log_time, fill=fill.fill_log_time,
        cues=("LOG_VERB", "WORK_VERB", "LOG_ALONE", "OVERTIME", "PERSONAL_ACTIVITY", "ESTIMATE",
              "DURATION_OF")),
    IntentSpec(
        "timesheet", "hours summary", write=False, handler=f"{STATUS}:handle_timesheet",
        slots=("person", "project", "start", "end"), date_slot="start",
        rule=rules.timesheet, fill=fill.fill_timesheet,
        cues=("TIMESHEET", "WORK_HOURS", "HOURS_WORD", "OWN_HOURS", "DID_LOG"), learned=True),
    IntentSpec(
        "create_task", "add a task", write=True, handler=f"{WORK}:handle_create_task",
        slots=("title", "project", "assignee", "due", "priority", "estimate_hours", "milestone"),
        required=("title",), internal=("due_period",), needs_project=True, date_slot="due",
        rule=rules.create_task, fill=fill_create_task, cues=("CREATE", "PERSONAL")),
    IntentSpec(
        "update_task", "change a task", write=True, handler=f"{WORK}:handle_update_task",
        slots=("task", "status", "progress", "assignee", "due", "priority"), required=("task",),
        internal=("due_period",), date_slot="due", rule=rules.update_task, fill=fill_update_task,
        cues=("STATUS_CHANGE", "ASSIGN_CHANGE", "PRIORITY_CHANGE", "DUE_CHANGE")),
    IntentSpec(
        "delete_task", "delete a task (always confirmed)", write=True,
        handler=f"{WORK}:handle_delete_task", slots=("task",), required=("task",),
        always_confirm=True, rule=rules.delete_task, fill=fill_delete_task,
        cues=("DELETE", "DELETE_PART"), addition=True),
    IntentSpec(
        "list_tasks", "what is on someone's or a project's plate", write=False,
        handler=f"{STATUS}:handle_list_tasks", slots=("person", "project", "status", "due"),
        internal=("overdue",), date_slot="due", rule=rules.list_tasks, fill=fill.fill_list_tasks,
        cues=("LIST_TASKS",), learned=True),
    IntentSpec(
        "project_status", "how a project (or all of mine) is going", write=False,
        handler=f"{STATUS}:handle_project_status", slots=("project", "task", "milestone"),
        rule=rules.project_status, fill=fill.fill_project_status,
        cues=("STATUS", "STATE_WORD", "MILESTONE_ASK"), learned=True),
    IntentSpec(
        "budget_status", "budget and spend", write=False, handler=f"{STATUS}:handle_budget_status",
        slots=("project",), rule=rules.budget_status, fill=fill.fill_project,
        cues=("BUDGET", "BUDGET_OURS"), learned=True),
    IntentSpec(
        "log_expense", "record a cost", write=True, handler=f"{REQUESTS}:handle_log_expense",
        slots=("amount", "currency", "category", "project", "date", "note"), required=("amount",),
        needs_project=True, date_slot="date", rule=rules.log_expense, fill=fill.fill_log_expense,
        cues=("EXPENSE", "WORK_SPEND", "PERSONAL_SPEND", "HOW_MUCH")),
    IntentSpec(
        "request_leave", "ask for leave", write=True, handler=f"{REQUESTS}:handle_request_leave",
        slots=("start", "end", "leave_type", "note"), required=("start",), date_slot="start",
        rule=rules.request_leave, fill=fill.fill_request_leave,
        cues=("LEAVE", "LEAVE_WEAK", "LEAVE_WORD", "FAMILY", "SELF")),
    IntentSpec(
        "request_overtime", "ask to work overtime", write=True,
        handler=f"{REQUESTS}:handle_request_overtime", slots=("date", "hours", "project", "note"),
        required=("date", "hours"), date_slot="date", rule=rules.request_overtime,
        fill=fill.fill_request_overtime, cues=("OVERTIME", "COMPLAINT")),
    IntentSpec(
        "decide", "approve or reject a pending request", write=True,
        handler=f"{REQUESTS}:handle_decide", slots=("decision", "request"), required=("decision",),
        internal=("note", "requester", "kind"), rule=rules.decide, fill=fill.fill_decide,
        cues=("DECIDE", "REQUEST_REF", "OPINION", "THIRD_PARTY_DECISION")),
    IntentSpec(
        "complete_milestone", "mark a milestone reached", write=True,
        handler=f"{REQUESTS}:handle_complete_milestone", slots=("milestone", "project"),
        required=("milestone",), rule=rules.complete_milestone, fill=fill.fill_complete_milestone,
        cues=("REACHED", "MILESTONE_WORD")),
    IntentSpec(
        "ask_docs", "a question answered from project documents", write=False,
        handler="intents.handlers.docs:handle_ask_docs", slots=("question", "project"),
        rule=rules.ask_docs, fill=fill.fill_ask_docs, cues=("DOCS", "DOCS_SOURCE"), learned=True),
    IntentSpec(
        "feedback", "a client's satisfaction score", write=True,
        handler=f"{REQUESTS}:handle_feedback", slots=("score", "project", "note"),
        required=("score",), internal=("milestone",), needs_project=True,
        rule=rules.feedback, fill=fill.fill_feedback, cues=("FEEDBACK",)),
    IntentSpec(
        "report", "a management report", write=False, handler="intents.handlers.reports:handle_report",
        slots=("report", "project", "client", "start", "end"), date_slot="start",
        rule=rules.report, fill=fill.fill_report, cues=("REPORT", "REPORT_KIND", "RISK_ASK"), learned=True),
    IntentSpec(
        "chart", "a picture of a project", write=False, handler="intents.handlers.reports:handle_chart",
        slots=("chart", "project"), rule=rules.chart, fill=fill.fill_chart,
        cues=("CHART", "CHART_ANY", "CHART_ADVICE"), learned=True),
    IntentSpec(
        "suggest_assignee", "who should take a piece of work", write=False,
        handler="intents.handlers.assign:handle_suggest_assignee",
        slots=("project", "task", "skills"), rule=rules.suggest_assignee, fill=fill.fill_suggest,
        cues=("SUGGEST",), learned=True),
    IntentSpec(
        "help", "what can I say", write=False, handler=f"{BASICS}:handle_help",
        rule=rules.help_, cues=("HELP",), learned=True),
    IntentSpec(
        "smalltalk", "greetings, thanks", write=False, handler=f"{BASICS}:handle_smalltalk",
        internal=("thanks",), rule=rules.smalltalk, fill=fill.fill_smalltalk, cues=("SMALLTALK",)),
    IntentSpec(
        "unknown", "anything else; never leads to a write", write=False,
        handler=f"{BASICS}:handle_unknown", internal=("personal",), rule=rules.unknown),
    IntentSpec(
        "list_approvals", "requests waiting for my decision, or what became of mine", write=False,
        handler=f"{REQUESTS}:handle_list_approvals", internal=("whose",),
        rule=rules.list_approvals, fill=fill.fill_list_approvals,
        cues=("APPROVAL_LIST", "OWN_REQUEST"), addition=True, learned=True),
    # ---- conversation commands: a fixed shape, read before the classifier
    *commands.SPECS,
)
