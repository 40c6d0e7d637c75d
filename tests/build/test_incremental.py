"""Incremental and resumable builds: only changed pages are rewritten; a killed build recovers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.build.manifest import MANIFEST_NAME
from exporter.snapshot import Snapshot

TOPIC = "is-it-safe-to-disable-rate-limiting"


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".jetonomy-build")}


def _edit_post(snapshot: Path, post_id: int, **changes) -> None:
    snap = Snapshot.create(snapshot)
    row = snap.db.execute("SELECT json FROM posts WHERE id=?", (post_id,)).fetchone()
    with snap.transaction():
        snap.put_post({**json.loads(row[0]), **changes})
    snap.close()


@pytest.fixture()
def snapshot_copy(sample_snapshot: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, copy)
    return copy


def test_rebuild_without_changes_writes_nothing(snapshot_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_site(snapshot_copy, out, BuildOptions())
    second = build_site(snapshot_copy, out, BuildOptions())
    assert first.written == first.files and second.written == 0
    assert second.unchanged == first.files


def test_one_changed_post_rewrites_only_its_pages_and_lists(snapshot_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    full = build_site(snapshot_copy, out, BuildOptions())
    _edit_post(snapshot_copy, 66, content="<p>Edited body: totally new words.</p>", content_plain="Edited body: totally new words.")
    again = build_site(snapshot_copy, out, BuildOptions())
    written = set(again.written_paths)
    assert f"community/s/help-desk/t/{TOPIC}/index.html" in written
    allowed = ("community/s/help-desk/", "community/u/chloe_dubois/", "community/tag/", "pagefind/")
    assert all(p.startswith(allowed) for p in written), sorted(written)
    assert 0 < len(written) < full.files / 10
    assert 0 < again.rendered < full.rendered / 20  # only pages showing the post are rendered
    assert "Edited body: totally new words." in (out / f"community/s/help-desk/t/{TOPIC}/index.html").read_text("utf-8")


def test_vanished_post_pages_are_removed_but_foreign_files_kept(snapshot_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(snapshot_copy, out, BuildOptions())
    (out / "community" / "README-mine.txt").write_text("not the tool's")
    snap = Snapshot.create(snapshot_copy)
    with snap.transaction():
        snap.delete("posts", 66)
    snap.close()
    report = build_site(snapshot_copy, out, BuildOptions())
    assert f"community/s/help-desk/t/{TOPIC}/index.html" in report.removed_paths
    assert not (out / f"community/s/help-desk/t/{TOPIC}").exists()
    assert (out / "community" / "README-mine.txt").exists()


class _Killed(Exception):
    pass


def test_a_build_killed_midway_then_rerun_equals_a_fresh_build(snapshot_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(snapshot_copy, out, BuildOptions())
    _edit_post(snapshot_copy, 66, title="A new title for the question")
    seen = []

    def kill_after_some(ctx, page) -> None:
        seen.append(page.url)
        if len(seen) == 150:
            raise _Killed()

    with pytest.raises(_Killed):
        build_site(snapshot_copy, out, BuildOptions(page_hooks=(kill_after_some,)))
    assert (out / ".jetonomy-build.journal").exists()
    build_site(snapshot_copy, out, BuildOptions())
    fresh = tmp_path / "fresh"
    build_site(snapshot_copy, fresh, BuildOptions())
    assert _files(out) == _files(fresh)
    assert not (out / ".jetonomy-build.journal").exists()
    assert json.loads((out / MANIFEST_NAME).read_text())["files"].keys() == _files(fresh).keys()


def test_one_changed_reply_rerenders_its_topic_and_its_authors_replies_tab(snapshot_copy: Path, tmp_path: Path) -> None:
    """Replies are not kept in memory by a build: a reply's fingerprint must still reach the
    keys of every page that shows it (its topic page and its author's replies tab)."""
    out = tmp_path / "out"
    full = build_site(snapshot_copy, out, BuildOptions())
    tabs = sorted(p for p in out.glob("community/u/*/replies/index.html"))
    assert tabs, "the sample mirror has a profile replies tab"
    tab = tabs[0]
    reply_id = int(re.search(r"#reply-(\d+)", tab.read_text("utf-8")).group(1))
    snap = Snapshot.create(snapshot_copy)
    row = json.loads(snap.db.execute("SELECT json FROM replies WHERE id=?", (reply_id,)).fetchone()[0])
    marker = "Freshly edited reply words"
    with snap.transaction():
        snap.put_reply({**row, "content": f"<p>{marker}.</p>", "content_plain": f"{marker}."})
    snap.close()
    again = build_site(snapshot_copy, out, BuildOptions())
    written = set(again.written_paths)
    assert tab.relative_to(out).as_posix() in written
    assert marker in tab.read_text("utf-8")
    topics = [p for p in written if "/t/" in p and p.endswith("index.html") and marker in (out / p).read_text("utf-8")]
    assert topics, "the reply's topic page was re-rendered with the new text"
    assert 0 < again.rendered < full.rendered / 20


def test_temp_files_of_a_killed_build_are_swept_by_the_next(snapshot_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(snapshot_copy, out, BuildOptions())
    page = f"community/s/help-desk/t/{TOPIC}/index.html"
    (out / ".jetonomy-build.journal").write_text(page + "\n", "utf-8")  # as a killed build leaves it
    stray = out / f"community/s/help-desk/t/{TOPIC}/.tmp-999999-7"
    stray.write_bytes(b"<html>half a page")
    mine = out / f"community/s/help-desk/t/{TOPIC}/.tmp-notes"  # not the tool's pattern: kept
    mine.write_text("mine")
    build_site(snapshot_copy, out, BuildOptions())
    assert not stray.exists() and mine.exists()
    assert not (out / ".jetonomy-build.journal").exists()


def test_renamed_topic_with_static_search_equals_a_fresh_build(snapshot_copy: Path, tmp_path: Path) -> None:
    """Pagefind indexes the plan's topic pages, not whatever is in the folder: the renamed
    topic's old page (removed at the end of the build) must not reach the bundle."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build_site(snapshot_copy, out, BuildOptions())
    _edit_post(snapshot_copy, 66, slug="a-renamed-topic")
    again = build_site(snapshot_copy, out, BuildOptions())
    build_site(snapshot_copy, fresh, BuildOptions())
    assert again.search_pages == len([p for p in _files(fresh) if re.search(r"/s/[^/]+/t/[^/]+/index\.html$", p)])
    assert _files(out) == _files(fresh)
