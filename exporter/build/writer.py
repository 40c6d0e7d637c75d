"""The one place that writes the mirror: containment, collisions, atomic files, skip-unchanged.

Every path is resolved and checked with ``is_relative_to(out)`` on the *resolved* path; a
path whose resolution differs from its plain join (a symlink inside the output folder) is
refused; a second claim on one file within a build is an :class:`UnsafePathError`, never an
overwrite. Files are written to a temp file in the target folder and ``os.replace``-d.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import BuildError, UnsafePathError
from .manifest import JOURNAL_NAME, MANIFEST_NAME, Entry, Manifest

_RESERVED = {MANIFEST_NAME, JOURNAL_NAME}
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_entry = tuple.__new__  # ``Entry(…)`` without its Python-level ``__new__`` frame (a call per file)
_tmp_names = ""  # this process's temp-file name prefix, ``.tmp-<pid>-`` ("" until first asked)


def _tmp_prefix() -> str:
    """``.tmp-<pid>-`` of this process, learnt once (``os.getpid()`` is a system call, and a
    build writes tens of thousands of files); a forked child forgets its parent's below."""
    global _tmp_names
    if not _tmp_names:
        _tmp_names = f".tmp-{os.getpid()}-"
    return _tmp_names


def _forget_pid() -> None:
    global _tmp_names
    _tmp_names = ""


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pid)


_OPEN_FOLDER = getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0)
_DELETED = " (deleted)"  # what Linux appends to the path of a folder removed since it was opened


def _resolved_folder(folder: Path) -> str:
    """The resolved path of an existing real folder (``Path.resolve()``, which ``lstat``-s
    every part of the path in Python: ~60 µs, met once per folder another process made first,
    e.g. each topic folder in a parallel build). The folder is opened (never through a symlink)
    and the kernel names what was opened (``/proc/self/fd``: its own resolution, ~12 µs);
    without ``/proc``, or for a folder removed meanwhile, ``resolve()`` decides."""
    try:
        fd = os.open(folder, _OPEN_FOLDER)
    except OSError:
        return str(folder.resolve())
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        real = ""
    finally:
        os.close(fd)
    if not real.startswith("/") or real.endswith(_DELETED):
        return str(folder.resolve())
    return real


class Writer:
    """Writes files under ``out``; records what it wrote for the manifest."""

    def __init__(self, out: Path, previous: Manifest, force: bool = False):
        self.out = out
        self.root = out.resolve()
        self.previous = previous
        self.force = force
        self.entries: dict[str, Entry] = {}
        self.keys: dict[str, str] = {}
        self.owners: dict[str, str] = {}
        self.written: list[str] = []
        self.unchanged = 0
        # Folders are tracked as strings relative to ``root`` ("" is ``root`` itself): a page
        # write looks its folder up here, and string keys cost a fraction of ``Path`` ones.
        self._base = str(self.root)
        self._prefix = os.path.join(self._base, "")  # ``_prefix + rel`` is ``os.path.join(_base, rel)``
        self._dirs: set[str] = {""}
        self._fresh: set[str] = set()  # folders this build created (nothing else in them)
        self._tmp_counter = 0
        self._ready: Callable[[], bool] | None = None  # see :meth:`hold_writes`
        self._held: list[tuple[str, bytes, str]] = []  # (rel, data, sha) queued while held
        # Files are written one after the other: a pool of write threads was measured to
        # double the CPU of writing many small files (GIL hand-offs), on tmpfs and on ext4.
        self._journal = open(out / JOURNAL_NAME, "a", encoding="utf-8", buffering=1)  # noqa: SIM115

    def close(self) -> None:
        self._journal.close()

    # -- paths -------------------------------------------------------------------------

    def safe_rel(self, rel: str) -> str:
        """Normalise a relative path; refuse absolute paths, ``..``, NUL and empty parts."""
        if not rel or "\x00" in rel or "\\" in rel:
            raise UnsafePathError(f"refusing to write unsafe path {rel!r}")
        framed = f"/{rel}/"  # a part that is "", "." or ".." shows up as //, /./ or /../
        if "//" in framed or "/./" in framed or "/../" in framed:
            raise UnsafePathError(f"refusing to write path outside the output folder: {rel!r}")
        long = len(rel) > 63 and len(os.fsencode(rel)) > 255  # else no part can be over 255 bytes
        if rel in _RESERVED or long and any(len(os.fsencode(p)) > 255 for p in rel.split("/")):
            raise UnsafePathError(f"refusing to write path {rel[:80]!r}…")
        return rel

    def target(self, rel: str) -> Path:
        """The checked absolute path for ``rel`` (no symlink, inside the output folder).

        Folders are created one level at a time and each is checked (``lstat``) to be a real
        folder, not a symlink (cached), so the joined path is its own resolution: containment
        holds by construction, and is asserted with ``is_relative_to`` on the parent's
        resolved path once per folder met that this build did not create. A file in a folder
        this build created cannot be a symlink, so only files elsewhere are checked.
        """
        return Path(self._target(rel))

    def _target(self, rel: str) -> str:
        """:meth:`target` as a string (the write path: no ``Path`` objects per file)."""
        folder = rel.rpartition("/")[0]
        if folder not in self._dirs:
            self._ensure_dir(folder, rel)
        path = self._prefix + rel  # ``rel`` is relative (``safe_rel``): what ``os.path.join`` makes
        if folder not in self._fresh and os.path.islink(path):
            raise UnsafePathError(f"{rel!r} is a symlink inside the output folder; refusing to follow it")
        return path

    def _ensure_dir(self, folder: str, rel: str) -> None:
        """Create ``folder`` (relative to the root) one level at a time, refusing any symlink."""
        current = ""
        for part in folder.split("/"):
            current = f"{current}/{part}" if current else part
            if current in self._dirs:
                continue
            path = os.path.join(self._base, current)
            try:
                os.mkdir(path)
            except FileExistsError:
                self._check_existing_dir(Path(path), rel)
            except OSError as exc:
                raise BuildError(f"cannot create {path} ({exc.strerror})",
                                 "check the permissions of the output folder") from exc
            else:
                self._fresh.add(current)  # made just now inside a checked folder: empty, real
            self._dirs.add(current)

    def _check_existing_dir(self, current: Path, rel: str) -> None:
        """A folder that was already there: a real folder (no symlink) inside the output."""
        try:
            st = os.lstat(current)
        except OSError as exc:
            raise BuildError(f"cannot inspect {current} ({exc.strerror})",
                             "check the permissions of the output folder") from exc
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(f"{rel!r} would be written through the symlink {current}")
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{rel!r} needs folder {current}, but a file is there")
        if not Path(_resolved_folder(current)).is_relative_to(self.root):
            raise UnsafePathError(f"{rel!r} needs folder {current}, which is not a folder inside {self.out}")

    # -- writing -----------------------------------------------------------------------

    def claim(self, rel: str, owner: str = "") -> str:
        """Claim ``rel`` ahead of :meth:`reuse_claimed`, :meth:`put` or :meth:`plan_claimed`
        (the build claims every page first: a later claim on one of them is refused before
        anything is written)."""
        return self._claim(rel, owner)

    def _claim(self, rel: str, owner: str) -> str:
        """Check and record that ``owner`` produces ``rel`` in this build (once per path)."""
        rel = self.safe_rel(rel)
        if rel in self.owners:
            raise UnsafePathError(
                f"two outputs claim {rel!r}: {self.owners[rel] or 'a page'} and {owner or 'another page'}",
                "two entities map to one file; this is a bug or a hostile snapshot")
        self.owners[rel] = owner
        return rel

    def intact(self, rel: str) -> bool:
        """``rel`` is on disk as the last finished build wrote it (see :meth:`Manifest.intact`)."""
        return not self.force and self.previous.intact(self._base, rel)

    def keep(self, rel: str, owner: str = "") -> None:
        """Claim ``rel`` and keep the previous build's file as it is (caller checked ``intact``)."""
        self._keep_claimed(self._claim(rel, owner))

    def _keep_claimed(self, rel: str, key: str | None = None) -> None:
        """Book the previous build's file of a claimed ``rel`` as this build's (with ``key``)."""
        self.entries[rel] = self.previous.entries[rel]
        self.unchanged += 1
        if key is not None:
            self.keys[rel] = key

    def reuse(self, rel: str, key: str, owner: str = "") -> bool:
        """Keep ``rel`` without rendering it when it was rendered from the same inputs (``key``)."""
        if not self._reusable(rel, key):
            return False
        self._keep_claimed(self._claim(rel, owner), key)
        return True

    def reuse_claimed(self, rel: str, key: str) -> bool:
        """:meth:`reuse` for a file already claimed (:meth:`claim`)."""
        if not self._reusable(rel, key):
            return False
        self._keep_claimed(rel, key)
        return True

    def _reusable(self, rel: str, key: str) -> bool:
        """The last build made ``rel`` from the same inputs (``key``) and its file is intact."""
        return self.previous.keys.get(rel) == key and self.intact(rel)

    def write(self, rel: str, data: bytes, owner: str = "", key: str | None = None) -> bool:
        """Write ``data`` to ``rel`` unless an identical file is already there; True if written.

        ``key`` (the fingerprint of the page's inputs) is recorded for :meth:`reuse`."""
        return self.put(self._claim(rel, owner), data, key)

    def put(self, rel: str, data: bytes, key: str | None = None) -> bool:
        """:meth:`write` for a file already claimed (:meth:`claim`)."""
        if key is not None:
            self.keys[rel] = key
        sha = hashlib.sha256(data).hexdigest()
        if not self.force and self.previous.unchanged(self._base, rel, sha):
            self.entries[rel] = self.previous.entries[rel]
            self.unchanged += 1
            return False
        self.written.append(rel)
        if self._ready is not None:
            if not self._ready():
                self._held.append((rel, data, sha))
                self.entries[rel] = _entry(Entry, (sha, -1, -1))  # the sha is known; the stat comes when written
                return True
            self.release_writes()
        self._write_now(rel, data, sha)
        return True

    def _write_now(self, rel: str, data: bytes, sha: str) -> None:
        """Journal ``rel``, write it atomically and record its entry."""
        path = self._target(rel)
        self._journal.write(rel + "\n")
        st = self._atomic_write(rel, path, data)
        self.entries[rel] = _entry(Entry, (sha, st.st_size, st.st_mtime_ns))

    # -- held writes (a process started before the theme was pre-flighted) ----------------

    def hold_writes(self, ready: Callable[[], bool]) -> None:
        """Until ``ready()`` is true, queue the files :meth:`put` would write (in order) and
        change nothing on disk: the SEO process starts while the building process still
        pre-flights the theme, and a broken theme must leave the previous mirror as it was.
        :meth:`release_writes` writes what is queued (once ``ready()`` is true)."""
        self._ready = ready

    def release_writes(self) -> None:
        """Write the held files in the order they came (the caller knows ``ready()`` is true)."""
        self._ready = None
        held, self._held = self._held, []
        for rel, data, sha in held:
            self._write_now(rel, data, sha)

    # -- split writes (rendering in worker processes, see :mod:`exporter.build.parallel`) --

    def plan_claimed(self, rel: str, key: str | None = None) -> str:
        """Note the input ``key`` of a claimed ``rel`` (:meth:`claim`) that a worker will
        :meth:`store`; :meth:`journal` it before."""
        if key is not None:
            self.keys[rel] = key
        return rel

    def journal(self, rels: list[str]) -> None:
        """Note ``rels`` in the journal (before they are written: a killed build knows them)."""
        if rels:
            self._journal.write("".join(rel + "\n" for rel in rels))
            self._journal.flush()

    def store(self, rel: str, data: bytes) -> Entry | None:
        """Write a planned file (any process); None when an identical file is already there."""
        sha = hashlib.sha256(data).hexdigest()
        if not self.force and self.previous.unchanged(self._base, rel, sha):
            return None
        st = self._atomic_write(rel, self._target(rel), data)
        return _entry(Entry, (sha, st.st_size, st.st_mtime_ns))

    def record(self, rel: str, entry: Entry | None) -> None:
        """Book what :meth:`store` did for a planned file (in the process that owns the manifest)."""
        if entry is None:
            self.entries[rel] = self.previous.entries[rel]
            self.unchanged += 1
        else:
            self.entries[rel] = entry
            self.written.append(rel)

    def _atomic_write(self, rel: str, path: str, data: bytes) -> os.stat_result:
        """Write a temp file beside ``path`` (``rel``'s :meth:`_target`) and ``os.replace`` it;
        return the file's stat."""
        self._tmp_counter += 1
        folder = rel.rpartition("/")[0]  # the temp file's path is ``os.path.join(dirname(path), name)``
        tmp = f"{self._prefix}{folder}{os.sep if folder else ''}{_tmp_prefix()}{self._tmp_counter}"
        try:
            fd = os.open(tmp, _CREATE, 0o644)
        except OSError as exc:
            raise BuildError(f"cannot write into {os.path.dirname(path)} ({exc.strerror})",
                             "check the permissions and free space of the output folder") from exc
        try:
            try:
                done = os.write(fd, data)
                if done < len(data):  # os.write may write less than asked (signals, some file systems)
                    view = memoryview(data)[done:]
                    while view:
                        view = view[os.write(fd, view):]
                st = os.fstat(fd)
            finally:
                os.close(fd)
            try:
                os.replace(tmp, path)
            except IsADirectoryError as exc:
                raise UnsafePathError(f"{path} is a folder of another page; refusing to write a file there",
                                      "two entities map to one path; this is a bug or a hostile snapshot") from exc
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return st

    # -- cleanup -----------------------------------------------------------------------

    def remove_stale(self) -> list[str]:
        """Delete files the tool wrote before that this build did not produce (sorted)."""
        removed = []
        for rel in sorted(self.previous.owned_paths() - set(self.entries)):
            try:
                rel = self.safe_rel(rel)
                path = self.root.joinpath(*rel.split("/"))
                if path.is_symlink() or not path.resolve().is_relative_to(self.root) or not path.is_file():
                    continue
                path.unlink()
            except (UnsafePathError, OSError):
                continue
            removed.append(rel)
            self._prune_dirs(path.parent)
        return removed

    def _prune_dirs(self, folder: Path) -> None:
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent
