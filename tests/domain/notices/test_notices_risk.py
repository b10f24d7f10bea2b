"""The delay-risk model's weekly warning to a milestone's manager, through the outbox."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.core.models import Milestone, Task
from domain.notices.due import due

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _doomed_milestone(session, world) -> Milestone:
    """Due in three days, nothing done, 200 h of open work for one person: it will slip."""
    milestone = Milestone(project_id=world.web.id, name="Launch", due=date(2026, 12, 3))
    session.add(milestone)
    session.flush()
    for n in range(5):
        session.add(Task(project_id=world.web.id, title=f"Big piece {n}", assignee_id=world.lin.id,
                         milestone_id=milestone.id, due=date(2026, 12, 2) - timedelta(days=n),
                         estimate_hours=40, status="todo"))
    session.commit()
    return milestone


def test_the_manager_is_warned_about_a_milestone_the_model_says_will_slip(session, world):
    milestone = _doomed_milestone(session, world)
    notices = [n for n in due(session, MONDAY_MORNING, with_risk=True) if n.kind == "milestone_risk"]
    mine = [n for n in notices if f":{milestone.id}:" in n.key]
    assert [n.recipient.handle for n in mine] == ["bob"]
    assert mine[0].key.endswith("2026-W49") and "Launch" in mine[0].subject


def test_the_minute_tick_leaves_the_risk_model_out(session, world):
    _doomed_milestone(session, world)
    assert not [n for n in due(session, MONDAY_MORNING) if n.kind == "milestone_risk"]
