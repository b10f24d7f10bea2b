"""The portal link under an answer about a project: where the client (or anyone) can see it.

The base address (PMBOT_PUBLIC_URL) arrives from the edge as the `portal` tool; without it
no link is added. The portal asks for sign-in and checks visibility itself, so a link
reveals nothing the answer did not.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote


def portal_url(base: str, code: str | None = None) -> str:
    root = base.rstrip("/") + "/portal/"
    return root + f"projects/{quote(code, safe='')}" if code else root


def portal_line(ctx: Any, code: str | None = None) -> str:
    """"\\nOpen in the portal: URL" in the speaker's language, or "" without a public URL."""
    base = ctx.tools.get("portal") if ctx.tools.portal is not None else None
    if not base:
        return ""
    return "\n" + ctx.say("portal.open_in_portal", url=portal_url(str(base), code))
