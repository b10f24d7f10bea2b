"""The portal as a browser without JavaScript sees it: sign in by mail, see one's projects."""
from __future__ import annotations

from tests.bot.web.conftest import csrf_of, sign_in


def test_a_contact_signs_in_by_the_mailed_link_and_sees_only_their_projects(browser_client, inbox):
    page = sign_in(browser_client, inbox, "nina@northwind.example")
    assert page.status_code == 200
    assert "NW-PORTAL" in page.text
    assert "QH-APP" not in page.text


def test_the_project_page_shows_progress_milestones_and_no_internal_milestone(browser_client, inbox):
    sign_in(browser_client, inbox, "nina@northwind.example")
    page = browser_client.get("/portal/projects/NW-PORTAL")
    assert page.status_code == 200
    assert "Prototype" in page.text and "Pilot" in page.text
    assert "Internal security review" not in page.text
    assert "Pen-test findings" not in page.text
    assert 'id="budget"' not in page.text  # the project does not share its budget


def test_the_clients_task_count_leaves_out_tasks_of_internal_milestones(browser_client, inbox):
    sign_in(browser_client, inbox, "nina@northwind.example")
    page = browser_client.get("/portal/projects/NW-PORTAL")
    assert "1 of 2 tasks done" in page.text  # the pen-test task (internal milestone) is not one
    assert "33%" in page.text  # 10 h done of 30 h the client sees, not of 38


def test_a_chinese_contact_gets_the_page_in_chinese_and_can_switch_to_english(browser_client, inbox):
    sign_in(browser_client, inbox, "lihua@qinghe.example")
    page = browser_client.get("/portal/projects/QH-APP")
    assert "里程碑" in page.text and "需求确认" in page.text
    switched = browser_client.post("/portal/lang", data={"lang": "en", "next": "/portal/projects/QH-APP",
                                                          "csrf": csrf_of(page.text)},
                                   follow_redirects=True)
    assert "Milestones" in switched.text


def test_the_gantt_chart_is_a_png_drawn_for_the_visitor(browser_client, inbox):
    sign_in(browser_client, inbox, "nina@northwind.example")
    image = browser_client.get("/portal/projects/NW-PORTAL/gantt.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG") and len(image.content) > 5000


def test_a_contact_rates_a_reached_milestone_on_a_zero_to_ten_scale(browser_client, inbox, firm):
    from sqlmodel import Session, select

    from domain.core.models import Feedback, Milestone

    page = browser_client.get("/portal/projects/NW-PORTAL")
    page = sign_in(browser_client, inbox, "nina@northwind.example")
    page = browser_client.get("/portal/projects/NW-PORTAL")
    assert 'name="milestone" value="Prototype"' in page.text
    assert 'name="milestone" value="Pilot"' not in page.text  # not reached yet
    done = browser_client.post("/portal/projects/NW-PORTAL/feedback",
                               data={"milestone": "Prototype", "score": "9", "comment": "great demo",
                                     "csrf": csrf_of(page.text)}, follow_redirects=True)
    assert "Thank you" in done.text
    with Session(firm) as session:
        row, milestone = session.exec(select(Feedback, Milestone).join(Milestone)).one()
    assert milestone.name == "Prototype" and row.note == "great demo" and row.score == 4.6


def test_a_score_out_of_range_is_explained_and_not_stored(browser_client, inbox, firm):
    from sqlmodel import Session, select

    from domain.core.models import Feedback

    sign_in(browser_client, inbox, "nina@northwind.example")
    page = browser_client.get("/portal/projects/NW-PORTAL")
    answer = browser_client.post("/portal/projects/NW-PORTAL/feedback",
                                 data={"milestone": "Prototype", "score": "11",
                                       "csrf": csrf_of(page.text)}, follow_redirects=True)
    assert 'class="notice error"' in answer.text
    with Session(firm) as session:
        assert session.exec(select(Feedback)).all() == []


def test_the_manager_sees_internal_milestones_and_can_preview_the_clients_view(browser_client, inbox):
    sign_in(browser_client, inbox, "mei@studio.example")
    own = browser_client.get("/portal/projects/NW-PORTAL")
    assert "Internal security review" in own.text and 'id="budget"' in own.text
    assert 'id="preview-link"' in own.text
    preview = browser_client.get("/portal/projects/NW-PORTAL?view=client")
    assert 'id="preview-banner"' in preview.text
    assert "Internal security review" not in preview.text and 'id="budget"' not in preview.text


def test_a_member_who_does_not_manage_gets_no_preview(browser_client, inbox):
    sign_in(browser_client, inbox, "sam@studio.example")
    page = browser_client.get("/portal/projects/NW-PORTAL?view=client")
    assert page.status_code == 200
    assert 'id="preview-link"' not in page.text and 'id="preview-banner"' not in page.text


def test_the_budget_shows_to_the_client_only_where_the_project_shares_it(browser_client, inbox, firm):
    from sqlmodel import Session, select

    from domain.core.models import Project

    with Session(firm) as session:
        project = session.exec(select(Project).where(Project.code == "NW-PORTAL")).one()
        project.client_sees_budget = True
        session.add(project)
        session.commit()
    sign_in(browser_client, inbox, "nina@northwind.example")
    page = browser_client.get("/portal/projects/NW-PORTAL")
    assert 'id="budget"' in page.text and "100,000" in page.text


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back_to_the_page_they_wanted(browser_client, inbox):
    first = browser_client.get("/portal/projects/NW-PORTAL", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/portal/login"
    landed = sign_in(browser_client, inbox, "nina@northwind.example")
    assert str(landed.url).endswith("/portal/projects/NW-PORTAL")


def test_signing_out_ends_the_session(browser_client, inbox):
    page = sign_in(browser_client, inbox, "nina@northwind.example")
    browser_client.post("/portal/logout", data={"csrf": csrf_of(page.text)})
    assert browser_client.get("/portal/", follow_redirects=False).status_code == 303
