"""``verify_mirror(site_dir, snapshot_dir) -> VerifyReport``: is this mirror complete, sound and safe?"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import VerifyError
from ..snapshot import Snapshot
from .audience import check_audience
from .coverage import check_coverage
from .files import check_entries
from .leaks import check_fingerprints, check_forbidden, refused_fingerprints
from .links import check_links
from .report import Check, VerifyReport
from .scan import scan_file, walk
from .xmlfiles import check_feeds_and_sitemaps, check_parse

SKIP_NAMES = (".jetonomy-build.journal",)


def default_snapshot(site_dir: Path) -> Path | None:
    """``SITE/../community.snapshot`` (the export layout) when it exists."""
    candidate = Path(site_dir).resolve().parent / "community.snapshot"
    return candidate if (candidate / "snapshot.sqlite").is_file() else None


def verify_mirror(site_dir: str | Path, snapshot_dir: str | Path | None = None,
                  forbidden: Iterable[str] = ()) -> VerifyReport:
    """Run every check on the mirror at ``site_dir`` (never raises for findings)."""
    site = Path(site_dir)
    if not site.is_dir():
        raise VerifyError(f"no mirror at {site}", "give the folder `build` or `export` wrote (DIR/site)")
    entries = [(rel, st) for rel, st in walk(site) if rel.rsplit("/", 1)[-1] not in SKIP_NAMES]
    scans = [scan_file(site, rel, st) for rel, st in entries]
    files = {s.rel for s in scans if s.kind != "special"}
    report = VerifyReport(str(site), str(snapshot_dir) if snapshot_dir else None, files=len(files))
    report.checks += [check_entries(site, entries), check_audience(site, scans),
                      check_parse(scans), check_links(scans, files),
                      check_feeds_and_sitemaps(scans, files)]
    report.checks += _snapshot_checks(snapshot_dir, scans, files)
    report.checks.append(check_forbidden(scans, forbidden))
    return report


def _snapshot_checks(snapshot_dir: str | Path | None, scans: list, files: set[str]) -> list[Check]:
    if snapshot_dir is None:
        return [Check(name, skipped="no snapshot given (--snapshot)") for name in
                ("public content present", "no refused content (fingerprints)")]
    with Snapshot.open(snapshot_dir) as snap:
        return [check_coverage(snap, scans, files),
                check_fingerprints(scans, refused_fingerprints(snap))]


def require_ok(report: VerifyReport) -> VerifyReport:
    """Raise :class:`VerifyError` when any check failed (after the caller printed the report)."""
    failed = [c.name for c in report.checks if not c.ok]
    if failed:
        raise VerifyError(f"verify found problems in {report.site_dir}: {', '.join(failed)}",
                          "fix the cause (or rebuild the mirror) and run verify again")
    return report
