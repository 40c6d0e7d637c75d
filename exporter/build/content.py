"""The content pipeline: REST ``content`` → the safe HTML the mirror shows (CONTRACT.md §3.2).

Order (as the live page): repair div soup / legacy text → markdown images → paragraphs →
embeds become links (no third-party iframes in the mirror) → @mentions and #hashtags →
sanitise with rewritten URLs. All input is untrusted; only :func:`sanitize` output leaves.
"""

from __future__ import annotations

import html as html_lib
import re
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from . import legacy, mentions
from .sanitize import sanitize

_IFRAME = re.compile(r"<iframe\b([^>]*)>(.*?)(?:</iframe\s*>|$)", re.I | re.S)
_ATTR = re.compile(r"""\b(src|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class ContentLinks(Protocol):
    """What the pipeline needs to know about the mirror (implemented by the site index)."""

    def mention_href(self, handle: str) -> str | None: ...
    def tag_href(self, word: str) -> str | None: ...
    def rewrite_url(self, attr: str, url: str) -> str | None: ...


@dataclass(frozen=True)
class Rendered:
    """A rendered body: ``html`` uses root-relative mirror paths (made relative per page)."""

    html: str


def _iframe_to_link(match: re.Match[str]) -> str:
    attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(match.group(1))}
    src = html_lib.unescape(attrs.get("src", "")).strip()
    if not src.lower().startswith(("http://", "https://")):
        return ""
    host = urllib.parse.urlsplit(src).hostname or src
    label = html_lib.unescape(attrs.get("title", "")).strip() or f"Embedded content from {host}"
    return (f'<a href="{html_lib.escape(src, quote=True)}" class="jt-embed-link">'
            f"{html_lib.escape(label)}</a>")


def embeds_to_links(html: str) -> str:
    """Replace every ``<iframe>`` by a plain link to what it embedded (click to visit)."""
    return _IFRAME.sub(_iframe_to_link, html) if "<iframe" in html.lower() else html


def render_content(raw: str, links: ContentLinks) -> str:
    """Run the whole pipeline on one post or reply body."""
    html = legacy.repair(raw or "")
    html = embeds_to_links(html)
    html = mentions.link_text(html, links.mention_href, links.tag_href)
    return sanitize(html, links.rewrite_url)


class RenderedBodies:
    """The bodies rendered last, by their exact raw text, with the media files each uses
    (rendering is a pure function of the text for one build's links; many replies repeat one).

    Bounded: at most ``size`` bodies, the least recently used dropped first."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._items: OrderedDict[str, tuple[str, frozenset[str]]] = OrderedDict()

    def get(self, raw: str) -> tuple[str, frozenset[str]] | None:
        """``(html, media)`` of ``raw`` if it was rendered lately."""
        hit = self._items.get(raw)
        if hit is not None:
            self._items.move_to_end(raw)
        return hit

    def put(self, raw: str, html: str, media: frozenset[str]) -> None:
        self._items[raw] = (html, media)
        if len(self._items) > self.size:
            self._items.popitem(last=False)


def relativize(html: str, root: str) -> str:
    """Make the body's root-relative mirror links relative to a page (``root`` = ``../../``)."""
    return html.replace('href="/', f'href="{root}').replace('src="/', f'src="{root}')
