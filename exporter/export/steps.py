"""The three stages of an export, one function each (each calls one library entry point)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import ExportConfig
from ..errors import SnapshotError
from ..snapshot import Audience, Snapshot
from ..snapshot.media import atomic_write_bytes
from .layout import ExportLayout
from .progress import CrawlProgress, StepProgress


def crawl_options_for(config: ExportConfig, layout: ExportLayout) -> Any:
    """Update an existing complete snapshot (cheap) unless a full pass was asked for."""
    options = config.crawl
    if not options.full and not options.update and snapshot_complete(layout.snapshot):
        options = dataclasses.replace(options, update=True)
    return options


def snapshot_complete(folder: Path) -> bool:
    """True when ``folder`` holds a snapshot whose last full crawl finished."""
    if not (folder / "snapshot.sqlite").is_file():
        return False
    try:
        with Snapshot.open(folder) as snap:
            return snap.get_meta("crawl_complete") == "1"
    except SnapshotError:
        return False


def run_crawl(config: ExportConfig, layout: ExportLayout, progress: Any) -> Any:
    """Crawl (or update) ``DIR/community.snapshot`` from the configured URL."""
    from ..crawl import crawl, make_client

    options = crawl_options_for(config, layout)
    adapter = CrawlProgress(progress) if progress is not None else None
    with make_client(options) as client:
        report = crawl(client, config.export.url, layout.snapshot, options, adapter)
    if adapter is not None:
        adapter.finish()
    return report


def require_snapshot(layout: ExportLayout) -> None:
    """Offline runs need a snapshot already there (raises :class:`SnapshotError`)."""
    Snapshot.open(layout.snapshot).close()


def write_record(config: ExportConfig, layout: ExportLayout) -> None:
    """``DIR/export.json``: what produced this folder (no timestamps: deterministic)."""
    with Snapshot.open(layout.snapshot) as snap:
        site_url = snap.get_meta("site_url") or config.export.url
    record = {"tool": "jetonomy-export", "tool_version": __version__, "site_url": site_url,
              "audience": config.build.audience, "publishable": config.build.audience == "public",
              "base_url": config.build.base_url,
              "layout": {"snapshot": layout.snapshot.name, "site": layout.site.name,
                         "search_index": layout.index.name}}
    layout.root.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(layout.record, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())


def run_build(config: ExportConfig, layout: ExportLayout, progress: Any) -> Any:
    """Render the snapshot into ``DIR/site`` (pages, SEO files and the Pagefind bundle)."""
    from ..build import build_site

    step = StepProgress(progress, "build") if progress is not None else None
    return build_site(layout.snapshot, layout.site, config.build.to_options(), progress=step)


def run_index(config: ExportConfig, layout: ExportLayout, progress: Any) -> Any:
    """Build or update ``DIR/search_index`` for the build's audience."""
    from search_index import build_index

    step = StepProgress(progress, "index") if progress is not None else None
    return build_index(layout.snapshot, layout.index, Audience(config.build.audience),
                       progress=step, full=config.index.full)
