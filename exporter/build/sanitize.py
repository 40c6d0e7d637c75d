"""The final, allow-list sanitiser every body goes through (nh3 / ammonia).

Only harmless formatting survives: no script/style/iframe, no ``on*`` attribute, no
``javascript:``/``data:`` URL. Every ``href``/``src`` is passed to a URL rewriter (links to the
live community become mirror paths, media become local files). External links get
``rel="nofollow noopener ugc"`` after cleaning.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable

import nh3

TAGS = frozenset({
    "p", "br", "a", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark",
    "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "img", "hr", "span",
    "div", "figure", "figcaption", "details", "summary", "abbr", "q", "small", "cite",
})
ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "width", "height", "loading", "title"},
    "div": {"class"},
    "code": {"class"},
    "span": {"class"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Classes the theme styles; anything else is dropped.
_CLASSES = {
    "a": {"jt-mention", "jt-tag-link", "jt-embed-link"},
    "div": {"jt-embed"},
    "span": {"jt-private"},
}
_NUMERIC = re.compile(r"^\d{1,5}$")
_LANG_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")
_EXTERNAL_A = re.compile(r'<a href="(https?://[^"]*)"')

UrlRewriter = Callable[[str, str], str | None]


def _filter_class(tag: str, value: str) -> str | None:
    if tag == "code":
        kept = [c for c in value.split() if _LANG_CLASS.match(c)]
    else:
        kept = [c for c in value.split() if c in _CLASSES.get(tag, ())]
    return " ".join(kept) or None


def _make_filter(rewrite: UrlRewriter) -> Callable[[str, str, str], str | None]:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "class":
            return _filter_class(tag, value)
        if attr in ("href", "src"):
            return rewrite(attr, value)
        if attr in ("width", "height", "colspan", "rowspan", "start"):
            return value if _NUMERIC.match(value.strip()) else None
        if attr == "loading":
            return "lazy"
        return value
    return attribute_filter


_BY_OWNER: weakref.WeakKeyDictionary[object, nh3.Cleaner] = weakref.WeakKeyDictionary()
_BY_FUNC: dict[UrlRewriter, nh3.Cleaner] = {}


def _build(rewrite: UrlRewriter) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True,
        attribute_filter=_make_filter(rewrite))


def _weak(rewrite: UrlRewriter) -> UrlRewriter:
    """The bound method ``rewrite`` without keeping its object alive (a cached cleaner must
    not pin a whole build's index in memory after the build)."""
    ref = weakref.WeakMethod(rewrite)  # type: ignore[arg-type]

    def call(attr: str, url: str) -> str | None:
        method = ref()
        return method(attr, url) if method is not None else None
    return call


# The owner asked for last and its cleaner: a build cleans every body with one linker, and
# this check is cheaper than a WeakKeyDictionary look-up (which makes a weakref per call).
_last: tuple[weakref.ref, nh3.Cleaner] | None = None


def _cleaner(rewrite: UrlRewriter) -> nh3.Cleaner:
    """One reusable nh3 cleaner per URL rewriter (building one costs more than cleaning):
    per object for bound methods (dropped with the object), per function otherwise."""
    global _last
    owner = getattr(rewrite, "__self__", None)
    if owner is not None:
        if _last is not None and _last[0]() is owner:
            return _last[1]
        cleaner = _BY_OWNER.get(owner)
        if cleaner is None:
            cleaner = _BY_OWNER[owner] = _build(_weak(rewrite))
        _last = (weakref.ref(owner), cleaner)
        return cleaner
    cleaner = _BY_FUNC.get(rewrite)
    if cleaner is None:
        if len(_BY_FUNC) >= 8:
            _BY_FUNC.clear()
        cleaner = _BY_FUNC[rewrite] = _build(rewrite)
    return cleaner


def sanitize(html: str, rewrite: UrlRewriter) -> str:
    """Clean ``html`` with the allow-list; rewrite URLs; mark external links."""
    cleaned = _cleaner(rewrite).clean(html)
    if '<a href="http' not in cleaned:  # what every match of _EXTERNAL_A starts with
        return cleaned
    return _EXTERNAL_A.sub(r'<a href="\1" rel="nofollow noopener ugc"', cleaned)
