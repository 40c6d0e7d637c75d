"""Site settings, ``/app/config``, categories and spaces of the example community."""

from __future__ import annotations

from datetime import timedelta

from . import clock
from .context import Ctx
from .media import MediaLibrary
from .slugs import sanitize_title

SITE_NAME = "Jetonomy Example Community"

# id, name, slug, description, parent, icon, color, visibility
CATEGORIES = (
    (1, "Start Here", "start-here", "New to the community? Begin here.", None, "compass",
     "#2271b1", "public"),
    (2, "Building", "building", "Plugins, code, APIs and reviews.", None, "hammer", "#7c3aed",
     "public"),
    (3, "Product", "product", "Ideas, roadmap and things people made.", None, "package",
     "#16a34a", "public"),
    (4, "Around the World 🌍", "around-the-world", "Off-topic and non-English discussions.",
     None, "🌍", "", "public"),
    (5, "APIs & Integrations", "apis-integrations", "A sub-category of Building: REST, webhooks "
     "& the mobile app.", 2, "dashicons-rest-api", "#d63638", "public"),
    (6, "Partner Program", "partner-program", "Private category for agency partners.", None,
     "handshake", "#b45309", "private"),
    (7, "Staff Only", "staff-only", "Spaces for the team. Category is hidden.", None, "lock",
     "#111827", "hidden"),
)

# key, category, type, title, slug (None = from title), visibility, status, join, icon, settings
SPACES = (
    ("announcements", 1, "forum", "Announcements", "announcements", "public", "active", "open",
     "💬", None),
    ("introductions", 1, "feed", "Introductions", "introductions", "public", "active", "open",
     "👋", None),
    ("help", 1, "qa", "Help Desk", "help-desk", "public", "active", "open", "❓",
     {"posts_per_page": 15}),
    ("plugins", 2, "forum", "Plugin Development", "plugin-dev", "public", "active", "open", "🔌",
     {"prefixes": [{"name": "Bug", "color": "#d63638"}, {"name": "Howto", "color": "#2271b1"},
                   {"name": "Solved", "color": "#00a32a"}]}),
    ("restqa", 5, "qa", "REST API Q&A", "rest-api-qa", "public", "active", "open", "🧩",
     {"prefixes": [{"name": "Solved", "color": "#16a34a"}], "posts_per_page": 25}),
    ("review", 2, "forum", "Code Review", "code-review", "public", "active", "approval", "🔍", []),
    ("ideas", 3, "ideas", "Feature Ideas", "feature-ideas", "public", "active", "open", "💡",
     {"posts_per_page": 10, "allow_voting": True}),
    ("showcase", 3, "forum", "Showcase", "showcase", "public", "active", "open", "🎨",
     {"require_approval": True}),
    ("offtopic", 4, "forum", "Off-Topic Lounge", "off-topic", "public", "active", "open", "☕",
     None),
    ("intl", 4, "forum", "International · الدولي · 国际 · בינלאומי", "international", "public",
     "active", "open", "🌍", None),
    ("japanese", 4, "forum", "日本語フォーラム", None, "public", "active", "open", "🗾", None),
    ("archive", 3, "forum", "Old Support Archive (read-only)", "old-support-archive", "public",
     "archived", "open", "🗄️", None),
    ("legacy", 2, "forum", "Legacy Add-ons (locked)", "legacy-add-ons", "public", "locked",
     "open", "🔒", None),
    ("sandbox", None, "forum", "Sandbox (no category)", "sandbox", "public", "active", "open",
     "🧪", None),
    ("staff", 7, "forum", "Staff Room", "staff-room", "private", "active", "approval", "🔒",
     None),
    ("backroom", 7, "forum", "Moderators' Backroom", "mod-backroom", "hidden", "active",
     "invite", "🕵️", None),
    ("beta", 6, "qa", "Partner Beta Testers", "partner-beta", "private", "active", "invite", "🧪",
     {"posts_per_page": 15}),
)


def site(ctx: Ctx) -> dict:
    """The ``site`` object (fixed ``now`` keeps every answer deterministic)."""
    return {"name": SITE_NAME, "description": "A hostile but realistic Jetonomy community",
            "language": "en-US", "timezone_string": "Europe/Berlin",
            "gmt_offset": clock.GMT_OFFSET_HOURS, "base_slug": ctx.base_slug,
            "posts_per_page": 20, "replies_per_page": 30, "community_private": False,
            "sitemap_enabled": True, "site_icon_url": "", "now": clock.fmt(ctx.now)}


def app_config(ctx: Ctx, media: MediaLibrary) -> dict:
    """``/app/config`` (§3.15) with ``{home}`` placeholders; Pro flags follow ``ctx.pro``."""
    features = {"messaging": False, "reactions": ctx.pro, "polls": ctx.pro, "badges": False,
                "custom_fields": False, "web_push": False, "native_push": False,
                "anonymous": False, "attachments": False, "blocking": True}
    return {
        "app_name": SITE_NAME, "space_label": {"singular": "Space", "plural": "Spaces"},
        "accent_color": "#0073aa",
        "logo_url": media.png("wp-content/uploads/2021/11/logo.png", 96, 32),
        "login_bg_url": "", "terms_url": "", "privacy_url": "{home}/privacy-policy/",
        "pro_active": ctx.pro, "app_enabled": False, "features": features,
        "attachments": {"enabled": False, "max_files": 5, "max_size_bytes": 10485760,
                        "allowed_types": ["jpg", "jpeg", "png", "gif", "webp", "pdf", "docx",
                                          "xlsx", "pptx", "odt", "txt", "csv"]},
        "auth": {"social_providers": [], "twofactor": False, "register": False,
                 "app_passwords_available": True,
                 "connect_url": f"{{home}}/{ctx.base_slug}/connect-app/",
                 "connect_schemes": ["jetonomyapp"]},
    }


def categories(ctx: Ctx) -> list[dict]:
    """Category rows; non-public ones carry a canary in name and description."""
    rows = []
    for order, (cid, name, slug, desc, parent, icon, color, vis) in enumerate(CATEGORIES):
        if vis != "public":
            canary = ctx.canaries.new()
            name, desc = f"{name} {canary}", f"{desc} {canary}"
        created = ctx.start + timedelta(days=order, hours=9)
        rows.append({"id": cid, "name": name, "slug": slug, "description": desc,
                     "parent_id": parent, "icon": icon, "color": color, "visibility": vis,
                     "sort_order": order, "created_at": clock.fmt(created)})
    return rows


def spaces(ctx: Ctx, admin_id: int, media: MediaLibrary) -> tuple[list[dict], dict[str, dict]]:
    """Space rows (ids 1…) and a key → row map used by later steps."""
    rows, by_key = [], {}
    for sid, spec in enumerate(SPACES, start=1):
        key, cat, kind, title, slug, vis, status, join, icon, settings = spec
        desc = f"{title}: discussions about {kind} topics."
        if vis != "public":
            canary = ctx.canaries.new()
            title, desc = f"{title} {canary}", f"PRIVATE: staff discussion. {canary}"
        created = ctx.start + timedelta(days=10 + sid, hours=9)
        cover = media.png(f"wp-content/uploads/2021/12/cover-{sid}.png", 96, 32) \
            if key in ("help", "ideas") else ""
        row = {"id": sid, "category_id": cat, "parent_id": 0, "author_id": admin_id,
               "type": kind, "title": title, "slug": slug or sanitize_title(title),
               "description": desc, "icon": icon, "cover_image": cover, "visibility": vis,
               "join_policy": join, "status": status, "sort_order": sid - 1,
               "settings": settings, "member_count": 0, "last_activity_at": None,
               "created_at": clock.fmt(created), "updated_at": clock.fmt(created)}
        rows.append(row)
        by_key[key] = row
    return rows, by_key
