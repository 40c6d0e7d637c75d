"""Compiled templates kept between builds: Jinja's own ``FileSystemBytecodeCache``, best effort.

Compiling the theme (Jinja parses each template, writes Python and compiles it) costs about
0.15 s, every build, in the building process before any page is rendered: a tenth of a build
of the default example and a third of a rebuild after one post changed. The compiled code is
kept in the user's cache folder (``$XDG_CACHE_HOME/jetonomy-export`` or
``~/.cache/jetonomy-export``; ``JETONOMY_EXPORT_CACHE_DIR=DIR`` moves it, ``=off`` turns it
off), never in the mirror.

Jinja checks each entry against the template's source (a checksum) and Python's bytecode
version; the folder's name also carries a digest of Jinja's version and of the modules that
decide how templates compile (this one, :mod:`.themes`, :mod:`.jinja_codegen`), so code made
by another version of either is never loaded. The cache is code that will run: it is only
used in a folder this user owns that nobody else can write to. Any failure to read or write
it only means compiling again (the pages are the same either way).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

ENV_VAR = "JETONOMY_EXPORT_CACHE_DIR"
_OFF = {"", "0", "off", "no", "none", "false"}


def cache_dir() -> Path | None:
    """The folder for this version's compiled templates, or None when caching is off."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        if chosen.strip().lower() in _OFF:
            return None
        base = Path(chosen)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        try:
            base = (Path(xdg) if xdg else Path.home() / ".cache") / "jetonomy-export"
        except RuntimeError:  # no home folder to be found
            return None
    return base / f"templates-{_compiler_digest()}"


def _compiler_digest() -> str:
    """Jinja's version and the source of the modules that shape compiled templates."""
    from . import jinja_codegen, themes

    digest = hashlib.sha256(f"{jinja2.__version__}|{sys.version}".encode())
    for module in (sys.modules[__name__], themes, jinja_codegen):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(repr(module).encode())
    return digest.hexdigest()[:16]


class QuietBytecodeCache(FileSystemBytecodeCache):
    """``FileSystemBytecodeCache`` whose failures only cost a compile: a damaged entry
    (Jinja would raise from ``pickle``) is dropped, a folder that cannot be written is skipped."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - any damage: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> QuietBytecodeCache | None:
    """The cache for a theme's environment, or None (off, or no private folder for it)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if not stat.S_ISDIR(info.st_mode) or not owner_ok or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None  # code found there could have been put there by someone else
    return QuietBytecodeCache(str(folder))
