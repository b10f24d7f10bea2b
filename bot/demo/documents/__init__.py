"""The demo's documents: a bilingual SOW, minutes, an internal note and a brand guide.

`seed_documents` ingests them through the same path as `pmbot docs add`, so the README's
document examples ("what are the acceptance criteria in the Acme contract?", "官网项目的验收
标准是什么？", "comments on the SOW") have something to answer from on `make demo`.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

FOLDER = Path(__file__).parent
# file, project, visibility
DOCUMENTS = [
    ("acme_sow.md", "ACME-WEB", "client"),
    ("acme_internal_note.md", "ACME-WEB", "internal"),
    ("hx_crm_minutes.md", "HX-CRM", "client"),
    ("greenleaf_brand_guide.md", "GL-BRAND", "client"),
]


def seed_documents(engine: Engine, *, now: datetime) -> list[dict]:
    """Add the demo documents as the system; returns one `docs add` result per file."""
    from bot.bootstrap import build_app, open_knowledge
    from bot.files.uploads import add_document
    from domain.core.actors import system_actor
    from knowledge.reading.parsers import parse

    app = build_app(database_url=engine.url.render_as_string(hide_password=False))
    app.__dict__["engine"] = engine  # the demo's own engine (App.engine is a cached property)
    index = open_knowledge(app.settings)
    results = []
    for name, project, visibility in DOCUMENTS:
        data = (FOLDER / name).read_bytes()
        parsed = parse(name, data)
        results.append(add_document(app, index, system_actor(), data=data, file_name=name,
                                    title=parsed.title, parsed=parsed, project=project,
                                    visibility=visibility, now=now))
    return results
