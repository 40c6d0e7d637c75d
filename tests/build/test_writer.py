"""The Writer: containment on resolved paths, collisions, symlinks, atomic and skip-unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporter.build.manifest import Manifest, load_manifest, save_manifest
from exporter.build.writer import Writer
from exporter.errors import UnsafePathError


def _writer(out: Path, previous: Manifest | None = None) -> Writer:
    out.mkdir(parents=True, exist_ok=True)
    return Writer(out, previous or Manifest())


@pytest.mark.parametrize("rel", ["../evil.html", "/etc/passwd", "a/../../evil", "a\x00b", "", "a//b",
                                 "a\\..\\b", "./x", "x" * 300 + "/index.html"])
def test_unsafe_paths_are_refused(tmp_path: Path, rel: str) -> None:
    writer = _writer(tmp_path / "out")
    with pytest.raises(UnsafePathError):
        writer.write(rel, b"x")
    writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_claim_on_one_file_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    writer = _writer(tmp_path / "out")
    writer.write("community/s/a/index.html", b"first", "space 1")
    with pytest.raises(UnsafePathError, match="space 1"):
        writer.write("community/s/a/index.html", b"second", "space 2")
    writer.close()
    assert (tmp_path / "out/community/s/a/index.html").read_bytes() == b"first"


def test_symlinked_folder_inside_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "community").symlink_to(outside, target_is_directory=True)
    writer = _writer(out)
    with pytest.raises(UnsafePathError, match="symlink"):
        writer.write("community/s/x/index.html", b"x")
    writer.close()
    assert list(outside.iterdir()) == []


def test_symlinked_file_inside_out_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").symlink_to(victim)
    writer = _writer(out)
    with pytest.raises(UnsafePathError):
        writer.write("index.html", b"x")
    writer.close()
    assert victim.read_text() == "keep"


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    writer = _writer(tmp_path / "out")
    writer.write("a/b/index.html", b"hello")
    writer.close()
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert files == [".jetonomy-build.journal", "a/b/index.html"]


def test_unchanged_files_are_skipped_and_stale_ones_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    w1 = _writer(out)
    w1.write("keep.html", b"same")
    w1.write("gone.html", b"old")
    w1.close()
    save_manifest(out, w1.entries)
    (out / "not-mine.html").write_text("user file")
    w2 = Writer(out, load_manifest(out))
    assert w2.write("keep.html", b"same") is False
    assert w2.write("new.html", b"new") is True
    assert w2.remove_stale() == ["gone.html"]
    w2.close()
    assert (out / "not-mine.html").exists() and not (out / "gone.html").exists()


def test_a_file_changed_behind_the_manifest_is_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    w1 = _writer(out)
    w1.write("page.html", b"right")
    w1.close()
    save_manifest(out, w1.entries)
    (out / "page.html").write_bytes(b"wrong")  # e.g. a killed build of another snapshot
    os.utime(out / "page.html", ns=(1, 1))
    w2 = Writer(out, load_manifest(out))
    assert w2.write("page.html", b"right") is True
    w2.close()
    assert (out / "page.html").read_bytes() == b"right"
