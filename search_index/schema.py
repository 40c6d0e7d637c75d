"""Whoosh schemas: one named index per result type (``post``, ``reply``, ``space``, ``tag``).

Separate indexes keep BM25 statistics (document count, average length) per type, as MySQL
keeps one FULLTEXT index per table. Field roles (CONTRACT.md §6.6):

* ``key`` — ``"<id>"``, unique: updates and deletes address documents by it.
* ``text`` — what ``q`` matches (posts: title + content_plain; replies: content_plain;
  spaces: title + description; tags: name), analysed by :mod:`search_index.analysis`.
* filters — ``space_id``, ``author_id`` (0 for anonymous rows, so an author filter never
  finds them), ``post_id``, ``tags`` (tag slugs), ``created_at`` (``YYYY-MM-DD HH:MM:SS``).
* sort columns — ``id``, ``vote_score``, ``created_key`` (``created_at`` as an integer
  ``YYYYMMDDHHMMSS``), ``post_count``.
* ``payload`` — the exact JSON the shim returns for the row (stored, not indexed).
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import community_analyzer

KINDS = ("post", "reply", "space", "tag")


def _common() -> dict[str, object]:
    return {
        "key": ID(unique=True, stored=True),
        "id": NUMERIC(int, bits=64, signed=True, sortable=True, stored=True),
        "text": TEXT(analyzer=community_analyzer(), phrase=True),
        "payload": STORED(),
    }


def _dated() -> dict[str, object]:
    return {
        "space_id": ID(),
        "author_id": ID(),
        "created_at": ID(),
        "created_key": NUMERIC(int, bits=64, signed=True, sortable=True),
        "vote_score": NUMERIC(int, bits=64, signed=True, sortable=True),
    }


def schema_for(kind: str) -> Schema:
    """The schema of the named index ``kind``."""
    fields = _common()
    if kind == "post":
        fields.update(_dated(), tags=KEYWORD(lowercase=False, commas=False, scorable=False))
    elif kind == "reply":
        fields.update(_dated(), post_id=ID())
    elif kind == "tag":
        fields.update(post_count=NUMERIC(int, bits=64, signed=True, sortable=True))
    elif kind != "space":
        raise ValueError(f"unknown document kind {kind!r}")
    return Schema(**fields)


def created_key(created_at: str | None) -> int:
    """``"2026-05-02 09:15:44"`` → ``20260502091544`` (0 when missing or malformed)."""
    digits = "".join(ch for ch in (created_at or "") if ch.isdigit())[:14]
    return int(digits.ljust(14, "0")) if digits else 0
