"""Replies are read from the snapshot when their topic is rendered, not held by the gather."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from exporter.build import BuildOptions
from exporter.build.gather import gather
from exporter.build.replies import ReplyRef
from exporter.snapshot import Audience, Snapshot
from exporter.snapshot.visibility import looks_anonymous


def _expected(snap: Snapshot, audience: Audience) -> dict[int, dict[int, dict]]:
    out: dict[int, dict[int, dict]] = {}
    for reply in snap.iter_replies(audience):
        out.setdefault(int(reply["post_id"]), {})[int(reply["id"])] = {**reply, "_anonymous": looks_anonymous(reply)}
    return out


def _child_rows(ix, post_ids, queue) -> None:  # runs in a forked process
    queue.put({pid: ix.replies_of(pid) for pid in post_ids})


def test_reply_rows_read_on_demand_equal_the_listed_rows(sample_snapshot: Path) -> None:
    for audience in (Audience.PUBLIC, Audience.STAFF):
        with Snapshot.open(sample_snapshot) as snap:
            expected = _expected(snap, audience)
            ix = gather(snap, BuildOptions(audience=audience))
            kept = [r for refs in ix.replies_by_post.values() for r in refs]
            assert kept and all(isinstance(r, ReplyRef) for r in kept)  # no reply bodies in memory
            visible = {pid: rows for pid, rows in expected.items() if pid in ix.posts}
            assert {r.id for r in kept} == {rid for rows in visible.values() for rid in rows}
            assert {pid: ix.replies_of(pid) for pid in visible} == visible
            some = sorted(visible)[:5]
            queue = multiprocessing.get_context("fork").Queue()
            child = multiprocessing.get_context("fork").Process(target=_child_rows, args=(ix, some, queue))
            child.start()
            got = queue.get(timeout=60)
            child.join(60)
            assert got == {pid: visible[pid] for pid in some}  # the child read through its own connection
            tombstones = [r for rows in visible.values() for r in rows.values() if r.get("is_private_hidden")]
            if audience is Audience.PUBLIC:
                assert all(not r["content"] for r in tombstones)
