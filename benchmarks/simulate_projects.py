"""Simulated project histories with a known slip mechanism: train the delay-risk model, test it.

    python -m benchmarks.simulate_projects [--histories 4000] [--seed 7] [--demo]
        [--write domain/insight/risk/model.json]

Each history is a project (or milestone) of 8–40 tasks with dependencies, a team of 2–6,
a plan and a deadline, then what really happened, day by day. What makes it slip, known
because we wrote it:

- the team underestimates: true effort = estimate × the team's bias (the same bias made
  its past milestones late, which its record shows) × a project factor × a task factor;
- people are busy elsewhere: each gives the project only 1 − x of their 8 h (x = 0–0.45),
  while the plan assumed x = 0.2 for everyone; daily output varies ±20%;
- the deadline is the planned finish × a buffer of 1.0–1.4;
- tasks wait for their dependencies, so a long chain cannot be sped up;
- after the snapshot, one project in six meets a surprise (10–40% more of the work
  left), which no feature can foresee.

The snapshot date falls 15–75% into the planned window; the features of `domain.insight.risk.features`
are computed from what is observable then (statuses, hours logged, planned due dates,
people's load, the team's record) and the outcome is whether the work ended after the
deadline (histories already finished at the snapshot are skipped: the store never scores
those). Half the histories train the model, the other half test it: AUC of the model vs
the baseline "time elapsed over work done". `--write` ships the logistic regression as
JSON coefficients (`domain/risk_model.py` scores with them; nothing is trained at run time).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from domain.insight.risk.features import (
    FEATURES,
    HOURS_PER_DAY,
    Scope,
    WorkItem,
    add_working_days,
    baseline_ratio,
    features_of,
)

PLANNED_BUSY = 0.2  # what the plan assumes of everyone
BUSY = (0.0, 0.45)  # what people really give elsewhere
BUFFER = (1.0, 1.4)
SURPRISE_ODDS = 1 / 6
MAX_PUSH = {"load": 1.0}  # log-odds: over-booking is a reason to look, not a verdict
LOAD_NOISE = 0.35  # a store sees people's other work through rough estimates: ×e^N(0, σ)
MAX_DAYS = 2000
ESTIMATES = [4, 8, 8, 12, 16, 16, 24, 40]


@dataclass
class Plan:
    estimates: list[float]
    depends_on: list[tuple[int, ...]]
    assignee: list[int]
    busy: list[float]  # per person: the share of their day taken elsewhere


def simulate(rng: random.Random) -> tuple[Scope, bool]:
    """One history: the scope as seen at the snapshot, and whether the work slipped."""
    team = rng.randint(2, 6)
    bias = math.exp(rng.gauss(0.0, 0.15))
    plan = _plan(rng, team)
    planned = _run(plan, list(plan.estimates), [PLANNED_BUSY] * team)
    deadline = max(1, math.ceil(planned.days * rng.uniform(*BUFFER)))
    factor = bias * math.exp(rng.gauss(0.0, 0.12))
    effort = [e * factor * math.exp(rng.gauss(0.0, 0.3)) for e in plan.estimates]
    snapshot = max(1, round(deadline * rng.uniform(0.15, 0.75)))
    surprise = rng.uniform(1.1, 1.4) if rng.random() < SURPRISE_ODDS else 1.0
    actual = _run(plan, effort, plan.busy, rng=rng, snapshot=snapshot, surprise=surprise)
    past = rng.randint(0, 10)
    late = sum(rng.random() < _late_odds(bias) for _ in range(past))
    scope = _scope(rng, plan, planned.finished, deadline, snapshot, actual, past, late)
    return scope, actual.days > deadline


def _late_odds(bias: float) -> float:
    """How often a team with this bias was late before: the record the team brings along."""
    return 1 / (1 + math.exp(-8 * (bias - 1.12)))


def _plan(rng: random.Random, team: int) -> Plan:
    n = rng.randint(8, 40)
    chaining = rng.uniform(0.2, 0.9)
    depends = [tuple(sorted(set(rng.sample(range(i), min(i, rng.randint(1, 2))))))
               if i and rng.random() < chaining else () for i in range(n)]
    return Plan([float(rng.choice(ESTIMATES)) for _ in range(n)], depends,
                [rng.randrange(team) for _ in range(n)],
                [rng.uniform(*BUSY) for _ in range(team)])


@dataclass
class Run:
    finished: list[int]  # the day each task was finished
    days: int  # days taken in all
    worked: list[float] = field(default_factory=list)  # hours on each task by the snapshot
    done: list[bool] = field(default_factory=list)  # tasks done by the snapshot


def _run(plan: Plan, effort: list[float], busy: list[float], *, rng: random.Random | None = None,
         snapshot: int = -1, surprise: float = 1.0) -> Run:
    """Day by day until all is done: each person works their ready tasks in order.

    On the snapshot day the state is noted, then the surprise (if any) swells what is left."""
    n = len(effort)
    left = list(effort)
    finished = [-1] * n
    run = Run(finished, 0)
    day = 0
    while any(f < 0 for f in finished) and day < MAX_DAYS:
        if day == snapshot:
            run.worked = [e - r for e, r in zip(effort, left, strict=True)]
            run.done = [f >= 0 for f in finished]
            left = [r * surprise for r in left]
        for person, share in enumerate(busy):
            hours = HOURS_PER_DAY * (1 - share) * (rng.uniform(0.8, 1.2) if rng else 1.0)
            for t in range(n):
                if hours <= 0:
                    break
                if plan.assignee[t] != person or finished[t] >= 0:
                    continue
                if any(finished[d] < 0 or finished[d] == day for d in plan.depends_on[t]):
                    continue
                spent = min(hours, left[t])
                left[t] -= spent
                hours -= spent
                if left[t] <= 1e-9:
                    finished[t] = day
        day += 1
    if day <= snapshot:  # all done before the snapshot
        run.worked, run.done = list(effort), [True] * n
    run.days = day
    return run


def _scope(rng: random.Random, plan: Plan, planned_finish: list[int], deadline: int,
           snapshot: int, seen: Run, past: int, late: int) -> Scope:
    start = date(2025, 1, 6) + timedelta(weeks=rng.randrange(80))
    today = add_working_days(start, snapshot)
    days_left = max(deadline - snapshot, 1)
    items = []
    for t, estimate in enumerate(plan.estimates):
        status = "done" if seen.done[t] else "in_progress" if seen.worked[t] > 0 else "todo"
        items.append(WorkItem(t, estimate, status, add_working_days(start, planned_finish[t]),
                              plan.assignee[t], plan.depends_on[t],
                              remaining=estimate - seen.worked[t]))
    load = {}
    for person, share in enumerate(plan.busy):
        own = sum(i.left for i in items if i.assignee == person)
        seen_share = share * math.exp(rng.gauss(0.0, LOAD_NOISE))
        load[person] = (own / (HOURS_PER_DAY * days_left) + seen_share) * math.exp(rng.gauss(0.0, 0.15))
    return Scope(start, add_working_days(start, deadline - 1), today, items,
                 hours_logged=sum(seen.worked), load=load, team_milestones=past, team_slips=late)


def histories(n: int, seed: int) -> tuple[list[list[float]], list[float], list[int]]:
    """Features, baseline scores and outcomes of `n` simulated histories."""
    rng = random.Random(seed)
    xs, base, ys = [], [], []
    while len(ys) < n:
        scope, slipped = simulate(rng)
        if all(i.done for i in scope.items):
            continue  # finished before the snapshot: nothing left to be late with
        f = features_of(scope)
        xs.append([f[name] for name in FEATURES])
        base.append(baseline_ratio(scope))
        ys.append(int(slipped))
    return xs, base, ys


def train(xs: list[list[float]], ys: list[int]):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # C < 1: a little shrinkage, so no single feature (load, say) turns into a verdict
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=1000)).fit(xs, ys)


def as_json(model, xs: list[list[float]], *, seed: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The coefficients, and the 1st-99th percentile of each feature in training: the model
    is not asked about values it never saw (a store where nobody logs hours, say)."""
    import numpy as np

    scaler, logit = model.steps[0][1], model.steps[1][1]

    def r(values) -> list[float]:  # type: ignore[no-untyped-def]
        return [round(float(x), 6) for x in values]

    low, high = np.percentile(np.array(xs), [1, 99], axis=0)
    return {"kind": "logistic_regression", "features": list(FEATURES), "mean": r(scaler.mean_),
            "scale": r(scaler.scale_), "coef": r(logit.coef_[0]), "low": r(low), "high": r(high),
            "intercept": round(float(logit.intercept_[0]), 6), "max_push": MAX_PUSH,
            "trained_on": {"simulator": "benchmarks/simulate_projects.py", "seed": seed,
                           "histories": len(xs)}}


def recalibrated(payload: dict, xs: list[list[float]], ys: list[int]) -> dict:  # type: ignore[type-arg]
    """Refit a·z + b on the training histories with the pushes as run time caps them, so the
    probabilities stay calibrated although load can no longer push past `MAX_PUSH`."""
    from sklearn.linear_model import LogisticRegression

    from domain.insight.risk.model import contributions

    zs = [[payload["intercept"] + sum(contributions(dict(zip(FEATURES, x, strict=True)),
                                                    payload).values())] for x in xs]
    fit = LogisticRegression(C=1e6).fit(zs, ys)
    return payload | {"calibration": [round(float(fit.coef_[0][0]), 6),
                                      round(float(fit.intercept_[0]), 6)]}


def evaluate(n: int, seed: int) -> tuple[dict, dict[str, dict[str, float]], float, list]:  # type: ignore[type-arg]
    """Train on the first half, test on the second: the shipped model (features held within
    their training range, as at run time) against the baseline, which is turned into a
    probability by a one-feature logistic fit on log(elapsed / done) on the same training
    half, so that both are judged on discrimination (AUC) and on calibration (Brier)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import brier_score_loss, roc_auc_score

    from domain.insight.risk.model import slip_probability

    xs, base, ys = histories(n, seed)
    half = n // 2
    train_x, test_x, test_y = xs[:half], xs[half:], ys[half:]
    payload = recalibrated(as_json(train(train_x, ys[:half]), train_x, seed=seed), train_x, ys[:half])
    shipped = [slip_probability(dict(zip(FEATURES, x, strict=True)), payload) for x in test_x]
    log_base = [[math.log(max(b, 1e-3))] for b in base]
    fitted = LogisticRegression().fit(log_base[:half], ys[:half])
    baseline = list(fitted.predict_proba(log_base[half:])[:, 1])
    scores = {"logistic regression (shipped)": shipped,
              "baseline: time elapsed / work done": baseline}
    table = {name: {"auc": round(float(roc_auc_score(test_y, p)), 3),
                    "brier": round(float(brier_score_loss(test_y, p)), 3)}
             for name, p in scores.items()}
    table["base rate (always the training slip rate)"] = {
        "auc": 0.5, "brier": round(float(brier_score_loss(test_y, [sum(ys[:half]) / half] * len(test_y))), 3)}
    table |= {f"{name} alone": {"auc": round(float(roc_auc_score(test_y, [x[k] for x in test_x])), 3)}
              for k, name in enumerate(FEATURES)}
    payload["test"] = {k: v for k, v in table.items() if "brier" in v}
    return payload, table, sum(ys) / n, reliability(shipped, test_y)


def reliability(probs: list[float], ys: list[int]) -> list[tuple[str, int, float, float]]:
    """By decile of predicted probability: (range, histories, mean predicted, share slipped)."""
    rows = []
    for k in range(10):
        lo, hi = k / 10, (k + 1) / 10
        inside = [(p, y) for p, y in zip(probs, ys, strict=True) if lo <= p < hi or (k == 9 and p == 1)]
        if inside:
            rows.append((f"{lo:.1f}–{hi:.1f}", len(inside), sum(p for p, _ in inside) / len(inside),
                         sum(y for _, y in inside) / len(inside)))
    return rows


def demo_distribution(today: date) -> list[tuple[str, date, float, str]]:
    """The risk of every open milestone (and project) of `pmbot demo`'s workspace on `today`,
    seeded into an in-memory store: (subject, due, probability, reason)."""
    from datetime import UTC, datetime

    from sqlalchemy.pool import StaticPool
    from sqlmodel import Session, SQLModel, create_engine, select

    import domain.core.models as models
    from bot.demo.workspace import demo_workspace
    from domain.core.actors import system_actor
    from domain.insight.risk.model import project_risks
    from domain.workspace.importing import import_workspace

    engine = create_engine("sqlite://", poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        import_workspace(session, demo_workspace(today), now=datetime.combine(today, datetime.min.time(), UTC))
        session.commit()
        codes = session.exec(select(models.Project.code).order_by(models.Project.code)).all()
        return [(r.subject, r.due, r.probability, r.why) for code in codes
                for r in project_risks(session, system_actor(), project=code, today=today)]


def print_demo(today: date) -> None:
    rows = demo_distribution(today)
    bands = {"low (< 0.3)": 0, "medium (0.3–0.6)": 0, "high (≥ 0.6)": 0}
    print(f"\nRisk on the demo workspace ({today.isoformat()}):\n")
    print("| subject | due | probability | main reason |\n| --- | --- | --- | --- |")
    for subject, due, p, why in rows:
        print(f"| {subject} | {due.isoformat()} | {p:.2f} | {why} |")
        bands[next(iter(bands)) if p < 0.3 else list(bands)[1] if p < 0.6 else list(bands)[2]] += 1
    print("\n" + ", ".join(f"{name}: {n}" for name, n in bands.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--histories", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", type=Path, help="ship the trained model as JSON here")
    parser.add_argument("--demo", default=None, metavar="DATE",
                        help="also print the risk spread of the demo workspace on DATE")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    payload, table, slip_rate, deciles = evaluate(args.histories, args.seed)
    took = time.perf_counter() - started
    print(f"{args.histories} simulated histories (seed {args.seed}), {slip_rate:.0%} slipped; "
          f"trained on {args.histories // 2}, tested on {args.histories - args.histories // 2} "
          f"in {took:.1f} s")
    print("| scorer | test AUC | test Brier |\n| --- | --- | --- |")
    for name, row in table.items():
        brier = f"{row['brier']:.3f}" if "brier" in row else "—"
        print(f"| {name} | {row['auc']:.3f} | {brier} |")
    print("\nReliability of the shipped model on the test half, by decile of predicted risk:\n")
    print("| predicted | histories | mean predicted | share that slipped |\n| --- | --- | --- | --- |")
    for span, count, predicted, seen in deciles:
        print(f"| {span} | {count} | {predicted:.2f} | {seen:.2f} |")
    if args.write:
        args.write.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
        print(f"model written to {args.write}")
    if args.demo:
        if args.write:
            from domain.insight.risk.model import coefficients

            coefficients.cache_clear()
        print_demo(date.fromisoformat(args.demo))
    shipped, baseline = table["logistic regression (shipped)"], table["baseline: time elapsed / work done"]
    return 0 if shipped["auc"] > baseline["auc"] and shipped["brier"] < baseline["brier"] else 1


if __name__ == "__main__":
    sys.exit(main())
