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
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

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
    """All docs folded into one string; a token is a regex scan mapped back to doc ids.

    One C-speed regex pass per query token replaces a Python-built inverted index: building is
    just folding (seconds for 300k replies) and a query stays well under a second.
    """

    text: str
    starts: array
    ids: array

    @classmethod
    def build(cls, docs: Iterable[tuple[int, str]]) -> "FullText":
        parts: list[str] = []
        starts, ids = array("q"), array("q")
        pos = 0
        for doc_id, body in docs:
            folded = fold(body)
            starts.append(pos)
            ids.append(doc_id)
            parts.append(folded)
            pos += len(folded) + 1
        return cls("\n".join(parts), starts, ids)

    def _prefix_tf(self, prefix: str) -> dict[int, int]:
        """doc -> number of words starting with ``prefix``."""
        acc: dict[int, int] = defaultdict(int)
        starts, ids = self.starts, self.ids
        text, find, size = self.text, self.text.find, len(prefix)
        pos = find(prefix)
        while pos >= 0:
            before = text[pos - 1] if pos else " "
            if not (before.isalnum() or before == "_"):  # a word starts here
                acc[ids[bisect_right(starts, pos) - 1]] += 1
            pos = find(prefix, pos + size)
        return acc

    def match(self, tokens: list[str]) -> dict[int, float]:
        """Docs containing every token as a word prefix, with a TF·IDF² relevance score."""
        words = [w for tok in tokens for w in re.findall(r"\w+", tok)]
        terms = [t for t in words if t not in STOPWORDS]
        if not terms:
            return {}
        scores: dict[int, float] | None = None
        for term in terms:
            acc = self._prefix_tf(term)
            idf = math.log10(len(self.ids) / len(acc)) if acc else 0.0
            weighted = {d: tf * idf * idf for d, tf in acc.items()}
            scores = weighted if scores is None else {
                d: s + weighted[d] for d, s in scores.items() if d in weighted}
            if not scores:
                return {}
        return scores or {}
