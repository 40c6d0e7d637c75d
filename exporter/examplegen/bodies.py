"""Stored HTML bodies: realistic paragraphs plus every hostile feature the renderer must face."""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

from . import html as h
from . import text

YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
YOUTU_BE_URL = "https://youtu.be/abc123XYZ_0"
EXTERNAL_IMAGES = ("https://cdn.example.net/img/diagram.png",
                   "https://images.example.com/screenshots/settings-page.jpg")
EXTERNAL_LINKS = ("https://developer.wordpress.org/rest-api/", "https://example.com/docs/caching",
                  "https://www.php.net/manual/en/function.json-encode.php")
HASHTAGS = ("#performance", "#caching", "#rest-api", "#日本語", "#wp-cli", "#howto")


@dataclass
class BodyKit:
    """What a body may refer to: local screenshots and handles that resolve to members."""

    screenshots: list[str]
    handles: list[str]


def _feature_blocks(rng: random.Random, kit: BodyKit) -> list[str]:
    """Optional rich blocks, each with its own probability."""
    blocks: list[str] = []
    roll = rng.random
    if roll() < 0.15:
        blocks.append(h.bullet_list(["First item", "Second item with <strong>bold</strong>",
                                     "Third with <code>inline_code()</code>"], roll() < 0.3))
    if roll() < 0.15:
        blocks.append(h.code_block(*rng.choice(text.CODE_SNIPPETS)))
    if roll() < 0.08:
        blocks.append(h.table(["Setting", "Value"], [["limit", "100"], ["offset", "0"]]))
    if roll() < 0.12:
        blocks.append(h.img(rng.choice(kit.screenshots), f"Screenshot {rng.randint(1, 99)}"))
    if roll() < 0.03:
        blocks.append(h.img(rng.choice(EXTERNAL_IMAGES), "External diagram", 640, 360))
    if roll() < 0.10:
        url = rng.choice(EXTERNAL_LINKS)
        blocks.append(h.p(f"See {h.link(url, 'the documentation', external=True)} for details."))
    if roll() < 0.15:
        blocks.append(h.p(f"cc @{rng.choice(kit.handles)} — what do you think?"))
    if roll() < 0.12:
        blocks.append(h.p(f"Tagging this {rng.choice(HASHTAGS)} for later."))
    return blocks


def _i18n_blocks(rng: random.Random) -> list[str]:
    """Optional RTL, mixed-direction, CJK, emoji, entity and embed blocks."""
    blocks: list[str] = []
    roll = rng.random
    if roll() < 0.05:
        blocks.append(h.p(rng.choice(text.ARABIC_PARAGRAPHS), rtl=True))
    if roll() < 0.03:
        blocks.append(h.p(rng.choice(text.HEBREW_PARAGRAPHS), rtl=True))
    if roll() < 0.04:
        blocks.append(h.p(rng.choice(text.MIXED_DIRECTION)))
    if roll() < 0.05:
        blocks.append(h.p(rng.choice(text.CJK_PARAGRAPHS)))
    if roll() < 0.05:
        blocks.append(h.p(rng.choice(text.EMOJI_LINES)))
    if roll() < 0.05:
        blocks.append(h.p("Non-breaking&nbsp;spaces&nbsp;here and a trailing one.&nbsp;"))
    if roll() < 0.03:
        blocks.append(h.p(rng.choice((YOUTUBE_URL, YOUTU_BE_URL))))
    if roll() < 0.04:
        blocks.append(h.p(f"Bare link in text: {rng.choice(EXTERNAL_LINKS)}, then more text."))
    if roll() < 0.03:
        blocks.append(h.p(f"Legacy markdown image: ![diagram]({rng.choice(EXTERNAL_IMAGES)})"))
    return blocks


def post_body(rng: random.Random, kit: BodyKit, lead: str | None = None) -> str:
    """A post body: 1–3 paragraphs (optionally starting with ``lead``) plus random extras."""
    paragraphs = [h.p(escape(lead, quote=False))] if lead else []
    paragraphs += [h.p(text.sentences(rng, 2, 5)) for _ in range(rng.randint(1, 3))]
    blocks = _feature_blocks(rng, kit) + _i18n_blocks(rng)
    rng.shuffle(blocks)
    return "".join(paragraphs[:1] + blocks + paragraphs[1:])


def reply_body(rng: random.Random, kit: BodyKit) -> str:
    """A short reply body with occasional mention, quote, code or non-Latin text."""
    parts = [h.p(text.sentences(rng, 1, 3, text.REPLY_SENTENCES))]
    roll = rng.random()
    if roll < 0.08:
        parts.append(h.p(f"@{rng.choice(kit.handles)} might know more."))
    elif roll < 0.13:
        parts.insert(0, h.blockquote(rng.choice(text.SENTENCES)))
    elif roll < 0.17:
        parts.append(h.p("Try <code>wp cache flush</code> first."))
    elif roll < 0.19:
        parts.append(h.p(rng.choice(text.CJK_PARAGRAPHS)))
    elif roll < 0.21:
        parts.append(h.p(rng.choice(text.ARABIC_PARAGRAPHS), rtl=True))
    elif roll < 0.23:
        parts.append(h.p(rng.choice(text.EMOJI_LINES)))
    return "".join(parts)


def first_paragraph_title(body: str) -> str:
    """Feed-space title rule: first paragraph's text cut to 60 chars, else "Status update"."""
    start = body.find("<p>")
    end = body.find("</p>", start)
    plain = body[start + 3:end] if start >= 0 and end > start else ""
    if "<" in plain:
        plain = ""
    return plain[:60].strip() or "Status update"
