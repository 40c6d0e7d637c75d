"""A tiny hand-made snapshot (Snapshot.create + put_*) for path-safety and incremental tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exporter.snapshot import Snapshot

HOME = "https://forum.example"


def post(pid: int, space_id: int, slug: str, title: str = "", **extra: Any) -> dict[str, Any]:
    base = {"id": pid, "space_id": space_id, "slug": slug, "title": title or f"Post {pid}",
            "content": f"<p>Body of post {pid}.</p>", "content_plain": f"Body of post {pid}.",
            "type": "topic", "status": "publish", "is_private": False, "is_sticky": False,
            "author_id": 7, "author_name": "Ada", "author_login": "ada", "reply_count": 0,
            "vote_score": 1, "created_at": f"2025-01-{pid % 28 + 1:02d} 10:00:00",
            "last_reply_at": None, "attachments": []}
    return {**base, **extra}


def space(sid: int, slug: str, **extra: Any) -> dict[str, Any]:
    return {"id": sid, "category_id": None, "title": f"Space {sid}", "slug": slug, "type": "forum",
            "visibility": "public", "settings": [], "member_count": 1, "post_count": 1, **extra}


def make_snapshot(folder: Path, spaces: list[dict], posts: list[dict], replies: list[dict] = (),
                  tags: list[dict] = (), users: list[tuple[dict, str]] = ()) -> Path:
    snap = Snapshot.create(folder)
    with snap.transaction():
        snap.put_site("app_config", {"app_name": "Tiny Forum", "accent_color": "#7c3aed"})
        for key, value in {"site_url": HOME, "base_slug": "community", "replies_per_page": "30",
                           "language": "en-US"}.items():
            snap.set_meta(key, value)
        for s in spaces:
            snap.put_space(s)
        for p in posts:
            snap.put_post(p)
        for r in replies:
            snap.put_reply(r)
        for t in tags:
            snap.put_tag(t)
        for profile, login in users or [({"id": 7, "display_name": "Ada", "bio": "Hi"}, "ada")]:
            snap.put_user(profile, login=login)
    snap.close()
    return folder
