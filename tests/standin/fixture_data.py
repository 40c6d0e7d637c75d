"""A small hand-written stand-in dataset with one of every quirk-relevant entity.

Deterministic (no randomness). ``build()`` returns the dataset document; ``NAMED`` records the
ids of the special entities so tests say *what* they fetch.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

NOW = "2026-11-22 12:00:00"
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()

NAMED = {
    "space_forum": 4, "space_qa_pp15": 3, "space_ideas": 5, "space_feed": 2, "space_announce": 1,
    "space_archived": 6, "space_private": 7, "space_hidden": 8, "space_uncategorised": 9,
    "cat_public": 1, "cat_hidden": 3, "cat_child": 4,
    "post_mega": 1, "post_anonymous": 2, "post_legacy": 3, "post_percent": 4, "post_draft": 5,
    "post_pending": 6, "post_spam": 7, "post_trash": 8, "post_private": 9, "post_in_private_space": 10,
    "post_in_hidden_space": 11, "post_embeds": 12, "post_qa_accepted": 13, "post_idea": 14,
    "post_deleted_author": 15, "post_sticky": 16, "post_image": 17, "post_threaded": 18,
    "reply_private": 900, "reply_trash": 901, "reply_pending": 902, "reply_anonymous": 903,
    "reply_accepted": 904, "user_main": 2, "user_dot": 3, "user_hyphen": 4, "user_rtl": 5,
    "user_xss": 6, "user_anon_only": 7, "user_deleted": 8, "user_staff": 9, "tag_unicode": 35,
}

WORDS = ("cache", "permalinks", "rewrite", "transients", "query", "hooks", "filters", "nginx")


def ts(hours: float) -> str:
    """A stored date ``hours`` after 2023-01-01."""
    return (datetime(2023, 1, 1) + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S")


def _user(uid: int, login: str, name: str, rep: int, seen: str | None, **kw: Any) -> dict[str, Any]:
    return {"id": uid, "login": login, "nicename": login.replace(".", "-"), "display_name": name,
            "bio": f"Bio of {name}", "avatar_url": None, "created_at": "2022-01-01 09:00:00",
            "last_seen_at": seen, "trust_level": min(5, rep // 200), "reputation": rep,
            "post_count": 3, "reply_count": 7, "is_deleted": False, "is_admin": False,
            "has_profile": True, "email": f"{login}@mail.example.invalid", **kw}


def users() -> list[dict[str, Any]]:
    out = [
        _user(1, "admin", "Site Team", 884, None, is_admin=True),
        _user(2, "maria_garcia", "María García", 505, "2026-11-21 12:00:00"),
        _user(3, "j.doe", "John Doe", 300, "2026-11-18 12:00:00"),
        _user(4, "anna-k", "Anna K", 250, "2026-11-01 12:00:00"),
        _user(5, "ahmed_hassan", "أحمد حسن", 299, "2026-10-01 12:00:00"),
        _user(6, "xss_display", "<script>alert('x')</script>Eve", 10, None),
        _user(7, "anon_only", "Secret Person", 0, None, has_profile=False),
        _user(8, "gone_user", "Gone User", 400, "2025-01-01 00:00:00", is_deleted=True),
        _user(9, "grace_kim", "Grace Kim", 1025, "2026-11-20 16:00:00"),
        _user(10, "lurker", "Lurker", 0, "2026-09-01 00:00:00"),
        _user(11, "avatar_user", "Ava Tar", 120, "2026-11-22 10:00:00",
              avatar_url="{home}/wp-content/uploads/2024/03/cat.png"),
    ]
    out += [_user(uid, f"member{uid}", f"Member {uid}", 5 * uid, "2026-11-10 00:00:00") for uid in range(12, 40)]
    return out


def categories() -> list[dict[str, Any]]:
    def cat(cid: int, name: str, vis: str, order: int, parent: int | None = None) -> dict[str, Any]:
        return {"id": cid, "name": name, "slug": name.lower().replace(" ", "-"),
                "description": f"{name} description", "parent_id": parent, "icon": "", "color": "",
                "visibility": vis, "sort_order": order, "created_at": "2021-12-01 09:00:00"}

    return [cat(1, "Start Here", "public", 0), cat(2, "Building", "public", 1),
            cat(3, "Staff Only", "hidden", 4), cat(4, "Sub Building", "public", 0, parent=2)]


def spaces() -> list[dict[str, Any]]:
    def sp(sid: int, slug: str, stype: str, cat: int | None, order: int, **kw: Any) -> dict[str, Any]:
        return {"id": sid, "category_id": cat, "parent_id": 0, "author_id": 1, "type": stype,
                "title": slug.replace("-", " ").title(), "slug": slug,
                "description": f"About {slug}.", "icon": "💬", "cover_image": "",
                "visibility": "public", "join_policy": "open", "status": "active",
                "sort_order": order, "settings": None, "member_count": 5,
                "last_activity_at": ts(7000 + sid), "created_at": "2021-12-21 09:00:00",
                "updated_at": "2021-12-21 09:00:00", **kw}

    prefixes = {"prefixes": [{"name": "Bug", "color": "#d63638"}, {"name": "Solved", "color": "#00a32a"}]}
    return [
        sp(1, "announcements", "forum", 1, 0), sp(2, "introductions", "feed", 1, 1),
        sp(3, "help-desk", "qa", 1, 2, settings={"posts_per_page": 15}),
        sp(4, "plugin-dev", "forum", 2, 3, settings=prefixes),
        sp(5, "feature-ideas", "ideas", 2, 4), sp(6, "old-archive", "forum", 2, 5, status="archived"),
        sp(7, "staff-room", "forum", 3, 6, visibility="private", join_policy="approval",
           description="CANARY-space-private"),
        sp(8, "mod-vault", "forum", 3, 7, visibility="hidden", join_policy="invite"),
        sp(9, "lounge", "forum", None, 8),
    ]


def _post(pid: int, space: int, author: int, title: str, hours: float, **kw: Any) -> dict[str, Any]:
    slug = kw.pop("slug", None) or title.lower().replace(" ", "-").replace("?", "")
    created = ts(hours)
    row = {"id": pid, "space_id": space, "author_id": author, "is_anonymous": False, "prefix": None,
           "title": title, "slug": slug,
           "content": f"<p>{title}. We use the object {WORDS[pid % len(WORDS)]} here.</p>",
           "type": {1: "topic", 2: "status", 3: "question", 5: "idea"}.get(space, "topic"),
           "status": "publish", "is_sticky": False, "is_private": False, "is_closed": False,
           "is_resolved": False, "idea_status": None, "accepted_reply_id": None,
           "view_count": 10, "vote_score": pid % 7 - 2, "reply_count": 0, "last_reply_at": created,
           "edited_at": None, "edited_by": None, "published_at": created, "created_at": created,
           "updated_at": created, "attachments": []}
    row.update(kw)
    return row


def special_posts() -> list[dict[str, Any]]:
    embeds = ('<p>Watch this:</p><p>https://youtu.be/abc123XYZ</p><p>Docs at https://example.org/docs.'
              '</p><p></p><p>a&nbsp;&nbsp;b</p><p><a href="https://example.org/x">https://example.org/x</a></p>')
    legacy = ("<p>Old import.</p><script>alert('jt-legacy-body')</script>"
              "<p><a href=\"javascript:alert(1)\">js</a> https://example.org/raw</p>")
    return [
        _post(1, 1, 9, "The never-ending megathread", 100, reply_count=262),
        _post(2, 2, 7, "Anonymous hello from a secret person", 200, is_anonymous=True),
        _post(3, 2, 9, "<script>alert('t')</script>Legacy import", 300, raw_legacy=True,
              content=legacy, content_plain="legacy import raw html"),
        _post(4, 1, 1, "Launch day", 400, slug="%f0%9f%9a%80-launch-day"),
        _post(5, 4, 2, "Draft CANARY-draft", 500, status="draft"),
        _post(6, 4, 2, "Pending CANARY-pending", 510, status="pending"),
        _post(7, 4, 2, "Spam CANARY-spam", 520, status="spam"),
        _post(8, 4, 2, "Trash CANARY-trash", 530, status="trash"),
        _post(9, 4, 2, "Private CANARY-private cache", 540, is_private=True),
        _post(10, 7, 9, "Staff only CANARY-staff cache", 550),
        _post(11, 8, 9, "Hidden CANARY-hidden", 560),
        _post(12, 4, 3, "Embeds and links", 600, content=embeds),
        _post(13, 3, 4, "How do I flush the cache?", 700, is_resolved=True, accepted_reply_id=904,
              reply_count=2),
        _post(14, 5, 3, "Add dark mode", 800, idea_status="planned",
              content="<p>永久链接是否正常？ Also العربية text and a cache note.</p>"),
        _post(15, 4, 8, "Written by a deleted account", 900),
        _post(16, 4, 2, "Pinned rules", 10, is_sticky=True, prefix="Bug"),
        _post(17, 1, 2, "Screenshot of the cache bug", 1000,
              content='<p>Look at the cache:</p><p><img src="{home}/wp-content/uploads/2024/03/cat.png" '
                      'alt="cat"></p>', edited_at="2024-02-01 10:00:00", edited_by=2),
        _post(18, 4, 5, "Threaded discussion", 1100, reply_count=7),
    ]


def filler_posts() -> list[dict[str, Any]]:
    plan = [(4, 40), (3, 20), (1, 3), (2, 4), (5, 4), (6, 2), (9, 3)]
    out, pid = [], 19
    for space, count in plan:
        for i in range(count):
            author = 2 + (pid % 10)
            author = 2 if author in (6, 7, 8) else author
            out.append(_post(pid, space, author, f"Topic {pid} about {WORDS[pid % len(WORDS)]}",
                             1200 + 120 * pid, reply_count=1 if pid % 3 else 0,
                             prefix="Solved" if space == 4 and pid % 5 == 0 else None))
            pid += 1
    return out


def _reply(rid: int, post: int, author: int, hours: float, **kw: Any) -> dict[str, Any]:
    row = {"id": rid, "post_id": post, "parent_id": None, "author_id": author, "is_anonymous": False,
           "content": f"<p>Reply {rid} on {WORDS[rid % len(WORDS)]} https://example.org/r{rid}</p>",
           "status": "publish", "is_accepted": False, "is_private": False, "vote_score": rid % 4,
           "edited_at": None, "edited_by": None, "created_at": ts(hours), "attachments": []}
    row.update(kw)
    return row


def replies(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    bad = {100: "pending", 150: "spam", 200: "trash"}
    out = [_reply(r, 1, 2 + r % 10 if 2 + r % 10 not in (6, 7, 8) else 2, 101 + r,
                  status=bad.get(r, "publish")) for r in range(1, 263)]
    out += [
        _reply(900, 18, 5, 1101, is_private=True, content="<p>CANARY-private-reply secret text</p>"),
        _reply(901, 18, 3, 1102, status="trash", content="<p>CANARY-trash-reply</p>"),
        _reply(902, 18, 3, 1103, status="pending", content="<p>CANARY-pending-reply</p>"),
        _reply(903, 18, 7, 1104, is_anonymous=True, content="<p>Anonymous cache reply</p>"),
        _reply(904, 13, 2, 701, is_accepted=True, content="<p>Use wp cache flush.</p>"),
        _reply(905, 13, 3, 702, parent_id=904),
        _reply(906, 18, 2, 1105, parent_id=903), _reply(907, 18, 4, 1106, parent_id=906),
        _reply(908, 18, 9, 1107), _reply(909, 10, 9, 560), _reply(910, 9, 2, 541),
    ]
    rid = 1000
    for p in posts:
        if p["id"] >= 19 and p["reply_count"]:
            out.append(_reply(rid, p["id"], 3, 1201 + 120 * p["id"]))
            rid += 1
    return out


def tags() -> tuple[list[dict[str, Any]], list[list[int]]]:
    rows = [{"id": t, "name": f"tag-{t:02d}", "slug": f"tag-{t:02d}"} for t in range(1, 35)]
    rows.append({"id": 35, "name": "日本", "slug": "%e6%97%a5%e6%9c%ac"})
    pairs = [[p, 1 + p % 34] for p in range(19, 95)] + [[9, 1], [12, 35], [13, 1], [5, 35]]
    return rows, pairs


def members() -> list[dict[str, Any]]:
    out = [{"space_id": 4, "user_id": 1, "role": "admin", "joined_at": "2021-12-29 09:00:00"},
           {"space_id": 4, "user_id": 9, "role": "moderator", "joined_at": "2022-01-02 09:00:00"}]
    out += [{"space_id": 4, "user_id": u, "role": "viewer" if u % 7 == 0 else "member",
             "joined_at": ts(u)} for u in range(10, 38)]
    out += [{"space_id": 7, "user_id": 1, "role": "admin", "joined_at": "2021-12-29 09:00:00"},
            {"space_id": 7, "user_id": 9, "role": "moderator", "joined_at": "2022-01-05 09:00:00"}]
    return out


APP_CONFIG = {
    "app_name": "Stand-in Test Community", "space_label": {"singular": "Space", "plural": "Spaces"},
    "accent_color": "#0073aa", "logo_url": "", "login_bg_url": "", "terms_url": "", "privacy_url": "",
    "pro_active": False, "app_enabled": False,
    "features": {"messaging": False, "reactions": False, "polls": False, "badges": False,
                 "custom_fields": False, "web_push": False, "native_push": False, "anonymous": False,
                 "attachments": False, "blocking": True},
    "attachments": {"enabled": False, "max_files": 5, "max_size_bytes": 10485760,
                    "allowed_types": ["jpg", "jpeg", "png", "gif", "webp", "pdf", "docx", "xlsx",
                                      "pptx", "odt", "txt", "csv"]},
    "auth": {"social_providers": [], "twofactor": False, "register": False,
             "app_passwords_available": True, "connect_url": "{home}/community/connect-app/",
             "connect_schemes": ["jetonomyapp"]},
}


def build(**site_overrides: Any) -> dict[str, Any]:
    """The whole dataset document (format jetonomy-standin-dataset v1)."""
    posts = special_posts() + filler_posts()
    tag_rows, pairs = tags()
    site = {"name": "Stand-in Test Community", "description": "Hand-written quirk fixture",
            "language": "en-US", "timezone_string": "Europe/Berlin", "gmt_offset": 1,
            "base_slug": "community", "posts_per_page": 20, "replies_per_page": 30,
            "community_private": False, "sitemap_enabled": True, "site_icon_url": "", "now": NOW}
    site.update(site_overrides)
    return {
        "format": "jetonomy-standin-dataset", "version": 1, "seed": 0, "scale": 1.0,
        "site": site, "app_config": APP_CONFIG,
        "pro": {"reactions": False, "polls": False, "badges": False, "custom_fields": False,
                "announcements": False, "attachments": False},
        "users": users(), "categories": categories(), "spaces": spaces(), "posts": posts,
        "replies": replies(posts), "tags": tag_rows, "post_tags": pairs, "members": members(),
        "media": [{"path": "wp-content/uploads/2024/03/cat.png", "mime": "image/png", "data_b64": PNG}],
    }
