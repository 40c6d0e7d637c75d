"""SEO files on a rebuild: the cheap key paths and what they must never keep.

* ``SeoSite.key_maker`` gives ``file_key``'s digest (one digest of the site stamp copied per
  file), for hostile parts too;
* ``oembed.topic_files`` names the files ``file_for`` names, for hostile topic paths;
* an SEO file whose inputs changed is re-made: after editing a post's title, body, author
  or date, a space's title or a tag's name, the rebuilt mirror equals a fresh build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.seo.files import file_for
from exporter.seo.oembed import oembed_path, topic_files
from exporter.seo.site import SeoSite
from exporter.snapshot import Snapshot
from exporter.urls import SiteUrls

HOSTILE = "</script> \"q\" 'x' & \\ \u2028 é \x01 \u05e9\u05dc\u05d5\u05dd \ud800"


def _site(stamp: str) -> SeoSite:
    return SeoSite(urls=SiteUrls(home="https://m.example", base_slug="community"), site_name="S", language="en",
                   crawl_time=None, spaces=[], posts=[], tags=[], tag_posts={}, profiles=[], stamp=stamp)  # type: ignore[arg-type]


def _old_key(stamp: str, *parts: object) -> str:
    digest = hashlib.blake2b(stamp.encode(), digest_size=16)
    for part in parts:
        digest.update(b"\x00" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@pytest.mark.parametrize("parts", [
    (), ("oembed",), ("oembed", "/c/s/x/t/y/", "ab12"), (HOSTILE, 10**40, None, [1, "a"], ("t",)),
    ("feed", "", 0, -1, 1.5, {"k": HOSTILE}),
])
def test_key_maker_gives_file_key(parts: tuple[object, ...]) -> None:
    site = _site("stamp|https://m.example|" + HOSTILE.replace("\ud800", ""))
    expected = _old_key(site.stamp, *parts)
    assert site.file_key(*parts) == expected
    for cut in range(len(parts) + 1):
        make = site.key_maker(*parts[:cut])
        assert make is not None and make(*parts[cut:]) == expected
        assert make(*parts[cut:]) == expected  # the kept head digest is copied, never changed
    assert _site("").key_maker("oembed") is None and _site("").file_key("x") is None
    assert _site("other").file_key(*parts) != expected


@pytest.mark.parametrize("path", [
    "/community/s/help/t/topic/", "/community/s/h%C3%A9/t/%E6%97%A5%E6%9C%AC/", "/community/s/a/t/q?x/",
    "/community/s/a/t/h#x/", "/community/s/a/t/no-slash", "/", "//", "/%2F/", "/community/s/é/t/\u05e9/",
    "/community/s/a/t/%ZZ/", "/community/s/a/t/%E6/", "/c/s/a/t/%25e6%2597/",
])
def test_topic_files_equal_file_for(path: str) -> None:
    assert topic_files(path) == (file_for(oembed_path(path, "rich")), file_for(oembed_path(path, "link")))


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".jetonomy-build")}


def _edit(snapshot: Path, table: str, row_id: int, **changes: object) -> None:
    snap = Snapshot.create(snapshot)
    raw = snap.db.execute(f"SELECT json FROM {table} WHERE id=?", (row_id,)).fetchone()[0]
    put = {"posts": snap.put_post, "spaces": snap.put_space, "tags": snap.put_tag}[table]
    with snap.transaction():
        put({**json.loads(raw), **changes})
    snap.close()


def _first_id(snapshot: Path, table: str) -> int:
    with Snapshot.open(snapshot) as snap:
        if table == "tags":  # the most used tag: it has a feed
            sql = "SELECT tag_id FROM post_tags GROUP BY tag_id ORDER BY count(*) DESC, tag_id LIMIT 1"
        else:
            where = " WHERE status='publish' AND is_private=0" if table == "posts" else ""
            sql = f"SELECT id FROM {table}{where} ORDER BY id LIMIT 1"
        return int(snap.db.execute(sql).fetchone()[0])


@pytest.mark.parametrize("table, changes", [
    ("posts", {"title": HOSTILE.replace("\ud800", "")}),
    ("posts", {"content": "<p>New <img src=\"https://i.example/n.png\"> words</p>", "content_plain": "New words"}),
    ("posts", {"author_name": "Someone Else"}),
    ("posts", {"created_at": "2020-01-02 03:04:05", "last_reply_at": "2031-01-01 00:00:00"}),
    ("spaces", {"title": "Renamed space \u00e9"}),
    ("tags", {"name": "renamed-tag"}),
])
def test_changed_inputs_remake_seo_files(sample_snapshot: Path, tmp_path: Path, table: str, changes: dict) -> None:
    copy = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, copy)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    options = BuildOptions(static_search=False)
    build_site(copy, out, options)
    before = _files(out)
    _edit(copy, table, _first_id(copy, table), **changes)
    build_site(copy, out, options)
    build_site(copy, fresh, options)
    rebuilt, expected = _files(out), _files(fresh)
    assert rebuilt == expected
    changed = {p for p in expected if before.get(p) != expected[p]}
    assert any(p.endswith(("oembed.json", "oembed-link.json", ".xml")) for p in changed), sorted(changed)[:20]
