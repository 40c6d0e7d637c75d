"""The members of the example community: a hand-made hostile roster plus scaled extras."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from . import clock
from .context import Ctx
from .media import MediaLibrary
from .slugs import sanitize_title
from .text import FIRST_NAMES, LAST_NAMES

LONG_NAME = ("Maximiliana Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff "
             "von Hohenzollern-Sigmaringen, Third of Her Name, Keeper of the Staging Server")

# login, display name, bio, trust level, role flag
# role flags: admin | moderator | deleted | lurker | anon_only | "" (ordinary)
ROSTER: tuple[tuple[str, str, str, int, str], ...] = (
    ("admin", "Site Team", "We run this place. Be kind.", 5, "admin"),
    ("maria_garcia", "María García", "Backend developer. Café con leche enthusiast. "
     "Maintains two WordPress plugins.", 5, "moderator"),
    ("li_wei", "李伟", "全栈开发者，喜欢缓存和数据库优化。", 3, ""),
    ("j.doe", "John Doe", "Just a regular user with a dot in his login.", 2, ""),
    ("anna-k", "Anna Kowalska", "Hyphenated login, QA engineer from Kraków.", 1, ""),
    ("ahmed_hassan", "أحمد حسن", "مطور ووردبريس منذ ٢٠١٢. أحب كتابة الإضافات وتعليم المبتدئين.",
     3, ""),
    ("noa.levi", "נועה לוי", "מפתחת פרונטאנד. אוהבת CSS ונגישות.", 2, ""),
    ("dmitri-ivanov", "Дмитрий Иванов", "Системный администратор. nginx, Docker, Redis.", 3, ""),
    ("yuki_tanaka", "田中 由紀", "東京在住のWordPressテーマ開発者です。", 2, ""),
    ("kim.minji", "김민지", "서울에서 일하는 웹 개발자입니다.", 1, ""),
    ("emoji_fan", "🦄 Emoji Fan 🌈", "I ❤️ emoji 🎉🚀", 1, ""),
    ("maxi_long", LONG_NAME, "My name does not fit on any badge. " * 4, 2, ""),
    ("markup.tester", "<img src=x onerror=alert(1)>",
     "Bio with <b>markup</b> & \"quotes\" <script>alert('bio')</script>", 1, ""),
    ("grace_kim", "Grace Kim", "Support lead. Writes the weekly threads.", 4, ""),
    ("tom_mueller", "Tom Müller", "Hosting nerd from Berlin.", 3, ""),
    ("chloe_dubois", "Chloé Dubois", "Designer who codes. Accessibility first.", 1, ""),
    ("raj_patel", "Raj Patel", "Performance consultant.", 3, ""),
    ("priya", "Priya Raman", "Data engineer. I mostly answer export questions.", 2, ""),
    ("marco.b", "Marco Bell", "Plugin author, occasional grump.", 3, ""),
    ("sven-o", "Sven O'Brien-Ødegård", "Apostrophes & ampersands in my name break things.", 2, ""),
    ("fatima.z", "Fatima Zahra", "Learning PHP one error at a time.", 1, ""),
    ("oleksandr", "Олександр Шевченко", "Kyiv. Multisite wrangler.", 2, ""),
    ("lucia_r", "Lucía Ramírez", "Community volunteer.", 1, ""),
    ("ben.w", "Ben Walker", "", 1, ""),
    ("quiet_reader", "Quiet Reader", "", 0, "lurker"),
    ("just-browsing", "Just Browsing", "", 0, "lurker"),
    ("newbie2026", "Newbie 2026", "Signed up, never posted.", 0, "lurker"),
    ("former_member", "Former Member Who Left", "This account was deleted.", 1, "deleted"),
    ("zebulon-quartermaine-anon", "Zebulon Quartermaine-Anon", "", 0, "anon_only"),
    ("ottoline.fairweather.hush", "Ottoline Fairweather-Hush", "", 0, "anon_only"),
)


@dataclass(frozen=True)
class Roles:
    """User ids with a special part to play."""

    admin: int
    moderator: int
    deleted: int
    lurkers: tuple[int, ...]
    anon_only: tuple[int, ...]
    xss_name: int


def _extra_users(ctx: Ctx, count: int) -> list[tuple[str, str, str, int, str]]:
    rng = ctx.rng("users:extra")
    out = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        login = f"{sanitize_title(first)}_{sanitize_title(last)}{n + 1}"
        out.append((login, f"{first} {last}", "", rng.choice((0, 1, 1, 2, 2, 3)), ""))
    return out


def _user_row(ctx: Ctx, uid: int, spec: tuple[str, str, str, int, str],
              media: MediaLibrary) -> dict:
    rng = ctx.rng(f"user:{uid}")
    login, name, bio, trust, flag = spec
    created = clock.between(rng, ctx.start, ctx.start + timedelta(days=900 + uid % 700))
    recent = rng.choice((1, 3, 6, 20, 25, 90, 400))
    last_seen = None if flag in ("lurker", "deleted") and uid % 2 else clock.fmt(
        ctx.now - timedelta(days=recent, hours=rng.randint(0, 20)))
    avatar = (media.png(f"wp-content/uploads/jetonomy/avatars/{uid}.png", 24, 24)
              if uid % 3 == 0 and flag not in ("anon_only", "deleted") else None)
    reputation = 0 if flag in ("lurker", "anon_only") else rng.randint(5, 400) * (trust + 1)
    return {
        "id": uid, "login": login, "nicename": sanitize_title(login), "display_name": name,
        "bio": bio.strip(), "avatar_url": avatar, "created_at": clock.fmt(created),
        "last_seen_at": last_seen, "trust_level": trust, "reputation": reputation,
        "post_count": 0, "reply_count": 0, "is_deleted": flag == "deleted",
        "is_admin": flag == "admin", "has_profile": flag != "anon_only",
        "email": f"{sanitize_title(login)}.{uid}@mail.example.invalid",
    }


def make_users(ctx: Ctx, media: MediaLibrary) -> tuple[list[dict], Roles]:
    """All users (roster first, then ``40 × scale`` total) and their special roles."""
    specs = list(ROSTER)
    specs += _extra_users(ctx, max(0, ctx.scaled(40) - len(ROSTER)))
    users = [_user_row(ctx, uid, spec, media) for uid, spec in enumerate(specs, start=1)]
    by_flag: dict[str, list[int]] = {}
    for uid, spec in enumerate(specs, start=1):
        by_flag.setdefault(spec[4], []).append(uid)
    roles = Roles(admin=by_flag["admin"][0], moderator=by_flag["moderator"][0],
                  deleted=by_flag["deleted"][0], lurkers=tuple(by_flag["lurker"]),
                  anon_only=tuple(by_flag["anon_only"]),
                  xss_name=next(u["id"] for u in users if u["login"] == "markup.tester"))
    return users, roles


def authors(users: list[dict], roles: Roles) -> list[int]:
    """Ids of users who write public, signed content (no lurkers, no anonymous-only)."""
    excluded = set(roles.lurkers) | set(roles.anon_only)
    return [u["id"] for u in users if u["id"] not in excluded]


def mentionable(users: list[dict], roles: Roles) -> list[str]:
    """Handles safe to @mention in public text (live, public profiles only)."""
    excluded = set(roles.anon_only) | {roles.deleted}
    return [u["nicename"] for u in users if u["id"] not in excluded]
