"""An API app that is gone frees its context, bootstrap app and engine: a process that
builds many (the test suite builds one per test) must not keep them all."""
import gc
import weakref

from starlette.testclient import TestClient


def test_a_discarded_api_app_is_freed_with_its_engine(firm, db_url, monkeypatch):
    from bot.api import api_router
    from bot.bootstrap import build_app
    from bot.web.app import create_app

    monkeypatch.setenv("PMBOT_SECRET_KEY", "test-secret-key-for-the-api")
    app = build_app(database_url=db_url)
    with TestClient(create_app(app, routers=[api_router(app)])) as client:
        assert client.get("/api/v1/openapi.json").status_code == 200
        assert client.get("/api/v1/projects").status_code == 401
    bootstrap, engine = weakref.ref(app), weakref.ref(app.engine)
    app.engine.dispose()
    del app, client
    gc.collect()
    assert bootstrap() is None and engine() is None
