"""How likely a project or a milestone is to slip, and why: the delay-risk model at run time.

The model is a logistic regression trained by scikit-learn on simulated project histories
(`benchmarks/simulate_projects.py`: a known slip mechanism, trained on half, tested on the
other half, where it beats the "time elapsed over work done" baseline). It ships as the
JSON coefficients in `model.json` beside this file, so nothing is trained, pickled
or even imported from scikit-learn at run time: scoring is a dot product and a sigmoid
over the six features of `domain.insight.risk.features`. To retrain:

    python -m benchmarks.simulate_projects --write domain/insight/risk/model.json

"Why" is the feature that pushes the probability up the most (coefficient × standardised
value), worded from the scope's own figures ("60% of the time gone, 25% of the work done").
Risk is internal: a client contact gets none. A probability of `HIGH` or more is high.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from domain.core.actors import Actor
from domain.core.lookup import find_project
from domain.core.models import Person, Project, ProjectStatus
from domain.core.permissions import can_view, require_internal
from domain.insight.risk.data import Subject, scopes_for
from domain.insight.risk.features import (
    FEATURES,
    Scope,
    critical_days,
    done_share,
    elapsed_share,
    features_of,
    working_days,
)

MODEL_FILE = Path(__file__).with_name("model.json")
HIGH = 0.6

Note = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Risk:
    """One project's or milestone's slip probability, with the reason that weighs most."""

    project: str  # code
    project_id: int
    milestone: str | None  # None: the whole project
    milestone_id: int | None
    due: date
    probability: float
    features: dict[str, float]
    why: str  # the feature that pushes the probability up the most
    why_params: dict[str, Any]  # its figures, for the sentence
    manager: str | None = None  # the project manager's handle
    manager_id: int | None = None
    contributions: dict[str, float] = field(default_factory=dict)

    @property
    def high(self) -> bool:
        return self.probability >= HIGH

    @property
    def subject(self) -> str:
        return f"{self.project} · {self.milestone}" if self.milestone else self.project

    def note(self) -> Note:
        """The line a reply or a notice shows: key `risk.high.<why>` and its parameters."""
        return f"risk.high.{self.why}", {"subject": self.subject, "due": self.due.isoformat(),
                                          "pct": min(round(100 * self.probability), 99), **self.why_params}


@cache
def coefficients() -> dict[str, Any]:
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE.name} was trained on other features: {model['features']}")
    return model


def contributions(features: dict[str, float], model: dict[str, Any] | None = None) -> dict[str, float]:
    """Each feature's push on the log-odds: coefficient × (value − mean) / scale, the value
    first held within what the model saw in training (its 1st..99th percentiles), and the
    push held at the model's `max_push` (load: over-booking can multiply the odds by e at
    most, a reason to look rather than a verdict)."""
    m = model or coefficients()
    caps = m.get("max_push", {})
    return {name: min(c * (min(max(features[name], lo), hi) - mu) / (s or 1.0),
                      caps.get(name, math.inf))
            for name, c, mu, s, lo, hi in zip(m["features"], m["coef"], m["mean"], m["scale"],
                                              m["low"], m["high"], strict=True)}


def slip_probability(features: dict[str, float], model: dict[str, Any] | None = None) -> float:
    m = model or coefficients()
    return probability_of(m["intercept"] + sum(contributions(features, m).values()), m)


def probability_of(z: float, model: dict[str, Any] | None = None) -> float:
    """Log-odds to probability through the model's recalibration (a·z + b, fitted on the
    training histories after the pushes were capped), so 0.3 means three in ten."""
    a, b = (model or coefficients()).get("calibration", (1.0, 0.0))
    return 1 / (1 + math.exp(-(a * z + b)))


def assess(subject: Subject, scope: Scope, managers: dict[int, str] | None = None) -> Risk:
    feats = features_of(scope)
    pushes = contributions(feats)
    top = max(FEATURES, key=lambda name: pushes[name])
    return Risk(subject.project, subject.project_id, subject.milestone, subject.milestone_id,
                scope.deadline, round(slip_probability(feats), 4), feats, top,
                why_figures(top, scope, feats),
                (managers or {}).get(subject.manager_id or -1), subject.manager_id, pushes)


def why_figures(feature: str, scope: Scope, feats: dict[str, float]) -> dict[str, Any]:
    """The figures that say a feature in words, from the scope itself."""
    mine = [i for i in scope.items if i.in_scope]
    if feature == "burn":
        return {"ratio": f"{math.exp(feats['burn']):.1f}"}
    if feature == "overdue_deps":
        return {"count": round(feats["overdue_deps"] * sum(1 for i in mine if not i.done))}
    if feature == "load":
        return {"load": round(100 * feats["load"])}
    if feature == "past_slips":
        return {"late": scope.team_slips, "count": scope.team_milestones}
    if feature == "cp_ratio":
        return {"days": math.ceil(critical_days(scope)),
                "left": working_days(scope.today, scope.deadline)}
    return {"elapsed": round(100 * min(elapsed_share(scope), 1.0)),
            "done": round(100 * done_share(mine))}


def project_risks(session: Session, actor: Actor, *, project: str | Project, today: date) -> list[Risk]:
    """The project's own risk (first, when it has a deadline) and its upcoming milestones'."""
    proj = find_project(session, actor, project)
    require_internal(session, actor, proj)
    return _assess_all(session, scopes_for(session, [proj], today))


def risk_note(session: Session, actor: Actor, project_code: str, today: date) -> Note | None:
    """What a status answer appends when the project or one of its milestones is at high
    risk: ("risk.high.<why>", params) for the riskiest of them, else None. Never raises and
    says nothing to those who may not see internal figures (client contacts, outsiders)."""
    return risk_notes(session, actor, [project_code], today).get(project_code)


def risk_notes(session: Session, actor: Actor, project_codes: list[str], today: date) -> dict[str, Note]:
    """`risk_note` for many projects at once (a portfolio status), in the same few queries:
    code → note, only for the projects at high risk that the actor may see inside."""
    if actor.is_contact or actor.is_partner or not project_codes:
        return {}
    found = session.exec(select(Project).where(col(Project.code).in_(project_codes))).all()
    projects = [p for p in found if can_view(session, actor, p)]
    worst: dict[str, Risk] = {}
    for risk in _assess_all(session, scopes_for(session, projects, today)):
        if risk.high and risk.probability > getattr(worst.get(risk.project), "probability", 0):
            worst[risk.project] = risk
    return {code: risk.note() for code, risk in worst.items()}


def portfolio_milestone_risks(session: Session, actor: Actor, projects: list[Project],
                              today: date) -> dict[int, set[str]]:
    """The high-risk milestones of many projects in one pass, project id → milestone names,
    for the projects the actor may see inside (none for a contact). Scoring a manager's
    whole portfolio at once reads the team's workload once instead of once per project."""
    if actor.is_contact or not projects:
        return {}
    seen = [p for p in projects if can_view(session, actor, p)]
    out: dict[int, set[str]] = {int(p.id or 0): set() for p in seen}
    for risk in _assess_all(session, scopes_for(session, seen, today)):
        if risk.high and risk.milestone and risk.project_id in out:
            out[risk.project_id].add(str(risk.milestone))
    return out


def milestones_at_risk(session: Session, now: datetime) -> list[Risk]:
    """Upcoming milestones of active projects whose slip probability is high, riskiest first.

    For the notification outbox (managers are warned proactively). Contract:
    - `now` is aware; "today" is its date in its own timezone (pass it in the firm's);
    - one `Risk` per milestone (not done, due today or later, with open tasks) with
      `probability >= HIGH`; `risk.manager` / `manager_id` is whom to warn (None: nobody);
      `risk.note()` is the message: (key `risk.high.<why>`, params), rendered by the caller
      in the manager's language (keys in intents/messages/assignment.yaml);
    - a fair de-duplication key is (milestone_id, ISO week of today): weekly at most;
    - reads only, writes nothing; a handful of bulk queries whatever the store's size.
    """
    today = now.date()
    projects = list(session.exec(select(Project).where(Project.status == ProjectStatus.active)
                                 .order_by(col(Project.code))).all())
    pairs = [(s, sc) for s, sc in scopes_for(session, projects, today) if s.milestone_id]
    risks = [r for r in _assess_all(session, pairs) if r.high]
    return sorted(risks, key=lambda r: (-r.probability, r.project, r.due))


def _assess_all(session: Session, pairs: list[tuple[Subject, Scope]]) -> list[Risk]:
    ids = {s.manager_id for s, _ in pairs if s.manager_id is not None}
    managers = dict(session.exec(select(Person.id, Person.handle)
                                 .where(col(Person.id).in_(ids))).all()) if ids else {}
    return [assess(subject, scope, managers) for subject, scope in pairs]  # type: ignore[arg-type]
