"""Unpack an archive safely: check every member first, then write plain files only.

Nothing is written when any member is unsafe (:mod:`.read`). Each file is written inside
``dest`` (resolved containment, no symlink followed), and its sha256 is compared with the
manifest as it is written; a damaged archive raises :class:`ArchiveError`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .check import read_manifest, split_prefix
from .contents import MANIFEST_NAME
from .errors import ArchiveError, UnsafeArchiveError
from .read import ArchiveReader, Entry


def _target(dest: Path, name: str) -> Path:
    target = dest.joinpath(*name.split("/"))
    current = dest
    for part in name.split("/")[:-1]:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            raise UnsafeArchiveError(f"{name!r} would be written through {current} (not a folder)")
    if target.is_symlink() or not target.resolve().is_relative_to(dest.resolve()):
        raise UnsafeArchiveError(f"{name!r} resolves outside {dest}")
    return target


def _write(reader: ArchiveReader, entry: Entry, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    tmp = target.with_name(f".tmp-{target.name}")
    with reader.open(entry) as src, open(tmp, "wb") as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            dst.write(block)
    os.replace(tmp, target)
    return digest.hexdigest()


def extract_archive(path: str | Path, dest: str | Path) -> Path:
    """Unpack ``path`` into ``dest``; return the unpacked export folder (``dest/PREFIX``)."""
    dest = Path(dest)
    with ArchiveReader(Path(path)) as reader:
        entries = reader.entries()  # raises before anything is written
        prefix = split_prefix(entries)
        manifest = read_manifest(reader, entries, prefix)
        expected = {f["path"]: f["sha256"] for f in manifest["files"]}
        dest.mkdir(parents=True, exist_ok=True)
        strip = len(prefix) + 1 if prefix else 0
        targets = [(e, _target(dest, e.name)) for e in entries if not e.is_dir]
        for entry, target in targets:
            sha = _write(reader, entry, target)
            rel = entry.name[strip:]
            if rel != MANIFEST_NAME and expected.get(rel) != sha:
                raise ArchiveError(f"{rel}: checksum differs from the manifest (damaged archive)")
    return dest / prefix if prefix else dest


