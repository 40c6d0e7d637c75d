"""Slugs exactly as WordPress makes them: ``sanitize_title()`` in the ``save`` context.

``sanitize_title`` = ``remove_accents`` + ``sanitize_title_with_dashes(..., 'save')``:
tags stripped, lower-cased, non-ASCII percent-encoded as lower-case hex of the UTF-8 bytes
(truncated at 200 encoded characters), dashes/spaces/slashes to ``-``, invisible characters
dropped, everything outside ``[%a-z0-9_-]`` removed.  ``c++`` → ``c``, ``node.js`` → ``node-js``,
``日本語`` → ``%e6%97%a5%e6%9c%ac%e8%aa%9e`` (checked against the captured samples).
"""

from __future__ import annotations

import re
import unicodedata

from .accents import ACCENTS

_TAG_RE = re.compile(r"<(?=[A-Za-z/!?])[^>]*(?:>|$)")
_OCTET_RE = re.compile(r"%([a-fA-F0-9]{2})")
_KEPT_OCTET_RE = re.compile(r"---([a-fA-F0-9]{2})---")
_ENTITY_RE = re.compile(r"&.+?;")
_DISALLOWED_RE = re.compile(r"[^%a-z0-9 _-]")
_SPACE_RE = re.compile(r"[ \t\n\r\x0b\x0c]+")
_DASHES_RE = re.compile(r"-+")

_TO_DASH = ("%c2%a0", "%e2%80%93", "%e2%80%94", "&nbsp;", "&#160;", "&ndash;", "&#8211;",
            "&mdash;", "&#8212;", "/")
_STRIP = ("%c2%ad", "%c2%a1", "%c2%bf", "%c2%ab", "%c2%bb", "%e2%80%b9", "%e2%80%ba",
          "%e2%80%98", "%e2%80%99", "%e2%80%9c", "%e2%80%9d", "%e2%80%9a", "%e2%80%9b",
          "%e2%80%9e", "%e2%80%9f", "%e2%80%a2", "%c2%a9", "%c2%ae", "%c2%b0", "%e2%80%a6",
          "%e2%84%a2", "%c2%b4", "%cb%8a", "%cc%81", "%cd%81", "%cc%80", "%cc%84", "%cc%8c",
          "%e2%80%8b", "%e2%80%8c", "%e2%80%8d", "%e2%80%8e", "%e2%80%8f", "%e2%80%aa",
          "%e2%80%ab", "%e2%80%ac", "%e2%80%ad", "%e2%80%ae", "%ef%bb%bf", "%ef%bf%bc")
_WIDE_SPACES = ("%e2%80%80", "%e2%80%81", "%e2%80%82", "%e2%80%83", "%e2%80%84", "%e2%80%85",
                "%e2%80%86", "%e2%80%87", "%e2%80%88", "%e2%80%89", "%e2%80%8a", "%e2%80%a8",
                "%e2%80%a9", "%e2%80%af")


def remove_accents(text: str) -> str:
    """WordPress ``remove_accents`` (NFC first, then the fixed Latin folding table)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(ACCENTS)


def utf8_uri_encode(text: str, length: int = 200) -> str:
    """WordPress ``utf8_uri_encode``: percent-encode non-ASCII, stop before ``length`` chars."""
    out: list[str] = []
    used = 0
    for char in text:
        if ord(char) < 128:
            if used + 1 > length:
                break
            out.append(char)
            used += 1
            continue
        octets = char.encode("utf-8")
        if used + 3 * len(octets) > length:
            break
        out.append("".join(f"%{b:x}" for b in octets))
        used += 3 * len(octets)
    return "".join(out)


def sanitize_title(title: str) -> str:
    """Return the slug WordPress ``sanitize_title(title)`` gives (``save`` context)."""
    slug = _TAG_RE.sub("", remove_accents(title))
    slug = _OCTET_RE.sub(r"---\1---", slug).replace("%", "")
    slug = _KEPT_OCTET_RE.sub(r"%\1", slug)
    slug = utf8_uri_encode(slug.lower(), 200).lower()
    for token in _TO_DASH:
        slug = slug.replace(token, "-")
    for token in _STRIP:
        slug = slug.replace(token, "")
    for token in _WIDE_SPACES:
        slug = slug.replace(token, "-")
    slug = slug.replace("%c3%97", "x")
    slug = _ENTITY_RE.sub("", slug).replace(".", "-")
    slug = _DISALLOWED_RE.sub("", slug)
    slug = _SPACE_RE.sub("-", slug)
    return _DASHES_RE.sub("-", slug).strip("-")


class SlugRegistry:
    """Hands out unique slugs the way Jetonomy does: first wins, then ``-1``, ``-2`` …"""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        """Reserve ``wanted`` (or the first free ``wanted-N``) and return it."""
        base = wanted or "untitled"
        slug, n = base, 0
        while slug in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug)
        return slug
