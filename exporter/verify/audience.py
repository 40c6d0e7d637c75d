"""Publishable or not: a mirror built for any audience but ``public`` must not be published."""

from __future__ import annotations

import json
from pathlib import Path

from .report import Check
from .scan import FileScan

BUILD_MANIFEST = ".jetonomy-build.json"
EXPORT_RECORD = "export.json"
BANNER_CLASS = b'class="jt-banner"'


def recorded_audience(site: Path) -> tuple[str | None, str]:
    """The audience written by build (manifest) or export (``../export.json``), and where."""
    for path in (site / BUILD_MANIFEST, site.resolve().parent / EXPORT_RECORD):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("audience"), str):
            return data["audience"], path.name
    return None, ""


def check_audience(site: Path, scans: list[FileScan]) -> Check:
    """Refuse a members/staff build (recorded audience, or the renderer's non-public banner)."""
    check = Check("publishable (public audience)")
    audience, source = recorded_audience(site)
    if audience is not None and audience != "public":
        check.fail(f"built for audience {audience!r} (recorded in {source}): not publishable")
    bannered = [s.rel for s in scans if s.kind == "html" and BANNER_CLASS in s.raw]
    if bannered:
        check.fail(f"{len(bannered)} pages carry the non-public banner (e.g. {bannered[0]})")
    check.summary = f"audience {audience or 'public (not recorded; no non-public banner)'}"
    return check
