"""A partner organisation's person through the one permission module: what they may see."""
from datetime import datetime

import pytest
from sqlmodel import Session

from domain.clients.documents import can_read
from domain.core.actors import from_person
from domain.core.errors import Forbidden, NotFound
from domain.core.lookup import find_project, find_task
from domain.core.models import Document, DocumentReader, Partner, ProjectMember, Task
from domain.core.permissions import require_internal, sight_for
from domain.money.budget import budget_status
from tests.factories import person

ADDED = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def kai(session: Session, world):
    studio = Partner(name="Pixel Forge Studio", currency="USD")
    session.add(studio)
    session.flush()
    row = person(session, "kai", "Kai Lin", "partner", hourly_cost=0, partner_id=studio.id,
                 partner_rate=40)
    session.add(ProjectMember(project_id=world.web.id, person_id=row.id))
    session.add(Task(project_id=world.web.id, title="Icon set", assignee_id=row.id))
    session.commit()
    return from_person(row)


def _document(session, world, visibility, readers=()):
    doc = Document(project_id=world.web.id, title=f"{visibility} notes",
                   file_name=f"{visibility}.md", visibility=visibility, content_hash="x" * 64,
                   added_at=ADDED.astimezone())
    session.add(doc)
    session.flush()
    session.add_all([DocumentReader(document_id=doc.id, person_id=p) for p in readers])
    session.commit()
    return doc


def test_a_partner_sees_their_project_but_not_another(session, world, kai):
    assert find_project(session, kai, "WEB").code == "WEB"
    with pytest.raises(NotFound):
        find_project(session, kai, "GLX")


def test_a_partner_finds_their_task_and_not_a_colleagues(session, world, kai):
    assert find_task(session, kai, "Icon set").title == "Icon set"
    with pytest.raises(NotFound):
        find_task(session, kai, world.login_task.id)
    sight = sight_for(session, kai)
    assert sight.client_visible_only and not sight.sees_milestone(world.internal_review)
    assert sight.sees_milestone(world.beta)


def test_a_partner_is_refused_internal_figures_and_the_budget(session, world, kai):
    with pytest.raises(Forbidden):
        require_internal(session, kai, world.web)
    with pytest.raises(Forbidden):
        budget_status(session, kai, project="WEB", today=ADDED.date())


def test_a_partner_reads_client_documents_and_restricted_ones_naming_them_only(
        session, world, kai):
    internal = _document(session, world, "internal")
    client = _document(session, world, "client")
    named = _document(session, world, "restricted", readers=[kai.id])
    other = _document(session, world, "restricted", readers=[world.lin.id])
    assert [can_read(session, kai, d) for d in (internal, client, named, other)] == [
        False, True, True, False]
    assert can_read(session, world.lin, internal)  # the firm's member still reads it


def test_a_partners_gantt_shows_their_task_and_the_client_visible_milestones(
        session, world, kai):
    from domain.insight.charts.data import gantt_data, kanban_data

    chart = gantt_data(session, kai, project="WEB", today=ADDED.date())
    assert [r.title for r in chart.rows] == ["Icon set"]
    assert [m.name for m in chart.milestones] == ["Beta"]
    board = kanban_data(session, kai, project="WEB")
    assert board.assignees == ("kai",) and board.total == 1


def test_a_partners_new_task_neither_joins_nor_names_an_internal_milestone(session, world, kai):
    """The internal milestone answers like a missing one, with no "did you mean" naming it."""
    from domain.work.milestones import milestone_state
    from domain.work.tasks import create_task

    internal = world.internal_review.name
    for asked in (internal, internal[:-2]):
        with pytest.raises(NotFound) as refused:
            create_task(session, kai, project="WEB", title="Sneak", assignee="kai",
                        milestone=asked, now=ADDED.astimezone())
        assert refused.value.matches == []
        with pytest.raises(NotFound) as unseen:
            milestone_state(session, kai, milestone=asked, project="WEB")
        assert unseen.value.matches == []
    made = create_task(session, kai, project="WEB", title="Icons, dark", assignee="kai",
                       milestone="Beta", now=ADDED.astimezone())
    assert made.milestone_id == world.beta.id
