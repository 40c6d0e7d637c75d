"""Tags (WordPress-style slugs, many scripts) and the post ↔ tag links."""

from __future__ import annotations

from itertools import accumulate

from .context import Ctx
from .slugs import sanitize_title

BASE_TAGS = (
    "accessibility", "beginner", "bug", "c++", "caching", "css", "database", "docker",
    "émoji-😀", "hooks", "howto", "i18n", "ideas", "javascript", "mobile-app", "multisite",
    "node.js", "performance", "php", "release", "rest-api", "roadmap", "security",
    "Ünïcödé Tag", "wp-cli", "עברית", "العربية", "性能", "数据库", "日本語", "한국어",
    "🚀 launch", "Ελληνικά", "sécurité", "C# & .NET", "internal-only",
)
_EXTRA_WORDS = ("cache", "cron", "query", "theme", "block", "hook", "user", "media", "feed",
                "search", "mail", "role", "nonce", "proxy", "cdn", "sql", "json", "xml")


def make_tags(ctx: Ctx) -> list[dict]:
    """Base tags plus ``15 × (scale − 1)`` generated ones (>100 tags from scale ≈ 6)."""
    names = list(BASE_TAGS)
    rng = ctx.rng("tags")
    extra = max(0, round(15 * (ctx.scale - 1)))
    seen = {sanitize_title(n) for n in names}
    while len(names) < len(BASE_TAGS) + extra:
        name = f"{rng.choice(_EXTRA_WORDS)}-{rng.choice(_EXTRA_WORDS)}-{rng.randint(1, 999)}"
        if sanitize_title(name) not in seen:
            seen.add(sanitize_title(name))
            names.append(name)
    return [{"id": n, "name": name, "slug": sanitize_title(name)}
            for n, name in enumerate(names, start=1)]


def tag_posts(ctx: Ctx, tags: list[dict], posts: list[dict],
              public_ids: set[int]) -> list[list[int]]:
    """0–4 tags per post, popular tags more often; ``internal-only`` only on non-public posts."""
    rng = ctx.rng("post-tags")
    internal = next(t["id"] for t in tags if t["name"] == "internal-only")
    pool = [t["id"] for t in tags if t["id"] != internal]
    cum = list(accumulate(1.0 / (1 + (i % 12)) for i in range(len(pool))))
    pairs: set[tuple[int, int]] = set()
    for post in posts:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            pairs.add((post["id"], rng.choices(pool, cum_weights=cum)[0]))
        if post["id"] not in public_ids and rng.random() < 0.5:
            pairs.add((post["id"], internal))
    return [list(pair) for pair in sorted(pairs)]
