"""Shortcuts of the plan and the page keys must keep what the general code had: keys that
tell every change apart, replies tabs and people as the per-reply lookups made them, and an
older manifest (keys of another scheme) leading to a full re-render."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from markupsafe import Markup

from exporter.build import BuildOptions, build_site
from exporter.build.gather import gather
from exporter.build.manifest import MANIFEST_NAME
from exporter.build.pages.people import _replies_tabs
from exporter.build.people import _LOGIN_IN_URL, note, note_author
from exporter.build.stamps import _serial, page_key
from exporter.build.views import Link
from exporter.seo.hook import with_seo
from exporter.snapshot import Audience, Snapshot
from exporter.snapshot import visibility as vis

#: Values a key must tell apart (equal ones under ``==`` too: True == 1 == 1.0).
DISTINCT = [None, True, False, 1, 0, 1.0, 0.0, -0.0, 2 ** 64, -(2 ** 64), "1", "", "a", b"a", "ü", "\u202eevil",
            "\ud800", "<script>", (), [], {}, ("a",), ["a"], {"a": 1}, {"a": 1.0}, {"a": True}, {1: "a"},
            {"a": 1, "b": 2}, {"b": 2, "a": 1}, ("a", "b"), ("ab",), ("a", ("b",)), (("a",), "b"),
            frozenset(), Link("a", "b"), Link("a", "b", True), (Link("a", "b"),), ("Link('a', 'b', active=False)",),
            Markup("<b>"), "<b>", (Markup("<b>"),), ("<b>",)]


def test_serial_tells_values_apart() -> None:
    assert len({_serial(v) for v in DISTINCT}) == len(DISTINCT)
    keys = [page_key("s", "k", "/u/", v) for v in DISTINCT]
    assert len(set(keys)) == len(keys)


def test_serial_depends_on_values_only() -> None:
    """Shared or not, interned or not, built in the same order: the same bytes."""
    word = "".join(["tit", "le"])
    shared = {"a": word, "b": word, "c": [word, word]}
    fresh = {"a": "title", "b": "title", "c": ["title", "ti" + "tle"]}
    assert _serial(shared) == _serial(fresh)
    big = 2 ** 70
    assert _serial((big, big)) == _serial((2 ** 70, 2 ** 70 + 0))
    assert _serial(Link("a", "b")) == _serial(Link("a", "b"))  # by repr
    assert page_key("s", "k", "/u/", (1, ("x", 2))) == page_key("s", "k", "/u/", (1, ("x", 2)))


def _reference_tabs(ix) -> dict[int, list]:
    """The replies tabs as the per-reply lookups made them (the former code)."""
    out = {}
    for uid in ix.users:
        replies = sorted(ix.replies_by_user.get(uid, ()), key=lambda r: (r.created_at, r.id), reverse=True)
        items = [r for r in replies if r.id in ix.reply_loc]
        out[uid] = [(r, (r.id, ix.reply_loc[r.id].page, ix.rows[r.post_id].title, ix.rows[r.post_id].url, r.stamp))
                    for r in items]
    return out


@pytest.mark.parametrize("audience", list(Audience))
def test_replies_tabs_equal_per_reply_lookups(sample_snapshot: Path, audience: Audience) -> None:
    options = with_seo(BuildOptions(audience=audience, workers=1).validate())
    with Snapshot.open(sample_snapshot) as snap:
        ix = gather(snap, options)
    tabs = _replies_tabs(ix)
    reference = _reference_tabs(ix)
    assert any(reference.values())
    assert {uid: tabs.get(uid, []) for uid in ix.users} == reference


def _reference_people_ids(snap: Snapshot, audience: Audience) -> set[int]:
    """:meth:`Snapshot.people_ids` as it was: every reply row tested."""
    posts = snap.visible_post_ids(audience)
    ids = {a for (i, a) in snap.db.execute(
        "SELECT id, author_id FROM posts WHERE author_id>0 AND is_anonymous=0") if i in posts}
    for post_id, status, author in snap.db.execute(
            "SELECT post_id, status, author_id FROM replies WHERE author_id>0 AND is_anonymous=0"):
        if vis.reply_visible(status, post_id in posts, audience):
            ids.add(author)
    ids |= {r[0] for r in snap.db.execute("SELECT user_id FROM leaderboard WHERE user_id>0")}
    spaces = snap._space_visibility()
    for table in ("members", "privileged_members"):
        ids |= {u for (sid, u) in snap.db.execute(f"SELECT space_id, user_id FROM {table}")
                if vis.space_visible(spaces.get(sid, "hidden"), audience)}
    return ids


@pytest.mark.parametrize("audience", list(Audience))
def test_people_ids_equal_reference(sample_snapshot: Path, audience: Audience) -> None:
    with Snapshot.open(sample_snapshot) as snap:
        reference = _reference_people_ids(snap, audience)
        assert snap.people_ids(audience) == reference
        assert snap.people_ids(audience, snap.visible_post_ids(audience)) == reference
        assert snap.post_tags(audience, snap.visible_post_ids(audience)) == snap.post_tags(audience)


def _reference_seen(ix, snap: Snapshot) -> dict:
    """The people seen as the former gather noted them: leaderboards and members read again."""
    seen: dict = {}
    for post in ix.posts.values():
        if not post["_anonymous"]:
            note_author(seen, post)
    for uid, rec in ix.reply_authors.items():
        note(seen, uid, rec.get("login"), rec.get("name"), trust_level=rec["trust_level"],
             reputation=rec["reputation"])
    for period in ("all", "month", "week"):
        for row in snap.leaderboard(period):
            note(seen, row.get("user_id"), row.get("user_login"), row.get("display_name"),
                 trust_level=row.get("trust_level"), reputation=row.get("reputation"))
    for space in ix.spaces:
        for row in snap.members(int(space["id"])):
            m = _LOGIN_IN_URL.search(str(row.get("profile_url") or ""))
            note(seen, row.get("user_id"), urllib.parse.unquote(m.group(1)) if m else None, row.get("display_name"))
    return seen


@pytest.mark.parametrize("audience", list(Audience))
def test_people_from_one_read_equal_reference(sample_snapshot: Path, audience: Audience) -> None:
    """Members read once and the gather's leaderboards: the same people, noted in the same order."""
    from exporter.build import people

    options = with_seo(BuildOptions(audience=audience, workers=1).validate())
    with Snapshot.open(sample_snapshot) as snap:
        ix = gather(snap, options)
        members = [people.member_facts(snap.members(int(s["id"]))) for s in ix.spaces]
        assert any(members)
        seen = people._seen_people(ix, members)
        reference = _reference_seen(ix, snap)
    assert list(seen.items()) == list(reference.items())
    assert all(u in seen for u in ix.users)


def test_keys_of_another_scheme_rerender_everything(sample_snapshot: Path, tmp_path: Path) -> None:
    """A manifest whose keys the build does not make (an older key scheme) re-renders every
    page, and the mirror equals a fresh build."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    first = build_site(sample_snapshot, out, BuildOptions(workers=1))
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    manifest["keys"] = {k: "0" * 32 for k in manifest["keys"]}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    again = build_site(sample_snapshot, out, BuildOptions(workers=1))
    assert again.rendered == first.rendered == first.pages
    build_site(sample_snapshot, fresh, BuildOptions(workers=1))
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")  # noqa: E731
                          if p.is_file() and not p.name.startswith(".jetonomy-build")}
    assert files(out) == files(fresh)
    shutil.rmtree(fresh)
