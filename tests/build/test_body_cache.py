"""Bodies repeated across replies are rendered once per build process: pages stay the same
and each page still records the media its bodies use (incremental builds copy by that)."""

from __future__ import annotations

import json
from pathlib import Path

from exporter.build import BuildOptions, build_site
from exporter.build.content import RenderedBodies
from exporter.snapshot import Snapshot

from .tiny import HOME, make_snapshot, post, space

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
IMAGE = f"{HOME}/wp-content/uploads/2025/01/a.png"
SAME = f'<p>Same words, one image <img src="{IMAGE}" alt="a"> and @ada.</p>'


def _snapshot(folder: Path) -> Path:
    replies = [{"id": 100 + i, "post_id": pid, "content": SAME, "content_plain": "Same words",
                "author_id": 7, "author_name": "Ada", "author_login": "ada", "status": "publish",
                "created_at": f"2025-01-0{i + 1} 10:00:00"} for i, pid in enumerate((1, 2, 2))]
    make_snapshot(folder, [space(1, "general")], [post(1, 1, "one"), post(2, 1, "two")], replies)
    snap = Snapshot.create(folder)
    with snap.transaction():
        snap.store_media(IMAGE, PNG, "image/png")
    snap.close()
    return folder


def _build(snapshot: Path, out: Path) -> dict:
    build_site(snapshot, out, BuildOptions(static_search=False, workers=1))
    return json.loads((out / ".jetonomy-build.json").read_text("utf-8"))


def _pages(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def test_repeated_bodies_render_alike_and_keep_their_media(tmp_path: Path, monkeypatch) -> None:
    snapshot = _snapshot(tmp_path / "snap")
    cached = _build(snapshot, tmp_path / "cached")
    topics = [rel for rel in cached["media"] if "/t/" in rel]
    assert len(topics) == 2 and all(cached["media"][rel] for rel in topics)
    assert len({tuple(cached["media"][rel]) for rel in topics}) == 1

    monkeypatch.setattr(RenderedBodies, "get", lambda self, raw: None)  # every body rendered anew
    uncached = _build(snapshot, tmp_path / "uncached")
    assert cached["media"] == uncached["media"]
    assert _pages(tmp_path / "cached") == _pages(tmp_path / "uncached")


def test_rendered_bodies_are_bounded() -> None:
    bodies = RenderedBodies(size=2)
    for raw in ("a", "b", "c"):
        bodies.put(raw, raw.upper(), frozenset())
    assert bodies.get("a") is None and bodies.get("c") == ("C", frozenset())
