"""The API describes itself: a valid OpenAPI document at /api/v1/openapi.json."""
from __future__ import annotations

from openapi_spec_validator import validate


def test_the_openapi_document_is_valid_and_lists_every_resource(http):
    answer = http.get("/api/v1/openapi.json")  # public: no token needed to read the contract
    assert answer.status_code == 200
    document = answer.json()
    validate(document)
    assert {"/api/v1/projects", "/api/v1/projects/{code}", "/api/v1/projects/{code}/tasks",
            "/api/v1/time-entries", "/api/v1/tasks/{task_id}", "/api/v1/projects/{code}/milestones",
            "/api/v1/expenses", "/api/v1/leave-requests", "/api/v1/overtime-requests",
            "/api/v1/requests", "/api/v1/requests/{request_id}",
            "/api/v1/requests/{request_id}/decision",
            "/api/v1/documents", "/api/v1/documents/{document_id}/file",
            "/api/v1/projects/{code}/documents", "/api/v1/reports/{kind}",
            "/api/v1/export"} <= set(document["paths"])
    assert "post" in document["paths"]["/api/v1/projects/{code}/tasks"]
    post = document["paths"]["/api/v1/time-entries"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert {"get", "post"} <= set(document["paths"]["/api/v1/time-entries"])
    assert {"get", "post"} <= set(document["paths"]["/api/v1/expenses"])
    for path, method in (("/api/v1/expenses", "post"), ("/api/v1/leave-requests", "post"),
                         ("/api/v1/overtime-requests", "post"),
                         ("/api/v1/projects/{code}/milestones/{milestone_id}/reached", "post")):
        assert any(p["name"] == "Idempotency-Key" for p in document["paths"][path][method]["parameters"])


def test_updatable_records_document_their_etag_and_the_412_of_if_match(http):
    paths = http.get("/api/v1/openapi.json").json()["paths"]
    for path, read, write in (("/api/v1/tasks/{task_id}", ("/api/v1/tasks/{task_id}", "get"),
                               "patch"),
                              ("/api/v1/requests/{request_id}/decision",
                               ("/api/v1/requests/{request_id}", "get"), "post")):
        assert "ETag" in paths[read[0]][read[1]]["responses"]["200"]["headers"]
        assert "412" in paths[path][write]["responses"]


def test_the_portals_pages_are_not_in_the_apis_document(http):
    paths = http.get("/api/v1/openapi.json").json()["paths"]
    assert all(path.startswith("/api/v1/") for path in paths)
