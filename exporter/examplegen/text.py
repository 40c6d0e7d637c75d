"""Word and sentence pools for realistic forum text (English plus CJK, Arabic, Hebrew …)."""

from __future__ import annotations

import random

TOPICS = (
    "the REST API", "WP-Cron", "object caching", "Redis", "transients", "nonces", "multisite",
    "custom post types", "the block editor", "WooCommerce hooks", "Action Scheduler",
    "pretty permalinks", "nginx rewrites", "CORS headers", "Application Passwords",
    "image sizes", "lazy loading", "RTL stylesheets", "translations", "user roles",
    "database indexes", "rate limiting", "email deliverability", "sitemaps", "wp_kses",
    "Docker volumes", "PHP 8.2 deprecations", "REST pagination", "the Heartbeat API", "WP-CLI",
)

FORUM_TITLES = (
    "{T} broke after updating — anyone else?", "Best practices for {t} in 2025",
    "How do you handle {t} in production?", "A short guide to {t}", "Thoughts on {t}?",
    "Migrating away from {t}", "Weekly thread: {t}", "Debugging {t}: what finally worked for me",
    "Is {t} worth it for small sites?", "Why does {t} behave differently on staging?",
)
QA_TITLES = (
    "How do I configure {t}?", "Why is {t} returning a 404?", "Is it safe to disable {t}?",
    "What is the right way to test {t}?", "Where should I hook into {t}?",
    "{T}: 401 even with valid credentials?", "Can {t} work behind a reverse proxy?",
    "How can I paginate results from {t}?",
)
IDEA_TITLES = (
    "Per-space overrides for {t}", "Add a setting for {t}", "Dark mode support for {t}",
    "Bulk actions for {t}", "Expose {t} in the mobile app", "Let moderators schedule {t}",
    "Export {t} as CSV", "Webhooks when {t} changes",
)

SENTENCES = (
    "After clearing every cache I could find, the problem went away — for a day.",
    "The documentation covers the basics, but the edge cases are where it gets interesting.",
    "I have been running this setup for about six months and it mostly works.",
    "It works on a fresh install with a default theme, so it is probably a conflict.",
    "The staging server runs PHP 8.2 while production is still on 8.1, which might matter.",
    "Pagination breaks as soon as there are more than a hundred items.",
    "My guess is a race condition between the cron job and the request that rebuilds the cache.",
    "We ended up writing a small mu-plugin to filter the response.",
    "Here is what I tried so far, in order, with the results.",
    "Thanks in advance, this community has been incredibly helpful.",
    "The query log shows the same SELECT running forty times per page load.",
    "Turning on WP_DEBUG revealed a deprecation notice that looks related.",
    "The mobile app shows the right data, but the website does not.",
    "I would rather fix the root cause than add another workaround.",
    "Does anyone have numbers on how this performs with a few thousand users?",
    "This is a long-standing behaviour and changing it would break existing sites.",
    "Rolling back the plugin fixed it, so the regression is in the latest release.",
    "Our host swears nothing changed on their side, which is what hosts always say.",
    "The error only shows up for logged-out visitors, never for administrators.",
    "I tested it on three browsers and two phones; only Safari misbehaves.",
)

REPLY_SENTENCES = (
    "Confirmed, reproducible on a clean install.", "Which version are you on?",
    "Could be a timezone issue — are the dates stored in UTC?",
    "Marking this as a duplicate of the older thread would help.",
    "+1, we hit this on three client sites.", "This fixed it for me, thanks!",
    "I think the docs are wrong about this one.", "Works on PHP 8.2 and 8.3 here.",
    "Same here, following this thread.", "Thanks, that explanation finally made it click.",
    "Any update on this?", "Have you tried disabling the object cache temporarily?",
    "The changelog mentions a fix for exactly this in the next release.",
    "Can you share the full error message from the log?",
    "We solved it by raising the memory limit to 256M.",
    "Not sure that is the cause; it happens on our staging site without any cache too.",
    "Good catch. I opened a ticket upstream.", "Please keep us posted!",
    "That is the intended behaviour, see the settings page.",
    "Try flushing the permalinks (Settings → Permalinks → Save).",
)

CJK_PARAGRAPHS = (
    "大家好！这是一篇中文帖子，用来测试中日韩字符的显示、换行和搜索功能。永久链接是否正常？",
    "こんにちは！これは日本語の投稿です。改行、句読点、そして検索が正しく動作するか確認しています。",
    "안녕하세요! 한국어 게시물입니다. 검색과 줄바꿈이 제대로 작동하는지 확인합니다.",
    "缓存插件更新以后，性能明显变好了，但是数据库查询还是很慢。",
)
ARABIC_PARAGRAPHS = (
    "مرحبا بالجميع! هذه مشاركة باللغة العربية لاختبار اتجاه النص من اليمين إلى اليسار.",
    "جربت تعطيل الإضافات واحدة تلو الأخرى، والمشكلة ما زالت موجودة في واجهة REST.",
)
HEBREW_PARAGRAPHS = (
    "שלום לכולם! זו הודעה בעברית כדי לבדוק כיווניות של טקסט מימין לשמאל.",
    "ניסיתי לנקות את המטמון ולשמור מחדש את הקישורים הקבועים, בלי הצלחה.",
)
MIXED_DIRECTION = (
    "The setting is called الإعدادات in Arabic and הגדרות in Hebrew, then English again.",
    "Mixed direction: English then العربية then English again, with (brackets) and 123.",
)
EMOJI_LINES = (
    "Emoji check: 😀 🎉 🚀 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥",
    "Shipped it 🚢✨ — thanks everyone 🙏",
)
CODE_SNIPPETS = (
    ("php", "<?php\nadd_filter( 'the_content', function ( $html ) {\n"
            "    return str_replace( '<p></p>', '', $html );\n} );"),
    ("javascript", "const res = await fetch('/wp-json/jetonomy/v1/spaces?limit=100');\n"
                   "if (res.status !== 200 && res.headers.get('X-WP-Total') > 0) { retry(); }"),
    ("bash", "wp cache flush && wp rewrite flush --hard\n"
             "curl -s 'https://example.org/wp-json/' | jq '.namespaces'"),
    ("sql", "SELECT id, slug FROM wp_jt_posts\nWHERE status = 'publish' AND vote_score < 0\n"
            "ORDER BY created_at DESC LIMIT 20;"),
)

FIRST_NAMES = ("Lena", "Omar", "Sofia", "Kenji", "Amara", "Lucas", "Ingrid", "Mateo", "Aisha",
               "Pavel", "Mei", "Tariq", "Elif", "Jonas", "Nadia", "Rohan", "Camille", "Diego",
               "Hana", "Felix", "Zara", "Arjun", "Freya", "Mikhail", "Leila", "Bruno")
LAST_NAMES = ("Schmidt", "Haddad", "Rossi", "Sato", "Okafor", "Silva", "Larsen", "Moreno",
              "Khan", "Novak", "Chen", "Aziz", "Yilmaz", "Weber", "Petrova", "Mehta", "Dubois",
              "Fernández", "Park", "Becker", "Ali", "Iyer", "Nilsson", "Volkov", "Karimi", "Costa")


def topic_title(rng: random.Random, patterns: tuple[str, ...]) -> str:
    """A title from ``patterns`` with a random topic (``{t}`` lower, ``{T}`` capitalised)."""
    topic = rng.choice(TOPICS)
    return rng.choice(patterns).format(t=topic, T=topic[:1].upper() + topic[1:])


def sentences(rng: random.Random, low: int, high: int, pool: tuple[str, ...] = SENTENCES) -> str:
    """Between ``low`` and ``high`` sentences from ``pool`` joined by spaces."""
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))
