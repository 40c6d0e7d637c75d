"""Errors of the search package (all :class:`exporter.errors.ExportError` subclasses)."""

from __future__ import annotations

from exporter.errors import IndexError_


class IndexMissingError(IndexError_):
    """No usable index at the given folder."""


class IndexFormatError(IndexError_):
    """The index was written by an incompatible version."""

    default_fix = "rebuild it with `jetonomy-export index SNAPSHOT --out DIR`"


class IndexBuildError(IndexError_):
    """The index could not be built (the previous index, if any, is untouched)."""

    default_fix = "fix the cause and run `jetonomy-export index` again; the old index is kept"


class StaticSearchError(IndexError_):
    """Pagefind could not build the client-side search bundle."""

    default_fix = "check that the `pagefind[extended]` package is installed and the site was built"
