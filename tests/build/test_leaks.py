"""Non-public content never reaches a public mirror (canaries in a staff-crawled snapshot)."""

from __future__ import annotations

from pathlib import Path

from exporter.build import BuildOptions, build_site
from exporter.snapshot import Audience, Snapshot

from .helpers import assert_no_leaks
from .tiny import make_snapshot, post, space

CANARIES = {
    "private space title": "CANARY-PRIVATE-SPACE",
    "hidden space post": "CANARY-HIDDEN-POST",
    "private post": "CANARY-PRIVATE-POST",
    "draft": "CANARY-DRAFT",
    "private reply": "CANARY-PRIVATE-REPLY",
    "pending reply": "CANARY-PENDING-REPLY",
    "anonymous real name": "CANARY-REAL-NAME",
    "hidden category": "CANARY-HIDDEN-CATEGORY",
}


def _staff_snapshot(folder: Path) -> Path:
    spaces = [space(1, "public", category_id=2), space(2, "members-only", visibility="private", title=CANARIES["private space title"]),
              space(3, "secret", visibility="hidden")]
    posts = [post(1, 1, "hello"), post(2, 3, "in-hidden", title=CANARIES["hidden space post"]),
             post(3, 1, "private", is_private=True, content=f"<p>{CANARIES['private post']}</p>"),
             post(4, 1, "draft", status="draft", title=CANARIES["draft"]),
             post(5, 1, "anon", is_anonymous=1, author_id=9, author_name=CANARIES["anonymous real name"],
                  author_login="realperson")]
    replies = [
        {"id": 10, "post_id": 1, "parent_id": None, "status": "publish", "is_private": True, "author_id": 7,
         "author_name": "Ada", "author_login": "ada", "content": f"<p>{CANARIES['private reply']}</p>",
         "content_plain": CANARIES["private reply"], "created_at": "2025-02-01 10:00:00"},
        {"id": 11, "post_id": 1, "parent_id": None, "status": "pending", "is_private": False, "author_id": 7,
         "author_name": "Ada", "author_login": "ada", "content": f"<p>{CANARIES['pending reply']}</p>",
         "content_plain": CANARIES["pending reply"], "created_at": "2025-02-02 10:00:00"},
        {"id": 12, "post_id": 1, "parent_id": 11, "status": "publish", "is_private": False, "author_id": 7,
         "author_name": "Ada", "author_login": "ada", "content": "<p>child of a pending reply</p>",
         "content_plain": "child of a pending reply", "created_at": "2025-02-03 10:00:00"},
    ]
    folder = make_snapshot(folder, spaces, posts, replies)
    snap = Snapshot.create(folder)
    with snap.transaction():
        snap.put_category({"id": 2, "name": CANARIES["hidden category"], "slug": "hidden-cat", "visibility": "hidden"})
    snap.close()
    return folder


def test_public_build_of_a_staff_snapshot_leaks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(_staff_snapshot(tmp_path / "staff.snapshot"), out, BuildOptions())
    assert_no_leaks(out, CANARIES.values())
    assert_no_leaks(out, ["realperson", "child of a pending reply"])
    topic = (out / "community/s/public/t/hello/index.html").read_text("utf-8")
    assert "This reply is private." in topic
    assert (out / "community/s/public/index.html").is_file()  # its public space is still there


def test_staff_build_shows_it_but_is_marked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(_staff_snapshot(tmp_path / "staff.snapshot"), out, BuildOptions(audience=Audience.STAFF))
    text = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    assert CANARIES["private reply"] in text and "noindex, nofollow" in text
    assert CANARIES["anonymous real name"] not in text  # anonymous authors stay masked even for staff
