"""The invariant: a PUBLIC mirror (and search index) built from an admin's snapshot is the
same, byte for byte and answer for answer, as one built from a guest's snapshot.

Any difference is a leak (the admin snapshot shows more) or a loss (it shows less).
A staff build of the admin snapshot, on the other hand, is the internal archive: it holds
every canary of the example community.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from exporter.snapshot.visibility import Audience
from search_index import build_index, open_index, search
from tests.audience.conftest import build
from tests.audience.mirror_compare import files, mirror_differences


def _db(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{folder / 'snapshot.sqlite'}?mode=ro", uri=True)


def _canaries_in(blob: bytes | str, canaries: list[str]) -> set[str]:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    return {c for c in canaries if c in text}


def test_admin_snapshot_is_the_complete_archive(admin_crawl, guest_crawl, canaries) -> None:
    """The admin's snapshot holds every space, every post status, private reply text; the
    guest's holds none of it; both record who they were taken as."""
    with _db(admin_crawl.folder) as adb, _db(guest_crawl.folder) as gdb:
        meta = dict(adb.execute("SELECT key, value FROM meta"))
        assert meta["audience"] == "account:admin" and meta["audience_role"] == "admin"
        assert dict(gdb.execute("SELECT key, value FROM meta"))["audience"] == "guest"
        assert {r[0] for r in adb.execute("SELECT visibility FROM spaces")} == {"public", "private", "hidden"}
        statuses = {r[0] for r in adb.execute("SELECT status FROM posts")}
        assert {"publish", "draft", "pending", "spam", "trash"} <= statuses
        assert adb.execute("SELECT count(*) FROM posts WHERE is_private=1").fetchone()[0] > 0
        private_text = adb.execute("SELECT count(*) FROM replies WHERE is_private=1 AND "
                                   "json_extract(json, '$.content') <> ''").fetchone()[0]
        assert private_text > 0
        admin_blob = "\n".join(r[0] for t in ("posts", "replies", "spaces", "categories")
                               for r in adb.execute(f"SELECT json FROM {t}"))
        guest_blob = "\n".join(r[0] for t in ("posts", "replies", "spaces", "categories")
                               for r in gdb.execute(f"SELECT json FROM {t}"))
    found = _canaries_in(admin_blob, canaries)
    assert len(found) >= len(canaries) * 0.8, f"admin snapshot misses {sorted(set(canaries) - found)[:5]}"
    assert not _canaries_in(guest_blob, canaries)


def test_anonymity_is_recorded_for_admin_rows(admin_crawl, guest_crawl) -> None:
    """An admin sees the real author of anonymous posts; the snapshot still marks them."""
    with _db(admin_crawl.folder) as adb, _db(guest_crawl.folder) as gdb:
        guest_anon = {r[0] for r in gdb.execute("SELECT id FROM posts WHERE is_anonymous=1")}
        admin_anon = {r[0]: r[1] for r in adb.execute("SELECT id, author_id FROM posts WHERE is_anonymous=1")}
        guest_anon_replies = {r[0] for r in gdb.execute("SELECT id FROM replies WHERE is_anonymous=1")}
        admin_anon_replies = {r[0] for r in adb.execute("SELECT id FROM replies WHERE is_anonymous=1")}
    assert guest_anon and guest_anon <= set(admin_anon)
    assert all(author > 0 for author in admin_anon.values()), "the admin payload shows real authors"
    assert guest_anon_replies and guest_anon_replies <= admin_anon_replies


def test_public_mirror_of_admin_snapshot_equals_guest_mirror(guest_public_site, admin_public_site) -> None:
    problems = mirror_differences(guest_public_site, admin_public_site)
    assert not problems, "\n".join(problems[:40])
    assert len(files(guest_public_site)) > 500


def test_public_mirror_has_no_canary(admin_public_site, canaries) -> None:
    leaked = {rel: sorted(_canaries_in(data, canaries)) for rel, data in files(admin_public_site).items()
              if _canaries_in(data, canaries)}
    assert not leaked, leaked


def test_staff_build_of_admin_snapshot_holds_the_canaries(admin_crawl, canaries, tmp_path) -> None:
    site = build(admin_crawl.folder, tmp_path / "staff", Audience.STAFF)
    found: set[str] = set()
    for data in files(site).values():
        found |= _canaries_in(data, canaries)
    # replies of unpublished posts, and pending/spam/trash replies, are not reachable over the
    # API even for an admin: the posts' and spaces' canaries must all be there
    with _db(admin_crawl.folder) as adb:
        stored = _canaries_in("\n".join(r[0] for t in ("posts", "replies", "spaces", "categories")
                                        for r in adb.execute(f"SELECT json FROM {t}")), canaries)
    assert stored and stored <= found, sorted(stored - found)[:10]
    pages = [data for rel, data in files(site).items() if rel.endswith(".html")]
    assert pages and all(b"noindex" in data for data in pages), "an internal archive is noindex"


def _queries(canaries: list[str], snapshot: Path) -> list[dict[str, str]]:
    """A fixed query set: every canary (each result type), common words, filters, listings."""
    out = [{"q": c, "type": t} for c in canaries for t in ("all", "reply")]
    for word in ("cache", "plugin", "update", "anonymous", "staff", "private", "draft"):
        for t in ("post", "reply", "space", "tag", "all"):
            out.append({"q": word, "type": t})
    with _db(snapshot) as db:
        spaces = [r[0] for r in db.execute("SELECT id FROM spaces ORDER BY id")]
        authors = [r[0] for r in db.execute("SELECT DISTINCT author_id FROM posts WHERE author_id>0 ORDER BY 1")]
    out += [{"type": "post", "space_id": str(s), "limit": "50"} for s in spaces]
    out += [{"type": "reply", "space_id": str(s), "limit": "50"} for s in spaces]
    out += [{"q": "the", "author_id": str(a), "type": "reply"} for a in authors]
    out += [{"type": "post", "author_id": str(a), "limit": "50"} for a in authors]
    return out


@pytest.fixture(scope="module")
def indexes(guest_crawl, admin_crawl, tmp_path_factory):
    root = tmp_path_factory.mktemp("indexes")
    build_index(guest_crawl.folder, root / "guest", audience=Audience.PUBLIC)
    build_index(admin_crawl.folder, root / "admin", audience=Audience.PUBLIC)
    return open_index(str(root / "guest")), open_index(str(root / "admin"))


def test_search_answers_are_equal(indexes, admin_crawl, canaries) -> None:
    guest_ix, admin_ix = indexes
    queries = _queries(canaries, admin_crawl.folder)
    differing = []
    for params in queries:
        a, b = search(guest_ix, params), search(admin_ix, params)
        if json.dumps(a, sort_keys=True, default=str) != json.dumps(b, sort_keys=True, default=str):
            differing.append(params)
        assert not _canaries_in(json.dumps(b, default=str, ensure_ascii=False), canaries), params
    assert not differing, differing[:10]
    assert len(queries) > 100
    answered = [p for p in queries if json.dumps(search(admin_ix, p)[2], default=str).count('"id"') > 0]
    assert len(answered) >= 50, "besides the canaries, the query set must find things"
