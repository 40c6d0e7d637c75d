"""Shared by tests/export and tests/adversarial: one export of each example, cached per
process (both directories' session fixtures call these, so the work happens once)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from exporter.config import BuildConfig, ExportConfig, ExportSection
from exporter.crawl import CrawlOptions

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
_CACHE: dict[str, Any] = {}

# Output files whose bytes legitimately differ between identical builds.
VOLATILE = {".jetonomy-build.json"}  # the build manifest records file mtimes (incremental builds)


def config_for(url: str, out: Path, *, index: bool = True, base_url: str | None = None,
               offline: bool = False) -> ExportConfig:
    """A fast export config for loopback stand-ins (``offline``: rebuild from the snapshot)."""
    from exporter.config import IndexConfig

    return ExportConfig(export=ExportSection(url=url, out=out, offline=offline),
                        crawl=CrawlOptions(rate=0, concurrency=4, retries=8, backoff=0.05),
                        build=BuildConfig(base_url=base_url), index=IndexConfig(enabled=index))


def cached_export(key: str, url: str, out: Path) -> Path:
    """Export ``url`` into ``out`` once per process; return the export folder."""
    if key not in _CACHE:
        from exporter.export import export

        _CACHE[key] = export(config_for(url, out))
    return _CACHE[key].layout.root


def file_digests(root: Path) -> dict[str, str]:
    """``relative path -> sha256`` of every file under ``root`` (volatile files left out)."""
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name in VOLATILE or name.startswith(".tmp-"):
                continue
            path = Path(folder) / name
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def diff_digests(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Human-readable differences between two :func:`file_digests` results."""
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return [f"only in first: {p}" for p in only_a] + [f"only in second: {p}" for p in only_b] + \
        [f"differs: {p}" for p in changed]


QUERIES = [{"q": "cache", "type": "post"}, {"q": "cache", "type": "reply"},
           {"q": "plugin", "type": "all"}, {"q": "the", "type": "post"},
           {"q": "api", "type": "space"}, {"q": "re", "type": "tag"},
           {"q": "", "type": "post", "space_id": "1"}, {"q": "release notes", "sort": "newest"},
           {"q": "deploy", "type": "reply", "limit": "50"}, {"q": "xyzzy-nothing", "type": "post"}]


def shim_answers(index_dir: Path) -> list[Any]:
    """The shim's answers to a fixed query set (compared instead of Whoosh segment bytes,
    whose generation folder names and segment ids depend on how many builds ran)."""
    from search_index import SearchIndex, search

    with SearchIndex.open(index_dir) as index:
        return [json.loads(json.dumps(search(index, q)[2], sort_keys=True)) for q in QUERIES]


def write_artifact(name: str, data: Any) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    return path
