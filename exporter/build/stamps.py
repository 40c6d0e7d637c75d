"""Input fingerprints ("keys") of pages, for incremental builds.

A page's key hashes everything its HTML is made from: the *site stamp* (tool version, build
options, theme files, site settings, the URL plan, spaces, categories, users, tags: things
many pages show) plus the page's own inputs (``Job.deps``: the rows it lists, or the
post-and-replies stamp of a topic). When the key and the file on disk match the last
build's manifest, the page is neither rendered nor written. Anything that is not clearly
page-local goes into the site stamp, so a doubt costs a full re-render, never a stale page.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import exporter

from .gather import SiteIndex
from .themes import Theme


def _h(*parts: Any) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(_serial(part))
        digest.update(b"\x00")
    return digest.hexdigest()


def _serial(part: Any) -> bytes:
    """The bytes a key hashes for ``part``: different values give different bytes.

    Plain data (str, int, float, bool, None, bytes, tuples, lists and dicts of them: rows
    decoded from JSON, page deps) goes through :mod:`marshal`, a few times faster than
    ``repr`` or ``json.dumps``. Format version 2 writes no back-references, so the bytes
    depend on the values only (not on which objects happen to be shared); marshal writes
    every value with its type and length, so it round-trips exactly. What marshal refuses
    (dataclass rows, str subclasses such as ``Markup``) is compared by ``repr``, as before.
    Sets would be written in iteration order (as ``repr`` writes them), which may differ
    between processes: a spurious re-render, never a stale page; the plan's inputs hold none.
    The tag byte keeps the two encodings apart, and each delimits itself (``repr`` holds no NUL)."""
    try:
        return b"m" + marshal.dumps(part, 2)
    except ValueError:
        return b"r" + repr(part).encode("utf-8", "surrogatepass")


def _json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)


def _callable_names(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(f"{getattr(f, '__module__', '')}.{getattr(f, '__qualname__', repr(f))}" for f in items)


def theme_stamp(theme: Theme) -> str:
    """Hash of every template and static file of the (layered) theme, plus the search widget."""
    from .search import static_dir

    digest = hashlib.blake2b(digest_size=16)
    for base in (theme.default_dir, theme.user_dir, static_dir()):
        for path in sorted(Path(base).rglob("*")) if base else ():
            if path.is_file():
                digest.update(path.as_posix().encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


def _options_stamp(ix: SiteIndex) -> str:
    o = ix.options
    fields = {k: v for k, v in vars(o).items() if k not in ("extra_writers", "page_hooks", "force", "workers")} \
        if hasattr(o, "__dict__") else {}
    return _h(sorted(fields.items(), key=lambda kv: kv[0]), _callable_names(o.extra_writers),
              _callable_names(o.page_hooks))


def site_stamp(ix: SiteIndex, theme: Theme, snapshot_facts: Any) -> str:
    """The part of every page's key shared by all pages (see the module docstring)."""
    return _h(
        getattr(exporter, "__version__", ""), _options_stamp(ix), theme_stamp(theme), ix.site,
        snapshot_facts, sorted(ix.pages), _json(ix.categories), _json(ix.spaces),
        sorted(ix.space_views.items()), sorted(ix.users.items()), sorted(ix.tags.items()),
        sorted(ix.post_by_slug.items()), sorted(ix.media.items()), len(ix.posts),
        sorted((pid, ix.topic_url(pid)) for pid in ix.posts))


def post_stamps(ix: SiteIndex) -> dict[int, str]:
    """Per post: hash of the (audience-masked) post row and its replies' fingerprints. Also fills
    ``ix.row_stamps``: the post's list row (what list pages show of it, tags included)."""
    stamps: dict[int, str] = {}
    for pid, post in ix.posts.items():
        row = ix.row_stamps[pid] = _h(ix.rows[pid])
        replies = tuple((r.id, r.stamp) for r in ix.replies_by_post.get(pid, ()))
        stamps[pid] = _h(row, post, replies)
    return stamps


def page_key(site: str, kind: str, url: str, deps: Any) -> str:
    """The key of one page (``deps`` is the job's own input, see :func:`_serial`): the four
    serialised together (one marshal call, not four, for each of the plan's pages)."""
    return _h((site, kind, url, deps))


def snapshot_facts(snap: Any) -> str:
    """Site settings and snapshot meta pages show (crawl timestamps excluded: a re-crawl that
    changed nothing must not re-render everything)."""
    site = snap.db.execute("SELECT key, json FROM site ORDER BY key").fetchall()
    meta = snap.db.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
    return _h([tuple(r) for r in site], [tuple(r) for r in meta if not str(r[0]).endswith("_at")])
