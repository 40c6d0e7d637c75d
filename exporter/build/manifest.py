"""The build manifest: which files the tool wrote, with their hashes (incremental builds).

``.jetonomy-build.json`` is written at the end of a successful build. While a build runs,
every written path is also appended to ``.jetonomy-build.journal`` so that a build killed
half-way still knows which files it wrote (and may remove them later). Only files listed in
the manifest or journal are ever deleted: files the tool did not write are left alone.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..snapshot.media import atomic_write_chunks

MANIFEST_NAME = ".jetonomy-build.json"
JOURNAL_NAME = ".jetonomy-build.journal"
MANIFEST_VERSION = 1


class Entry(NamedTuple):
    """One written file: content hash plus the stat it had right after writing (a tuple:
    a big mirror's manifest holds hundreds of thousands)."""

    sha256: str
    size: int
    mtime_ns: int


@dataclass
class Manifest:
    """Previous build's files (``entries``) and paths a killed build wrote (``journal``).

    ``keys`` maps a file (or a group such as ``pagefind``) to the fingerprint of the inputs
    it was rendered from: a page whose key is unchanged and whose file is intact is not
    rendered again; ``media`` lists the media files each page
    uses (a page that is not rendered still needs them). ``audience`` is the audience of the build that wrote the folder.
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    journal: set[str] = field(default_factory=set)
    keys: dict[str, str] = field(default_factory=dict)
    media: dict[str, list[str]] = field(default_factory=dict)
    audience: str | None = None

    def intact(self, out: Path | str, rel: str) -> bool:
        """True when ``rel`` is on disk exactly as the last (finished) build left it."""
        entry = self.entries.get(rel)
        if entry is None or rel in self.journal:
            return False
        try:
            st = os.lstat(os.path.join(out, rel))
        except OSError:
            return False
        return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns

    def unchanged(self, out: Path | str, rel: str, sha: str) -> bool:
        """True when ``rel`` holds exactly what the last build wrote and that equals ``sha``."""
        entry = self.entries.get(rel)
        return entry is not None and entry.sha256 == sha and self.intact(out, rel)

    def owned_paths(self) -> set[str]:
        """Every path this tool is known to have written."""
        return set(self.entries) | self.journal


def load_manifest(out: Path) -> Manifest:
    """Read the manifest and journal of ``out`` (missing or unreadable → empty)."""
    manifest = Manifest()
    try:
        data = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
        if data.get("version") == MANIFEST_VERSION:
            manifest.entries = {k: Entry._make(v) for k, v in data["files"].items()}
            manifest.keys = {str(k): str(v) for k, v in (data.get("keys") or {}).items()}
            manifest.media = {str(k): [str(m) for m in v] for k, v in (data.get("media") or {}).items()}
            manifest.audience = str(data["audience"]) if data.get("audience") else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    try:
        lines = (out / JOURNAL_NAME).read_text("utf-8").splitlines()
        manifest.journal = {ln for ln in lines if ln}
    except OSError:
        pass
    return manifest


_TEMP_NAME = re.compile(r"^\.tmp-\d+-\d+$")


def sweep_temp_files(out: Path, manifest: Manifest) -> int:
    """Delete the half-written temp files (``.tmp-<pid>-<n>``) a killed build left beside
    the files its journal names; return how many. Nothing else is touched, and no folder
    outside ``out`` (or reached through a symlink) is looked into."""
    root = out.resolve()
    removed = 0
    for folder in sorted({(out / rel).parent for rel in manifest.journal if rel and "\x00" not in rel}):
        try:
            if folder.is_symlink() or not folder.resolve().is_relative_to(root) or not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                if _TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed += 1
        except (OSError, ValueError):
            continue
    return removed


def save_manifest(out: Path, entries: dict[str, Entry], keys: dict[str, str] | None = None,
                  audience: str | None = None, media: dict[str, list[str]] | None = None) -> None:
    """Write the manifest atomically (sorted: deterministic) and drop the journal.

    It is encoded and written a slice of each map at a time: at 100x it is 60 MB of JSON,
    which made whole (the text, then its bytes) raised the build's peak memory by ~180 MB."""
    media = media or {}
    keys = keys or {}
    media_lists = {k: sorted(media[k]) for k in media if media[k]}
    head = {"version": MANIFEST_VERSION, "audience": audience}
    # an Entry is a tuple, which JSON writes as the list [sha256, size, mtime_ns]
    sections = (("keys", keys), ("media", media_lists), ("files", entries))
    atomic_write_chunks(out / MANIFEST_NAME, _manifest_chunks(head, sections))
    try:
        (out / JOURNAL_NAME).unlink()
    except FileNotFoundError:
        pass


_SLICE = 4096  # entries per encoded piece of a section


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def _manifest_chunks(head: dict[str, object], sections: tuple[tuple[str, dict[str, object]], ...]
                     ) -> Iterator[bytes]:
    """The bytes of ``json.dumps({**head, name: dict(sorted(section.items())), …},
    separators=(",", ":"))``, in pieces of at most :data:`_SLICE` entries each."""
    yield _dumps(head)[:-1]
    for name, section in sections:
        yield b"," + _dumps(name) + b":{"
        order = sorted(section)
        for start in range(0, len(order), _SLICE):
            piece = {k: section[k] for k in order[start:start + _SLICE]}
            yield (b"," if start else b"") + _dumps(piece)[1:-1]
        yield b"}"
    yield b"}"
