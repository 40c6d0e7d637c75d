"""Every internal link and media reference of every HTML file resolves to a file.

References are resolved against the page's own URL (its path in the mirror); anything that
stays on the mirror's origin must map to a file (``url_path_to_file``: decoded, ``index.html``
for folders). Other origins, ``mailto:``/``tel:`` and ``data:`` images are not followed; a
``javascript:`` URL is a failure. The offline search API path is served by the shim.
"""

from __future__ import annotations

import urllib.parse

from ..urls import url_path_to_file
from .report import MAX_LISTED, Check
from .scan import FileScan

_ORIGIN = "http://mirror.invalid"
_SKIP_SCHEMES = ("mailto:", "tel:", "data:image/")
_SHIM_PREFIXES = ("/wp-json/",)


def page_url(rel: str) -> str:
    """The URL path a static server answers with file ``rel``."""
    if rel.endswith("/index.html") or rel == "index.html":
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def _targets(attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def resolve(page: str, ref: str) -> str | None:
    """The mirror path ``ref`` points to from ``page``; ``None`` when it leaves the mirror."""
    if not ref or ref.startswith("#") or ref.lower().startswith(_SKIP_SCHEMES):
        return None
    joined = urllib.parse.urljoin(_ORIGIN + urllib.parse.quote(page, safe="/%"), ref)
    parts = urllib.parse.urlsplit(joined)
    if f"{parts.scheme}://{parts.netloc}" != _ORIGIN:
        return None
    return parts.path or "/"


def exists(files: set[str], dirs: set[str], path: str) -> bool:
    rel = url_path_to_file(path)
    if rel in files:
        return True
    return rel.rstrip("/") in dirs and rel.rstrip("/") + "/index.html" in files


def check_links(scans: list[FileScan], files: set[str]) -> Check:
    """Check every href/src/srcset of every HTML file."""
    check = Check("internal links and media")
    dirs = {f.rsplit("/", i)[0] for f in files for i in range(1, f.count("/") + 1)}
    total = broken = 0
    missing: dict[str, str] = {}
    for scan in scans:
        if scan.kind != "html":
            continue
        page = page_url(scan.rel)
        for attr, value in scan.refs:
            for ref in _targets(attr, value):
                if ref.strip().lower().startswith("javascript:"):
                    check.fail(f"{scan.rel}: {attr}={ref[:60]!r} (script URL)")
                    continue
                path = resolve(page, ref)
                if path is None or path.startswith(_SHIM_PREFIXES):
                    continue
                total += 1
                if not exists(files, dirs, path):
                    broken += 1
                    missing.setdefault(path, f"{scan.rel}: {attr}={ref[:100]!r}")
    for path, where in sorted(missing.items())[:MAX_LISTED]:
        check.fail(f"{where} → {path} not in the mirror")
    if len(missing) > MAX_LISTED:
        check.fail(f"… and {len(missing) - MAX_LISTED} more missing targets")
    check.counts = {"references": total, "broken": broken, "missing_targets": len(missing)}
    check.summary = f"{total} internal references, {broken} broken ({len(missing)} distinct targets)"
    return check
