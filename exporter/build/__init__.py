"""The static site renderer: ``build_site(snapshot_dir, out_dir, BuildOptions()) -> BuildReport``.

Extension points (for SEO, search and other stages):

* ``BuildOptions.extra_writers``: callables ``(BuildContext) -> None`` run after the pages;
  they write through ``ctx.writer`` (path safety, manifest, incremental skipping included).
* ``BuildOptions.page_hooks``: callables ``(BuildContext, page) -> None`` run before each page
  renders; they may append trusted markup to ``page.head_extra`` and objects to ``page.jsonld``.
* ``BuildOptions.canonical_base``: the mirror's own URL (else the original host).

Pages render in forked worker processes (``BuildOptions.workers``, one per CPU by default)
when every page hook is marked parallel-safe (:func:`exporter.build.parallel.parallel_safe`);
the extra writers then run in a worker too, beside the pages, when all are marked. Unmarked
hooks and writers run in the building process, as before. Output does not depend on it.
"""

from __future__ import annotations

from .contexts import PAGE_TYPES
from .options import BuildOptions
from .pipeline import BuildContext, build_site
from .report import BuildReport

__all__ = ["BuildContext", "BuildOptions", "BuildReport", "PAGE_TYPES", "build_site"]
