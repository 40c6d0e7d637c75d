"""An incremental rebuild equals a fresh build of the edited snapshot, byte for byte; the SEO
process that starts before the pre-flight writes nothing when the theme then fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.errors import ThemeError
from exporter.snapshot import Snapshot


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".jetonomy-build")}


def _row(snap: Snapshot, table: str, where: str = "") -> dict:
    return json.loads(snap.db.execute(f"SELECT json FROM {table} {where} ORDER BY id LIMIT 1").fetchone()[0])


def _edit_post(snap: Snapshot) -> None:
    post = _row(snap, "posts", "WHERE status='publish' AND is_private=0")
    snap.put_post({**post, "title": "Edited <script>alert(1)</script> ‏עברית", "content": "<p>New body é</p>"})


def _delete_reply(snap: Snapshot) -> None:
    snap.delete("replies", int(_row(snap, "replies")["id"]))


def _rename_space(snap: Snapshot) -> None:
    space = _row(snap, "spaces")
    snap.put_space({**space, "title": "A renamed space"})


@pytest.fixture()
def snapshot_copy(sample_snapshot: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, copy)
    return copy


@pytest.mark.parametrize("workers", [None, 1])
def test_rebuilds_after_edits_equal_fresh_builds(snapshot_copy: Path, tmp_path: Path, workers: int | None) -> None:
    out = tmp_path / "out"
    build_site(snapshot_copy, out, BuildOptions(workers=workers))
    for step, edit in enumerate((_edit_post, _delete_reply, _rename_space)):
        snap = Snapshot.create(snapshot_copy)
        with snap.transaction():
            edit(snap)
        snap.close()
        again = build_site(snapshot_copy, out, BuildOptions(workers=workers))
        fresh = tmp_path / f"fresh{step}"
        build_site(snapshot_copy, fresh, BuildOptions(workers=workers))
        assert again.written > 0
        assert _files(out) == _files(fresh), edit.__name__
        assert len(again.written_paths) == len(set(again.written_paths))


def test_a_theme_failing_in_the_preflight_leaves_seo_files_unwritten(snapshot_copy: Path, tmp_path: Path) -> None:
    """The SEO process is forked before the pre-flight: its changed files are held until the
    theme passed, so a theme that fails while rendering leaves the whole mirror as it was."""
    out = tmp_path / "out"
    build_site(snapshot_copy, out, BuildOptions())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    snap = Snapshot.create(snapshot_copy)
    with snap.transaction():
        _edit_post(snap)  # feeds and oEmbed files change too
    snap.close()
    theme = tmp_path / "mytheme" / "templates"
    theme.mkdir(parents=True)
    (theme / "topic.html").write_text('{% extends "base.html" %}\n{% block content %}\n{{ post.no_such_field }}\n{% endblock %}')
    with pytest.raises(ThemeError):
        build_site(snapshot_copy, out, BuildOptions(theme=theme.parent))
    journal = out / ".jetonomy-build.journal"
    assert not journal.exists() or journal.read_text() == ""
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p != journal}
    assert after == before
