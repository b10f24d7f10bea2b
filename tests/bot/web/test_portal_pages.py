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


def test_a_chinese_contact_gets_the_page_in_chinese_and_can_switch_to_english(browser_client, inbox):
    sign_in(browser_client, inbox, "lihua@qinghe.example")
    page = browser_client.get("/portal/projects/QH-APP")
    assert "里程碑" in page.text and "需求确认" in page.text
    switched = browser_client.post("/portal/lang", data={"lang": "en", "next": "/portal/projects/QH-APP",
                                                          "csrf": csrf_of(page.text)},
                                   follow_redirects=True)
    assert "Milestones" in switched.text
