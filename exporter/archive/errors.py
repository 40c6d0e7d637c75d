"""Errors of ``archive`` (subclasses of the one hierarchy in :mod:`exporter.errors`)."""

from __future__ import annotations

from ..errors import ExportError


class ArchiveError(ExportError):
    """An archive cannot be written, read, checked or safely unpacked."""

    default_fix = "check the archive file (or make a new one with `jetonomy-export archive DIR`)"


class UnsafeArchiveError(ArchiveError):
    """A member would land outside the destination, or is a link or a device (tar/zip slip)."""

    default_fix = "do not unpack this file: it was not made by jetonomy-export or was tampered with"
