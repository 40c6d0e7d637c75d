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

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from . import store
from .errors import IndexFormatError
from .schema import KINDS


@dataclass
class _Open:
    generation: Path
    searchers: dict[str, Searcher]
    side: sqlite3.Connection

    def close(self) -> None:
        for searcher in self.searchers.values():
            searcher.close()
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
        old, self._open = self._open, _Open(gen, searchers, side)
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
