"""What goes into an archive of an export folder, and its ``MANIFEST.json``.

Included: the snapshot (``snapshot.sqlite`` with its WAL checkpointed first, and ``media/``),
the mirror (``site/``), the live generation of the search index (``search_index/CURRENT`` +
``gen-N/``) and ``export.json``. Left out: temp files, unfinished index builds and older
index generations, SQLite ``-wal``/``-shm`` side files, the build journal. Paths are sorted,
so the manifest — and the archive — is the same for the same folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .errors import ArchiveError

MANIFEST_NAME = "MANIFEST.json"
FORMAT = "jetonomy-export-archive"
FORMAT_VERSION = 1
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".jetonomy-build.journal")
_SKIP_PREFIXES = (".tmp-", ".build-")


@dataclass(frozen=True)
class Member:
    """One file to pack: its path in the archive and on disk."""

    arcname: str
    path: Path
    size: int
    sha256: str


def checkpoint(snapshot_db: Path) -> None:
    """Fold a leftover WAL into ``snapshot.sqlite`` so the file alone is complete."""
    wal = snapshot_db.with_name(snapshot_db.name + "-wal")
    if not wal.exists():
        return
    try:
        conn = sqlite3.connect(snapshot_db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot checkpoint {snapshot_db} ({exc})",
                           "make sure no crawl is running on this folder, then try again") from exc


def _skipped(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.endswith(_SKIP_SUFFIXES) or any(
        part.startswith(_SKIP_PREFIXES) for part in rel.split("/"))


def _live_index_parts(root: Path) -> set[str] | None:
    """``{"CURRENT", "gen-N"}`` of the search index, or ``None`` when there is none."""
    pointer = root / "search_index" / "CURRENT"
    try:
        return {"CURRENT", pointer.read_text("utf-8").strip()}
    except OSError:
        return None


def _wanted(rel: str, index_parts: set[str] | None) -> bool:
    top, _, rest = rel.partition("/")
    if top == "search_index":
        return index_parts is not None and rest.split("/", 1)[0] in index_parts
    return top in ("community.snapshot", "site") or rel == "export.json"


def collect(root: Path) -> list[Member]:
    """Every file of the export folder ``root`` that belongs in the archive, sorted."""
    if not (root / "community.snapshot" / "snapshot.sqlite").is_file():
        raise ArchiveError(f"{root} is not an export folder (no community.snapshot/snapshot.sqlite)",
                           "give the folder `jetonomy-export export --out DIR` wrote")
    checkpoint(root / "community.snapshot" / "snapshot.sqlite")
    index_parts = _live_index_parts(root)
    members = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if _skipped(rel) or not _wanted(rel, index_parts):
                continue
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                raise ArchiveError(f"{rel} is not a regular file (symlink or device)",
                                   "remove it from the export folder; archives hold plain files only")
            members.append(Member(rel, path, st.st_size, file_sha256(path)))
    return sorted(members, key=lambda m: m.arcname)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def created_from(root: Path) -> dict[str, str]:
    """Where the archive came from: the folder's name and the snapshot's site and crawl time."""
    db = root / "community.snapshot" / "snapshot.sqlite"
    info = {"folder": root.resolve().name}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            for key in ("site_url", "crawled_at", "format_version", "base_slug"):
                row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
                if row:
                    info[key] = row[0]
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    return info


def manifest_bytes(root: Path, members: list[Member]) -> bytes:
    """``MANIFEST.json``: format, tool version, created-from, and every file's size and sha256."""
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "tool": "jetonomy-export",
            "tool_version": __version__, "created_from": created_from(root),
            "files": [{"path": m.arcname, "size": m.size, "sha256": m.sha256} for m in members]}
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
