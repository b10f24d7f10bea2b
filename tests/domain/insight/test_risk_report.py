"""The risk report (CLI, chat) and what the re-fitted model says on held-out histories and
on the demo workspace."""
from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from sklearn.metrics import brier_score_loss, roc_auc_score
from sqlmodel import select

from benchmarks.simulate_projects import demo_distribution, histories
from bot.cli.main import main
from bot.demo.workspace import demo_workspace
from domain.core.actors import actor_for_handle, system_actor
from domain.core.errors import Forbidden
from domain.insight.reports import RiskReport, build_report
from domain.insight.risk.features import FEATURES, LOAD_CAP
from domain.insight.risk.model import HIGH, slip_probability
from domain.workspace.importing import import_workspace
from intents.messages.report_text import report_text, risk_rows

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    import_workspace(session, demo_workspace(TODAY), now=NOW)
    session.commit()
    return session


def test_the_shipped_model_beats_the_baseline_and_is_calibrated_on_unseen_histories():
    xs, base, ys = histories(800, seed=2027)  # the model was trained on seed 7
    probs = [slip_probability(dict(zip(FEATURES, x, strict=True))) for x in xs]
    assert roc_auc_score(ys, probs) > roc_auc_score(ys, base)
    assert brier_score_loss(ys, probs) < brier_score_loss(ys, [sum(ys) / len(ys)] * len(ys))
    for low in (0.0, 0.3, 0.6):  # thirds of the scale: predicted ≈ observed
        inside = [(p, y) for p, y in zip(probs, ys, strict=True) if low <= p < low + 0.3 + 0.1 * (low == 0.6)]
        predicted = sum(p for p, _ in inside) / len(inside)
        observed = sum(y for _, y in inside) / len(inside)
        assert abs(predicted - observed) < 0.1


def test_over_booking_is_held_at_the_cap_so_it_is_a_reason_not_a_verdict():
    calm = dict.fromkeys(FEATURES, 0.0) | {"load": LOAD_CAP, "past_slips": 0.33}
    assert slip_probability(calm | {"load": 3.0}) == slip_probability(calm)
    assert slip_probability(calm) < HIGH


def test_the_demo_looks_like_a_portfolio_most_projects_not_at_high_risk():
    rows = demo_distribution(TODAY)
    projects = [p for subject, _, p, _ in rows if " · " not in subject]
    assert len(projects) == 6
    assert sum(p >= HIGH for p in projects) <= 2
    assert sum(p < 0.3 for p in projects) >= 3


def test_nobody_in_the_demo_is_booked_at_300_percent(demo):
    report = build_report(demo, system_actor(), kind="utilization", today=TODAY)
    assert max(u.utilisation_pct for u in report.people) < 110
    for line in build_report(demo, system_actor(), kind="risk", today=TODAY).milestones:
        load = [r.figures["load"] for r in line.reasons if r.feature == "load"]
        assert all(value <= 100 * LOAD_CAP for value in load)


def test_the_risk_report_lists_open_milestones_riskiest_first_with_reasons_and_a_remedy(demo):
    report = build_report(demo, system_actor(), kind="risk", today=TODAY)
    assert isinstance(report, RiskReport) and report.milestones
    probabilities = [m.probability for m in report.milestones]
    assert probabilities == sorted(probabilities, reverse=True)
    for line in report.milestones:
        assert line.due >= TODAY and 0 <= line.probability <= 1
        assert line.reasons and all(r.without < line.probability for r in line.reasons if r.push > 0)


def test_a_project_scopes_the_risk_report_and_a_member_gets_none(demo):
    mine = build_report(demo, actor_for_handle(demo, "zhou"), kind="risk", project="HX-CRM", today=TODAY)
    assert {m.project for m in mine.milestones} == {"HX-CRM"}
    with pytest.raises(Forbidden):
        build_report(demo, actor_for_handle(demo, "chen"), kind="risk", today=TODAY)


def test_reasons_are_sentences_in_english_and_chinese(demo):
    report = build_report(demo, system_actor(), kind="risk", project="HX-CRM", today=TODAY)
    for en, zh in zip(risk_rows(report, "en"), risk_rows(report, "zh"), strict=True):
        assert all(s.endswith(".") and "{" not in s for s in en["reasons"] + en["lower"])
        assert all("{" not in s for s in zh["reasons"]) and any("\u4e00" <= c <= "\u9fff" for c in zh["reasons"][0])
    assert report_text(report, "zh").startswith("截至 2026-11-27")


def test_pmbot_report_risk_prints_json_rows_of_the_contract(db_url, demo):
    out = CliRunner().invoke(main, ["report", "risk", "--project", "ACME-WEB", "--format", "json",
                                    "--now", "2026-11-27T10:00:00+08:00", "--db", db_url])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["milestones"]
    assert rows and {r["project"] for r in rows} == {"ACME-WEB"}
    for row in rows:
        assert {"project", "milestone", "due", "probability", "reasons", "lower"} <= set(row)
        assert 0 <= row["probability"] <= 1 and not math.isnan(row["probability"])
        assert all(isinstance(s, str) and s for s in row["reasons"])


def test_every_slip_risk_that_status_warns_of_is_a_row_of_the_risk_report(demo):
    """Status's "Slip risk" may be about a project's end; the report has that row too."""
    from domain.core.models import Project
    from domain.insight.risk.model import risk_notes

    codes = [p.code for p in demo.exec(select(Project)).all()]
    notes = risk_notes(demo, system_actor(), codes, TODAY)
    report = build_report(demo, system_actor(), kind="risk", today=TODAY)
    rows = {(line.project if line.kind == "project_end" else f"{line.project} · {line.milestone}",
             line.due.isoformat(), min(round(100 * line.probability), 99)) for line in report.milestones}
    assert notes, "the demo should warn of at least one slip risk"
    for _key, params in notes.values():
        assert (params["subject"], params["due"], params["pct"]) in rows


def test_a_project_end_row_has_no_milestone_and_the_projects_end_as_its_due(demo):
    from domain.core.models import Project

    report = build_report(demo, system_actor(), kind="risk", today=TODAY)
    ends = [line for line in report.milestones if line.kind == "project_end"]
    assert ends
    for line in ends:
        project = demo.exec(select(Project).where(Project.code == line.project)).one()
        assert line.milestone is None and line.due == project.end
    (en_row,) = [r for r in risk_rows(report, "en") if r["project"] == ends[0].project and r["kind"] == "project_end"]
    assert en_row["milestone"] is None
    assert "project end" in report_text(report, "en") and "项目结束" in report_text(report, "zh")
