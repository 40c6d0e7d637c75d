"""The build's partial row reads (``Fields``: SQLite's json_extract of a few keys) give exactly
what a full decode of the row gives, masked the same way, for hostile and odd rows too."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from exporter.build import people
from exporter.build.reply_reader import REPLY_FIELDS
from exporter.build.pages.people import PROFILE_REPLY
from exporter.build.replies import BODY, BODY_KEYS, ReplyRef
from exporter.snapshot import Audience, Fields, Snapshot
from exporter.snapshot.visibility import looks_anonymous

from .helpers import gather_single_and_forked
from .tiny import make_snapshot, post, space

AUDIENCES = list(Audience)

# Reply rows a hostile or legacy API could have sent (written by put_reply, as a crawl does).
ODD_REPLIES: list[dict[str, Any]] = [
    {"id": 101, "post_id": 1, "content": "<p>plain</p>", "author_id": 7, "author_login": "ada",
     "author_name": "Ada", "trust_level": 2, "reputation": 10, "created_at": "2025-01-02 10:00:00"},
    {"id": 102, "post_id": "1", "parent_id": "101", "author_id": "8", "author_login": 123,
     "author_name": ["not", "a", "name"], "trust_level": "3", "reputation": "lots",
     "created_at": 20250102, "is_accepted": "yes", "content_plain": "x\u0001y \\u0041 \"q\""},
    {"id": 103, "post_id": 1, "parent_id": None, "author_id": None, "author_name": None,
     "is_accepted": None, "trust_level": None, "reputation": None, "created_at": None},
    {"id": 104, "post_id": 1, "author_id": 9, "is_private": True, "content": "secret",
     "content_plain": "secret", "author_login": "", "author_name": "", "trust_level": 1.0,
     "reputation": -0.0},
    {"id": 105, "post_id": 1, "author_id": 0, "author_name": "[deleted]"},  # deleted, not anonymous
    {"id": 106, "post_id": 1, "author_id": 0, "author_name": "Someone"},  # looks anonymous
    {"id": 107, "post_id": 1, "author_id": 10, "is_anonymous": False, "author_login": "bob"},
    {"id": 108, "post_id": 1, "author_id": 11, "is_anonymous": "1", "author_login": "eve"},
    {"id": 109, "post_id": 1, "author_id": 12, "author_login": "big",
     "trust_level": 123456789012345678901234567890, "reputation": -9223372036854775809,
     "is_accepted": 18446744073709551616, "vote_score": 1e300},
    {"id": 110, "post_id": 1, "author_id": 13, "author_login": "nan", "trust_level": math.nan,
     "reputation": math.inf, "content_plain": "NaN makes this row JSON5, decoded in full"},
    {"id": 111, "post_id": 1, "author_id": True, "author_login": "bool", "author_name": False,
     "is_private": "0", "is_accepted": False, "trust_level": True, "reputation": False},
    {"id": 112, "post_id": 1, "author_id": 14, "author_login": "ünï 😀 𝄞", "author_name": "名前",
     "trust_level": {"nested": [1, {"x": None}]}, "reputation": [1, 2], "created_at": ""},
    {"id": 113, "post_id": 1, "author_id": 15.5, "parent_id": 12.7, "status": "publish"},
    {"id": 114, "post_id": 1, "author_id": 16, "status": "pending", "author_login": "hidden"},
    {"id": 115, "post_id": 1, "author_id": 17, "is_private": 1, "is_anonymous": 0, "vote_score": "7"},
    {"id": 116, "post_id": 2, "author_id": 7, "author_login": "ada", "created_at": "2025-01-03"},
]
# Raw JSON no put_reply writes but a legacy snapshot might hold (escapes, odd numbers).
RAW_REPLIES = {
    117: '{"id":117,"post_id":1,"author_id":18,"author_login":"\\ud800\\u00e9","author_name":"a\\/b\\n",'
         '"trust_level":1E2,"reputation":1e400,"created_at":"\\u0032\\u0030","content_plain":"\\ud83d\\ude00"}',
    118: '{"id":118,"post_id":1,"author_id":-0,"author_name":"x","trust_level":0.1000000000000000055511151231257827}',
    119: '{"post_id":1,"author_id":19,"author_login":"noid"}',  # no id: both reads fail alike
}


def _kind(value: Any) -> Any:
    """A value with its exact type (NaN equal to itself, -0.0 not equal to 0.0)."""
    if isinstance(value, dict):
        return ("dict", tuple((k, _kind(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_kind(v) for v in value))
    return (type(value).__name__, repr(value))


def _same_fields(fast: dict[str, Any], full: dict[str, Any], fields: Fields) -> None:
    for key in fields.keys:
        assert _kind(fast.get(key)) == _kind(full.get(key)), key
    for key in fields.present:
        assert (key in fast) == (key in full), key


@pytest.fixture()
def odd_snapshot(tmp_path: Path) -> Path:
    folder = make_snapshot(tmp_path / "snap", [space(1, "general")],
                           [post(1, 1, "one", content="<p>\\u0041 body</p>"),
                            post(2, 1, "two", content_plain=None, author_id=0, author_name="x"),
                            {k: v for k, v in post(3, 1, "three").items() if k not in BODY_KEYS},
                            post(4, 1, "four", content=12.0, content_plain=18446744073709551616)],
                           ODD_REPLIES)
    snap = Snapshot.create(folder)
    with snap.transaction():
        for rid, raw in RAW_REPLIES.items():
            snap.db.execute("INSERT INTO replies (id, post_id, status, is_private, is_anonymous, author_id,"
                            " created_at, content_sha, json) VALUES (?, 1, 'publish', 0, 0, 0, '', 'ab', ?)",
                            (rid, raw))
        snap.set_anonymous("replies", [107, 115])  # an admin's crawl learnt these elsewhere
        snap.set_anonymous("posts", [2])
    snap.close()
    return folder


def _without_noid(snap: Snapshot) -> None:
    snap.db.execute("DELETE FROM replies WHERE id=119")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_gather_fields_equal_full_rows(odd_snapshot: Path, audience: Audience) -> None:
    with Snapshot.open(odd_snapshot, readonly=False) as snap:
        with pytest.raises(KeyError):
            [ReplyRef.of(r, s) for r, s in snap.iter_reply_records(audience)]
        with pytest.raises(KeyError):  # the row without an id fails the fast read the same way
            [ReplyRef.of(r, s) for r, s in snap.iter_reply_fields(REPLY_FIELDS, audience)]
        _without_noid(snap)
        full = list(snap.iter_reply_records(audience))
        fast = list(snap.iter_reply_fields(REPLY_FIELDS, audience))
    assert len(fast) == len(full) >= 15
    seen_full: dict[int, dict[str, Any]] = {}
    seen_fast: dict[int, dict[str, Any]] = {}
    for (f_row, f_stamp), (s_row, s_stamp) in zip(fast, full):
        assert f_stamp == s_stamp
        _same_fields(f_row, s_row, REPLY_FIELDS)
        assert ReplyRef.of(f_row, f_stamp) == ReplyRef.of(s_row, s_stamp)
        assert looks_anonymous(f_row) == looks_anonymous(s_row)
        if not looks_anonymous(s_row):
            people.note_author(seen_full, s_row)
            people.note_author(seen_fast, f_row)
    assert _kind(seen_fast) == _kind(seen_full)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_profile_fields_equal_full_rows(odd_snapshot: Path, audience: Audience) -> None:
    ids = list(range(101, 120))
    with Snapshot.open(odd_snapshot) as snap:
        full = snap.listed_replies_by_id(ids, audience)
        fast = snap.listed_reply_fields(ids, PROFILE_REPLY, audience)
    assert list(fast) == list(full) and len(full) == len(ids)
    for rid in ids:
        _same_fields(fast[rid], full[rid], PROFILE_REPLY)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_post_body_fields_equal_full_rows(odd_snapshot: Path, audience: Audience) -> None:
    with Snapshot.open(odd_snapshot) as snap:
        for pid in (1, 2, 3, 4, 99):
            full = snap.visible_post(pid, audience)
            fast = snap.visible_post_fields(pid, BODY, audience)
            assert (full is None) == (fast is None)
            if full is not None:
                _same_fields(fast, full, BODY)
                assert {k: _kind(full[k]) for k in BODY_KEYS if k in full} == \
                       {k: _kind(fast[k]) for k in BODY_KEYS if k in fast}


def test_unreadable_rows_are_decoded_in_full(tmp_path: Path) -> None:
    """Rows SQLite does not read as an RFC 8259 object: Python's decode decides, as before."""
    folder = make_snapshot(tmp_path / "snap", [space(1, "general")], [post(1, 1, "one")])
    fields = Fields(("id", "x"), present=("x",))
    with Snapshot.open(folder, readonly=False) as snap:
        for raw, expected in [('{"id": 1, "x": NaN}', "nan"), ('{"id": 1, "x": -Infinity}', "-inf"),
                              ('{"id": 1, "x": "\\ud800"}', "'\\ud800'"), ('{"id": 1, "x": 1.0}', "1.0"),
                              ('{"id": 1, "x": 123456789012345678901234567890}', "123456789012345678901234567890")]:
            picked, whole = snap.db.execute(f"SELECT {fields.sql} FROM (SELECT ? AS json)", (raw,)).fetchone()
            assert repr(fields.of(picked, whole)["x"]) == expected
            assert repr(json.loads(raw)["x"]) == expected
        for raw in ('[1, 2]', '{"id": 1,}', '{"id": 01}', '{"id": "a\x01b"}'):
            picked, whole = snap.db.execute(f"SELECT {fields.sql} FROM (SELECT ? AS json)", (raw,)).fetchone()
            assert picked is None and whole == raw
            with pytest.raises((ValueError, AttributeError)):
                fields.of(picked, whole)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_forked_reply_reader_equals_reading_in_process(odd_snapshot: Path, audience: Audience) -> None:
    """The gather's forked reply reader sends back exactly what reading here gives."""
    from exporter.build.reply_reader import start_reply_reader

    with Snapshot.open(odd_snapshot) as snap:
        for forked in (False, True):  # the row without an id fails the same way in both
            with pytest.raises(KeyError):
                list(start_reply_reader(snap, audience, forked=forked)())
    snap = Snapshot.create(odd_snapshot)
    with snap.transaction():
        _without_noid(snap)
    snap.close()
    with Snapshot.open(odd_snapshot) as snap:
        here = list(start_reply_reader(snap, audience, forked=False)())
        forked = list(start_reply_reader(snap, audience, forked=True)())
    assert len(here) >= 15 and repr(forked) == repr(here)  # repr: NaN ≠ NaN, -0.0 == 0.0
    assert [ReplyRef(*fields) for fields, _ in here] == [ReplyRef.of(r, s) for r, s in _fast(odd_snapshot, audience)]


def _fast(folder: Path, audience: Audience) -> list[tuple[dict[str, Any], int]]:
    with Snapshot.open(folder) as snap:
        return list(snap.iter_reply_fields(REPLY_FIELDS, audience))


def test_gather_with_forked_reader_equals_single_process(sample_snapshot: Path) -> None:
    """A gather that reads replies in a forked process keeps the same replies and authors."""
    with Snapshot.open(sample_snapshot) as snap:
        single, forked = gather_single_and_forked(snap)
    assert single.replies_by_post and forked.replies_by_post == single.replies_by_post
    assert forked.reply_authors == single.reply_authors
    assert forked.users == single.users
