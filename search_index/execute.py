"""Run a :class:`~search_index.query.Match` with filters against one open generation.

Everything ends up as *ranks* (positions in the kind's natural order, see
:mod:`search_index.ranks`): a match yields ranks, filters are sets, and only the first
``offset + limit`` rows are ordered (``heapq.nsmallest`` on integers or ``(-score, rank)``
pairs), so the cost per hit is a few list look-ups. Scores come from
:mod:`search_index.scoring`.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Sequence
from typing import Any

from . import scoring
from .params import SearchParams
from .query import Hits, Match, date_bounds, filter_query, order_for
from .ranks import substring_ranks
from .reader import KindRanks, _Open

_NATURAL = ("newest", "id", "post_count")


def _date_ranks(o: _Open, kind: str, p: SearchParams) -> set[int] | None:
    """Ranks inside ``date_from``/``date_to`` (``None``: no date filter)."""
    bounds = date_bounds(kind, p)
    if bounds is None:
        return None
    sql, args = "SELECT id FROM docs WHERE kind=? AND created_at != ''", [kind]
    if bounds[0] is not None:
        sql, args = sql + " AND created_at >= ?", args + [bounds[0]]
    if bounds[1] is not None:
        sql, args = sql + " AND created_at <= ?", args + [bounds[1]]
    rank_of = o.ranks[kind].rank_of
    return {rank_of[i] for (i,) in o.side.execute(sql, args) if i in rank_of}


def _to_ranks(kr: KindRanks, docs: Iterable[int]) -> list[int]:
    docrank = kr.docrank
    return [r for r in map(docrank.__getitem__, docs) if r >= 0]


def _substring(o: _Open, kind: str, needle: str) -> list[int]:
    """The live ``LIKE '%q%'`` over folded text (title and body kept apart), ranks ascending."""
    if not needle or "\x00" in needle or "\x1f" in needle:
        return []
    kr = o.ranks[kind]
    found = substring_ranks(kr.text, needle)
    if found is None:  # a needle with a delimiter character: scan the side table
        rank_of = kr.rank_of
        found = sorted(rank_of[i] for (i,) in o.side.execute(
            "SELECT id FROM docs WHERE kind=? AND instr(folded, ?) > 0", (kind, needle)))
    return found


def _top(kr: KindRanks, ranks: Sequence[int], order: str, need: int) -> list[int]:
    """The first ``need`` of ``ranks`` in ``order`` (rank order is newest / id / post_count)."""
    need = max(0, min(need, len(ranks)))
    small = need * 4 < len(ranks)
    if order == "votes":
        vrank, votes = kr.vrank, kr.votes
        positions = [vrank[r] for r in ranks]
        return [votes[i] for i in (heapq.nsmallest(need, positions) if small else sorted(positions)[:need])]
    return heapq.nsmallest(need, ranks) if small else sorted(ranks)[:need]


def _fulltext(o: _Open, kind: str, match: Match, allowed: set[int] | None) -> list[int]:
    """Ranks matching the full-text query (within ``allowed`` docnums), unordered."""
    assert match.query is not None
    docs = scoring.docnums(o.searchers[kind], match.query)
    return _to_ranks(o.ranks[kind], docs & allowed if allowed is not None else docs)


def _relevance(o: _Open, kind: str, match: Match, allowed: set[int] | None,
               dated: set[int] | None, need: int) -> Hits:
    """Relevance order, ``(-round(score, 9), rank)``, without a key per hit: only the rows
    whose raw score can reach the first ``need`` (≥ the need-th best, less a margin wider
    than the rounding) are rounded, keyed and sorted."""
    assert match.query is not None
    kr = o.ranks[kind]
    by_doc = scoring.scores(o.searchers[kind], match.query, kr.norms)
    docrank = kr.docrank
    docs: Any = by_doc.keys() if allowed is None else by_doc.keys() & allowed
    if kr.has_deleted or dated is not None:
        docs = [d for d in docs if docrank[d] >= 0 and (dated is None or docrank[d] in dated)]
    total = len(docs)
    need = max(0, min(need, total))
    if 0 < need < total:
        floor = heapq.nlargest(need, map(by_doc.__getitem__, docs))[-1] - 1e-6
        docs = [d for d in docs if by_doc[d] >= floor]
    keyed = sorted((-round(by_doc[d], 9), docrank[d], d) for d in docs)[:need]
    return Hits(kr.ids, [r for _s, r, _d in keyed], total, {r: by_doc[d] for _s, r, d in keyed})


def find(o: _Open, kind: str, p: SearchParams, match: Match, need: int) -> Hits:
    """Matching rows of ``kind``: the total, and the first ``need`` in response order."""
    kr = o.ranks[kind]
    order = order_for(kind, match, p.sort)
    if match.mode == "none":
        return Hits(kr.ids, [], 0)
    fq = filter_query(kind, p)
    allowed = scoring.docnums(o.searchers[kind], fq) if fq is not None else None
    dated = _date_ranks(o, kind, p)
    if match.mode == "fulltext" and order == "score":
        return _relevance(o, kind, match, allowed, dated, need)
    if match.mode == "fulltext":
        ranks: Sequence[int] = _fulltext(o, kind, match, allowed)
    elif match.mode == "substring":
        ranks = _substring(o, kind, match.needle)
        if allowed is not None:
            keep = set(_to_ranks(kr, allowed))
            ranks = [r for r in ranks if r in keep]
    elif allowed is not None:
        ranks = _to_ranks(kr, allowed)
    else:
        ranks = range(len(kr.ids))
    if dated is not None:
        ranks = [r for r in ranks if r in dated]
    if isinstance(ranks, range) or (match.mode == "substring" and order in _NATURAL):
        return Hits(kr.ids, ranks[:need], len(ranks))  # already in response order
    return Hits(kr.ids, _top(kr, ranks, order, need), len(ranks))


def payloads(o: _Open, kind: str, ids: list[int]) -> list[dict[str, Any]]:
    """The stored JSON of each id, in order (ids are always present: they came from the index)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = dict(o.side.execute(f"SELECT id, payload FROM docs WHERE kind=? AND id IN ({marks})",
                                (kind, *ids)))
    return [json.loads(found[i]) for i in ids if i in found]


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
