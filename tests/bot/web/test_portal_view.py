"""The project page's data, gathered as the visitor may see it."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from bot.web.view import RiskCache, project_page
from domain.core.actors import actor_for_handle

TODAY = date(2026, 11, 27)


class FakeRisks:
    """Records who asked; flags the milestones it is given."""

    def __init__(self, flagged: set[str]) -> None:
        self.flagged, self.asked = flagged, []

    def __call__(self, session, actor, project, today):  # type: ignore[no-untyped-def]
        self.asked.append(actor.handle)
        return self.flagged


def test_the_manager_sees_which_milestones_are_at_risk(firm):
    risks = FakeRisks({"Pilot"})
    with Session(firm) as session:
        page = project_page(session, actor_for_handle(session, "mei"), "NW-PORTAL", today=TODAY,
                            preview=False, at_risk=risks)
    assert page.at_risk == {"Pilot"} and risks.asked == ["mei"]


def test_a_contact_and_the_client_preview_never_ask_the_risk_model(firm):
    risks = FakeRisks({"Pilot"})
    with Session(firm) as session:
        contact = project_page(session, actor_for_handle(session, "nina"), "NW-PORTAL",
                               today=TODAY, preview=False, at_risk=risks)
        preview = project_page(session, actor_for_handle(session, "mei"), "NW-PORTAL",
                               today=TODAY, preview=True, at_risk=risks)
    assert contact.at_risk == preview.at_risk == set() and risks.asked == []


def test_the_timeline_marks_done_next_and_late_milestones(firm):
    with Session(firm) as session:
        page = project_page(session, actor_for_handle(session, "mei"), "NW-PORTAL",
                            today=date(2026, 12, 3), preview=False, at_risk=FakeRisks(set()))
    states = {m.name: m.state for m in page.milestones}
    assert states == {"Prototype": "done", "Internal security review": "late", "Pilot": "next"}


class BatchRisks:
    """A portfolio scorer: records who asked for which projects; flags the given names."""

    def __init__(self, flagged: set[str]) -> None:
        import threading

        self.flagged, self.asked = flagged, []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, session, actor, projects, today):  # type: ignore[no-untyped-def]
        self.release.wait(10)
        self.asked.append((actor.handle, sorted(p.code for p in projects)))
        return {p.id: set(self.flagged) for p in projects}


def test_risk_flags_are_scored_once_per_project_and_day_within_the_cache_time(firm):
    clock = [0.0]
    scorer = BatchRisks({"Pilot"})
    cache = RiskCache(seconds=600, clock=lambda: clock[0], wait=5, scorer=scorer)
    with Session(firm) as session:
        mei = actor_for_handle(session, "mei")
        for _ in range(3):
            page = project_page(session, mei, "NW-PORTAL", today=TODAY, preview=False,
                                at_risk=cache)
        clock[0] = 601
        project_page(session, mei, "NW-PORTAL", today=TODAY, preview=False, at_risk=cache)
    assert page.at_risk == {"Pilot"}
    assert [who for who, _ in scorer.asked] == ["mei", "mei"]


def test_the_first_view_scores_the_managers_whole_portfolio_in_one_batch(firm):
    scorer = BatchRisks({"Pilot"})
    cache = RiskCache(wait=5, scorer=scorer)
    with Session(firm) as session:
        mei = actor_for_handle(session, "mei")
        project_page(session, mei, "NW-PORTAL", today=TODAY, preview=False, at_risk=cache)
        other = project_page(session, mei, "QH-APP", today=TODAY, preview=False, at_risk=cache)
    assert scorer.asked == [("mei", ["NW-PORTAL", "QH-APP"])]  # QH-APP's view was a hit
    assert not other.risk_pending


def test_a_slow_risk_score_does_not_hold_the_page_and_shows_on_the_next_view(firm):
    import time

    scorer = BatchRisks({"Pilot"})
    scorer.release.clear()
    cache = RiskCache(wait=0.01, scorer=scorer)
    with Session(firm) as session:
        mei = actor_for_handle(session, "mei")
        first = project_page(session, mei, "NW-PORTAL", today=TODAY, preview=False, at_risk=cache)
        scorer.release.set()
        for _ in range(100):
            later = project_page(session, mei, "NW-PORTAL", today=TODAY, preview=False, at_risk=cache)
            if not later.risk_pending:
                break
            time.sleep(0.05)
    assert first.risk_pending and first.at_risk == set()
    assert not later.risk_pending and later.at_risk == {"Pilot"} and len(scorer.asked) == 1


def test_the_risk_models_batch_flags_what_it_flags_one_project_at_a_time(firm):
    from bot.web.view import milestones_at_risk, portfolio_at_risk
    from domain.core.models import Project

    with Session(firm) as session:
        mei = actor_for_handle(session, "mei")
        projects = list(session.exec(select(Project)).all())
        batch = portfolio_at_risk(session, mei, projects, TODAY)
        one_by_one = {p.id: milestones_at_risk(session, mei, p, TODAY) for p in projects}
        assert portfolio_at_risk(session, actor_for_handle(session, "nina"), projects, TODAY) == {}
    assert batch == one_by_one


def test_a_contacts_counts_timeline_and_gantt_are_of_the_same_tasks(firm):
    from domain.insight.charts.data import gantt_data

    with Session(firm) as session:
        for handle, tasks in (("nina", 2), ("mei", 3)):
            actor = actor_for_handle(session, handle)
            page = project_page(session, actor, "NW-PORTAL", today=TODAY, preview=False,
                                at_risk=FakeRisks(set()))
            gantt = gantt_data(session, actor, project="NW-PORTAL", today=TODAY)
            assert page.status.tasks_total == gantt.total_tasks == len(gantt.rows) == tasks
            assert page.status.tasks_done == sum(r.status == "done" for r in gantt.rows) == 1
            drawn = {m.name for m in gantt.milestones}
            assert drawn == {m.name for m in page.milestones if m.due}


def test_the_client_preview_counts_what_the_client_counts(firm):
    with Session(firm) as session:
        preview = project_page(session, actor_for_handle(session, "mei"), "NW-PORTAL",
                               today=TODAY, preview=True, at_risk=FakeRisks(set()))
        contact = project_page(session, actor_for_handle(session, "nina"), "NW-PORTAL",
                               today=TODAY, preview=False, at_risk=FakeRisks(set()))
    assert (preview.status.tasks_total, preview.status.progress_pct) == (
        contact.status.tasks_total, contact.status.progress_pct) == (2, 100 * 10 / 30)


def test_a_contact_sees_no_staff_handles_in_the_gantt_kanban_or_task_list(firm):
    from domain.insight.charts.data import gantt_data, kanban_data
    from domain.work.task_queries import list_tasks

    with Session(firm) as session:
        nina, mei = actor_for_handle(session, "nina"), actor_for_handle(session, "mei")
        client_gantt = gantt_data(session, nina, project="NW-PORTAL", today=TODAY)
        staff_gantt = gantt_data(session, mei, project="NW-PORTAL", today=TODAY)
        client_kanban = kanban_data(session, nina, project="NW-PORTAL")
        client_tasks = list_tasks(session, nina, project="NW-PORTAL", today=TODAY)
    assert {r.assignee for r in client_gantt.rows} == {None}
    assert {r.assignee for r in staff_gantt.rows} == {"sam", "mei"}
    assert client_kanban.assignees == ("—",) and client_kanban.total == 2
    assert client_tasks and {t.assignee for t in client_tasks} == {None}
