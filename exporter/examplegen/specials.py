"""Hand-made public posts: every hostile title, body and flag combination appears at least once.

Private ``_thread`` markers tell :mod:`replies` which posts get special threads; they are
removed before the dataset is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from . import bodies, clock
from . import html as h
from .bodies import BodyKit
from .context import Ctx
from .media import MediaLibrary
from .posts import IDEA_STATUSES, new_post
from .users import Roles

LONG_TITLE = ("A very long title that keeps going because the author could not decide what "
              "to leave out: caching, cron, permalinks, REST pagination, nonces, rate limits, "
              "image sizes, translations, RTL stylesheets, multisite, WP-CLI, Docker volumes "
              "and the block editor all misbehave at once after the update, and nothing helps")
NO_SPACES_TITLE = ("Supercalifragilistic_ExpialidociousConfigurationValueThatNeverEnds"
                   "AndNeverBreaksBecauseThereIsNoWhitespaceAnywhereInIt_0123456789ABCDEFGHIJKL")
RLO_TITLE = "Right-to-left override \u202etxt.exe\u202c and zero\u200bwidth\u200bspaces"
XSS_TITLE = "<img src=x onerror=alert('title')> \"Quoted\" & <b>bold</b> title"
EMOJI_TITLE = "🚀 Launch day! 🎉 Emoji everywhere 🔥💯"
COLLIDING_TITLE = "Duplicate title for slug collision"


def _at(ctx: Ctx, days_ago: float, hour: int = 10) -> datetime:
    return (ctx.now - timedelta(days=days_ago)).replace(hour=hour, minute=17, second=3)


def _title_specials(ctx: Ctx, sp: dict[str, dict], roles: Roles, kit: BodyKit) -> list[dict]:
    rng = ctx.rng("specials:titles")
    body = partial(bodies.post_body, rng, kit)
    user = 4  # j.doe
    rows = [
        new_post(sp["plugins"], user, _at(ctx, 700), LONG_TITLE, body()),
        new_post(sp["plugins"], 5, _at(ctx, 650), NO_SPACES_TITLE, body()),
        new_post(sp["help"], 6, _at(ctx, 600), RLO_TITLE, body()),
        new_post(sp["offtopic"], roles.xss_name, _at(ctx, 550), XSS_TITLE, body()),
        new_post(sp["announcements"], roles.admin, _at(ctx, 500), EMOJI_TITLE, body()),
        new_post(sp["help"], 3, _at(ctx, 450), "如何配置永久链接？", body()),
        new_post(sp["japanese"], 9, _at(ctx, 420), "日本語のスレッド：キャッシュの問題", body()),
        new_post(sp["intl"], 10, _at(ctx, 400), "한국어 질문: 검색이 안 돼요", body()),
        new_post(sp["intl"], 6, _at(ctx, 380), "كيف أبدأ مع واجهة REST البرمجية؟",
                 h.p(bodies.text.ARABIC_PARAGRAPHS[0], rtl=True) + body()),
        new_post(sp["intl"], 7, _at(ctx, 360), "איך מגדירים מטמון?",
                 h.p(bodies.text.HEBREW_PARAGRAPHS[0], rtl=True) + body()),
        new_post(sp["intl"], 22, _at(ctx, 340), "Ünïcödé Çafé naïve résumé — diacritics test",
                 body()),
        new_post(sp["intl"], 8, _at(ctx, 330), "Mixed direction: English then العربية then "
                 "English again", h.p(bodies.text.MIXED_DIRECTION[1]) + body()),
    ]
    for n, key in enumerate(("plugins", "offtopic", "sandbox")):
        rows.append(new_post(sp[key], 14 + n, _at(ctx, 300 - 20 * n), COLLIDING_TITLE, body()))
    return rows


def _legacy_specials(ctx: Ctx, sp: dict[str, dict]) -> list[dict]:
    """Rows imported before kses: served exactly as stored (``raw_legacy``)."""
    script_body = ("<p>This row was written straight to the database, like an old import.</p>"
                   "<script>alert('jt-legacy-body')</script><p><a href=\"javascript:alert("
                   "'jt-legacy-link')\">javascript link</a> <img src=x onerror=\"alert("
                   "'jt-legacy-img')\"> <span onmouseover=\"alert(1)\">hover</span></p>"
                   "<iframe src=\"{home}/\"></iframe><style>body{display:none}</style>")
    soup = ("<div>Line one of an old post<br><br>Line two after a double break</div><div><div>"
            "Nested div soup <b>unclosed bold</div></div><div>&nbsp;</div><div>Last line")
    plain = ("Plain text from the old forum.\n\nSecond paragraph, separated by a blank line.\n\n"
             "Third one with a URL: https://example.com/old-forum/thread/42 and <3 hearts.")
    specs = (
        ("introductions", "<script>alert('jt-legacy-title')</script>Legacy import: raw script "
         "in title", script_body, "mixed-direction-english-then-العربية-then-english-again"),
        ("archive", "Legacy import: <a href=\"javascript:alert(1)\">link in title</a>", soup,
         "Migrating away from transients"),
        ("archive", "Imported from phpBB (plain text)", plain, None),
    )
    rows = []
    for n, (key, title, content, slug_source) in enumerate(specs):
        row = new_post(sp[key], 14, _at(ctx, 1500 - 40 * n), title, content, raw_legacy=True,
                       type="" if n == 2 else "post")
        if slug_source:
            row["_slug_source"] = slug_source
        if n == 0:
            row["content_plain"] = "legacy import raw html"
        rows.append(row)
    return rows


def _showcase_body(kit: BodyKit) -> str:
    """One body with every formatting feature the composer (and old imports) produce."""
    shot = kit.screenshots[0]
    return "".join((
        h.p("Formatting test: <strong>bold</strong>, <em>italic</em>, <code>code</code>, "
            "<del>struck</del> and a <a href=\"https://example.com/\">link</a>."),
        "<h2>Details</h2><h3>Environment</h3>", h.p("PHP 8.2, MariaDB 10.11, nginx 1.22."),
        h.code_block(*bodies.text.CODE_SNIPPETS[0]), h.code_block(*bodies.text.CODE_SNIPPETS[3]),
        h.table(["Setting", "Value"], [["limit", "100"], ["offset", "0"], ["sort", "<b>x</b>"]]),
        h.bullet_list(["one", "two", "three"]), h.bullet_list(["first", "second"], True),
        h.img(shot, "Local screenshot"), h.img(bodies.EXTERNAL_IMAGES[1], "External", 640, 360),
        h.p(f"Markdown image: ![local shot]({shot}) and external ![diagram]"
            f"({bodies.EXTERNAL_IMAGES[0]})"),
        h.p(f'Auto-linked markdown: ![alt](<a href="{bodies.EXTERNAL_IMAGES[0]}">'
            f"{bodies.EXTERNAL_IMAGES[0]}</a>)"),
        h.p(bodies.YOUTUBE_URL), h.p(bodies.YOUTU_BE_URL),
        h.p(f"Inline bare URL {bodies.EXTERNAL_LINKS[1]}. Then text."),
        h.p("Thanks @grace_kim and @j-doe and @anna-k! @nobody_here does not exist; "
            "mail me at someone@example.com (not a mention)."),
        h.p("Hashtags: #performance #caching #日本語 and an issue number #123."),
        h.p(bodies.text.ARABIC_PARAGRAPHS[0], rtl=True), h.p(bodies.text.HEBREW_PARAGRAPHS[1],
                                                             rtl=True),
        h.p(bodies.text.MIXED_DIRECTION[0]), h.p(bodies.text.CJK_PARAGRAPHS[1]),
        h.p(bodies.text.EMOJI_LINES[0]), h.p("Non&nbsp;breaking&nbsp;&nbsp;spaces&nbsp;"),
        h.blockquote("Quoted text with <em>emphasis</em>."),
        h.p('Broken internal link: <a href="{home}/community/s/no-such-space/t/removed-topic/">'
            "a topic that was deleted</a>."),
        h.p("Escaped markup shown as text: &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
            "&quot;quotes&quot;"),
    ))


def _flag_specials(ctx: Ctx, sp: dict[str, dict], roles: Roles, kit: BodyKit,
                   media: MediaLibrary) -> list[dict]:
    rng = ctx.rng("specials:flags")
    body = partial(bodies.post_body, rng, kit)
    rows = [
        new_post(sp["announcements"], roles.admin, _at(ctx, 1790), "Welcome to the community "
                 "— read this first", _showcase_body(kit), is_sticky=True, vote_score=42),
        new_post(sp["help"], roles.moderator, _at(ctx, 1780), "How to ask a good question "
                 "(pinned)", body(), is_sticky=True, is_closed=True, vote_score=17),
        new_post(sp["offtopic"], 19, _at(ctx, 200), "Unpopular opinion: tabs are better than "
                 "spaces", body(), vote_score=-7),
        new_post(sp["offtopic"], 20, _at(ctx, 190), "Nobody voted on this one", body(),
                 vote_score=0, view_count=3),
        new_post(sp["plugins"], 18, _at(ctx, 180), "Edited after posting: the fix was in "
                 "wp-config.php", body(), prefix="Solved", is_closed=True,
                 edited_at=clock.site_local(_at(ctx, 170)), edited_by=18),
        new_post(sp["plugins"], 16, _at(ctx, 160), "Screenshot and PDF of the export error",
                 body(), prefix="Bug", attachments=[
                     media.attachment("wp-content/uploads/2026/05/export-error.png", "image",
                                      "Export error"),
                     media.attachment("wp-content/uploads/2026/05/export-log.pdf", "pdf",
                                      "Export log")]),
        new_post(sp["introductions"], 21, _at(ctx, 30), "Status update",
                 h.img(kit.screenshots[1], "Just a picture")),
        new_post(sp["sandbox"], roles.deleted, _at(ctx, 900), "Post by an account that was "
                 "deleted later", body()),
        new_post(sp["review"], 17, _at(ctx, 3, 8), "Please review my REST controller", body(),
                 published_at=None),
    ]
    labels = ("unsorted", "planned", "in progress", "shipped", "declined")
    for n, status in enumerate(IDEA_STATUSES):
        title = f"Roadmap idea #{n + 1}: {labels[n]}"
        rows.append(new_post(sp["ideas"], 2 + n, _at(ctx, 600 - 90 * n), title, body(),
                             idea_status=status, vote_score=10 * n - 5))
    return rows


def _thread_specials(ctx: Ctx, sp: dict[str, dict], roles: Roles, kit: BodyKit) -> list[dict]:
    rng = ctx.rng("specials:threads")
    body = partial(bodies.post_body, rng, kit)
    specs = (("offtopic", 14, 800, "The mega thread: say hi and tell us what you are working "
              "on 👋", "mega"),
             ("plugins", 15, 260, "Deeply nested discussion about hook priorities", "deep"),
             ("help", 17, 240, "Reply to a deleted reply (orphan thread)", "orphan"),
             ("restqa", 16, 220, "Why does my accepted answer show as private?",
              "private_accepted"),
             ("help", 18, 210, "How do I paginate /replies without looping forever?",
              "accepted"))
    rows = []
    for key, author, days, title, marker in specs:
        row = new_post(sp[key], author, _at(ctx, days), title, body(), vote_score=5)
        row["_thread"] = marker
        rows.append(row)
    return rows


def _anonymous_specials(ctx: Ctx, sp: dict[str, dict], roles: Roles, kit: BodyKit) -> list[dict]:
    """Posts by users who only ever post anonymously (their names are grepped for leaks)."""
    rng = ctx.rng("specials:anon")
    keys = ("help", "offtopic", "restqa", "ideas", "plugins")
    rows = []
    for n in range(ctx.scaled(3, minimum=3) * len(roles.anon_only)):
        author = roles.anon_only[n % len(roles.anon_only)]
        space = sp[keys[n % len(keys)]]
        title = ("Asking anonymously: is my setup secure?", "Anonymous feedback about the "
                 "moderation", "Whistle-blowing about a plugin vulnerability")[n % 3]
        rows.append(new_post(space, author, _at(ctx, 20 + 37 * n), title,
                             bodies.post_body(rng, kit), is_anonymous=True))
    return rows


def special_posts(ctx: Ctx, sp: dict[str, dict], roles: Roles, kit: BodyKit,
                  media: MediaLibrary) -> list[dict]:
    """All hand-made public posts."""
    return (_title_specials(ctx, sp, roles, kit) + _legacy_specials(ctx, sp)
            + _flag_specials(ctx, sp, roles, kit, media) + _thread_specials(ctx, sp, roles, kit)
            + _anonymous_specials(ctx, sp, roles, kit))
