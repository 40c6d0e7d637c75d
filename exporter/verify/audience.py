"""Publishable or not: a mirror built for any audience but ``public`` must not be published."""

from __future__ import annotations

import json
from pathlib import Path

from .report import Check
from .scan import FileScan

BUILD_MANIFEST = ".jetonomy-build.json"
EXPORT_RECORD = "export.json"
BANNER_CLASS = b'class="jt-banner"'


def recorded_audiences(site: Path) -> dict[str, str]:
    """``file name -> audience`` as recorded by the build (its manifest) and by ``export``
    (``../export.json``)."""
    found = {}
    for path in (site / BUILD_MANIFEST, site.resolve().parent / EXPORT_RECORD):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("audience"), str):
            found[path.name] = data["audience"]
    return found


def check_audience(site: Path, scans: list[FileScan]) -> Check:
    """Refuse a members/staff build (any recorded audience, or the non-public banner)."""
    check = Check("publishable (public audience)")
    recorded = recorded_audiences(site)
    for source, audience in recorded.items():
        if audience != "public":
            check.fail(f"built for audience {audience!r} (recorded in {source}): not publishable")
    bannered = [s.rel for s in scans if s.kind == "html" and BANNER_CLASS in s.raw]
    if bannered:
        check.fail(f"{len(bannered)} pages carry the non-public banner (e.g. {bannered[0]})")
    check.summary = ", ".join(f"{a} ({s})" for s, a in recorded.items()) or \
        "public (not recorded; no non-public banner)"
    return check
