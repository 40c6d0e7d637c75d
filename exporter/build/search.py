"""The search page widget and the static (Pagefind) search bundle of a build.

* :func:`search_widget` renders ``search_index/static/search-fragment.html`` for the search
  page. Its links are relative to the page (the mirror works under any path prefix); the
  shim's API path is absolute because ``jetonomy-export serve`` answers it at the root.
* :func:`write_search_assets` writes ``jt-search.js``/``jt-search.css`` into ``/_static/``.
* :func:`write_static_search` runs Pagefind over the written topic pages into a temporary
  folder, then writes the bundle into ``/pagefind/`` through the build's :class:`Writer`
  (tracked by the manifest, each file atomic, the entry files last so a reader never sees an
  entry pointing at chunks not yet written; stale chunks go with the build's stale files).
  When no indexed page changed since the last build, the previous bundle is kept as it is.

Determinism: Pagefind's output is byte-identical across runs for identical pages, *except*
for filters: ``data-pagefind-filter`` maps are written in Rust ``HashMap`` order, which
changes from run to run. The topic template therefore carries no filter attribute (the
search page does not offer a space filter through Pagefind; the shim has its own).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from ..urls import url_path_to_file
from .gather import SiteIndex

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import BuildContext

API_URL = "/wp-json/jetonomy/v1/search"
BUNDLE = "pagefind"
BUNDLE_KEY = "pagefind"
#: Written last: they name the chunk files, which must be in place first.
_ENTRY_FILES = ("pagefind-entry.json", "pagefind.js")


#: The search widget's assets (``search_index.static_search.ASSET_NAMES``; a test keeps them equal).
ASSET_NAMES = ("jt-search.js", "jt-search.css")


@lru_cache(maxsize=1)
def static_dir() -> Path:
    """``search_index/static`` located without importing ``search_index`` (whose package
    import loads Whoosh: a third of a second a build does not need without Pagefind)."""
    spec = importlib.util.find_spec("search_index")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - broken install
        from search_index.static_search import STATIC_DIR
        return STATIC_DIR
    return Path(list(spec.submodule_search_locations)[0]) / "static"


@lru_cache(maxsize=1)
def _fragment() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(static_dir())), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("search-fragment.html")


def search_widget(ix: SiteIndex, root: str) -> Markup:
    """The search form, results list and script tag for the search page at ``root``."""
    html = _fragment().render(base=root + ix.urls.base.lstrip("/"), asset_url=root + "_static",
                              api_url=API_URL, pagefind_url=root + f"{BUNDLE}/pagefind.js")
    return Markup(html)


def write_search_assets(ctx: BuildContext) -> int:
    """``jt-search.js`` and ``jt-search.css`` into the theme's static folder."""
    files = {name: (static_dir() / name).read_bytes() for name in ASSET_NAMES}
    for name, data in files.items():
        ctx.writer.write(url_path_to_file(ctx.index.urls.theme_static(name)), data, "search")
    return len(files)


def indexed_pages(ctx: BuildContext) -> list[str]:
    """Mirror files Pagefind indexes: the first page of every topic (sorted)."""
    return sorted(url_path_to_file(job.url) for job in ctx.jobs
                  if job.kind == "topic" and "/rpg/" not in job.url)


def bundle_key(ctx: BuildContext, pages: list[str]) -> str:
    """Fingerprint of Pagefind's input: its version and the hash of every indexed page."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"pagefind {version('pagefind')} {ctx.index.site.lang}\n".encode())
    for rel in pages:
        digest.update(f"{rel} {ctx.writer.entries[rel].sha256}\n".encode())
    return digest.hexdigest()


def _keep_previous(ctx: BuildContext, key: str) -> bool:
    """Reuse the last build's bundle when its key matches and every file is intact."""
    writer = ctx.writer
    if writer.previous.keys.get(BUNDLE_KEY) != key:
        return False
    rels = [rel for rel in writer.previous.entries if rel.startswith(BUNDLE + "/")]
    if not rels or not all(writer.intact(rel) for rel in rels):
        return False
    for rel in rels:
        writer.keep(rel, "search")
    return True


def _write_bundle(ctx: BuildContext, bundle: Path) -> int:
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    files.sort(key=lambda p: p.name in _ENTRY_FILES)
    for path in files:
        ctx.writer.write(f"{BUNDLE}/{path.relative_to(bundle).as_posix()}", path.read_bytes(), "search")
    return len(files)


def write_static_search(ctx: BuildContext) -> int:
    """Build (or keep) ``/pagefind/``; return the number of topic pages it indexes."""
    from search_index.static_search import build_static_search

    pages = indexed_pages(ctx)
    key = bundle_key(ctx, pages)
    ctx.writer.keys[BUNDLE_KEY] = key
    if _keep_previous(ctx, key):
        return len(pages)
    tmp = Path(tempfile.mkdtemp(prefix="jt-pagefind-out-"))
    try:
        report = build_static_search(ctx.out_dir, output_dir=tmp / BUNDLE, pages=pages)
        _write_bundle(ctx, tmp / BUNDLE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report.pages
