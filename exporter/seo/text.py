"""Text and date helpers shared by feeds, oEmbed, meta tags and JSON-LD.

Every string that reaches a feed, a meta tag or a JSON document passes through here first:
entities decoded (the live RSS leaks ``&hellip;``), markup stripped, XML-illegal control
characters dropped, whitespace collapsed. Dates in the snapshot are UTC strings without a
zone (CONTRACT.md §3.1); they become aware ``datetime`` objects here.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from datetime import datetime, timezone

import nh3

from ..timestamps import parse_plain, plain_iso_utc

_WS = re.compile(r"\s+")
# Characters XML 1.0 forbids (C0 controls except tab/newline/CR, surrogates, U+FFFE/FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
ELLIPSIS = "\u2026"
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})  # built once: reused


@lru_cache(maxsize=1024)  # small: its keys are whole bodies
def plain_text(value: str | None) -> str:
    """Markup-free, entity-decoded, whitespace-collapsed text (safe to escape once later)."""
    if not value:
        return ""
    text = str(value)
    if _may_hold_markup(text):
        text = html.unescape(html.unescape(_TEXT_ONLY.clean(text)))
    if text.isprintable():  # printable text holds no XML-illegal character...
        if _collapsed(text):
            return text
    else:
        text = _XML_ILLEGAL.sub("", text)
    return " ".join(text.split())  # ``split()`` cuts at exactly what ``\s`` matches


def _collapsed(printable: str) -> bool:
    """True when ``" ".join(printable.split())`` is ``printable`` itself: printable text holds
    no whitespace but the ASCII space (every other whitespace character is a Unicode "other"
    or "separator"), so it is collapsed when no space is doubled, leading or trailing. Most
    stored bodies are one line of such text: splitting them into words and joining the words
    again was most of the work."""
    return "  " not in printable and printable[:1] != " " and printable[-1:] != " "


def _may_hold_markup(text: str) -> bool:
    """False when the cleaner would hand ``text`` back as it is, once its escaping is undone:
    no tag, no entity, no leading byte-order mark (the HTML parser drops it). Most
    ``content_plain`` values are such text."""
    return "<" in text or "&" in text or text.startswith("\ufeff")


def clip_words(text: str, words: int) -> str:
    """The first ``words`` words of ``text``, with ``…`` appended when something was cut."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + ELLIPSIS


def clip_chars(text: str, limit: int, keep: int | None = None) -> str:
    """``text`` if it fits in ``limit`` characters, else its first ``keep`` (default
    ``limit - 1``) characters, right-stripped, plus ``…``."""
    if len(text) <= limit:
        return text
    keep = limit - 1 if keep is None else keep
    return text[:keep].rstrip() + ELLIPSIS


def first_image(content_html: str | None) -> str | None:
    """The ``src`` of the first ``<img>`` in stored HTML content, if any (http(s) only)."""
    match = _IMG_SRC.search(content_html or "")
    if not match:
        return None
    src = html.unescape(match.group(1)).strip()
    return src if src.startswith(("http://", "https://")) else None


def parse_utc(value: str | None) -> datetime | None:
    """A snapshot ``YYYY-MM-DD HH:MM:SS`` (UTC, no zone) or ISO ``…Z`` string as aware UTC."""
    if not value:
        return None
    return _parse_utc(str(value))


@lru_cache(maxsize=8192)
def _parse_utc(value: str) -> datetime | None:
    """Cached: a build asks for the same few thousand timestamps again and again."""
    if value.startswith("0000"):
        return None
    text = value.strip().replace("T", " ").rstrip("Z")[:19]
    dt = parse_plain(text)  # the usual shape, without strptime's per-call work
    if dt is None:
        try:
            dt = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return None
    return dt.replace(tzinfo=timezone.utc)


def iso(value: datetime | None) -> str | None:
    """W3C/ISO-8601 with ``+00:00`` (what the live sitemap, OG and JSON-LD print)."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if value else None


def first_date(*values: str | None) -> datetime | None:
    """The first of ``values`` that parses as a date."""
    for value in values:
        parsed = parse_utc(value)
        if parsed:
            return parsed
    return None


def first_iso(*values: str | None) -> str | None:
    """``iso(first_date(*values))``, without a ``datetime`` for the usual shape (JSON-LD and
    meta tags print tens of thousands of distinct reply dates per build)."""
    for value in values:
        found = _iso_utc(str(value)) if value else None
        if found:
            return found
    return None


def _iso_utc(value: str) -> str | None:
    """``iso(_parse_utc(value))``: a valid ``YYYY-MM-DD HH:MM:SS`` already holds the digits
    ``isoformat`` prints."""
    if len(value) == 19 and value[10] == " " and parse_plain(value) is not None:
        return plain_iso_utc(value)  # the stored shape itself: nothing to strip or replace
    text = value.strip().replace("T", " ").rstrip("Z")[:19]
    if parse_plain(text) is not None:
        return plain_iso_utc(text)
    return iso(_parse_utc(value))


def literal_text(value: str | None) -> str:
    """Plain-text fields (titles, names) as the literal text they are: not unescaped, not
    stripped of ``<…>`` (escaping happens once, where the text is written), only
    XML-illegal characters dropped and whitespace collapsed."""
    if not value:
        return ""
    text = str(value)
    # Printable text holds no XML-illegal character and no whitespace but the ASCII space
    # (both are Unicode "other"/"separator" classes), so most titles and names are already
    # their own result: skip the two regex passes for them.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return _WS.sub(" ", _XML_ILLEGAL.sub("", text)).strip()
