"""Offline search for a Jetonomy mirror.

* :func:`build_index` — snapshot → Whoosh index folder (atomic generations, incremental).
* :class:`SearchIndex` — an open index; :func:`search` — the ``/search`` shim (pure function).
* :func:`create_search_app` — Starlette app serving the shim and, optionally, the mirror.
* :func:`build_static_search` — Pagefind bundle for static hosts (no Python at serve time).
"""

from __future__ import annotations

from .indexer import IndexReport, build_index
from .reader import SearchIndex
from .shim import search

__all__ = ["IndexReport", "SearchIndex", "build_index", "search", "open_index"]


def open_index(path: str) -> SearchIndex:
    """Open the index folder ``path`` (raises :class:`~search_index.errors.IndexMissingError`)."""
    return SearchIndex.open(path)
