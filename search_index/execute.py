"""Run a :class:`~search_index.query.Match` with filters against one open generation."""

from __future__ import annotations

import json
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from .params import SearchParams
from .query import Hits, Match, filter_query, order_for, sort_rows
from .reader import _Open

_SORT2 = {"post": "vote_score", "reply": "vote_score", "tag": "post_count"}
Row = tuple[int, float, int, int]


def _column(searcher: Searcher, name: str | None) -> Any:
    reader = searcher.reader()
    if name is None or not reader.has_column(name):
        return None
    return reader.column_reader(name)


def _rows_for(searcher: Searcher, kind: str, scored: list[tuple[float, int]]) -> list[Row]:
    """``(id, score, created_key, sort2)`` for each ``(score, docnum)``, from sort columns."""
    ids = _column(searcher, "id")
    created = _column(searcher, "created_key")
    sort2 = _column(searcher, _SORT2.get(kind))
    return [(ids[d], score or 0.0, created[d] if created is not None else 0,
             sort2[d] if sort2 is not None else 0) for score, d in scored]


def _whoosh_rows(searcher: Searcher, kind: str, q: wq.Query, fq: wq.Query | None,
                 scored: bool) -> list[Row]:
    results = searcher.search(q, filter=fq, limit=None, scored=scored)
    return _rows_for(searcher, kind, results.top_n)


def _substring_rows(o: _Open, kind: str, needle: str, fq: wq.Query | None) -> list[Row]:
    """The live ``LIKE '%q%'`` over folded text (title and body kept apart)."""
    if not needle or "\x00" in needle or "\x1f" in needle:
        return []
    rows = [(i, 0.0, c, s) for i, c, s in o.side.execute(
        "SELECT id, created_key, sort2 FROM docs WHERE kind=? AND instr(folded, ?) > 0",
        (kind, needle))]
    if fq is None or not rows:
        return rows
    allowed = {r[0] for r in _listing_rows(o, kind, fq)}
    return [r for r in rows if r[0] in allowed]


def _listing_rows(o: _Open, kind: str, fq: wq.Query | None) -> list[Row]:
    if fq is None:
        return [(i, 0.0, c, s) for i, c, s in o.side.execute(
            "SELECT id, created_key, sort2 FROM docs WHERE kind=?", (kind,))]
    searcher = o.searchers[kind]
    return _rows_for(searcher, kind, [(0.0, d) for d in searcher.docs_for_query(fq)])


def find(o: _Open, kind: str, p: SearchParams, match: Match) -> Hits:
    """All matching ids of ``kind`` in response order (scores kept for reply rows)."""
    fq = filter_query(kind, p)
    order = order_for(kind, match, p.sort)
    if match.mode == "none":
        rows: list[Row] = []
    elif match.mode == "fulltext":
        assert match.query is not None
        rows = _whoosh_rows(o.searchers[kind], kind, match.query, fq, scored=order == "score")
    elif match.mode == "substring":
        rows = _substring_rows(o, kind, match.needle, fq)
    else:
        rows = _listing_rows(o, kind, fq)
    ordered = sort_rows(rows, order)
    return Hits([r[0] for r in ordered], {r[0]: r[1] for r in ordered} if order == "score" else {})


def payloads(o: _Open, kind: str, ids: list[int]) -> list[dict[str, Any]]:
    """The stored JSON of each id, in order (ids are always present: they came from the index)."""
    searcher = o.searchers[kind]
    out = []
    for ident in ids:
        stored = searcher.document(key=str(ident))
        if stored is not None:
            out.append(json.loads(stored["payload"]))
    return out


def resolve_author(o: _Open, text: str) -> int:
    """Live rule: exact login, else the first user (by login) whose display name, login or
    nicename contains ``text`` (case-insensitive); 0 when nobody matches."""
    row = o.side.execute("SELECT id FROM users WHERE login=? ORDER BY id LIMIT 1", (text,)).fetchone()
    if row:
        return int(row[0])
    needle = text.casefold()
    for uid, login, name, nicename in o.side.execute(
            "SELECT id, login, display_name, nicename FROM users ORDER BY login, id"):
        if any(needle in value.casefold() for value in (name, login, nicename)):
            return int(uid)
    return 0
