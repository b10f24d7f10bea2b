"""The API describes itself: a valid OpenAPI document at /api/v1/openapi.json."""
from __future__ import annotations

from openapi_spec_validator import validate


def test_the_openapi_document_is_valid_and_lists_every_resource(http):
    answer = http.get("/api/v1/openapi.json")  # public: no token needed to read the contract
    assert answer.status_code == 200
    document = answer.json()
    validate(document)
    assert {"/api/v1/projects", "/api/v1/projects/{code}", "/api/v1/projects/{code}/tasks",
            "/api/v1/time-entries", "/api/v1/tasks/{task_id}"} <= set(document["paths"])
    assert "post" in document["paths"]["/api/v1/projects/{code}/tasks"]
    post = document["paths"]["/api/v1/time-entries"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_portals_pages_are_not_in_the_apis_document(http):
    paths = http.get("/api/v1/openapi.json").json()["paths"]
    assert all(path.startswith("/api/v1/") for path in paths)
