"""The fast paths give exactly what the straightforward computations give: block-level BM25F
equals Whoosh's own scores, paging through the top-k selection equals one full sort, and the
regex substring scan equals a per-row ``in`` over the folded text."""

from __future__ import annotations

import pytest

from search_index import scoring, search
from search_index.analysis import fold
from search_index.query import build_match

QUERIES = ["cache", "export data", "configure plugin", "help"]


def _all_pages(index, params: dict) -> list[int]:
    ids, offset = [], 0
    while True:
        status, _h, body = search(index, {**params, "limit": "50", "offset": str(offset)})
        assert status == 200
        ids += [row["id"] for row in body["data"]]
        if not body["meta"]["has_more"]:
            return ids
        offset += 50


@pytest.mark.parametrize("kind", ["post", "reply"])
@pytest.mark.parametrize("q", QUERIES)
def test_block_scores_equal_whoosh_scores(example_index, kind: str, q: str):
    with example_index.session() as o:
        searcher, kr = o.searchers[kind], o.ranks[kind]
        query = build_match(q).query
        ours = scoring.scores(searcher, query, kr.norms)
        theirs = {d: s for s, d in searcher.search(query, limit=None, scored=True).top_n}
    assert set(ours) == set(theirs)
    assert all(abs(ours[d] - theirs[d]) < 1e-9 for d in theirs)


@pytest.mark.parametrize("kind", ["post", "reply"])
def test_paging_equals_one_full_sort(example_index, kind: str):
    with example_index.session() as o:
        searcher, kr = o.searchers[kind], o.ranks[kind]
        scored = searcher.search(build_match("cache").query, limit=None, scored=True).top_n
        # rank order is (created_at desc, id desc): the documented relevance tie-break
        expected = [kr.ids[r] for _s, r in sorted((-round(s, 9), kr.docrank[d]) for s, d in scored)]
    assert expected and _all_pages(example_index, {"q": "cache", "type": kind}) == expected


@pytest.mark.parametrize("needle", ["ca", "the", "é", "a\x01b", "zz"])
def test_substring_scan_equals_row_by_row(example_index, needle: str):
    with example_index.session() as o:
        rows = o.side.execute("SELECT id, folded FROM docs WHERE kind='post'").fetchall()
        created = dict(o.side.execute("SELECT id, created_key FROM docs WHERE kind='post'").fetchall())
    folded = fold(needle)
    expected = sorted((i for i, text in rows if folded in text), key=lambda i: (-created[i], -i))
    assert _all_pages(example_index, {"q": needle, "sort": "newest"}) == expected
