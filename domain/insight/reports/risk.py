"""The delay-risk report: every open milestone of the projects in scope, and every active
project's end, how likely each is to slip, why (the model's strongest reasons, as figures),
and what would lower it.

The project-end row (`kind` "project_end", no milestone, due = the project's end) is the
same subject status's "Slip risk" line speaks of when it is about the project as a whole
(`domain.insight.risk.model.risk_notes` takes the worst of the project and its milestones),
so the report never lacks the row that status warned about.

Probabilities come from `domain.insight.risk.model` (a calibrated logistic regression: of
milestones given 0.3, about three in ten slipped in held-out simulated histories). A
reason is a feature whose push on the log-odds is at least `REASON_PUSH` (the strongest is
always given); "what would lower it" is the probability with that reason brought back to a
typical value (its training mean), all else equal. Scope as the other management reports:
admins every project, a manager theirs; clients and members none.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from domain.core.models import Project
from domain.insight.risk.data import scopes_for
from domain.insight.risk.features import FEATURES, features_of
from domain.insight.risk.model import coefficients, contributions, probability_of, why_figures

REASON_PUSH = 0.25  # log-odds
MAX_REASONS = 3


@dataclass(frozen=True)
class RiskReason:
    feature: str  # behind, burn, overdue_deps, load, past_slips, cp_ratio
    figures: dict[str, Any]  # the numbers that word it
    push: float  # its push on the log-odds
    without: float  # the probability with this reason at a typical value


@dataclass(frozen=True)
class RiskLine:
    project: str
    milestone: str | None  # None on the project-end row
    due: date
    probability: float  # 0–1
    reasons: tuple[RiskReason, ...]
    kind: str = "milestone"  # or "project_end"


@dataclass(frozen=True)
class RiskReport:
    status_date: date
    milestones: tuple[RiskLine, ...]


def risk_report(session: Session, projects: list[Project], *, today: date) -> RiskReport:
    lines = []
    model = coefficients()
    for subject, scope in scopes_for(session, projects, today):
        feats = features_of(scope)
        pushes = contributions(feats)
        z = model["intercept"] + sum(pushes.values())
        ranked = sorted(FEATURES, key=lambda name: -pushes[name])
        chosen = [n for n in ranked if pushes[n] >= REASON_PUSH][:MAX_REASONS] or ranked[:1]
        reasons = tuple(RiskReason(n, why_figures(n, scope, feats), round(pushes[n], 3),
                                   round(probability_of(z - pushes[n], model), 4)) for n in chosen)
        kind = "milestone" if subject.milestone_id is not None else "project_end"
        lines.append(RiskLine(subject.project, subject.milestone, scope.deadline,
                              round(probability_of(z, model), 4), reasons, kind))
    lines.sort(key=lambda line: (-line.probability, line.due, line.project, line.kind))
    return RiskReport(today, tuple(lines))
