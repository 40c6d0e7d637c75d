"""Run a :class:`~search_index.query.Match` with filters against one open generation.

Everything ends up as *ranks* (positions in the kind's natural order, see
:mod:`search_index.ranks`), held as boolean numpy masks: a match is a mask (substring
matches from :mod:`search_index.grams`, full-text matches and filters from
:mod:`search_index.scoring`, mapped from Whoosh docnums to ranks), a date filter is a
contiguous range of ranks, the total is a count, and the first rows of a page are the
first set ranks (or, for ``sort=votes``, the first set entries of the votes order). Only
relevance needs scores: the rows that can reach the page are rounded and sorted on
``(-score, rank)``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np

from . import grams, scoring
from .params import SearchParams
from .query import Hits, Match, date_bounds, filter_query, order_for
from .ranks import date_range, substring_ranks
from .reader import KindRanks, _Open


def _date_ranks(o: _Open, kind: str, p: SearchParams) -> Collection[int] | None:
    """Ranks inside ``date_from``/``date_to`` (``None``: no date filter): a ``range`` when
    the dates are in rank order (always, for well-formed timestamps), else a set."""
    bounds = date_bounds(kind, p)
    if bounds is None:
        return None
    ascending = o.ranks[kind].ascending_dates
    if ascending is not None:
        return date_range(ascending, *bounds)
    sql, args = "SELECT id FROM docs WHERE kind=? AND created_at != ''", [kind]
    if bounds[0] is not None:
        sql, args = sql + " AND created_at >= ?", args + [bounds[0]]
    if bounds[1] is not None:
        sql, args = sql + " AND created_at <= ?", args + [bounds[1]]
    rank_of = o.ranks[kind].rank_of
    return {rank_of[i] for (i,) in o.side.execute(sql, args) if i in rank_of}


def _ranks_mask(count: int, ranks: Iterable[int]) -> np.ndarray:
    mask = np.zeros(count, dtype=bool)
    mask[np.fromiter(ranks, dtype=np.int64)] = True
    return mask


def _rank_mask(kr: KindRanks, docs: np.ndarray) -> np.ndarray:
    """A mask over docnums (deleted ones included) → a mask over the ranks of live documents."""
    ranks = kr.docrank_np[docs]
    mask = np.zeros(len(kr.ids), dtype=bool)
    mask[ranks[ranks >= 0]] = True
    return mask


def _keep_dates(mask: np.ndarray, dated: Collection[int] | None) -> None:
    """Clear the ranks of ``mask`` outside the date filter (in place)."""
    if isinstance(dated, range):
        mask[:dated.start] = False
        mask[dated.stop:] = False
    elif dated is not None:
        mask &= _ranks_mask(len(mask), dated)


def _first(kr: KindRanks, mask: np.ndarray, order: str, need: int) -> list[int]:
    """The first ``need`` ranks of ``mask`` in ``order`` (rank order is newest / id /
    post_count; ``votes`` follows the precomputed votes order)."""
    if order == "votes":
        votes = kr.votes_np
        return votes[mask[votes]][:need].tolist()
    return np.flatnonzero(mask)[:need].tolist()


def _scan(o: _Open, kind: str, needle: str) -> list[int]:
    """``LIKE '%q%'`` by scanning the text file (or, for a needle holding one of its
    delimiters, the side table), ranks ascending."""
    kr = o.ranks[kind]
    found = substring_ranks(kr.text, needle)
    if found is None:
        rank_of = kr.rank_of
        found = sorted(rank_of[i] for (i,) in o.side.execute(
            "SELECT id FROM docs WHERE kind=? AND instr(folded, ?) > 0", (kind, needle)))
    return found


def _substring(o: _Open, kind: str, needle: str) -> np.ndarray:
    """The live ``LIKE '%q%'`` over folded text (title and body kept apart) as a mask over
    ranks: from the n-gram index, checking candidates of long needles in the text file."""
    kr = o.ranks[kind]
    count = len(kr.ids)
    if not needle or "\x00" in needle or "\x1f" in needle:
        return np.zeros(count, dtype=bool)
    if kr.grams is None or "\x01" in needle:
        return _ranks_mask(count, _scan(o, kind, needle))
    mask, exact = kr.grams.match(needle)
    if exact:
        return mask
    candidates = np.flatnonzero(mask)
    if len(candidates) > grams.MAX_CHECKS:
        return _ranks_mask(count, _scan(o, kind, needle))
    assert kr.offsets is not None
    return _ranks_mask(count, grams.check(kr.text, kr.offsets, candidates.tolist(),
                                          needle.encode("utf-8", "surrogatepass")))


def _matching(o: _Open, kind: str, match: Match, allowed: np.ndarray | None) -> np.ndarray:
    """The ranks matching ``match`` within the ``allowed`` docnums, as a mask."""
    kr = o.ranks[kind]
    if match.mode == "substring":
        mask = _substring(o, kind, match.needle)
        return mask & _rank_mask(kr, allowed) if allowed is not None else mask
    if match.mode == "fulltext":
        assert match.query is not None
        docs = scoring.doc_mask(o.searchers[kind], match.query)
        return _rank_mask(kr, docs & allowed if allowed is not None else docs)
    if allowed is not None:
        return _rank_mask(kr, allowed)
    return np.ones(len(kr.ids), dtype=bool)


def _relevance(o: _Open, kind: str, match: Match, allowed: np.ndarray | None,
               dated: Collection[int] | None, need: int) -> Hits:
    """Relevance order, ``(-round(score, 9), rank)``, without a key per hit: only the rows
    whose raw score can reach the first ``need`` (≥ the need-th best, less a margin wider
    than the rounding) are rounded, keyed and sorted."""
    assert match.query is not None
    kr = o.ranks[kind]
    mask, score = scoring.dense_scores(o.searchers[kind], match.query, kr.norms)
    if allowed is not None:
        mask &= allowed
    docs = np.flatnonzero(mask)
    ranks = kr.docrank_np[docs]
    keep = ranks >= 0
    if isinstance(dated, range):
        keep &= (ranks >= dated.start) & (ranks < dated.stop)
    elif dated is not None:
        keep &= np.isin(ranks, np.fromiter(dated, dtype=np.int64))
    ranks, values = ranks[keep], score[docs[keep]]
    total = len(ranks)
    need = max(0, min(need, total))
    if 0 < need < total:
        floor = float(np.partition(values, total - need)[total - need]) - 1e-6
        near = values >= floor
        ranks, values = ranks[near], values[near]
    keyed = sorted(zip([-round(v, 9) for v in values.tolist()], ranks.tolist(), values.tolist()))[:need]
    return Hits(kr.ids, [r for _s, r, _v in keyed], total, {r: v for _s, r, v in keyed})


def find(o: _Open, kind: str, p: SearchParams, match: Match, need: int) -> Hits:
    """Matching rows of ``kind``: the total, and the first ``need`` in response order."""
    kr = o.ranks[kind]
    order = order_for(kind, match, p.sort)
    if match.mode == "none":
        return Hits(kr.ids, [], 0)
    fq = filter_query(kind, p)
    allowed = scoring.doc_mask(o.searchers[kind], fq) if fq is not None else None
    dated = _date_ranks(o, kind, p)
    if match.mode == "fulltext" and order == "score":
        return _relevance(o, kind, match, allowed, dated, need)
    mask = _matching(o, kind, match, allowed)
    _keep_dates(mask, dated)
    return Hits(kr.ids, _first(kr, mask, order, need), int(np.count_nonzero(mask)))


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
