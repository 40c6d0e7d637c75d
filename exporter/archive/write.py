"""Write a deterministic ``.tar.gz`` or ``.zip`` of an export folder, atomically.

Deterministic: members sorted, ``MANIFEST.json`` first, fixed mtime (1980-01-01), uid/gid 0,
no user/group names, mode 0644, gzip header without name or time — so the same folder gives
the same bytes. Atomic: written to a temp file next to the target, fsync-ed, ``os.replace``-d.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .contents import MANIFEST_NAME, Member, collect, manifest_bytes
from .errors import ArchiveError

FIXED_MTIME = 315532800  # 1980-01-01T00:00:00Z (the earliest time a zip can hold)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ArchiveReport:
    """What was written: the file, its format, members and sizes."""

    path: Path
    format: str
    prefix: str
    files: int
    content_bytes: int
    archive_bytes: int


def archive_format(path: Path) -> str:
    """``tar.gz`` or ``zip`` from the file name; :class:`ArchiveError` otherwise."""
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "tar.gz"
    if name.endswith(".zip"):
        return "zip"
    raise ArchiveError(f"cannot tell the archive format of {path.name}",
                       "name the file …tar.gz, …tgz or …zip")


def archive_prefix(path: Path) -> str:
    """The top folder inside the archive: the file name without its extension."""
    name = path.name
    for ext in (".tar.gz", ".tgz", ".zip"):
        if name.lower().endswith(ext):
            return name[: -len(ext)] or "export"
    return name


def write_archive(root: str | Path, out: str | Path) -> ArchiveReport:
    """Pack the export folder ``root`` into ``out`` (``.tar.gz``/``.tgz``/``.zip``)."""
    root, out = Path(root), Path(out)
    fmt = archive_format(out)
    if out.resolve().is_relative_to(root.resolve()):
        raise ArchiveError(f"{out} is inside the folder being archived",
                           "write the archive next to the export folder, not into it")
    members = collect(root)
    manifest = manifest_bytes(root, members)
    prefix = archive_prefix(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            (_write_tar if fmt == "tar.gz" else _write_zip)(fh, prefix, manifest, members)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ArchiveReport(out, fmt, prefix, len(members) + 1, sum(m.size for m in members),
                         out.stat().st_size)


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, FIXED_MTIME, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.REGTYPE
    return info


def _write_tar(fh: BinaryIO, prefix: str, manifest: bytes, members: list[Member]) -> None:
    with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=6) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_tarinfo(f"{prefix}/{MANIFEST_NAME}", len(manifest)), io.BytesIO(manifest))
        for m in members:
            with open(m.path, "rb") as src:
                tar.addfile(_tarinfo(f"{prefix}/{m.arcname}", m.size), src)


def _zipinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def _write_zip(fh: BinaryIO, prefix: str, manifest: bytes, members: list[Member]) -> None:
    with zipfile.ZipFile(fh, "w") as zf:
        zf.writestr(_zipinfo(f"{prefix}/{MANIFEST_NAME}"), manifest)
        for m in members:
            info = _zipinfo(f"{prefix}/{m.arcname}")
            info.file_size = m.size
            with open(m.path, "rb") as src, zf.open(info, "w", force_zip64=m.size > (1 << 31)) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
