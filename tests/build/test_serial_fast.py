"""The serial parts of a build take shortcuts that must give exactly what the general code
gives: the fused reply reader, the plain-slug check, the post slimmer, the row parts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from exporter.build import reply_reader
from exporter.build.gather import UNSHOWN_POST_KEYS, _Slimmer
from exporter.build.paths import linkable
from exporter.snapshot import Audience, Snapshot
from exporter.urls import segment_is_linkable

from .test_rows_fast import _without_noid, odd_snapshot  # noqa: F401 - the fixture
from .helpers import gather_single_and_forked
from .tiny import make_snapshot, post, space

HOSTILE_SLUGS = ["", ".", "..", "...", "a", "a" * 255, "a" * 256, "%E6", "%e6%88%91", "a b", "a/b", "a?b",
                 "ü", "a%2", "%zz", "~x", "'", "a\x00", "a\x7f", "%2e", "%2E%2E", "A-Z_0.9", "a\nb", "a\\b",
                 "CON", "-", "@:", "x#y", "\u202eevil", "名前", "%00", "%2F", "a" * 254 + "ü"]


@pytest.mark.parametrize("audience", list(Audience))
def test_fused_reply_reader_equals_general(odd_snapshot: Path, audience: Audience) -> None:  # noqa: F811
    """Anonymous, private, tombstoned, odd-typed, huge and JSON5 rows: same records, same
    order; the row without an id fails the same way."""
    assert reply_reader._FUSED and reply_reader._mask_keeps_fields()
    with Snapshot.open(odd_snapshot, readonly=False) as snap:
        for read in (reply_reader._general_records, reply_reader.reply_records):
            with pytest.raises(KeyError):
                list(read(snap, audience))
        _without_noid(snap)
        general = list(reply_reader._general_records(snap, audience))
        fused = list(reply_reader.reply_records(snap, audience))
    assert len(general) >= 15
    assert repr(fused) == repr(general)  # repr: NaN ≠ NaN, -0.0 == 0.0, True == 1
    assert [tuple(map(type, f)) for f, _ in fused] == [tuple(map(type, f)) for f, _ in general]


def test_fused_reader_follows_a_changed_mask(odd_snapshot: Path, monkeypatch) -> None:  # noqa: F811
    """A guest mask that touched a read field would send every row the general way."""
    def mask(row, is_anonymous):
        return {**row, "author_name": "masked"}

    monkeypatch.setattr(reply_reader, "guest_reply", mask)
    assert not reply_reader._mask_keeps_fields()


def test_plain_slug_check_equals_general() -> None:
    rng = random.Random(7)
    chars = "ab.%2eE6/?# ~ü\x00\x7f:@!-"
    cases = HOSTILE_SLUGS + ["".join(rng.choice(chars) for _ in range(rng.randint(0, 6))) for _ in range(20000)]
    assert [linkable(c) for c in cases] == [segment_is_linkable(c) for c in cases]


def test_slimmer_equals_dict_filter() -> None:
    """Same keys in the same order, same values, one shared key object; odd layouts too."""
    rows = [{"id": 1, "title": "t", "time_ago": "x", "space_slug": "s", "ü": None},
            {"time_ago": "only unshown"}, {"id": 2}, {"title": "t", "id": 3}, {},
            {"id": 4, "title": "t2", "time_ago": "y", "space_slug": "s2", "ü": [1]}]
    slim = _Slimmer()
    for row in rows * 2:
        out = slim(dict(row))
        assert list(out.items()) == [(k, v) for k, v in row.items() if k not in UNSHOWN_POST_KEYS]
    a, b = slim(dict(rows[0])), slim(dict(rows[5]))
    assert all(x is y for x, y in zip(a, b))


def test_gather_in_one_process_equals_forked(sample_snapshot: Path) -> None:
    """Rows, people and threads do not depend on where the replies were read."""
    with Snapshot.open(sample_snapshot) as snap:
        single, forked = gather_single_and_forked(snap)
    assert single.rows and forked.rows == single.rows
    assert forked.placed == single.placed and forked.site == single.site
    assert forked.media_used == single.media_used and forked.pages == single.pages


@pytest.mark.parametrize("audience", list(Audience))
def test_forked_reader_notes_the_authors(odd_snapshot: Path, audience: Audience) -> None:  # noqa: F811
    """The forked reader really answers (it is not the in-process fallback) and notes each
    record's author in order, as the gather would."""
    from exporter.build import people

    with Snapshot.open(odd_snapshot, readonly=False) as snap:
        _without_noid(snap)
        snap.db.commit()  # the forked reader reads through a connection of its own
        read = reply_reader.start_reply_reader(snap, audience, forked=True)()
        here = list(reply_reader.start_reply_reader(snap, audience, forked=False)())
    assert isinstance(read, reply_reader.ForkedRead)
    assert repr(list(read)) == repr(here)
    noted: dict = {}
    for _fields, author in here:
        if author is not None:
            people.note_facts(noted, author)
    assert repr(read.authors) == repr(noted) and read.authors


def test_gather_notes_only_kept_replies_authors(tmp_path: Path) -> None:
    """Replies of a post the gather does not keep (its row names a space the snapshot's
    columns do not): their authors are not noted, forked or not."""
    replies = [{"id": 10 + i, "post_id": 1 + i % 2, "author_id": 7 + i % 3, "author_login": f"u{i % 3}",
                "author_name": f"User {i}", "trust_level": i, "reputation": i * 10,
                "created_at": f"2025-01-0{1 + i % 9} 10:00:00"} for i in range(12)]
    folder = make_snapshot(tmp_path / "snap", [space(1, "general")],
                           [post(1, 1, "one"), post(2, 1, "two")], replies)
    with Snapshot.open(folder, readonly=False) as snap:
        snap.db.execute("UPDATE posts SET json = json_set(json, '$.space_id', 99) WHERE id = 2")
        snap.db.commit()
    with Snapshot.open(folder) as snap:
        single, forked = gather_single_and_forked(snap)
    assert 2 not in single.posts and 1 in single.replies_by_post
    assert single.reply_authors and forked.reply_authors == single.reply_authors
    assert list(forked.reply_authors) == list(single.reply_authors)
    assert forked.replies_by_post == single.replies_by_post


@pytest.mark.parametrize(("count", "workers"), [(1, 1), (96, 2), (898, 2), (7845, 2), (7845, 8), (300, 1)])
def test_render_tasks_cover_the_plan_in_order(count: int, workers: int) -> None:
    """Render tasks: every page once, in plan order, big tasks first and small ones last."""
    from exporter.build.parallel import _CHUNK_MAX, _chunks

    todo = list(range(0, 3 * count, 3))
    chunks = _chunks(todo, workers)
    assert [i for chunk in chunks for i in chunk] == todo
    sizes = [len(c) for c in chunks]
    assert max(sizes) <= _CHUNK_MAX and sizes == sorted(sizes, reverse=True)[:-1] + sizes[-1:]
