"""The crawl: start or resume a run, run its stages, finish (sweep, watermark, state)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import httpx

from .. import __version__
from ..errors import SnapshotError
from ..snapshot import Snapshot
from . import guard
from .context import Crawl
from .discover import REST_ROOT_KEYS, SiteInfo, discover, normalise_home
from .http import Api
from .incremental import run_update, watermark
from .media import stage_media
from .options import CrawlOptions
from .pro import stage_pro
from .report import CrawlReport, NullProgress, Progress
from .robots import RobotsPolicy
from .save import Saver
from .sitemap import stage_sitemap_check
from .stages_content import stage_posts, stage_replies, stage_structure
from .stages_people import (refine_base_slug, stage_leaderboards, stage_members, stage_tag_posts,
                            stage_tags, stage_users)

_SWEEP = (("replies", "reply"), ("posts", "post"), ("tags", "tag"), ("users", "user"),
          ("spaces", "space"), ("categories", "category"))


def crawl(client: httpx.Client, base_url: str, snapshot_dir, options: CrawlOptions,
          progress: Progress | None = None) -> CrawlReport:
    """Crawl ``base_url`` into the snapshot folder ``snapshot_dir`` (created or resumed).

    Raises :class:`~exporter.errors.ExportError` subclasses; whatever was saved before an
    error stays saved, and running again resumes.
    """
    options = options.validate()
    home = normalise_home(base_url)
    started = time.monotonic()
    snap = Snapshot.create(snapshot_dir)
    report = CrawlReport(site_url=home)
    api = Api(client, options)
    try:
        _check_same_site(snap, home)
        _run(api, snap, home, options, progress or NullProgress(), report)
    finally:
        report.requests, report.retries = api.stats.requests, api.stats.retries
        report.per_route = dict(sorted(api.stats.per_route.items()))
        report.elapsed = time.monotonic() - started
        snap.close()
    return report


def _check_same_site(snap: Snapshot, home: str) -> None:
    stored = snap.get_meta("site_url")
    if stored and stored != home:
        raise SnapshotError(f"{snap.folder} is a snapshot of {stored}, not of {home}",
                            "use another --out folder for another site")


def _begin(snap: Snapshot, options: CrawlOptions, progress: Progress) -> tuple[int, str, bool]:
    """Resume the run in progress, or start one; return (run, mode, resumed)."""
    if snap.get_state("run"):
        return int(snap.get_state("run") or 0), snap.get_state("mode") or "full", True
    mode = options.mode
    if mode == "update" and snap.get_meta("crawl_complete") != "1":
        progress.note("no complete crawl in this snapshot yet: doing a full crawl")
        mode = "full"
    with snap.transaction():
        run = snap.begin_run(mode)
        snap.set_state("run", str(run))
        snap.set_state("mode", mode)
    return run, mode, False


def _run(api: Api, snap: Snapshot, home: str, options: CrawlOptions, progress: Progress,
         report: CrawlReport) -> None:
    run, mode, report.resumed = _begin(snap, options, progress)
    report.mode, report.run = mode, run
    progress.stage("discovery")
    site = site_from_snapshot(api, snap, home) if mode == "update" else discover(api, home, options.base_slug)
    c = Crawl(api, snap, options, progress, report, Saver(snap, run, report, guard.Refusals()),
              site, run, mode)
    if mode == "update":
        run_update(c)
    else:
        save_site(c)
        run_full(c)
    finish(c)


def run_full(c: Crawl) -> None:
    """CONTRACT.md §7.2, steps 2-10."""
    stage_structure(c)
    stage_posts(c)
    stage_replies(c)
    stage_tags(c)
    stage_tag_posts(c)
    stage_leaderboards(c)
    stage_members(c)
    refine_base_slug(c)
    stage_users(c)
    stage_pro(c)
    stage_media(c)
    stage_sitemap_check(c)


def save_site(c: Crawl) -> None:
    """Site facts into ``meta`` and ``site`` (CONTRACT.md §1.1, §3.15)."""
    s, snap = c.site, c.snap
    meta = {"audience": "guest", "site_url": s.home, "api_root": s.api_root, "base_slug": s.base_slug,
            "base_slug_source": s.base_slug_source,
            "timezone_string": s.rest_root.get("timezone_string") or "",
            "gmt_offset": s.rest_root.get("gmt_offset") or 0,
            "replies_per_page": c.options.replies_per_page, "tool_version": __version__}
    if s.language:
        meta["language"] = s.language
    with snap.transaction():
        for key, value in meta.items():
            snap.set_meta(key, str(value))
        snap.put_site("rest_root", s.rest_root)
        snap.put_site("namespace_routes", s.namespace_routes)
        snap.put_site("app_config", s.app_config)
        snap.put_site("robots_txt", s.robots_txt)


def site_from_snapshot(api: Api, snap: Snapshot, home: str) -> SiteInfo:
    """An update run trusts the discovery stored by the last full crawl (no requests)."""
    api.api_root = snap.get_meta("api_root") or f"{home}/wp-json/jetonomy/v1"
    robots = snap.get_site("robots_txt")
    api.robots = RobotsPolicy(robots, api.options.user_agent, home)
    rest = snap.get_site("rest_root") or {}
    return SiteInfo(home=home, wp_root=api.api_root.rsplit("jetonomy/v1", 1)[0], api_root=api.api_root,
                    rest_root={k: rest.get(k) for k in REST_ROOT_KEYS if k in rest},
                    namespace_routes=snap.get_site("namespace_routes") or [],
                    app_config=snap.get_site("app_config") or {}, robots_txt=robots,
                    base_slug=snap.get_meta("base_slug") or "community",
                    base_slug_source=snap.get_meta("base_slug_source") or "snapshot",
                    language=snap.get_meta("language"))


def sweep(c: Crawl) -> None:
    """After a complete full pass: whatever was not seen this run is gone from the site."""
    with c.snap.transaction():
        for table, kind in _SWEEP:
            for ident in c.query_ids(f"SELECT id FROM {table} WHERE seen_run IS NULL OR seen_run<>? "
                                     "ORDER BY id", (c.run,)):
                c.snap.delete(table, ident)
                c.saver.record(kind, ident, "deleted")
        for table in ("members", "privileged_members"):
            c.snap.db.execute(f"DELETE FROM {table} WHERE space_id NOT IN (SELECT id FROM spaces)")
        c.snap.db.execute("DELETE FROM post_tags WHERE tag_id NOT IN (SELECT id FROM tags)")


def finish(c: Crawl) -> None:
    """Mark the run complete: sweep (full), watermark, clear resumable state."""
    if c.mode == "full":
        sweep(c)
    c.report.complete = True
    with c.snap.transaction():
        if c.mode == "full":
            c.snap.set_meta("crawl_complete", "1")
        c.snap.set_meta("watermark", watermark(c))
        c.snap.set_meta("crawled_at", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"))
        c.snap.finish_run(c.run, {"mode": c.mode, "requests": c.api.stats.requests,
                                  "retries": c.api.stats.retries, "changes": {
                                      f"{k} {ch}": n for (k, ch), n in sorted(c.report.changes.items())}})
        c.snap.clear_state()
