"""Addresses into the portal: sign-in links and the page of a project.

A sign-in link carries the one-time token signed with the portal's secret (itsdangerous,
timestamped), so a forged or stale link is refused before the database is asked; the
token's hash in the store makes it single-use.
"""
from __future__ import annotations

from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from domain.people.signin import LINK_TTL

SALT = "pmbot-portal-sign-in"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def sign_token(secret: str, token: str) -> str:
    return _serializer(secret).dumps(token)


def unsign_token(secret: str, signed: str) -> str | None:
    """The token inside a signed link, or None when forged, mangled or older than the TTL."""
    try:
        value = _serializer(secret).loads(signed, max_age=int(LINK_TTL.total_seconds()))
    except (BadSignature, SignatureExpired):
        return None
    return value if isinstance(value, str) else None


def sign_in_url(base: str, secret: str, token: str) -> str:
    return f"{base.rstrip('/')}/portal/auth?t={quote(sign_token(secret, token))}"


def project_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/portal/projects/{quote(code, safe='')}"


def approval_url(base: str, approval_id: int) -> str:
    """The page where an approver reads a request and approves or rejects it."""
    return f"{base.rstrip('/')}/portal/approvals/{int(approval_id)}"
