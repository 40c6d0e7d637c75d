"""Rendering in forked workers: same bytes as one process, hooks that must see every page do."""

from __future__ import annotations

from pathlib import Path

import search_index.static_search as static_search
from exporter.build import BuildOptions, build_site
from exporter.build.manifest import MANIFEST_NAME
from exporter.build.search import ASSET_NAMES


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME}


def test_workers_do_not_change_a_single_byte(sample_snapshot: Path, tmp_path: Path) -> None:
    one = build_site(sample_snapshot, tmp_path / "one", BuildOptions(static_search=False, workers=1))
    two = build_site(sample_snapshot, tmp_path / "two", BuildOptions(static_search=False, workers=2))
    assert one.pages == two.pages == one.rendered == two.rendered
    assert one.pages >= 96  # enough pages for the forked path
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert sorted(one.written_paths) == sorted(two.written_paths)


def test_an_unmarked_page_hook_sees_every_page_in_this_process(sample_snapshot: Path, tmp_path: Path) -> None:
    seen: list[str] = []
    report = build_site(sample_snapshot, tmp_path / "out",
                        BuildOptions(static_search=False, workers=2, page_hooks=(lambda ctx, page: seen.append(page.url),)))
    assert len(set(seen)) == report.pages == report.rendered  # (+ the pre-flight's repeats)


def test_search_asset_names_match_the_search_stage() -> None:
    assert ASSET_NAMES == static_search.ASSET_NAMES
