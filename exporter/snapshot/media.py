"""Content-addressed media store beside the snapshot database (``<snapshot>/media/``)."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

_SAFE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf", ".txt", ".csv",
             ".docx", ".xlsx", ".pptx", ".odt", ".avif", ".ico", ".bmp", ".zip", ".mp4"}


def media_relpath(data: bytes, url: str, mime: str | None) -> str:
    """``ab/abcdef….ext``: the name comes from the bytes; the extension from the URL or mime."""
    digest = hashlib.sha256(data).hexdigest()
    ext = os.path.splitext(url.split("?", 1)[0].split("#", 1)[0])[1].lower()
    if ext not in _SAFE_EXT:
        ext = (mimetypes.guess_extension((mime or "").split(";")[0].strip()) or ".bin").lower()
        if ext not in _SAFE_EXT:
            ext = ".bin"
    return f"{digest[:2]}/{digest}{ext}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half."""
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """:func:`atomic_write_bytes` of ``b"".join(chunks)``, without holding the whole file in
    memory (a big file made piece by piece is written as its pieces come)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
