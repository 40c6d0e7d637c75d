"""Whoosh schemas: one named index per result type (``post``, ``reply``, ``space``, ``tag``).

Separate indexes keep BM25 statistics (document count, average length) per type, as MySQL
keeps one FULLTEXT index per table. Field roles (CONTRACT.md §6.6):

* ``key`` — ``"<id>"``, unique: updates and deletes address documents by it.
* ``text`` + ``cjk`` — what ``q`` matches (posts: title + content_plain; replies:
  content_plain; spaces: title + description; tags: name), analysed by
  :mod:`search_index.analysis`: words in ``text`` (frequencies only, no positions), CJK
  unigrams/bigrams in ``cjk`` (with positions, for bigram phrases). Positions are the
  costliest part of a posting, and only CJK phrases need them.
* filters — ``space_id``, ``author_id`` (0 for anonymous rows, so an author filter never
  finds them), ``post_id``, ``tags`` (tag slugs), ``created_at`` (``YYYY-MM-DD HH:MM:SS``).
* ``id`` — a column only (docnum → id); no postings.

Sort keys (``created_key`` = ``created_at`` as an integer ``YYYYMMDDHHMMSS``, ``vote_score``,
``post_count``), ``created_at`` for date ranges and the payload (the exact JSON the shim
returns) live in ``side.sqlite`` and the per-kind rank files (:mod:`search_index.ranks`), not
in Whoosh: indexed NUMERIC fields cost 16 postings per value and stored fields a pickle per
document, which made indexing several times slower than it needs to be.
"""

from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema

from .analysis import community_analyzer

KINDS = ("post", "reply", "space", "tag")


def _common() -> dict[str, object]:
    return {
        "key": ID(unique=True),
        "id": COLUMN(NumericColumn("q")),
        "text": TEXT(analyzer=community_analyzer("word"), phrase=False),
        "cjk": TEXT(analyzer=community_analyzer("cjk"), phrase=True),
    }


def _dated() -> dict[str, object]:
    return {"space_id": ID(), "author_id": ID()}


def schema_for(kind: str) -> Schema:
    """The schema of the named index ``kind``."""
    fields = _common()
    if kind == "post":
        fields.update(_dated(), tags=KEYWORD(lowercase=False, commas=False, scorable=False))
    elif kind == "reply":
        fields.update(_dated(), post_id=ID())
    elif kind not in ("space", "tag"):
        raise ValueError(f"unknown document kind {kind!r}")
    return Schema(**fields)


def created_key(created_at: str | None) -> int:
    """``"2026-05-02 09:15:44"`` → ``20260502091544`` (0 when missing or malformed)."""
    digits = "".join(ch for ch in (created_at or "") if ch.isdigit())[:14]
    return int(digits.ljust(14, "0")) if digits else 0
