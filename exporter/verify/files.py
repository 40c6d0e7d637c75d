"""Containment: nothing in the mirror is a symlink leading out, a device, a FIFO or a socket."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .report import Check


def check_entries(site: Path, entries: list[tuple[str, os.stat_result]]) -> Check:
    """Every entry is a regular file or folder; symlinks may only point inside ``site``."""
    check = Check("containment")
    root = site.resolve()
    symlinks = 0
    for rel, st in entries:
        if stat.S_ISLNK(st.st_mode):
            symlinks += 1
            target = (site / rel).resolve()
            if not target.is_relative_to(root):
                check.fail(f"{rel}: symlink to {os.readlink(site / rel)} (outside the mirror)")
        elif not stat.S_ISREG(st.st_mode):
            check.fail(f"{rel}: not a regular file (mode {stat.filemode(st.st_mode)})")
    check.counts = {"entries": len(entries), "symlinks": symlinks}
    check.summary = f"{len(entries)} entries, {symlinks} symlinks, nothing points outside"
    return check
