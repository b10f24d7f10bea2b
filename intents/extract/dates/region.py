"""The speaker's country, for date conventions: read from their IANA timezone.

People carry a timezone, not a country; the tz database's own `zone.tab` says which country
each zone is in (Asia/Shanghai → CN, America/New_York → US, Europe/London → GB). Read once,
offline, from the system zoneinfo or the `tzdata` package.
"""
from __future__ import annotations

import zoneinfo
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    text = ""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            break
    if not text:
        try:
            text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError):
            return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                out[fields[2]] = fields[0]
    return out


def region_of(timezone: str | None) -> str | None:
    """ISO country code of an IANA timezone name, or None (UTC, unknown, unset)."""
    return _zones().get(timezone or "")
