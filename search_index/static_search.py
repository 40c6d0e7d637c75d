"""Client-side search for static hosts: a Pagefind bundle built over the mirror's topic pages.

Pagefind (PyPI ``pagefind[extended]``) indexes the built HTML and writes ``pagefind/``: a
small entry file, a WASM search core, and index *chunks* and per-page *fragments* that the
browser loads on demand — a query downloads only the chunks holding its terms and the
fragments of the results it shows.

What the renderer's topic template must carry (only topic pages are indexed):

* ``<html lang="…">`` — the community language (Pagefind picks its word segmentation from it).
* ``data-pagefind-body`` on the element wrapping the topic title, the post body and the
  reply list (nothing else: no navigation, sidebars, footers).
* ``data-pagefind-meta="title"`` on the ``<h1>`` holding the topic title.
* ``data-pagefind-filter="space"`` on an element whose text is the space title (optional).
* ``data-pagefind-ignore`` on private-reply placeholders and UI text inside the body.

CJK: the extended binary segments Chinese/Japanese words only on pages whose language is
``zh``/``ja``; a community that mixes scripts on ``lang="en"`` pages would see CJK runs as
single long "words". :func:`build_static_search` therefore indexes each topic page through
:func:`cjk_spaced_html`, which puts spaces between CJK characters in the text Pagefind sees
(not in the published HTML), and ``jt-search.js`` spaces the query the same way, so any CJK
substring of a topic is found as a sequence of single-character words.

Speed: the Python API's service answers one request per 0.1 s poll, so adding pages one
``add_html_file`` at a time costs ≥0.1 s a page (48 s for 458 topics). The pre-spaced copies
are written into a temporary folder instead and indexed by ONE run of the Pagefind binary.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .analysis import is_cjk
from .errors import StaticSearchError

TOPIC_GLOB = "**/s/*/t/*/index.html"
BUNDLE_DIR = "pagefind"
STATIC_DIR = Path(__file__).parent / "static"
_CJK_CHAR = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_TEXT_NODE = re.compile(r">([^<]+)<")


@dataclass
class StaticSearchReport:
    """What :func:`build_static_search` indexed and wrote."""

    pages: int
    bundle_dir: Path
    bundle_bytes: int


def cjk_spaced_html(html: str) -> str:
    """Insert spaces around every CJK character in the HTML's text nodes."""
    if not is_cjk(html):
        return html
    return _TEXT_NODE.sub(lambda m: ">" + _CJK_CHAR.sub(r" \1 ", m.group(1)) + "<", html)


def _topic_pages(site_dir: Path, glob: str) -> list[Path]:
    pages = sorted(p for p in site_dir.glob(glob) if p.is_file() and "/rpg/" not in p.as_posix())
    return pages


def _stage_pages(site_dir: Path, pages: list[Path], stage: Path) -> None:
    """Copy each page, CJK-spaced, to the same relative path under ``stage``."""
    for page in pages:
        target = stage / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(cjk_spaced_html(page.read_text("utf-8", errors="replace")), "utf-8")


def _build(stage: Path, bundle: Path, language: str | None) -> None:
    """One run of the Pagefind binary over the staged pages (it exits once every file is
    written; the Python service API may terminate it while files are still being written)."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise StaticSearchError("the Pagefind binary is missing")
    cmd = [str(exe), "--site", str(stage), "--output-path", str(bundle), "--glob", "**/*.html", "--quiet"]
    if language:
        cmd += ["--force-language", language]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StaticSearchError(f"Pagefind exited with {done.returncode}: {done.stderr.strip()[-400:]}")


def build_static_search(site_dir: str | Path, glob: str = TOPIC_GLOB,
                        language: str | None = None,
                        output_dir: str | Path | None = None,
                        pages: Iterable[str] | None = None) -> StaticSearchReport:
    """Index the mirror's topic pages into ``output_dir`` (default ``site_dir/pagefind/``).

    Call it at the end of ``build`` (after every page is written). ``language`` forces one
    index language (ISO 639-1); by default Pagefind reads ``<html lang>``. The build passes
    a temporary ``output_dir`` and moves the bundle into the mirror itself (atomic, tracked),
    and ``pages``: the topic pages of its plan (relative paths), so that a page an
    incremental build has not removed yet (a renamed topic's old file) is not indexed.
    """
    site = Path(site_dir)
    if not site.is_dir():
        raise StaticSearchError(f"no built site at {site}")
    found = _topic_pages(site, glob) if pages is None else [site / rel for rel in sorted(pages)]
    bundle = Path(output_dir) if output_dir is not None else site / BUNDLE_DIR
    stage = Path(tempfile.mkdtemp(prefix="jt-pagefind-"))
    try:
        _stage_pages(site, found, stage)
        _build(stage, bundle.resolve(), language)
    except (OSError, RuntimeError, AssertionError) as exc:
        raise StaticSearchError(f"Pagefind failed on {site}: {exc}") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return StaticSearchReport(len(found), bundle, size)


ASSET_NAMES = ("jt-search.js", "jt-search.css")


def asset_bytes() -> dict[str, bytes]:
    """``name -> bytes`` of the search page's assets (for writers that track their files)."""
    return {name: (STATIC_DIR / name).read_bytes() for name in ASSET_NAMES}


def copy_assets(dest_dir: str | Path) -> list[Path]:
    """Copy ``jt-search.js`` and ``jt-search.css`` into ``dest_dir`` (the theme's static)."""
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in asset_bytes().items():
        target = dest / name
        target.write_bytes(data)
        out.append(target)
    return out
