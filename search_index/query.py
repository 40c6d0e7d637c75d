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
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    """Matching rows of one type: ``total``, and the first rows in response order as ranks
    (see :mod:`search_index.ranks`), with scores by rank for relevance-ranked rows."""

    rank_ids: Sequence[int]  # rank -> id of the kind
    ranks: Sequence[int]  # at least the first offset + limit rows, in order
    total: int
    scores: dict[int, float] = field(default_factory=dict)

    def page(self, offset: int, limit: int) -> list[int]:
        """The ids of rows ``offset .. offset+limit-1`` (empty past the end)."""
        return [self.rank_ids[r] for r in self.ranks[offset:offset + limit]]

    def page_scores(self, offset: int, limit: int) -> dict[int, float]:
        """``id -> score`` of the rows of that page (empty when unscored)."""
        if not self.scores:
            return {}
        return {self.rank_ids[r]: self.scores.get(r, 0.0) for r in self.ranks[offset:offset + limit]}


def long_tokens(q: str) -> list[str]:
    """The ≥ 4-character tokens of ``q`` after removing MySQL boolean operators."""
    return [t for t in _PHP_SPACE.split(_OPERATORS.sub(" ", q)) if len(t) >= MIN_TOKEN_CHARS]


def _piece_query(kind: str, piece: str) -> wq.Query:
    if kind == "word":
        return wq.Prefix("text", piece, constantscore=False)
    grams = cjk_bigrams(piece)
    return wq.Term("cjk", grams[0]) if len(grams) == 1 else wq.Phrase("cjk", grams, slop=1)


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
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)


def date_bounds(kind: str, p: SearchParams) -> tuple[str | None, str | None] | None:
    """Inclusive ``created_at`` string bounds of ``date_from``/``date_to`` (posts and replies),
    compared as strings like MySQL compares the DATETIME column with the quoted day."""
    if kind not in ("post", "reply") or not (p.date_from or p.date_to):
        return None
    return (f"{p.date_from} 00:00:00" if p.date_from else None,
            f"{p.date_to} 23:59:59" if p.date_to else None)


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
