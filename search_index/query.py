"""Matching, filtering and ordering of ``/search`` (CONTRACT.md §6.2–§6.3) over the index.

User text never reaches a query parser: queries are built from Whoosh query objects
(:class:`~whoosh.query.Prefix`, :class:`~whoosh.query.Phrase`, :class:`~whoosh.query.Term`,
:class:`~whoosh.query.And`), so ``title:x OR *`` is just four characters to strip and a word.

* ``q`` empty (allowed with a scope) → every row passing the filters.
* some whitespace token of ≥ 4 characters (after replacing ``+ - < > ( ) ~ * " @`` by spaces)
  → AND of the pieces of every such token: words as prefix matches, CJK runs as bigram
  phrases; InnoDB stop-words are ignored; shorter tokens are ignored.
* otherwise → case- and accent-insensitive substring of the raw ``q`` (``LIKE '%q%'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from .analysis import INNODB_STOPWORDS, cjk_bigrams, fold, pieces
from .params import SearchParams

_OPERATORS = re.compile(r'[+\-<>()~*"@]')
_PHP_SPACE = re.compile(r"[ \t\n\r\v\f]+")
MIN_TOKEN_CHARS = 4


@dataclass(frozen=True)
class Match:
    """How ``q`` matches: ``all``, ``fulltext`` (with ``query``), ``substring`` or ``none``."""

    mode: str
    query: wq.Query | None = None
    needle: str = ""


@dataclass
class Hits:
    """Ordered matching ids of one type, with scores for relevance-ranked rows."""

    ids: list[int]
    scores: dict[int, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.ids)


def long_tokens(q: str) -> list[str]:
    """The ≥ 4-character tokens of ``q`` after removing MySQL boolean operators."""
    return [t for t in _PHP_SPACE.split(_OPERATORS.sub(" ", q)) if len(t) >= MIN_TOKEN_CHARS]


def _piece_query(kind: str, piece: str) -> wq.Query:
    if kind == "word":
        return wq.Prefix("text", piece, constantscore=False)
    grams = cjk_bigrams(piece)
    return wq.Term("text", grams[0]) if len(grams) == 1 else wq.Phrase("text", grams, slop=1)


def build_match(q: str) -> Match:
    """Translate ``q`` (already trimmed) into a :class:`Match`."""
    if q == "":
        return Match("all")
    tokens = long_tokens(q)
    if not tokens:
        return Match("substring", needle=fold(q))
    parts = [_piece_query(kind, piece)
             for token in tokens for kind, piece in pieces(fold(token))
             if not (kind == "word" and piece in INNODB_STOPWORDS)]
    if not parts:
        return Match("none")
    return Match("fulltext", query=parts[0] if len(parts) == 1 else wq.And(parts))


def match_for(kind: str, q: str) -> Match:
    """Posts and replies use the FULLTEXT rules; spaces and tags always ``LIKE '%q%'``."""
    if kind in ("post", "reply"):
        return build_match(q)
    return Match("all") if q == "" else Match("substring", needle=fold(q))


def filter_query(kind: str, p: SearchParams) -> wq.Query | None:
    """The structured filters of ``p`` that apply to ``kind`` (posts and replies only)."""
    if kind not in ("post", "reply"):
        return None
    terms: list[wq.Query] = []
    if p.space_id:
        terms.append(wq.Term("space_id", str(p.space_id)))
    if p.author_id:
        terms.append(wq.Term("author_id", str(p.author_id)))
    if p.tag and kind == "post":
        terms.append(wq.Term("tags", p.tag))
    if p.date_from or p.date_to:
        start = f"{p.date_from} 00:00:00" if p.date_from else None
        end = f"{p.date_to} 23:59:59" if p.date_to else None
        terms.append(wq.TermRange("created_at", start, end))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)


def order_for(kind: str, match: Match, sort: str) -> str:
    """``score``, ``newest``, ``votes``, ``id`` or ``post_count`` (§6.3)."""
    if kind == "space":
        return "id"
    if kind == "tag":
        return "post_count"
    if kind == "reply":
        return "score" if match.mode == "fulltext" else "newest"
    if sort == "relevance":
        return "score" if match.mode == "fulltext" else "newest"
    return sort


def sort_rows(rows: list[tuple[int, float, int, int]], order: str) -> list[tuple[int, float, int, int]]:
    """Sort ``(id, score, created_key, sort2)`` rows by ``order`` (deterministic tie-breaks)."""
    keys: dict[str, Any] = {
        "score": lambda r: (-round(r[1], 9), -r[2], -r[0]),
        "newest": lambda r: (-r[2], -r[0]),
        "votes": lambda r: (-r[3], -r[0]),
        "id": lambda r: r[0],
        "post_count": lambda r: (-r[3], r[0]),
    }
    return sorted(rows, key=keys[order])
