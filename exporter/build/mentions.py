"""``@mentions`` and ``#hashtags`` in text nodes outside links and code (CONTRACT.md §3.2).

A mention links only when the handle resolves to a known user with a page in the mirror;
a hashtag links only when the mirror has that tag's page (the live site links every
``#word``, also to tag pages that do not exist: a mirror would only make broken links).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

_TOKENS = re.compile(r"(<[^>]*>)")
_MENTION = re.compile(r"(?<![\w/.:\-&])@([A-Za-z0-9_-]+)")
_HASHTAG = re.compile(r"(?<![\w/.:\-&])#([^\W_][\w-]*)")
_SKIP_OPEN = re.compile(r"^<(a|code|pre|kbd)\b", re.I)
_SKIP_CLOSE = re.compile(r"^</(a|code|pre|kbd)\s*>", re.I)

Lookup = Callable[[str], str | None]


def link_text(html: str, mention_href: Lookup, tag_href: Lookup) -> str:
    """Link mentions and hashtags in ``html``; ``*_href`` return a mirror path or None."""
    if "@" not in html and "#" not in html:
        return html
    parts = _TOKENS.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if _SKIP_OPEN.match(part) and not part.endswith("/>"):
                depth += 1
            elif _SKIP_CLOSE.match(part):
                depth = max(0, depth - 1)
            continue
        if depth or not part or ("@" not in part and "#" not in part):
            continue
        parts[i] = _link_part(part, mention_href, tag_href)
    return "".join(parts)


def _link_part(text: str, mention_href: Lookup, tag_href: Lookup) -> str:
    def mention(m: re.Match[str]) -> str:
        href = mention_href(m.group(1))
        return f'<a href="{html_lib.escape(href)}" class="jt-mention">{m.group(0)}</a>' if href else m.group(0)

    def hashtag(m: re.Match[str]) -> str:
        href = tag_href(m.group(1))
        return f'<a href="{html_lib.escape(href)}" class="jt-tag-link">{m.group(0)}</a>' if href else m.group(0)

    return _HASHTAG.sub(hashtag, _MENTION.sub(mention, text))
