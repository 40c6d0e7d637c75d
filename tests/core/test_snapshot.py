"""The snapshot contract: versioning, bad files, audience-aware reads, atomic media."""

from __future__ import annotations

import sqlite3

import pytest

from exporter.errors import SnapshotError, SnapshotVersionError
from exporter.snapshot import DB_NAME, Audience, Snapshot, stable_hash
from exporter.snapshot.schema import FORMAT_VERSION


def _post(pid, space_id=1, **extra):
    row = {"id": pid, "space_id": space_id, "slug": f"p{pid}", "status": "publish",
           "is_private": False, "author_id": 7, "author_name": "Real Person",
           "author_login": "real", "created_at": f"2024-01-0{pid % 9 + 1} 00:00:00"}
    row.update(extra)
    return row


@pytest.fixture()
def snap(tmp_path):
    s = Snapshot.create(tmp_path / "c.snapshot")
    with s.transaction():
        s.put_space({"id": 1, "slug": "pub", "title": "Pub", "visibility": "public"})
        s.put_space({"id": 2, "slug": "priv", "title": "Priv", "visibility": "private"})
        s.put_space({"id": 3, "slug": "hid", "title": "Hid", "visibility": "hidden"})
        s.put_post(_post(1))
        s.put_post(_post(2, status="draft"))
        s.put_post(_post(3, is_private=True))
        s.put_post(_post(4, space_id=2))
        s.put_post(_post(5, space_id=3))
        s.put_post(_post(6, is_anonymous=1))
        s.put_reply({"id": 10, "post_id": 1, "status": "publish", "is_private": True,
                     "content": "secret words", "content_plain": "secret words", "author_id": 7})
        s.put_reply({"id": 11, "post_id": 1, "status": "trash", "content": "gone", "author_id": 7})
        s.put_reply({"id": 12, "post_id": 4, "status": "publish", "content": "members", "author_id": 7})
    yield s
    s.close()


def test_public_audience_sees_only_what_a_guest_sees(snap):
    assert [p["id"] for p in snap.iter_posts(Audience.PUBLIC)] == [1, 6]
    assert [s["slug"] for s in snap.iter_spaces(Audience.PUBLIC)] == ["pub"]
    replies = list(snap.iter_replies(Audience.PUBLIC))
    assert [r["id"] for r in replies] == [10]
    assert replies[0]["content"] == "" and replies[0]["is_private_hidden"] is True


def test_anonymous_rows_are_masked_for_guests(snap):
    anon = [p for p in snap.iter_posts(Audience.PUBLIC) if p["id"] == 6][0]
    assert anon["author_id"] == 0 and anon["author_name"] == "Anonymous"
    assert "Real Person" not in str(anon) and anon["author_login"] == ""


def test_staff_audience_sees_everything(snap):
    assert sorted(p["id"] for p in snap.iter_posts(Audience.STAFF)) == [1, 2, 3, 4, 5, 6]
    texts = {r["id"]: r["content"] for r in snap.iter_replies(Audience.STAFF)}
    assert texts[10] == "secret words" and 11 in texts


def test_members_audience_adds_private_spaces_but_not_private_replies(snap):
    assert sorted(p["id"] for p in snap.iter_posts(Audience.MEMBERS)) == [1, 4, 6]
    assert {r["id"]: r["content"] for r in snap.iter_replies(Audience.MEMBERS)} == {10: "", 12: "members"}


def test_upsert_reports_new_changed_and_same(snap):
    with snap.transaction():
        assert snap.put_post(_post(1, view_count=99)) == "same"  # volatile field only
        assert snap.put_post(_post(1, title="Edited")) == "changed"
        assert snap.put_post(_post(77)) == "new"


def test_stable_hash_ignores_volatile_fields():
    assert stable_hash({"id": 1, "time_ago": "now"}) == stable_hash({"id": 1, "time_ago": "later"})
    assert stable_hash({"id": 1, "title": "a"}) != stable_hash({"id": 1, "title": "b"})


def test_missing_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="no snapshot"):
        Snapshot.open(tmp_path / "nothing")


def test_corrupt_snapshot_is_a_clear_error(tmp_path):
    folder = tmp_path / "bad.snapshot"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(SnapshotError) as err:
        Snapshot.open(folder)
    assert err.value.fix


def test_newer_format_is_refused_with_upgrade_advice(tmp_path):
    folder = tmp_path / "new.snapshot"
    Snapshot.create(folder).close()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("UPDATE meta SET value=? WHERE key='format_version'", (str(FORMAT_VERSION + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(SnapshotVersionError) as err:
        Snapshot.open(folder)
    assert "upgrade" in err.value.fix


def test_foreign_sqlite_file_is_not_taken_over(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(SnapshotError, match="not a snapshot"):
        Snapshot.create(folder)


def test_failed_transaction_leaves_nothing(snap):
    with pytest.raises(RuntimeError):
        with snap.transaction():
            snap.put_post(_post(50))
            raise RuntimeError("killed")
    assert snap.db.execute("SELECT count(*) FROM posts WHERE id=50").fetchone()[0] == 0


def test_media_is_content_addressed_and_reused(snap):
    with snap.transaction():
        rel = snap.store_media("http://x/a.png?ver=2", b"\x89PNG fake", "image/png")
        rel2 = snap.store_media("http://x/b.png", b"\x89PNG fake", "image/png")
    assert rel == rel2 and rel.endswith(".png")
    assert (snap.media_dir / rel).read_bytes() == b"\x89PNG fake"
    assert snap.media_for("http://x/a.png?ver=2") == rel
    assert not list(snap.media_dir.rglob(".tmp-*"))


def test_media_extension_never_comes_from_hostile_urls(snap):
    with snap.transaction():
        rel = snap.store_media("http://x/evil.php", b"<?php", "text/html")
    assert rel.endswith(".bin")
