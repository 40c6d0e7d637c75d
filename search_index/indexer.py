"""``build_index``: snapshot → search index folder (full or incremental, always atomic).

An existing compatible index is updated incrementally: every document's change hash
(:func:`exporter.snapshot.stable_hash` of its payload and filters) is compared with the hash
stored in the previous generation, and only new, changed and vanished documents are written.
Visibility changes (a space turned private, a post trashed) therefore remove documents too.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from exporter.errors import SnapshotError
from exporter.snapshot import Audience, Snapshot

from . import store
from .documents import Doc, iter_docs
from .errors import IndexBuildError
from .schema import KINDS, created_key, schema_for


class ProgressLike(Protocol):
    """The subset of :class:`rich.progress.Progress` the indexer uses."""

    def add_task(self, description: str, total: float | None = ..., **fields: Any) -> Any: ...

    def advance(self, task_id: Any, advance: float = ...) -> None: ...


@dataclass
class IndexReport:
    """What a build did. ``mode`` is ``full``, ``incremental`` or ``unchanged``."""

    out_dir: Path
    generation: Path
    mode: str
    counts: dict[str, int] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    deleted: int = 0
    seconds: float = 0.0
    size_bytes: int = 0


@dataclass
class _Run:
    writers: dict[str, IndexWriter]
    side: sqlite3.Connection
    old: dict[tuple[str, int], str]
    report: IndexReport
    progress: ProgressLike | None = None
    task: Any = None
    authors: set[int] = field(default_factory=set)
    users_changed: bool = False


def build_index(snapshot_dir: str | Path, out_dir: str | Path, audience: Audience = Audience.PUBLIC,
                progress: ProgressLike | None = None, full: bool = False) -> IndexReport:
    """Index ``snapshot_dir`` for ``audience`` into ``out_dir`` and return a report.

    Incremental when ``out_dir`` already holds a compatible index (unless ``full``). Raises
    :class:`SnapshotError` for a bad snapshot and :class:`IndexBuildError` for write failures;
    either way the previous index stays live.
    """
    started = time.monotonic()
    root = Path(out_dir)
    with Snapshot.open(snapshot_dir) as snap:
        previous = None if full else _compatible_previous(root, audience)
        try:
            report = _build(snap, root, audience, previous, progress)
        except (OSError, sqlite3.Error) as exc:
            raise IndexBuildError(f"could not write the search index in {root}: {exc}") from exc
    report.seconds = time.monotonic() - started
    report.size_bytes = sum(p.stat().st_size for p in report.generation.rglob("*") if p.is_file())
    return report


def _compatible_previous(root: Path, audience: Audience) -> Path | None:
    gen = store.current_generation(root)
    if gen is None:
        return None
    try:
        info = store.read_info(gen)
    except (OSError, ValueError):
        return None
    ok = info.get("format_version") == store.FORMAT_VERSION and info.get("audience") == audience.value
    return gen if ok else None


def _build(snap: Snapshot, root: Path, audience: Audience, previous: Path | None,
           progress: ProgressLike | None) -> IndexReport:
    build, number = store.start_build(root)
    if previous is not None:
        store.clone_generation(previous, build)
    run = _open_run(build, previous, progress)
    run.report.out_dir = root
    _apply(run, iter_docs(snap, audience))
    _write_users(run.side, snap, run)
    changed = run.report.added + run.report.updated + run.report.deleted + run.users_changed
    if previous is not None and changed == 0:
        _abort(run, build)
        run.report.mode, run.report.generation = "unchanged", previous
        return run.report
    _commit(run)
    store.write_info(build, {"audience": audience.value, "snapshot": str(snap.folder.resolve()),
                             "counts": run.report.counts,
                             "snapshot_meta": {k: v for k, v in snap.meta().items()
                                               if k in ("site_url", "base_slug", "created_at")}})
    run.report.generation = store.publish(root, build, number)
    return run.report


def _open_run(build: Path, previous: Path | None, progress: ProgressLike | None) -> _Run:
    writers: dict[str, IndexWriter] = {}
    for kind in KINDS:
        if previous is None:
            idx = whoosh_index.create_in(str(build), schema_for(kind), indexname=kind)
        else:
            idx = whoosh_index.open_dir(str(build), indexname=kind)
        writers[kind] = idx.writer(limitmb=256)
    side = store.open_side(build, create=previous is None)
    old = {(k, i): s for k, i, s in side.execute("SELECT kind, id, sha FROM docs")}
    mode = "full" if previous is None else "incremental"
    report = IndexReport(build.parent, build, mode, {k: 0 for k in KINDS})
    task = progress.add_task("Indexing", total=None) if progress is not None else None
    return _Run(writers, side, old, report, progress, task)


def _apply(run: _Run, docs: Iterable[Doc]) -> None:
    seen: set[tuple[str, int]] = set()
    for doc in docs:
        key = (doc.kind, doc.id)
        if key in seen:
            continue
        seen.add(key)
        run.report.counts[doc.kind] += 1
        run.authors.add(int(doc.filters.get("author_id") or 0))
        old_sha = run.old.get(key)
        if old_sha != doc.sha:
            _write_doc(run, doc, replace=old_sha is not None)
        if run.progress is not None:
            run.progress.advance(run.task)
    for kind, ident in sorted(set(run.old) - seen):
        run.writers[kind].delete_by_term("key", str(ident))
        run.side.execute("DELETE FROM docs WHERE kind=? AND id=?", (kind, ident))
        run.report.deleted += 1


def _write_doc(run: _Run, doc: Doc, replace: bool) -> None:
    writer = run.writers[doc.kind]
    if replace:
        writer.update_document(**doc.fields())
        run.report.updated += 1
    else:
        writer.add_document(**doc.fields())
        run.report.added += 1
    sort2 = int(doc.filters.get("vote_score", doc.filters.get("post_count", 0)))
    run.side.execute("INSERT OR REPLACE INTO docs(kind, id, sha, created_key, sort2, folded) "
                     "VALUES (?,?,?,?,?,?)",
                     (doc.kind, doc.id, doc.sha, created_key(doc.created_at), sort2, doc.substring))


def _write_users(side: sqlite3.Connection, snap: Snapshot, run: _Run) -> None:
    """Author directory for ``author=`` (only people with indexed, non-anonymous rows)."""
    rows = []
    for login, profile in snap.iter_users():
        uid = int(profile.get("id") or 0)
        if uid in run.authors and uid > 0:
            name = str(profile.get("display_name") or "")
            log = str(login or "")
            rows.append((uid, log, name, log.lower().replace(".", "-").replace(" ", "-")))
    old = sorted(side.execute("SELECT id, login, display_name, nicename FROM users"))
    if old != sorted(rows):
        side.execute("DELETE FROM users")
        side.executemany("INSERT INTO users VALUES (?,?,?,?)", rows)
        run.users_changed = True


def _commit(run: _Run) -> None:
    run.side.commit()
    run.side.close()
    for writer in run.writers.values():
        writer.commit()


def _abort(run: _Run, build: Path) -> None:
    for writer in run.writers.values():
        writer.cancel()
    run.side.close()
    shutil.rmtree(build, ignore_errors=True)


__all__ = ["IndexReport", "SnapshotError", "build_index"]
