"""The crawl: start or resume a run, run its stages, finish (sweep, watermark, state)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import httpx

from .. import __version__
from ..errors import ExportError, SnapshotError
from ..snapshot import Snapshot
from . import guard
from .account import Account, check_rights, verify_account
from .context import Crawl
from .credentials import check_transport, redact
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
from .stages_account import stage_anonymity, stage_unlisted_posts
from .stages_content import stage_posts, stage_replies, stage_structure
from .wpauth import WordPressAuth
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
    check_transport(base_url.strip(), options.credentials)
    started = time.monotonic()
    report = CrawlReport(site_url=home)
    api = Api(client, options)
    if options.credentials is not None:
        api.auth = WordPressAuth(options.credentials, home)
    snap = Snapshot.create(snapshot_dir)
    try:
        _check_same_site(snap, home)
        _run(api, snap, home, options, progress or NullProgress(), report)
    except ExportError as err:
        raise _scrubbed(err, api) from None
    finally:
        report.requests, report.retries = api.stats.requests, api.stats.retries
        report.per_route = dict(sorted(api.stats.per_route.items()))
        report.elapsed = time.monotonic() - started
        snap.close()
    return report


def _secrets(api: Api) -> tuple[str, ...]:
    auth = api.auth
    if not isinstance(auth, WordPressAuth):
        return ()
    return auth.creds.secrets() + ((auth._nonce,) if auth._nonce else ())


def _scrubbed(err: ExportError, api: Api) -> ExportError:
    """The same error with every credential scrubbed out of its texts (defence in depth:
    no message is built from a secret, but a server or library might echo one)."""
    secrets = _secrets(api)
    if secrets:
        err.cause, err.fix = redact(err.cause, secrets), redact(err.fix or "", secrets)
        err.args = (err.cause,)
    return err


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
    account = _log_in(api, snap, options, progress)
    saver = Saver(snap, run, report, guard.Refusals(), keep_nonpublic=account is not None)
    c = Crawl(api, snap, options, progress, report, saver, site, run, mode)
    if mode == "update":
        run_update(c)
    else:
        save_site(c)
        run_full(c)
    finish(c)


def _log_in(api: Api, snap: Snapshot, options: CrawlOptions, progress: Progress) -> Account | None:
    """Prove the credentials log in (before any long work); record who the crawl runs as."""
    creds = options.credentials
    account = verify_account(api, creds) if creds is not None else None
    if account is not None:
        warning = check_rights(account, options.allow_member_view)
        if warning:
            progress.note(warning)
    audience = account.audience if account else "guest"
    stored = snap.get_meta("audience")
    if stored and stored != audience:
        raise SnapshotError(f"{snap.folder} was crawled as {stored}, not as {audience}",
                            "crawl it again with the same account, or use another --out folder")
    with snap.transaction():
        snap.set_meta("audience", audience)
        snap.set_meta("audience_role", account.role if account else "guest")
    return account


def run_full(c: Crawl) -> None:
    """CONTRACT.md §7.2, steps 2-10 (+ unlisted posts and anonymity when logged in)."""
    stage_structure(c)
    stage_posts(c)
    if c.logged_in:
        stage_unlisted_posts(c)
    stage_replies(c)
    if c.logged_in:
        stage_anonymity(c)
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
    meta = {"site_url": s.home, "api_root": s.api_root, "base_slug": s.base_slug,
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
