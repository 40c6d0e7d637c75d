"""Content as the REST API serves it (CONTRACT.md §3.2) and WordPress-style text helpers.

``rest_content`` applies the plugin's embed processor to stored HTML: ``&nbsp;`` collapsed,
empty ``<p>`` removed, every standalone URL in a text node outside ``<a>`` turned into a
``<div class="jt-embed">`` iframe (YouTube/Vimeo) or ``<a href target=_blank rel=noopener>``.
"""

from __future__ import annotations

import html
import re

_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}'\""
_EMPTY_P = re.compile(r"<p[^>]*>(?:\s|&nbsp;|\u00a0|<br\s*/?>)*</p>", re.I)
_NBSP = re.compile(r"(?:&nbsp;|\u00a0)+")
_SPACES = re.compile(r" {2,}")
_YOUTUBE = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:[^#\s]*&)?v=|youtu\.be/)"
                      r"([A-Za-z0-9_-]{6,})")
_VIMEO = re.compile(r"^https?://(?:www\.)?vimeo\.com/(\d+)")
_ALONE_P = re.compile(r"<p>\s*(https?://[^\s<>\"']+)\s*</p>")
_SCRIPT_STYLE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]*>")
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1", re.I | re.S)
_ENTITY_OK = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


def embed_html(url: str) -> str | None:
    """Provider embed HTML (YouTube/Vimeo iframe) for a URL, or None for a plain link."""
    m = _YOUTUBE.match(url)
    if m:
        return ('<div class="jt-embed"><iframe title="YouTube video player" width="680" height="383" '
                f'src="https://www.youtube.com/embed/{m.group(1)}?feature=oembed" frameborder="0" '
                'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; '
                'picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" '
                'allowfullscreen></iframe></div>')
    m = _VIMEO.match(url)
    if m:
        return ('<div class="jt-embed"><iframe src="https://player.vimeo.com/video/'
                f'{m.group(1)}?dnt=1&amp;app_id=122963" width="680" height="383" frameborder="0" '
                'allow="autoplay; fullscreen; picture-in-picture; clipboard-write" '
                'title="Vimeo video"></iframe></div>')
    return None


def _split_trailing(url: str) -> tuple[str, str]:
    """Keep trailing sentence punctuation outside the link."""
    core = url.rstrip(_TRAILING)
    return core, url[len(core):]


def _link_url(match: re.Match[str]) -> str:
    url, tail = _split_trailing(match.group(0))
    if not url:
        return match.group(0)
    embed = embed_html(url)
    if embed:
        return embed + tail
    safe = html.escape(url, quote=True)
    return f'<a href="{safe}" target="_blank" rel="noopener">{url}</a>{tail}'


def _link_text_nodes(markup: str) -> str:
    """Replace URLs in text nodes that are not inside an ``<a>`` element."""
    out: list[str] = []
    in_a = 0
    for part in _TAG_SPLIT.split(markup):
        if part.startswith("<"):
            low = part[:3].lower()
            if low.startswith("<a") and (len(part) > 2 and (part[2] in " >\t\n")):
                in_a += 1
            elif low == "</a":
                in_a = max(0, in_a - 1)
            out.append(part)
        elif in_a or "http" not in part:
            out.append(part)
        else:
            out.append(_URL.sub(_link_url, part))
    return "".join(out)


def _embed_alone_paragraph(match: re.Match[str]) -> str:
    url, tail = _split_trailing(match.group(1))
    embed = embed_html(url) if not tail else None
    return embed if embed else match.group(0)


def rest_content(stored: str) -> str:
    """Stored HTML -> the ``content`` field of REST answers (embed processor of §3.2)."""
    text = _NBSP.sub(" ", stored)
    text = _SPACES.sub(" ", text)
    text = _EMPTY_P.sub("", text)
    text = _ALONE_P.sub(_embed_alone_paragraph, text)
    return _link_text_nodes(text)


def strip_all_tags(markup: str) -> str:
    """WordPress ``wp_strip_all_tags``: drop script/style with content, drop tags, trim."""
    return _ANY_TAG.sub("", _SCRIPT_STYLE.sub("", markup)).strip()


def first_image(markup: str) -> str | None:
    """``src`` of the first ``<img>`` in stored HTML (oEmbed thumbnail)."""
    m = _IMG_SRC.search(markup)
    return html.unescape(m.group(2)) if m else None


def esc_html(text: str) -> str:
    """WordPress ``esc_html``: escape ``<>"'`` and ``&`` without double-encoding entities."""
    text = _ENTITY_OK.sub("&amp;", text)
    return (text.replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#039;"))


def esc_url(url: str) -> str:
    """WordPress ``esc_url`` for display: ``&`` becomes ``&#038;``."""
    return url.replace("&", "&#038;").replace('"', "%22").replace("<", "%3C").replace(">", "%3E")


def trim_words(text: str, count: int = 55, more: str = "&hellip;") -> str:
    """WordPress ``wp_trim_words`` on already-stripped text."""
    words = text.split()
    if len(words) > count:
        return " ".join(words[:count]) + more
    return " ".join(words)


def collapse_ws(text: str) -> str:
    """Whitespace runs -> one space, trimmed."""
    return " ".join(text.split())
