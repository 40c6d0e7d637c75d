"""The matching engine behind ``/search`` (CONTRACT.md §6.3), imitating MySQL.

FULLTEXT BOOLEAN MODE ``+tok*`` for tokens of ≥ 4 characters (InnoDB stop-words ignored),
ranked by a TF·IDF² weight with statistics over the *whole* table; otherwise a
case- and accent-insensitive ``LIKE %q%`` substring scan. Indexes are built lazily per
dataset version (first search of a kind pays, later searches are lookups).
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

_WORD = re.compile(r"\w+")
_STRIP = re.compile(r"[+\-<>()~*\"@]")
STOPWORDS = frozenset(
    "a about an are as at be by com de en for from how i in is it la of on or that the this "
    "to was what when where who will with und www".split())
MIN_TOKEN = 4


_COMBINING = re.compile("[\u0300-\u036f\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form (utf8mb4 ``*_ci`` collation)."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def query_tokens(q: str) -> list[str]:
    """§6.3: strip operators, split, keep ≥ 4-character tokens (folded)."""
    return [fold(t) for t in _STRIP.sub(" ", q).split() if len(t) >= MIN_TOKEN]


@dataclass
class FullText:
    """An inverted index: term -> (doc ids, term frequencies), sorted vocabulary."""

    postings: dict[str, tuple[array, array]]
    vocab: list[str]
    size: int

    @classmethod
    def build(cls, docs: Iterable[tuple[int, str]]) -> "FullText":
        ids: dict[str, array] = {}
        tfs: dict[str, array] = {}
        size = 0
        for doc_id, text in docs:
            size += 1
            for term, count in Counter(_WORD.findall(fold(text))).items():
                if term not in ids:
                    ids[term], tfs[term] = array("i"), array("i")
                ids[term].append(doc_id)
                tfs[term].append(count)
        postings = {t: (ids[t], tfs[t]) for t in ids}
        return cls(postings, sorted(postings), size)

    def _prefix_tf(self, prefix: str) -> dict[int, int]:
        """doc -> summed frequency of every term starting with ``prefix``."""
        acc: dict[int, int] = defaultdict(int)
        i = bisect_left(self.vocab, prefix)
        while i < len(self.vocab) and self.vocab[i].startswith(prefix):
            ids, tfs = self.postings[self.vocab[i]]
            for doc, tf in zip(ids, tfs):
                acc[doc] += tf
            i += 1
        return acc

    def match(self, tokens: list[str]) -> dict[int, float]:
        """Docs containing every token as a word prefix, with their relevance score."""
        terms = [t for t in tokens if t not in STOPWORDS]
        if not terms:
            return {}
        scores: dict[int, float] | None = None
        for term in terms:
            acc = self._prefix_tf(term)
            idf = math.log10(self.size / len(acc)) if acc else 0.0
            weighted = {d: tf * idf * idf for d, tf in acc.items()}
            if scores is None:
                scores = weighted
            else:
                scores = {d: s + weighted[d] for d, s in scores.items() if d in weighted}
            if not scores:
                return {}
        return scores or {}
