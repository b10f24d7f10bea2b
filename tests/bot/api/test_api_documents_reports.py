"""Documents, reports and the export over the API: the same reading rules and numbers as
chat and the command line."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from domain.core.store import unit_of_work
from tests.bot.api.conftest import bearer

NOW = "2026-11-27T10:00:00+08:00"


@pytest.fixture
def documents(pmbot_app, now) -> dict[str, int]:
    """An internal and a client-visible document on NW-PORTAL, their originals on disk."""
    from bot.bootstrap import files_dir
    from domain.clients.documents import register_document
    from domain.core.actors import actor_for_handle

    made = {}
    with unit_of_work(pmbot_app.engine) as session:
        mei = actor_for_handle(session, "mei")
        for name, visibility in (("estimate.md", "internal"), ("plan.md", "client")):
            doc, _status = register_document(
                session, mei, project="NW-PORTAL", file_name=name, title=name[:-3].title(),
                content_hash=name, visibility=visibility, now=now)
            folder = files_dir(pmbot_app.settings) / "NW-PORTAL" / str(doc.id)
            folder.mkdir(parents=True)
            (folder / name).write_text(f"# {name}\n", encoding="utf-8")
            made[name] = int(doc.id)
    return made


@pytest.mark.parametrize(("handle", "titles"), [
    ("ada", ["Estimate", "Plan"]), ("mei", ["Estimate", "Plan"]), ("sam", ["Estimate", "Plan"]),
    ("tom", []), ("nina", ["Plan"]), ("lihua", []),
    ("kai", ["Plan"])])  # a partner's person: no internal document unless a named reader
def test_each_caller_lists_the_documents_they_may_read(http, tokens, documents, handle, titles):
    answer = http.get("/api/v1/documents", headers=bearer(tokens[handle]))
    assert answer.status_code == 200
    assert [d["title"] for d in answer.json()["items"]] == titles


@pytest.mark.parametrize(("handle", "name", "status"), [
    ("ada", "estimate.md", 200), ("sam", "estimate.md", 200), ("tom", "estimate.md", 404),
    ("nina", "plan.md", 200), ("nina", "estimate.md", 404), ("lihua", "plan.md", 404),
    ("kai", "plan.md", 200), ("kai", "estimate.md", 404)])
def test_a_download_passes_the_reading_check_first(http, tokens, documents, handle, name, status):
    answer = http.get(f"/api/v1/documents/{documents[name]}/file", headers=bearer(tokens[handle]))
    assert answer.status_code == status
    if status == 200:
        assert answer.text == f"# {name}\n"
    else:
        missing = http.get("/api/v1/documents/99999/file", headers=bearer(tokens[handle]))
        assert answer.json()["code"] == missing.json()["code"] == "documents.not_found"
        assert answer.content.replace(str(documents[name]).encode(), b"99999") == missing.content


@pytest.mark.parametrize("handle", ["ada", "mei", "sam", "tom", "nina", "lihua", "kai"])
@pytest.mark.parametrize("kind", ["profit", "variance", "utilisation", "satisfaction"])
def test_a_report_answers_each_caller_as_the_command_line_does_with_as(http, tokens, db_url,
                                                                        kind, handle):
    """Same refusals (management reports are for managers and admins; a contact gets their
    client's satisfaction only), same numbers."""
    import bot.cli.insight  # noqa: F401  (registers `report`)
    from bot.cli.main import main

    printed = CliRunner().invoke(main, ["report", kind, "--format", "json", "--as", handle,
                                        "--db", db_url, "--now", NOW], catch_exceptions=False)
    answer = http.get(f"/api/v1/reports/{kind}", headers=bearer(tokens[handle]))
    assert (answer.status_code == 200) == (printed.exit_code == 0), answer.text
    if handle == "kai":  # a partner's person reads no margins, rates or anyone's utilisation
        assert answer.status_code == 403
    if answer.status_code == 200:
        assert answer.json() == json.loads(printed.output)
    else:
        assert answer.status_code == 403 and answer.json()["code"] == "report.forbidden"


def test_the_managers_profit_report_has_the_projects_figures(http, tokens):
    body = http.get("/api/v1/reports/profit", headers=bearer(tokens["mei"])).json()
    portal = next(p for p in body["projects"] if p["code"] == "NW-PORTAL")
    assert (portal["hours"], portal["revenue"], portal["labour_cost"]) == (6.0, 3600.0, 1200.0)


def test_an_unknown_report_is_a_problem_naming_the_reports(http, tokens):
    answer = http.get("/api/v1/reports/gossip", headers=bearer(tokens["ada"]))
    assert answer.status_code == 404 and "profit" in answer.json()["detail"]


@pytest.mark.parametrize(("handle", "status"), [
    ("ada", 200), ("mei", 403), ("sam", 403), ("tom", 403), ("nina", 403), ("lihua", 403),
    ("kai", 403)])
def test_only_an_admin_exports_the_workspace(http, tokens, handle, status):
    answer = http.get("/api/v1/export", headers=bearer(tokens[handle]))
    assert answer.status_code == status
    if status == 200:
        assert [p["code"] for p in answer.json()["projects"]] == ["NW-PORTAL", "QH-APP"]
    else:
        assert answer.json()["code"] == "api.admin_only"


SOW = b"# Statement of Work\n\n## Acceptance\nThe client accepts within ten working days.\n"


@pytest.mark.parametrize(("handle", "status", "code"), [
    ("ada", 201, None), ("mei", 201, None), ("sam", 201, None),
    ("tom", 404, "project.not_found"), ("nina", 403, None), ("lihua", 404, "project.not_found"),
    ("kai", 201, None)])  # a partner's person on the project adds work documents, as in chat
def test_who_may_upload_a_document_is_decided_as_in_chat(http, tokens, handle, status, code):
    answer = http.post("/api/v1/projects/NW-PORTAL/documents", headers=bearer(tokens[handle]),
                       files={"file": ("sow.md", SOW, "text/markdown")},
                       data={"visibility": "client"}, timeout=120)  # the first loads the model
    assert answer.status_code == status, answer.text
    if status == 201:
        assert answer.json()["status"] == "added" and answer.json()["version"] == 1
        got = http.get(f"/api/v1/documents/{answer.json()['id']}/file",
                       headers=bearer(tokens["nina"]))
        assert got.content == SOW  # client-visible: the client reads it back
    else:
        assert answer.headers["content-type"] == "application/problem+json"
        assert code is None or answer.json()["code"] == code


def test_the_same_file_again_changes_nothing_and_a_changed_one_is_the_next_version(http, tokens):
    def send(data: bytes):  # type: ignore[no-untyped-def]
        return http.post("/api/v1/projects/NW-PORTAL/documents", headers=bearer(tokens["mei"]),
                         files={"file": ("sow.md", data, "text/markdown")}, timeout=120)

    first, again, changed = send(SOW), send(SOW), send(SOW + b"\nSigned.\n")
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 201)
    assert again.json()["status"] == "unchanged" and changed.json()["version"] == 2
    listed = http.get("/api/v1/documents", headers=bearer(tokens["mei"])).json()["items"]
    assert [(d["file"], d["version"]) for d in listed] == [("sow.md", 2)]


def test_an_empty_file_is_refused_with_chats_words_and_nothing_is_stored(http, tokens):
    answer = http.post("/api/v1/projects/NW-PORTAL/documents", headers=bearer(tokens["mei"]),
                       files={"file": ("empty.md", b"   \n", "text/markdown")}, timeout=120)
    assert answer.status_code == 422 and answer.json()["code"] == "documents.empty"
    assert http.get("/api/v1/documents", headers=bearer(tokens["mei"])).json()["items"] == []
