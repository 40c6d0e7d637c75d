"""Media of the crawled example community: copied to ``/media/…`` and every reference resolves.

The example dataset has posts with ``<img src="{home}/wp-content/uploads/…">`` in their body
and image attachments (with thumbnails); a crawled snapshot stores those files under
``media/`` (content-addressed). The mirror must copy each used file to ``/media/{path}``,
rewrite every ``src``/``href`` to the local copy, and no media link may dangle.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site

_ATTR = re.compile(r"""\b(?:src|href)="([^"]*)\"""")


@pytest.fixture(scope="module")
def media_site(crawled_snapshot: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("media-site") / "out"
    build_site(crawled_snapshot, out, BuildOptions(static_search=False))
    return out


@pytest.fixture(scope="module")
def stored(crawled_snapshot: Path) -> dict[str, str]:
    """Stored media of the snapshot: original URL → path under ``media/``."""
    db = sqlite3.connect(crawled_snapshot / "snapshot.sqlite")
    try:
        return {url: path for url, path, status in db.execute("SELECT url, path, status FROM media")
                if status == "ok" and path}
    finally:
        db.close()


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def _media_refs(page: Path, site: Path) -> list[tuple[str, Path]]:
    """``(reference, file it points at)`` for every src/href of ``page`` into ``/media/``."""
    refs = []
    for value in _ATTR.findall(page.read_text("utf-8")):
        url = html.unescape(value)
        if "://" in url or url.startswith(("#", "mailto:")):
            continue
        target = (Path("/") / url.lstrip("/")) if url.startswith("/") else None
        resolved = (site / str(target).lstrip("/")) if target else (page.parent / url)
        path = Path(urllib.parse.unquote(str(resolved).split("#")[0].split("?")[0]))
        rel = path.resolve().relative_to(site.resolve()) if path.resolve().is_relative_to(site.resolve()) else None
        if rel is not None and rel.parts and rel.parts[0] == "media":
            refs.append((url, path))
    return refs


def test_example_community_has_uploads_and_attachments_in_its_snapshot(crawled_snapshot: Path, stored) -> None:
    assert any("/wp-content/uploads/" in url and "screenshot" in url for url in stored)
    assert any("/wp-content/uploads/" in url and "attachment" in url for url in stored)
    assert all((crawled_snapshot / "media" / path).is_file() for path in stored.values())


def test_used_media_are_copied_to_media_with_the_stored_bytes(media_site: Path, crawled_snapshot: Path, stored) -> None:
    manifest = json.loads((media_site / ".jetonomy-build.json").read_text("utf-8"))
    used = {rel for rels in manifest["media"].values() for rel in rels}
    assert used, "no page uses a stored media file"
    assert used <= set(stored.values())
    for rel in used:
        copy = media_site / "media" / rel
        assert copy.is_file(), rel
        assert copy.read_bytes() == (crawled_snapshot / "media" / rel).read_bytes(), rel
        assert f"media/{rel}" in manifest["files"]


def test_inline_images_and_attachments_are_rewritten_to_local_copies(media_site: Path, stored) -> None:
    pages = _pages(media_site)
    texts = {p: p.read_text("utf-8") for p in pages}
    attrs = {html.unescape(v) for text in texts.values() for v in _ATTR.findall(text)}
    assert not attrs & set(stored), "media left pointing at the live site"
    screenshot = next(path for url, path in stored.items() if "/screenshot-" in url)
    attachment = next(path for url, path in stored.items() if re.search(r"/attachment-\d+\.png$", url))
    assert any(re.search(rf'<img src="[./]*media/{re.escape(screenshot)}"', t) for t in texts.values())
    assert any("jt-attachment-img" in t and f"media/{attachment}" in t for t in texts.values())


def test_every_media_reference_in_every_page_resolves(media_site: Path) -> None:
    checked = 0
    for page in _pages(media_site):
        for url, target in _media_refs(page, media_site):
            assert target.is_file(), f"{page.relative_to(media_site)}: {url} does not resolve"
            checked += 1
    assert checked > 20


def test_a_stored_file_missing_from_the_snapshot_is_linked_to_its_original_and_counted(tmp_path: Path) -> None:
    """A snapshot copied without (some of) its ``media/`` files: no page links a dangling
    ``/media/…`` path (the body keeps the original URL; avatars and logos are left out, as
    when the crawl did not store them), and the report counts the missing files. The one
    topic is also the page the pre-flight renders first: its media must still be copied."""
    from exporter.snapshot import Snapshot
    from tests.build.tiny import HOME, make_snapshot, post, space

    kept, lost = f"{HOME}/wp-content/uploads/kept.png", f"{HOME}/wp-content/uploads/lost.png"
    body = f'<p>Two pictures.</p><p><img src="{kept}" alt="kept"><img src="{lost}" alt="lost"></p>'
    folder = make_snapshot(tmp_path / "s.snapshot", [space(1, "general")],
                           [post(1, 1, "pictures", content=body)])
    snap = Snapshot.create(folder)
    with snap.transaction():
        kept_rel = snap.store_media(kept, b"\x89PNG kept", "image/png")
        lost_rel = snap.store_media(lost, b"\x89PNG lost", "image/png")
    snap.close()
    (folder / "media" / lost_rel).unlink()

    out = tmp_path / "out"
    report = build_site(folder, out, BuildOptions(static_search=False))
    assert report.media_missing == 1 and "1 media missing" in report.summary()
    copied = {p.name: p.read_bytes() for p in out.rglob("*.png")}
    assert copied == {Path(kept_rel).name: b"\x89PNG kept"}  # the kept file only
    page = (out / "community" / "s" / "general" / "t" / "pictures" / "index.html").read_text("utf-8")
    assert f"media/{kept_rel}" in page and f"media/{lost_rel}" not in page
    assert f'src="{lost}"' in page  # still shown, from where it came from
    for html_page in _pages(out):
        for ref, target in _media_refs(html_page, out):
            assert target.is_file(), f"{html_page}: {ref}"
