"""Hostile slugs: every written path stays inside the output folder; links use the fallbacks."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

from exporter.build import BuildOptions, build_site

from .helpers import check_links, serve_dir
from .tiny import make_snapshot, post, space

HOSTILE = ["..", "../../etc", "%2e%2e%2f", "a/b", "nul\x00byte", "x" * 300, "CON", "%2f", "/abs",
           "q?uery", "sp ace", "%zz", ".", "", "ok-slug"]


def _tree(folder: Path) -> set[str]:
    """Everything under ``folder`` (SQLite's own -wal/-shm side files aside)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if not p.name.endswith(("-wal", "-shm"))}


def test_hostile_slugs_stay_inside_out(tmp_path: Path) -> None:
    spaces = [space(1, "general"), space(2, "../../outside-space"), space(3, "CON")]
    posts = [post(i + 1, 1 + i % 3, slug) for i, slug in enumerate(HOSTILE)]
    snap = make_snapshot(tmp_path / "hostile.snapshot", spaces, posts,
                         tags=[{"id": 1, "name": "evil", "slug": "../../tag", "post_count": 1}])
    arena = tmp_path / "arena"
    out = arena / "out"
    arena.mkdir()
    before = {p for p in _tree(tmp_path) if not p.startswith("arena")}
    report = build_site(snap, out, BuildOptions())
    assert report.pages > len(HOSTILE)
    assert _tree(arena) == {"out"} | {f"out/{p}" for p in _tree(out)}
    assert {p for p in _tree(tmp_path) if not p.startswith("arena")} == before
    root = out.resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(root)
    for pid in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14):  # every hostile one: a fallback file
        assert list(out.rglob(f"t/_p{pid}/index.html")), pid
    assert len(list(out.rglob("t/ok-slug/index.html"))) == 1
    assert (out / "community/s/_s2/index.html").is_file()
    assert (out / "community/s/CON/index.html").is_file()
    count, broken = check_links(out)
    assert count > 50 and broken == []


def test_fallback_links_work_over_http(tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "s.snapshot", [space(1, "general")],
                         [post(1, 1, "../../x"), post(2, 1, "日本"), post(3, 1, "%e6%97%a5")])
    out = tmp_path / "out"
    build_site(snap, out, BuildOptions())
    listing = (out / "community/s/general/index.html").read_text("utf-8")
    assert re.search(r'href="(\.\./)+community/s/general/t/_p1/"', listing)  # the link uses the fallback
    with serve_dir(out) as base:
        for href in ("community/s/general/t/_p1/", "community/s/general/t/%e6%97%a5/"):
            with urllib.request.urlopen(urllib.parse.urljoin(base + "/", href)) as resp:
                assert resp.status == 200


def test_duplicate_slugs_get_a_fallback_instead_of_colliding(tmp_path: Path) -> None:
    snap = make_snapshot(tmp_path / "s.snapshot", [space(1, "general")],
                         [post(1, 1, "same"), post(2, 1, "same"), post(3, 1, "%E6%97%A5"), post(4, 1, "%e6%97%a5")])
    out = tmp_path / "out"
    build_site(snap, out, BuildOptions())
    topics = sorted(p.parent.name for p in (out / "community/s/general/t").glob("*/index.html"))
    assert topics == ["_p2", "_p4", "same", "日"]
