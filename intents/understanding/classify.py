"""Choosing the intent: every rule adds evidence to candidates, the best one must win clearly.

Rules read a `Signals` object (the masked, normalised text plus what was found in it:
hours, money, scores, task ids, mentions). Named things are masked first, so that a
milestone called "Moodboard approved" is not an approval and a task titled "评估报告" is not
a report. A write intent needs positive evidence (a verb or a quantity that only a write
explains) and is pushed down by question form and negation; when nothing scores above the
threshold the message is `unknown`, which never leads to a write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from intents.understanding.cues import cue

THRESHOLD = 2.5


def _fullmatch(pattern: str, text: str) -> re.Match[str] | None:
    return _compiled(pattern).fullmatch(text)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class Signals:
    text: str                      # normalised, lower-cased
    masked: str                    # same, named things replaced by <project>, <task>, …
    lang: str
    is_contact: bool = False
    hours: bool = False
    money: bool = False            # an amount with a currency, or after a spending verb
    bare_number: bool = False
    score: bool = False
    task_ids: list[int] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)   # kinds of mentions found (project, task, …)
    project_like: bool = False     # "X项目", "project X": a project named, maybe unknown
    dates: bool = False
    bare: bool = False             # nothing but quantities, dates and names ("4h today")
    past_date: bool = False        # a date before today is stated ("昨天加班到很晚")
    progress: bool = False         # how far along ("80%", "half done", "做了七成")


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


QUESTION = cue("QUESTION")
# A polite opening that asks to be told, not to act: "can you tell me whether …", "能告诉我…是否".
ASK_TO_TELL = cue("ASK_TO_TELL")
# A negated state or act: "#4 is not done", "isn't finished", "I'm not taking leave", "还没完成",
# "未达成", "我周六不加班". The negation must govern the very verb a write would act on, so that
# "blocked, the venue hasn't replied" is still a status change.
NEGATED_ACT = cue("NEGATED_ACT")
# Money paid by someone else (income, a client settling an invoice) is not our expense.
OTHERS_PAID = cue("OTHERS_PAID")
POLITE = cue("POLITE")
NEGATION = cue("NEGATION")
# Someone else's words or a what-if: "sam said he logged 4h", "what if we logged by the week".
REPORTED = cue("REPORTED")
OTHERS_RECORDED = cue("OTHERS_RECORDED")
HYPOTHETICAL = cue("HYPOTHETICAL")
TESTING = cue("TESTING")

LOG_VERB = cue("LOG_VERB")
WORK_VERB = cue("WORK_VERB")
TIMESHEET = cue("TIMESHEET")
HOURS_WORD = cue("HOURS_WORD")
# What makes an hours question about work: a logging verb, a work verb, or 工时 ("how many hours
# is the flight", "每天睡几个小时" are not timesheet questions).
WORK_HOURS = cue("WORK_HOURS")
LOG_ALONE = cue("LOG_ALONE")
PERSONAL_ACTIVITY = cue("PERSONAL_ACTIVITY")
CREATE = cue("CREATE")
STATUS_CHANGE = cue("STATUS_CHANGE")
ASSIGN_CHANGE = cue("ASSIGN_CHANGE")
PRIORITY_CHANGE = cue("PRIORITY_CHANGE")
DUE_CHANGE = cue("DUE_CHANGE")
LIST_TASKS = cue("LIST_TASKS")
STATUS = cue("STATUS")
BUDGET = cue("BUDGET")
EXPENSE = cue("EXPENSE")
LEAVE_WEAK = cue("LEAVE_WEAK")
LEAVE = cue("LEAVE")
OVERTIME = cue("OVERTIME")
DECIDE = cue("DECIDE")
REQUEST_REF = cue("REQUEST_REF")
MILESTONE_WORD = cue("MILESTONE_WORD")
REACHED = cue("REACHED")
DOCS = cue("DOCS")
FEEDBACK = cue("FEEDBACK")
REPORT = cue("REPORT")
REPORT_KIND = cue("REPORT_KIND")
RISK_ASK = cue("RISK_ASK")
CHART = cue("CHART")
# "what's a good gantt chart tool": advice about charts in general, not a picture of ours.
CHART_ADVICE = cue("CHART_ADVICE")
CHART_ANY = cue("CHART_ANY")
SUGGEST = cue("SUGGEST")
HELP = cue("HELP")
SMALLTALK = cue("SMALLTALK")
FAMILY = cue("FAMILY")
WORK_SPEND = cue("WORK_SPEND")
PERSONAL_SPEND = cue("PERSONAL_SPEND")
PERSONAL = cue("PERSONAL")
OUT_OF_SCOPE = cue("OUT_OF_SCOPE")
# A read question needs something of ours to be about: a named thing, or words of the workplace.
ANCHOR = cue("ANCHOR")
READ_FILLER = cue("READ_FILLER")


def score_all(s: Signals) -> dict[str, float]:
    """Evidence per intent; write intents are damped by question form and negation."""
    from intents.understanding.registry import classified, write_intents

    m = chat_speak(spaced(s.masked))
    scores = {name: rule(s, m) for name, rule in classified()}
    question = is_question(m)
    for name in write_intents() & scores.keys():
        if question:
            scores[name] -= 4.0
        if NEGATION.search(m) or TESTING.search(m) or NEGATED_ACT.search(m) or OTHERS_PAID.search(m):
            scores[name] -= 5
        if REPORTED.search(m) or HYPOTHETICAL.search(m) or OTHERS_RECORDED.search(m):
            scores[name] -= 4
    if OUT_OF_SCOPE.search(m):
        ours = bool(s.kinds & {"project", "person", "task", "milestone", "client"}) or bool(s.task_ids)
        for name in scores:
            scores[name] -= 1.5 if ours else 2.5
    return scores


GLUED = re.compile(r"(?<=[\u3400-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u3400-\u9fff])")


def spaced(m: str) -> str:
    """English glued to Chinese read as words of its own: "的SOW里" → "的 sow 里", so that the
    English cues' word boundaries hold (Python counts a Chinese character as a word character)."""
    return GLUED.sub(" ", m)


CHAT_SPEAK = {"u": "you", "ur": "your", "any1": "anyone", "some1": "someone", "sum1": "someone",
              "every1": "everyone", "pls": "please", "plz": "please", "thx": "thanks", "ty": "thanks"}
CHAT_WORD = re.compile(r"(?<![\w<#'])(" + "|".join(CHAT_SPEAK) + r")(?![\w>'])")


def is_question(m: str) -> bool:
    """Asked, not ordered: a question form not opened as a polite order ("can you log …"),
    or a polite opening that asks to be told ("can you tell me whether …")."""
    return bool(QUESTION.search(m)) and (not POLITE.search(m) or bool(ASK_TO_TELL.search(m)))


STATE_WORD = cue("STATE_WORD")


def state_talk(m: str, has_ref: bool) -> bool:
    """A question about, or a denial of, a task's or milestone's state ("is #2 done?",
    "#6 还没完成", "Dashboard v1 is not reached yet"): answered with the state, never written."""
    if not has_ref or not STATE_WORD.search(m):
        return False
    return is_question(m) or bool(NEGATED_ACT.search(m))


def chat_speak(m: str) -> str:
    """Chat shorthand read as the words it stands for ("what can u do", "any1 free to take #3")."""
    return CHAT_WORD.sub(lambda w: CHAT_SPEAK[w.group(1)], m)


def anchored(s: Signals, m: str, trigger: re.Pattern[str]) -> bool:
    """A read question about something of ours, or a bare one ("status?", "进度怎么样")."""
    if ANCHOR.search(m) or s.project_like or s.task_ids:
        return True
    return not READ_FILLER.sub("", trigger.sub("", m)).strip()


def choose(s: Signals) -> tuple[str, float, list[tuple[str, float]]]:
    """The winning intent, a confidence in [0, 1], and the ranked candidates."""
    from intents.understanding.registry import write_intents

    ranked = sorted(score_all(s).items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < THRESHOLD:
        return "unknown", round(min(0.95, 0.6 + (THRESHOLD - max(top, 0)) / 10), 2), ranked
    margin = top - max(second, 0)
    confidence = 0.5 + 0.5 * min(1.0, margin / 4) * min(1.0, top / 5)
    if best in write_intents() and margin < 1.0:
        confidence = min(confidence, 0.6)
    return best, round(min(confidence, 0.99), 2), ranked


# ---------------------------------------------------------------- one rule per intent
def log_time(s: Signals, m: str) -> float:
    if OVERTIME.search(m) and not LOG_ALONE.search(m) and not s.past_date:
        return 0.0  # overtime ahead is a request; overtime already worked ("上周六加了会班") is logged
    if not s.hours:  # "log time", "记工时": a log without its hours; the bot asks how many
        return 3.0 if LOG_ALONE.search(m) and not QUESTION.search(m) else 0.0
    score = 1.5
    if LOG_VERB.search(m):
        score += 1.5
    if WORK_VERB.search(m):
        score += 0.5
    if "project" in s.kinds or "task" in s.kinds or s.project_like or s.task_ids:
        score += 1.5
    if s.bare:
        score += 1.5
    elif s.dates and not QUESTION.search(m) and not DURATION_OF.search(m):
        score += 1.0  # "昨天写SQL 3小时", "yesterday 3h writing tests": hours on a day worked
    if ESTIMATE.search(m) or CREATE.search(m):
        score -= 2  # hours in "add a task …, 6 hours" are its estimate, not time worked
    ours = "project" in s.kinds or "task" in s.kinds or s.project_like or s.task_ids
    if PERSONAL_ACTIVITY.search(m) and not ours:
        score -= 3  # "I spent 3 hours cooking", "跑了3个小时的步"
    return score


def timesheet(s: Signals, m: str) -> float:
    work = bool(WORK_HOURS.search(m)) or bool(s.kinds & {"person", "project", "task"}) or s.project_like
    score = (3.5 if work else 1.0) if TIMESHEET.search(m) else 0.0
    if (not score and HOURS_WORD.search(m) and not s.hours and not REPORT.search(m) and work
            and (QUESTION.search(m) or s.dates or s.kinds & {"person", "project"})
            and not (NEGATION.search(m) or HYPOTHETICAL.search(m))):
        score = 2.6
    if DID_LOG.search(m):
        score = 4.0
    if not score and not s.hours and OWN_HOURS.search(m) and not LOG_ALONE.search(m):
        score = 3.0  # "my hours this week", "<person>'s hours in november": whose hours, a summary
    return score


OWN_HOURS = cue("OWN_HOURS")


ESTIMATE = cue("ESTIMATE")
DURATION_OF = cue("DURATION_OF")  # "the flight took 3 hours": how long something lasted, not work
DID_LOG = cue("DID_LOG")


def create_task(s: Signals, m: str) -> float:
    if not CREATE.search(m):
        return 0.0
    personal = PERSONAL.search(m) and not ({"project", "person"} & s.kinds)
    return 1.5 if personal else 4.5


def update_task(s: Signals, m: str) -> float:
    ref = bool(s.task_ids) or "<task>" in m
    if not ref:
        return 0.0
    changes = sum(bool(p.search(m)) for p in (STATUS_CHANGE, ASSIGN_CHANGE, PRIORITY_CHANGE, DUE_CHANGE))
    changes += int(s.progress and not s.hours and not s.money)
    if s.progress and changes and not s.hours:
        return 5.0  # "#3 80% there", "#13 进度40%": how far along the task is
    if not changes:
        return 0.5
    score = 2.5 + (1.5 if s.task_ids else 0.5) + 0.3 * changes
    if DECIDE.search(m) or SUGGEST.search(m) or s.hours:
        score -= 2.5
    return score


# Deleting a task, not a field of it: "remove sam from #7", "delete the due date of #7" and
# "remove the dependency" change the task (or are not ours to guess) and are left to others.
DELETE = cue("DELETE")
DELETE_PART = cue("DELETE_PART")


def delete_task(s: Signals, m: str) -> float:
    ref = bool(s.task_ids) or "<task>" in m
    if not ref or not DELETE.search(m):
        return 0.0
    return 1.0 if DELETE_PART.search(m) or "<person>" in m else 5.0


def list_tasks(s: Signals, m: str) -> float:
    score = 3.5 if LIST_TASKS.search(m) else 0.0
    if score and QUESTION.search(m):
        score += 0.5
    return score


# "is Payment go-live still realistic?", "入库模块上线还来得及吗": a milestone's prospects asked.
MILESTONE_ASK = cue("MILESTONE_ASK")


def project_status(s: Signals, m: str) -> float:
    if state_talk(m, bool(s.task_ids) or "<task>" in m or "<milestone>" in m):
        return 4.5
    asked = is_question(m) or (s.lang == "zh" and MILESTONE_ASK.search(m))  # "会不会延期" asks, no 吗
    if "<milestone>" in m and asked and not STATUS.search(m):
        return 4.0 if MILESTONE_ASK.search(m) else 3.0
    if not STATUS.search(m):
        return 0.0
    if not anchored(s, m, STATUS):
        return 1.5  # "what's the status of my amazon order", "下载进度一直是0"
    return 3.0 + (0.5 if "<project>" in m or "project" in m or "项目" in m else 0.0)


BUDGET_OURS = cue("BUDGET_OURS")


def budget_status(s: Signals, m: str) -> float:
    if not BUDGET.search(m):
        return 0.0
    if not (anchored(s, m, BUDGET) or BUDGET_OURS.search(m)):
        return 1.5  # "the budget of the new avengers movie", "装修预算20万够吗"
    if s.hours and not QUESTION.search(m):
        return 1.0  # "half an hour on X, budget review": hours worked on budgets, not a budget question
    return 3.5 + (0.5 if QUESTION.search(m) else 0.0)


def log_expense(s: Signals, m: str) -> float:
    """An amount spent for work: personal spending ("taxi home", "火锅") is not an expense."""
    score = 2.0 if s.money else 0.0
    if EXPENSE.search(m):
        score += 2.0 if (s.money or s.bare_number) else 0.5
    work = WORK_SPEND.search(m) or ({"project", "client"} & s.kinds) or s.project_like
    if work and score:
        score += 1.0
    elif PERSONAL_SPEND.search(m) or PERSONAL.search(m):
        score = min(score, 1.5)
    if HOW_MUCH.search(m):
        score -= 3
    return score


HOW_MUCH = cue("HOW_MUCH")
SELF = cue("SELF")
LEAVE_WORD = cue("LEAVE_WORD")
OTHER_PERSON = cue("OTHER_PERSON")
MINE = cue("MINE")
DECIDE_IT = cue("DECIDE_IT")
# A wish is not a request: "i need a vacation so badly" names no day; "vacation from dec 21" does.
LEAVE_WISH = cue("LEAVE_WISH")
DAY_OFF = cue("DAY_OFF")


def request_leave(s: Signals, m: str) -> float:
    if LEAVE.search(m) or DAY_OFF.search(m):
        score = 4.0 if s.dates or not LEAVE_WISH.search(m) else 2.0
    elif LEAVE_WEAK.search(m):
        mine = SELF.search(m) and not FAMILY.search(m)
        score = 3.5 if mine and s.dates else 2.0
    else:
        return 2.0 if LEAVE_WORD.search(m) else 0.0
    if s.past_date:
        score -= 2.5
    return score - _someone_else(m) - (2.5 if DECIDE.search(m) else 0.0)


def request_overtime(s: Signals, m: str) -> float:
    if not OVERTIME.search(m):
        return 0.0
    score = 4.5 - (2.5 if s.past_date else 0.0) - (2.5 if COMPLAINT.search(m) and not s.hours else 0.0)
    return score - _someone_else(m) - (2.5 if DECIDE.search(m) else 0.0)


# A sigh about overtime ("这个周末加班好累啊") is not asking for it.
COMPLAINT = cue("COMPLAINT")


def _someone_else(m: str) -> float:
    """ "dave is on leave", "他今天请假了": news about another person is not a request."""
    other = OTHER_PERSON.search(m)
    mine = MINE.search(m)
    return 2.5 if other and not mine else 0.0


def decide(s: Signals, m: str) -> float:
    if not DECIDE.search(m) or QUESTION.search(m) or OPINION.search(m) or THIRD_PARTY_DECISION.search(m):
        return 0.0
    score = 2.0
    if REQUEST_REF.search(m):
        score += 2.5
    if _fullmatch(r"\W*(ok|okay|yes|fine|sure|lgtm|looks good)?\W*(approved?|rejected?|declined?|lgtm|批准|同意|驳回|"
                  r"拒绝|不批|不同意|批了|准了)"
                    r"\W*(it|that|this|吧|了)?\W*", m) or DECIDE_IT.search(m):
        score += 1.5
    if "<milestone>" in m and REACHED.search(m):
        score -= 3
    return score


OPINION = cue("OPINION")
THIRD_PARTY_DECISION = cue("THIRD_PARTY_DECISION")


# What waits for my decision, or what became of my own request.
APPROVAL_LIST = cue("APPROVAL_LIST")
OWN_REQUEST = cue("OWN_REQUEST")


def list_approvals(s: Signals, m: str) -> float:
    return 5.5 if APPROVAL_LIST.search(m) or OWN_REQUEST.search(m) else 0.0


def complete_milestone(s: Signals, m: str) -> float:
    if not REACHED.search(m):
        return 0.0
    if "<milestone>" in m:
        return 5.0 if not s.task_ids else 2.0
    return 2.4 if MILESTONE_WORD.search(m) else 0.0


# Pointing at a source is the surest sign of a documents question, whatever it is about
# ("according to the kickoff minutes, who signs off on the budget?").
DOCS_SOURCE = cue("DOCS_SOURCE")


def ask_docs(s: Signals, m: str) -> float:
    if not DOCS.search(m):
        return 0.0
    return 3.0 + (0.5 if QUESTION.search(m) else 0.0) + (1.5 if DOCS_SOURCE.search(m) else 0.0)


def feedback(s: Signals, m: str) -> float:
    score = 0.0
    if s.score:
        score += 3.0
    if FEEDBACK.search(m):
        score += 1.5
    if s.is_contact:
        score += 0.5
    elif not s.kinds & {"project", "milestone"}:
        return min(score, 2.0)
    return score if s.score or s.is_contact else min(score, 2.0)


def report(s: Signals, m: str) -> float:
    if REPORT.search(m) and REPORT_KIND.search(m):
        return 5.5
    if REPORT_KIND.search(m) and "<client>" in m and not s.score:
        return 4.5  # "鼎盛这个月的满意度怎么样": a client's figure is the report on that client
    if REPORT_KIND.search(m) and not s.score:
        # "what is the risk on X?" / "X有什么风险": the risk report, not X's general status
        if RISK_ASK.search(m) and "project" in s.kinds:
            return 4.5
        return 4.0 if QUESTION.search(m) else 3.0  # "X这个月的利润怎么样": the kind asked, not X's status
    return 1.0 if REPORT.search(m) else 0.0


def chart(s: Signals, m: str) -> float:
    if CHART_ADVICE.search(m) and not s.kinds & {"project", "client"}:
        return 1.0
    if CHART.search(m):
        return 5.0
    return (3.0 if CHART_ANY.search(m) else 0.0) - (2.0 if s.hours else 0.0)


def suggest_assignee(s: Signals, m: str) -> float:
    return 5.5 if SUGGEST.search(m) else 0.0


def help_(s: Signals, m: str) -> float:
    return 6.0 if HELP.search(m) else 0.0


def smalltalk(s: Signals, m: str) -> float:
    stripped = re.sub(r"[\W_]+", "", m)
    if not stripped:
        return 3.0  # emoji or punctuation only
    if SMALLTALK.search(m.strip()) and len(m.split()) <= 5 and len(m) <= 30:
        return 3.0
    return 0.0


def unknown(s: Signals, m: str) -> float:
    return 0.0
