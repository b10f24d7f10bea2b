"""Smart assignment on the small world: who should take WEB's "Checkout page" (16 h, due 11 Dec)?

Friday 2026-11-27; the window 27 Nov .. 11 Dec has 11 working days, so 40 h/week = 88 h.
Skills: lin react+css, dave react, bob scrum, alice none. lin and bob are on WEB; dave is
on GLX only but has react, so he is a candidate too; alice (admin, no skill) is not.
"""

from datetime import UTC, date, datetime

import pytest

from domain.core.errors import Forbidden, Invalid, NotFound
from domain.core.models import Approval, LeaveRequest, Person, Task, TimeEntry
from domain.work.assignment import leave_days, suggest_assignee, working_days

TODAY = date(2026, 11, 27)
AT = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def team(session, world):
    skills = {"lin": ["react", "css"], "dave": ["React"], "bob": ["scrum"], "alice": []}
    for handle, held in skills.items():
        row = session.get(Person, getattr(world, handle).id)
        row.skills = held
        session.add(row)
    checkout = Task(project_id=world.web.id, title="Checkout page", estimate_hours=16,
                    due=date(2026, 12, 11))
    session.add(checkout)
    session.commit()
    return checkout


def _busy(session, world, who, hours, due=date(2026, 12, 4)):
    project = world.web if who == "lin" else world.glx
    session.add(Task(project_id=project.id, title=f"Big job for {who}", estimate_hours=hours,
                     assignee_id=getattr(world, who).id, due=due))
    session.commit()


def _leave(session, world, who, start, end, status="approved"):
    approval = Approval(kind="leave", requested_by_id=getattr(world, who).id, status=status,
                        created_at=AT)
    session.add(approval)
    session.flush()
    session.add(LeaveRequest(person_id=getattr(world, who).id, start=start, end=end,
                             approval_id=approval.id))
    session.commit()


def _log(session, world, who, hours, project=None):
    session.add(TimeEntry(person_id=getattr(world, who).id, project_id=(project or world.web).id,
                          day=date(2026, 11, 20), hours=hours))
    session.commit()


def _ranking(session, world, **kw):
    kw.setdefault("task", "Checkout page")
    return suggest_assignee(session, world.bob, project="WEB", today=TODAY, **kw)


def test_a_fitting_free_person_ranks_above_a_busy_one(session, world, team):
    _busy(session, world, "lin", 120)
    ranked = _ranking(session, world, skills=["react"])
    assert [s.handle for s in ranked[:2]] == ["dave", "lin"]
    assert ranked[1].fits is False
    assert ranked[1].reasons[1][0] == "assign.why.busy"


def test_a_fitting_free_person_ranks_above_an_unskilled_one(session, world, team):
    ranked = _ranking(session, world, skills=["react"])
    handles = [s.handle for s in ranked]
    assert handles.index("lin") < handles.index("bob")
    assert ranked[0].reasons[0] == ("assign.why.skills", {"skills": "react"})


def test_people_without_the_skill_and_off_the_team_are_not_suggested(session, world, team):
    assert "alice" not in [s.handle for s in _ranking(session, world, skills=["react"])]


def test_free_hours_are_capacity_in_the_window_minus_open_work(session, world, team):
    _busy(session, world, "lin", 30)
    lin = next(s for s in _ranking(session, world) if s.handle == "lin")
    # 88 h in 11 working days, minus the login page (10 h) and the big job (30 h)
    assert (lin.open_hours, lin.free_hours, lin.window) == (40, 48, (TODAY, date(2026, 12, 11)))


def test_hours_already_logged_on_a_task_leave_less_of_it_open(session, world, team):
    session.add(TimeEntry(person_id=world.lin.id, project_id=world.web.id, day=date(2026, 11, 26),
                          hours=4, task_id=world.login_task.id))
    session.commit()
    lin = next(s for s in _ranking(session, world) if s.handle == "lin")
    assert lin.open_hours == 6


def test_work_due_after_the_window_does_not_count_against_it(session, world, team):
    _busy(session, world, "lin", 200, due=date(2027, 1, 15))
    lin = next(s for s in _ranking(session, world) if s.handle == "lin")
    assert lin.open_hours == 10


def test_approved_leave_takes_working_days_out_of_free_capacity(session, world, team):
    _leave(session, world, "lin", date(2026, 11, 30), date(2026, 12, 6))  # Mon..Sun: 5 days
    lin = next(s for s in _ranking(session, world) if s.handle == "lin")
    assert (lin.leave_days, lin.free_hours) == (5, 88 - 40 - 10)
    assert ("assign.why.leave", {"days": 5}) in lin.reasons


def test_pending_leave_does_not_count_yet(session, world, team):
    _leave(session, world, "lin", date(2026, 11, 30), date(2026, 12, 6), status="pending")
    assert leave_days(session, [world.lin.id], TODAY, date(2026, 12, 11)) == {}


def test_someone_away_for_the_whole_window_does_not_fit(session, world, team):
    _leave(session, world, "dave", TODAY, date(2026, 12, 11))
    ranked = _ranking(session, world, skills=["react"])
    assert ranked[0].handle == "lin"
    assert next(s for s in ranked if s.handle == "dave").fits is False


def test_past_hours_on_the_project_break_a_tie_between_equals(session, world, team):
    _log(session, world, "dave", 30)  # dave once helped on WEB
    session.get(Person, world.lin.id).skills = ["React"]
    session.commit()
    _busy(session, world, "dave", 10)  # the same load as lin's login page
    ranked = _ranking(session, world, skills=["react"])
    assert [s.handle for s in ranked[:2]] == ["dave", "lin"]
    assert ("assign.why.history", {"hours": "30", "project": "WEB"}) in ranked[0].reasons


def test_skills_are_read_from_the_task_title_when_none_are_asked_for(session, world, team):
    session.add(Task(project_id=world.web.id, title="Fix the CSS of the footer", estimate_hours=4))
    session.commit()
    ranked = _ranking(session, world, task="Fix the CSS of the footer")
    assert ranked[0].handle == "lin"
    assert ranked[0].matched_skills == ["css"]


def test_the_task_itself_does_not_count_against_its_current_assignee(session, world, team):
    lin = next(s for s in _ranking(session, world, task=world.login_task.id) if s.handle == "lin")
    assert lin.open_hours == 0


def test_no_more_than_three_people_are_suggested(session, world, team):
    for i in range(4):
        session.add(Person(handle=f"dev{i}", name=f"Dev {i}", skills=["react"]))
    session.commit()
    assert len(_ranking(session, world, skills=["react"])) == 3


def test_a_team_member_may_ask_too(session, world, team):
    assert suggest_assignee(session, world.lin, project="WEB", today=TODAY)


def test_someone_off_the_project_is_told_it_does_not_exist(session, world, team):
    with pytest.raises(NotFound):
        suggest_assignee(session, world.dave, project="WEB", today=TODAY)


def test_a_client_contact_may_not_ask(session, world, team):
    with pytest.raises(Forbidden):
        suggest_assignee(session, world.tom, project="WEB", today=TODAY)


def test_a_task_of_another_project_is_refused(session, world, team):
    with pytest.raises(Invalid) as error:
        suggest_assignee(session, world.bob, project="GLX", task=team.id, today=TODAY)
    assert error.value.key == "assign.task_elsewhere"


def test_the_project_is_the_tasks_own_when_not_named(session, world, team):
    ranked = suggest_assignee(session, world.bob, project=None, task=team.id, today=TODAY)
    assert ranked[0].window == (TODAY, date(2026, 12, 11))


def test_working_days_skip_weekends():
    assert working_days(date(2026, 11, 27), date(2026, 12, 11)) == 11
    assert working_days(date(2026, 11, 28), date(2026, 11, 29)) == 0
    assert working_days(date(2026, 12, 1), date(2026, 11, 30)) == 0


def test_the_person_who_has_the_task_now_is_said_to_have_it(session, world, team):
    lin = next(s for s in _ranking(session, world, task=world.login_task.id) if s.handle == "lin")
    assert lin.reasons[0] == ("assign.why.current", {})
