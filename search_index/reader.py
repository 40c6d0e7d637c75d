"""An open search index: Whoosh searchers + the side database of the live generation.

:class:`SearchIndex` follows ``CURRENT``: when a new generation is published while a server
is running, the next query reopens the index (the previous generation is kept on disk by
the builder, so in-flight queries finish on it).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from array import array
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from . import ranks, scoring, store
from .errors import IndexFormatError
from .grams import GramIndex
from .schema import KINDS


@dataclass
class KindRanks:
    """One kind's rank arrays (see :mod:`search_index.ranks`), loaded once per generation."""

    ids: array  # rank -> id
    votes: array  # ranks in sort=votes order
    text: Any  # mmap (or b"") of the substring corpus
    docrank: list[int]  # whoosh docnum -> rank (-1: deleted, not a live document)
    norms: np.ndarray  # whoosh docnum -> BM25F length normaliser of the text field
    has_deleted: bool = False  # some docnums are deleted (after incremental updates)
    grams: GramIndex | None = None  # the n-gram index of ``text`` (None: scan instead)
    offsets: array | None = None  # rank -> start of its entry in ``text`` (+ the end)
    generation: Path | None = None
    kind: str = ""
    _rank_of: dict[int, int] | None = None
    _votes_np: np.ndarray | None = None
    _docrank_np: np.ndarray | None = None
    _dates: list[str] | None = None
    _dates_read: bool = False

    @property
    def votes_np(self) -> np.ndarray:
        """``votes`` as a numpy array (for masks)."""
        if self._votes_np is None:
            self._votes_np = np.frombuffer(self.votes, dtype=np.int64) if len(self.votes) \
                else np.zeros(0, dtype=np.int64)
        return self._votes_np

    @property
    def docrank_np(self) -> np.ndarray:
        """``docrank`` as a numpy array (for masks)."""
        if self._docrank_np is None:
            self._docrank_np = np.array(self.docrank, dtype=np.int64)
        return self._docrank_np

    @property
    def ascending_dates(self) -> list[str] | None:
        """``created_at`` in ascending rank-reversed order when date filters are rank
        slices (see :func:`ranks.ascending_dates`); ``None``: ask the side table."""
        if not self._dates_read and self.generation is not None:
            dates = ranks.read_dates(self.generation, self.kind, len(self.ids))
            self._dates = None if dates is None else ranks.ascending_dates(dates)
            self._dates_read = True
        return self._dates

    @property
    def rank_of(self) -> dict[int, int]:
        """id -> rank (built on first use)."""
        if self._rank_of is None:
            self._rank_of = {ident: rank for rank, ident in enumerate(self.ids)}
        return self._rank_of


def _load_ranks(gen: Path, kind: str, searcher: Searcher) -> KindRanks:
    kr = KindRanks(ranks.read_array(gen, kind, "ids"), ranks.read_array(gen, kind, "votes"),
                   ranks.map_text(gen, kind), [], np.zeros(0), generation=gen, kind=kind)
    kr.offsets = ranks.read_array(gen, kind, "offs")
    kr.grams = GramIndex.load(gen, kind, len(kr.ids))
    reader = searcher.reader()
    if reader.doc_count_all():
        rank_of = kr.rank_of
        kr.docrank = [rank_of.get(i, -1) for i in reader.column_reader("id")]
        if reader.has_deletions():
            kr.has_deleted = True
            for docnum in range(len(kr.docrank)):
                if reader.is_deleted(docnum):
                    kr.docrank[docnum] = -1
        kr.norms = scoring.length_norms(searcher)
    return kr


@dataclass
class _Open:
    generation: Path
    searchers: dict[str, Searcher]
    side: sqlite3.Connection
    ranks: dict[str, KindRanks]

    def close(self) -> None:
        for searcher in self.searchers.values():
            searcher.close()
        for kr in self.ranks.values():
            if hasattr(kr.text, "close"):
                kr.text.close()
        self.side.close()


class SearchIndex:
    """Thread-safe handle on an index folder. Use :meth:`session` around each query."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._lock = threading.RLock()
        self._open: _Open | None = None
        self._load(store.require_generation(self.root))

    @classmethod
    def open(cls, root: str | Path) -> SearchIndex:
        """Open the live generation under ``root`` (:class:`IndexMissingError` if none)."""
        return cls(root)

    def _load(self, gen: Path) -> None:
        info = store.read_info(gen)
        if info.get("format_version") != store.FORMAT_VERSION:
            raise IndexFormatError(f"search index {gen} has format {info.get('format_version')}, "
                                   f"this version reads {store.FORMAT_VERSION}")
        searchers = {k: whoosh_index.open_dir(str(gen), indexname=k).searcher() for k in KINDS}
        side = store.open_side(gen, readonly=True)
        kinds = {k: _load_ranks(gen, k, searchers[k]) for k in KINDS}
        old, self._open = self._open, _Open(gen, searchers, side, kinds)
        if old is not None:
            old.close()

    @property
    def generation(self) -> Path:
        assert self._open is not None
        return self._open.generation

    @contextmanager
    def session(self) -> Iterator[_Open]:
        """Lock the index for one query, reopening first if a new generation went live."""
        with self._lock:
            current = store.current_generation(self.root)
            if current is not None and self._open is not None and current != self._open.generation:
                self._load(current)
            assert self._open is not None
            yield self._open

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open.close()
                self._open = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
