"""Repairs the live page applies before display (CONTRACT.md §3.2, steps 1–3).

1. div soup from the contenteditable composer → ``<p>`` paragraphs;
2. legacy markdown images ``![alt](url)`` (also with the URL auto-linked) → ``<img>``;
3. text without block markup (old ``\\n\\n`` rows) → paragraphs, via markdown-it-py restricted
   to paragraphs, line breaks and images (the live site renders no other markdown).
"""

from __future__ import annotations

import html as html_lib
import re

from markdown_it import MarkdownIt

_BLOCK = re.compile(r"<(p|ul|ol|pre|blockquote|h[1-6]|table|figure|hr)\b", re.I)
_DIV_OPEN = re.compile(r"<div(?![^>]*jt-embed)[^>]*>", re.I)
_EMPTY_P = re.compile(r"<p>\s*(?:<br\s*/?>\s*)*</p>", re.I)
_DOUBLE_BR = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)
_MD_IMG_LINKED = re.compile(
    r"!\[([^\]]*)\]\(\s*<a\b[^>]*\bhref=\"(https?://[^\"<>\s]+)\"[^>]*>[^<]*</a>\s*\)", re.I)
_MD_IMG = re.compile(r"!\[([^\]\n<>]*)\]\(\s*(https?://[^\s()<>\"']+)\s*\)")

_MD = MarkdownIt("zero", {"html": True, "breaks": True}).enable(["paragraph", "newline", "image"])


def repair_div_soup(html: str) -> str:
    """Turn ``<div>line</div><div><br></div>`` soup into paragraphs (embeds untouched)."""
    if "<div" not in html.lower() or _BLOCK.search(html):
        return html
    out = _DIV_OPEN.sub("<p>", html)
    out = re.sub(r"</div>", "</p>", out, flags=re.I) if out != html else out
    out = _DOUBLE_BR.sub("</p><p>", out)
    return _EMPTY_P.sub("", out)


def _img(match: re.Match[str]) -> str:
    alt = html_lib.escape(html_lib.unescape(match.group(1)), quote=True)
    src = html_lib.escape(html_lib.unescape(match.group(2)), quote=True)
    return f'<img src="{src}" alt="{alt}" loading="lazy">'


def markdown_images(html: str) -> str:
    """``![alt](url)`` and ``![alt](<a href=url>url</a>)`` → ``<img loading=lazy>``."""
    if "![" not in html:
        return html
    return _MD_IMG.sub(_img, _MD_IMG_LINKED.sub(_img, html))


def is_legacy_text(html: str) -> bool:
    """No block markup at all: an old row of ``\\n\\n``-separated text."""
    return not _BLOCK.search(html) and "jt-embed" not in html


def paragraphs(text: str) -> str:
    """Paragraph-wrap legacy text (``wpautop``'s job on the live site)."""
    return _MD.render(text).strip()


def repair(html: str) -> str:
    """Steps 1–3 in the live order."""
    html = repair_div_soup(html or "")
    if is_legacy_text(html):
        return paragraphs(markdown_images(html)) if html.strip() else ""
    return markdown_images(html)
