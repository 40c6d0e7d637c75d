"""Read archive members safely: every name and type is checked before anything is trusted.

A member is refused (:class:`UnsafeArchiveError`) when its name is absolute, has a drive or
backslash, contains ``..`` or ``.``/empty parts or NUL, or when it is anything but a regular
file or folder (symlink, hard link, character/block device, FIFO).
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .errors import ArchiveError, UnsafeArchiveError
from .write import archive_format


@dataclass(frozen=True)
class Entry:
    """A checked member: ``name`` (posix, relative), ``is_dir``, ``size`` and how to open it."""

    name: str
    is_dir: bool
    size: int
    handle: Any


def safe_name(name: str) -> str:
    """The member name if it stays inside the destination; :class:`UnsafeArchiveError` if not."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or \
            (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchiveError(f"archive member {name[:100]!r} has an absolute or foreign path")
    parts = PurePosixPath(name.rstrip("/")).parts
    if not parts or any(p in ("..", ".", "") for p in parts):
        raise UnsafeArchiveError(f"archive member {name[:100]!r} leaves the destination (..)")
    return "/".join(parts)


def _tar_entry(info: tarfile.TarInfo) -> Entry:
    name = safe_name(info.name)
    if info.isdir():
        return Entry(name, True, 0, info)
    if not info.isreg():
        kind = "symlink" if info.issym() else "hard link" if info.islnk() else "device or FIFO"
        raise UnsafeArchiveError(f"archive member {name!r} is a {kind}; only plain files are allowed")
    return Entry(name, False, info.size, info)


def _zip_entry(info: zipfile.ZipInfo) -> Entry:
    name = safe_name(info.filename)
    mode = info.external_attr >> 16
    if info.is_dir():
        return Entry(name, True, 0, info)
    if mode and not stat.S_ISREG(mode):
        raise UnsafeArchiveError(f"archive member {name!r} is not a plain file (mode {stat.filemode(mode)})")
    return Entry(name, False, info.file_size, info)


class ArchiveReader:
    """Checked members of a ``.tar.gz`` or ``.zip`` and streams of their bytes."""

    def __init__(self, path: Path):
        self.path = path
        self.format = archive_format(path)
        self._tar: tarfile.TarFile | None = None
        self._zip: zipfile.ZipFile | None = None

    def __enter__(self) -> ArchiveReader:
        try:
            if self.format == "zip":
                self._zip = zipfile.ZipFile(self.path)
            else:
                self._tar = tarfile.open(self.path, "r:gz")
        except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError) as exc:
            raise ArchiveError(f"cannot read {self.path} ({exc})") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in (self._tar, self._zip):
            if handle is not None:
                handle.close()

    def entries(self) -> list[Entry]:
        """All members, checked (raises on the first unsafe one), in archive order."""
        try:
            if self._zip is not None:
                return [_zip_entry(i) for i in self._zip.infolist()]
            assert self._tar is not None
            return [_tar_entry(i) for i in self._tar.getmembers()]
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ArchiveError(f"{self.path} is damaged ({exc})") from exc

    @contextmanager
    def open(self, entry: Entry) -> Iterator[IO[bytes]]:
        if self._zip is not None:
            with self._zip.open(entry.handle) as fh:
                yield fh
            return
        assert self._tar is not None
        fh = self._tar.extractfile(entry.handle)
        if fh is None:
            raise ArchiveError(f"cannot read member {entry.name}")
        with fh:
            yield fh
