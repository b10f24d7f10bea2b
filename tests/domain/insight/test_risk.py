"""Delay risk: the features worked out by hand, the shipped model, and what the store yields.

The hand-made scope (Mon 2 Nov .. Fri 27 Nov 2026 = 20 working days; today Mon 16 Nov,
10 working days gone):

    task  estimate  status       due      assignee  waits for  left
    1       10      done                   p1                   0
    2       10      in_progress  10 Nov    p2 ...   (overdue)   6   (assignee p1)
    3       20      todo                   p2        2         20
    4       20      todo                   p2        3         20

    behind       = 10/20 − 10/60                           = 0.3333
    burn         = ln((26 + 4) / (10 + 10/2 + 4))           = 0.4568   (26 h logged)
    overdue_deps = 1 of the 3 open tasks waits for #2       = 0.3333
    load         = (6 × 0.5 + 40 × 1.5) / 46                = 1.3696   (p1 at 50%, p2 at 150%)
    past_slips   = (4 + 1) / (5 + 3)                        = 0.625    (4 of 5 late)
    cp_ratio     = (6 + 20 + 20) h / 8 h / 10 days left     = 0.575
    baseline     = 0.5 / (1/6)                              = 3.0
"""

from datetime import UTC, date, datetime

import pytest

from benchmarks.simulate_projects import histories
from domain.core.errors import Forbidden
from domain.core.models import (
    Approval,
    LeaveRequest,
    Milestone,
    Project,
    Task,
    TaskDependency,
    TimeEntry,
)
from domain.insight.risk.data import scopes_for
from domain.insight.risk.features import FEATURES, Scope, WorkItem, baseline_ratio, features_of
from domain.insight.risk.model import (
    HIGH,
    coefficients,
    milestones_at_risk,
    project_risks,
    risk_note,
    risk_notes,
    slip_probability,
    why_figures,
)
from intents.messages import render

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def hand_scope(**changes) -> Scope:
    items = [
        WorkItem(1, 10, "done", assignee=1),
        WorkItem(2, 10, "in_progress", date(2026, 11, 10), 1, remaining=6),
        WorkItem(3, 20, "todo", assignee=2, depends_on=(2,)),
        WorkItem(4, 20, "todo", assignee=2, depends_on=(3,)),
    ]
    fields = {"start": date(2026, 11, 2), "deadline": date(2026, 11, 27),
              "today": date(2026, 11, 16), "items": items, "hours_logged": 26,
              "load": {1: 0.5, 2: 1.5}, "team_milestones": 5, "team_slips": 4}
    return Scope(**(fields | changes))


def test_the_features_of_a_scope_are_those_worked_out_by_hand():
    f = features_of(hand_scope())
    assert list(f) == list(FEATURES)
    assert f == pytest.approx({"behind": 1 / 3, "burn": 0.45676, "overdue_deps": 1 / 3,
                               "load": 63 / 46, "past_slips": 0.625, "cp_ratio": 0.575}, abs=1e-4)


def test_the_baseline_is_time_elapsed_over_work_done():
    assert baseline_ratio(hand_scope()) == pytest.approx(3.0)


def test_a_new_team_is_neither_trusted_nor_doubted():
    assert features_of(hand_scope(team_milestones=0, team_slips=0))["past_slips"] == pytest.approx(1 / 3)


def test_open_work_nobody_holds_gets_an_average_load():
    assert features_of(hand_scope(load={}))["load"] == 0.5


def test_a_troubled_scope_is_at_high_risk_and_a_calm_one_is_not():
    calm = [WorkItem(1, 30, "done"), WorkItem(2, 10, "todo", assignee=1)]
    calm_scope = hand_scope(items=calm, hours_logged=28, load={1: 0.3}, team_slips=0)
    assert slip_probability(features_of(hand_scope())) >= HIGH
    assert slip_probability(features_of(calm_scope)) < 0.2


def test_more_of_any_danger_never_lowers_the_risk():
    assert all(c > 0 for c in coefficients()["coef"])


def test_the_shipped_model_beats_the_baseline_on_histories_it_never_saw():
    xs, baseline, slipped = histories(600, seed=2024)  # trained with seed 7
    model = [slip_probability(dict(zip(FEATURES, x, strict=True))) for x in xs]
    assert auc(slipped, model) > auc(slipped, baseline) + 0.03


def auc(labels: list[int], scores: list[float]) -> float:
    """The chance that a slipped history scores above one that did not (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


# ---------------------------------------------------------------- from the store

@pytest.fixture
def trouble(session, world):
    """WEB's Beta (due Fri 4 Dec): 120 h of chained work for lin, overdue, and 60 h already
    burnt on the 10 h login page."""
    previous = None
    for i in range(3):
        task = Task(project_id=world.web.id, title=f"Part {i}", estimate_hours=40,
                    assignee_id=world.lin.id, milestone_id=world.beta.id,
                    due=date(2026, 11, 20), status="todo")
        session.add(task)
        session.flush()
        if previous is not None:
            session.add(TaskDependency(task_id=task.id, depends_on_id=previous.id))
        previous = task
    session.add(TimeEntry(person_id=world.lin.id, project_id=world.web.id, day=date(2026, 11, 20),
                          hours=60, task_id=world.login_task.id))
    session.commit()


@pytest.fixture
def calm(session, world):
    """CALM, bob's, until March: 30 h done as estimated, 10 h left for bob."""
    calm = Project(code="CALM", name="Calm", manager_id=world.bob.id, start=date(2026, 11, 2),
                   end=date(2027, 3, 31))
    session.add(calm)
    session.flush()
    session.add(Milestone(project_id=calm.id, name="Launch", due=date(2027, 3, 1)))
    session.add_all([Task(project_id=calm.id, title=f"Done {i}", estimate_hours=10, status="done")
                     for i in range(3)])
    session.add(Task(project_id=calm.id, title="Last", estimate_hours=10, assignee_id=world.bob.id))
    session.add(TimeEntry(person_id=world.bob.id, project_id=calm.id, day=date(2026, 11, 20),
                          hours=30))
    session.commit()
    return calm


def test_a_project_in_trouble_gets_a_note_with_its_risk_and_why(session, world, trouble):
    key, params = risk_note(session, world.bob, "WEB", TODAY)
    assert key.startswith("risk.high.")
    assert params["subject"] in ("WEB", "WEB · Beta") and 100 * HIGH <= params["pct"] <= 99
    text = render(key, "en", **params)
    assert text.startswith(f"⚠️ Slip risk {params['pct']}% for {params['subject']}")
    assert "{" not in text and "{" not in render(key, "zh", **params)


def test_a_calm_project_gets_no_note(session, world, calm):
    assert risk_note(session, world.bob, "CALM", TODAY) is None


def test_a_client_contact_or_an_outsider_gets_no_note(session, world, trouble):
    assert risk_note(session, world.tom, "WEB", TODAY) is None
    assert risk_note(session, world.dave, "WEB", TODAY) is None
    assert risk_note(session, world.bob, "NOPE", TODAY) is None


def test_a_client_contact_may_not_read_the_risks(session, world, trouble):
    with pytest.raises(Forbidden):
        project_risks(session, world.tom, project="WEB", today=TODAY)


def test_the_project_and_each_upcoming_milestone_with_open_work_are_scored(session, world, trouble):
    risks = project_risks(session, world.bob, project="WEB", today=TODAY)
    assert [r.subject for r in risks] == ["WEB", "WEB · Beta"]  # Internal review has no tasks
    assert risks[1].due == date(2026, 12, 4)


def test_milestones_at_risk_name_the_manager_to_warn(session, world, trouble, calm):
    risks = milestones_at_risk(session, NOW)
    assert [(r.project, r.milestone, r.manager) for r in risks] == [("WEB", "Beta", "bob")]
    assert risks[0].high and risks[0].note()[0] == f"risk.high.{risks[0].why}"


def test_done_or_past_milestones_are_not_at_risk(session, world, trouble):
    beta = session.get(Milestone, world.beta.id)
    beta.due = date(2026, 11, 26)
    session.commit()
    assert milestones_at_risk(session, NOW) == []


def _features(session, world, subject="WEB · Beta"):
    risks = project_risks(session, world.bob, project="WEB", today=TODAY)
    return next(r for r in risks if r.subject == subject).features


def test_late_milestones_of_the_teams_other_projects_count_as_past_slips(session, world, trouble):
    before = _features(session, world)["past_slips"]
    session.add_all([Milestone(project_id=world.glx.id, name=f"Old {i}", due=date(2026, 10, 1),
                               done=True, done_on=date(2026, 10, 9)) for i in range(3)])
    session.commit()
    assert (before, _features(session, world)["past_slips"]) == (pytest.approx(1 / 3), 4 / 6)


def test_approved_leave_before_the_deadline_raises_the_load(session, world):
    session.add(Task(project_id=world.web.id, title="Small", estimate_hours=8,
                     assignee_id=world.lin.id, milestone_id=world.beta.id))
    session.commit()
    before = _features(session, world)["load"]
    approval = Approval(kind="leave", requested_by_id=world.lin.id, status="approved",
                        created_at=NOW)
    session.add(approval)
    session.flush()
    session.add(LeaveRequest(person_id=world.lin.id, start=date(2026, 11, 30),
                             end=date(2026, 12, 2), approval_id=approval.id))
    session.commit()
    # lin owes 10 + 8 h by Fri 4 Dec: 48 h free in 6 working days, 24 h after 3 days off
    assert (before, _features(session, world)["load"]) == (pytest.approx(18 / 48), pytest.approx(18 / 24))


def test_a_project_with_no_open_work_is_not_scored(session, world):
    session.query(Task).delete()
    session.commit()
    assert project_risks(session, world.bob, project="WEB", today=TODAY) == []


def test_every_reason_reads_as_a_sentence_in_both_languages(session, world, trouble):
    risk = project_risks(session, world.bob, project="WEB", today=TODAY)[0]
    (_, scope), = [p for p in scopes_for(session, [session.get(Project, world.web.id)], TODAY)
                   if p[0].milestone is None]
    for feature in FEATURES:
        params = {"subject": "WEB", "pct": 70, "due": "2026-12-31",
                  **why_figures(feature, scope, risk.features)}
        for lang in ("en", "zh"):
            text = render(f"risk.high.{feature}", lang, **params)
            assert "{" not in text and not text.startswith("risk."), (feature, lang)


def test_a_team_member_on_the_project_sees_the_note_too(session, world, trouble):
    assert risk_note(session, world.lin, "WEB", TODAY) is not None


def test_a_portfolio_gets_notes_only_for_its_projects_at_risk(session, world, trouble, calm):
    notes = risk_notes(session, world.bob, ["CALM", "GLX", "WEB"], TODAY)
    assert list(notes) == ["WEB"]
    assert notes["WEB"] == risk_note(session, world.bob, "WEB", TODAY)
