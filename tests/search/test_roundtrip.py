"""Build, reopen, query; incremental updates touch only changed documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from exporter.snapshot import Snapshot
from search_index import SearchIndex, build_index, search


def ids(index: SearchIndex, **params: str) -> list[int]:
    status, _headers, body = search(index, {"limit": "50", **params})
    assert status == 200, body
    return [row["id"] for row in body["data"]]


def test_round_trip_reopen_and_query(sample_index_dir: Path, sample_snapshot: Path):
    with Snapshot.open(sample_snapshot) as snap:
        post = next(p for p in snap.iter_posts() if "cache" in (p["content_plain"] or "").lower())
    with SearchIndex.open(sample_index_dir) as index:
        found = ids(index, q="cache", sort="newest", space_id=str(post["space_id"]),
                    date_from=post["created_at"][:10], date_to=post["created_at"][:10])
        status, headers, body = search(index, {"q": "cache"})
    assert post["id"] in found
    assert status == 200 and headers["X-WP-Total"] == str(body["meta"]["total"])
    assert body["data"][0]["type"] == "post"


def _edit_post(snapshot: Path, post_id: int, **changes: object) -> None:
    snap = Snapshot.create(snapshot)
    with snap.transaction():
        row = snap.db.execute("SELECT json FROM posts WHERE id=?", (post_id,)).fetchone()
        snap.put_post({**json.loads(row[0]), **changes})
    snap.close()


def test_incremental_update_changes_only_what_changed(sample_snapshot: Path, tmp_path: Path):
    snap_dir = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, snap_dir)
    out = tmp_path / "idx"
    first = build_index(snap_dir, out)
    assert first.mode == "full" and first.added == sum(first.counts.values())
    assert build_index(snap_dir, out).mode == "unchanged"
    with Snapshot.open(snap_dir) as snap:
        post_id = next(iter(snap.iter_posts()))["id"]
    _edit_post(snap_dir, post_id, title="Zwiebelkuchenrezept question")
    second = build_index(snap_dir, out)
    assert (second.mode, second.added, second.updated, second.deleted) == ("incremental", 0, 1, 0)
    with SearchIndex.open(out) as index:
        assert ids(index, q="zwiebelkuchen") == [post_id]
    _edit_post(snap_dir, post_id, status="trash")
    third = build_index(snap_dir, out)
    assert third.deleted >= 1 and third.updated == 0
    with SearchIndex.open(out) as index:
        assert ids(index, q="zwiebelkuchen") == []
    assert first.generation != third.generation and not first.generation.exists()


def test_open_index_follows_new_generation(sample_snapshot: Path, tmp_path: Path):
    snap_dir = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, snap_dir)
    out = tmp_path / "idx"
    build_index(snap_dir, out)
    with SearchIndex.open(out) as index:
        assert ids(index, q="quixotically") == []
        with Snapshot.open(snap_dir) as snap:
            post_id = next(iter(snap.iter_posts()))["id"]
        _edit_post(snap_dir, post_id, title="quixotically titled")
        build_index(snap_dir, out)
        assert ids(index, q="quixotically") == [post_id]
