"""Index folder layout and atomic generations.

::

    search_index_dir/
      CURRENT            name of the live generation (replaced atomically with os.replace)
      gen-000007/        one complete index: four Whoosh indexes + side.sqlite + info.json
                         + per-kind rank files (``rank-<kind>.*``, see ranks.py)
      gen-000006/        the previous generation (kept so open readers keep working)
      .build-000008/     an unfinished build (removed by the next build)

A build writes a whole new generation into ``.build-N/``, renames it to ``gen-N/`` and only
then points ``CURRENT`` at it, so a build killed at any moment leaves the previous index
untouched and usable. ``side.sqlite`` holds what Whoosh is not good at: the payload JSON, sort keys, ``created_at``,
the folded text for the live site's ``LIKE '%q%'`` fallback, per-document change hashes and
the author directory. The rank files are derived from it after every build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from .errors import IndexMissingError

POINTER = "CURRENT"
SIDE_DB = "side.sqlite"
INFO = "info.json"
FORMAT_VERSION = 3
_GEN_RE = re.compile(r"^gen-(\d{6,})$")

SIDE_DDL = (
    "CREATE TABLE docs (kind TEXT NOT NULL, id INTEGER NOT NULL, sha TEXT NOT NULL, "
    "created_key INTEGER NOT NULL, sort2 INTEGER NOT NULL, created_at TEXT NOT NULL, "
    "payload TEXT NOT NULL, folded TEXT NOT NULL, PRIMARY KEY (kind, id))",
    "CREATE INDEX docs_created ON docs (kind, created_at)",
    "CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT NOT NULL, display_name TEXT NOT NULL, "
    "nicename TEXT NOT NULL)",
)


def current_generation(root: Path) -> Path | None:
    """The live generation folder, or ``None`` when there is no usable index."""
    try:
        name = (root / POINTER).read_text("utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = root / name
    return gen if _GEN_RE.match(name) and (gen / INFO).is_file() else None


def require_generation(root: Path) -> Path:
    gen = current_generation(Path(root))
    if gen is None:
        raise IndexMissingError(f"no search index at {root}")
    return gen


def next_number(root: Path) -> int:
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _GEN_RE.match(p.name))] \
        if root.is_dir() else []
    return max(numbers, default=0) + 1


def drop_unfinished(root: Path) -> None:
    """Remove the folders of builds that were interrupted."""
    for stale in root.glob(".build-*"):
        shutil.rmtree(stale, ignore_errors=True)


def start_build(root: Path) -> tuple[Path, int]:
    """Create ``root`` if needed, drop unfinished builds, return a fresh build folder."""
    root.mkdir(parents=True, exist_ok=True)
    drop_unfinished(root)
    number = next_number(root)
    build = root / f".build-{number:06d}"
    build.mkdir()
    return build, number


def clone_generation(src: Path, dst: Path) -> None:
    """Copy a generation for an incremental update: Whoosh segments (immutable) are
    hard-linked, everything that is rewritten in place is copied, and the rank files
    (rewritten whole by every build) are left out."""
    for item in src.iterdir():
        if item.name.startswith("rank-"):
            continue
        target = dst / item.name
        if item.suffix == ".seg":
            try:
                os.link(item, target)
                continue
            except OSError:
                pass
        shutil.copy2(item, target)


def publish(root: Path, build: Path, number: int) -> Path:
    """Make ``build`` the live generation atomically; prune generations older than the last."""
    gen = root / f"gen-{number:06d}"
    _fsync_dir(build)
    os.replace(build, gen)
    tmp = root / f".{POINTER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    _fsync_dir(root)
    _prune(root, keep={gen.name, f"gen-{number - 1:06d}"})
    return gen


def _prune(root: Path, keep: set[str]) -> None:
    for item in root.iterdir():
        if _GEN_RE.match(item.name) and item.name not in keep:
            shutil.rmtree(item, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_info(gen: Path, info: dict[str, Any]) -> None:
    (gen / INFO).write_text(json.dumps({"format_version": FORMAT_VERSION, **info},
                                       sort_keys=True, indent=1), "utf-8")


def read_info(gen: Path) -> dict[str, Any]:
    return json.loads((gen / INFO).read_text("utf-8"))


def open_side(gen: Path, create: bool = False, readonly: bool = False) -> sqlite3.Connection:
    """Open ``side.sqlite`` of a generation (creating its tables when asked)."""
    path = gen / SIDE_DB
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    if create:
        for ddl in SIDE_DDL:
            conn.execute(ddl)
    return conn
