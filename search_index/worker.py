"""A child process that writes one Whoosh index of a full build (posts, replies), so a
2-core machine analyses and writes postings while the parent reads the snapshot.

Not Whoosh's ``MpWriter``: its workers wait on a queue forever when the parent is killed.
Here the worker reads batches from a pipe whose parent end only the parent holds, so a
killed build makes its ``recv`` fail and it exits without committing (the unfinished
``.build-N`` folder is removed by the next build). Documents are added in the order they
were sent, so document numbers are the same as in a single-process build.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

BATCH = 500


def _run(conn: Connection, other_end: Connection, folder: str, kind: str, limitmb: int) -> None:
    other_end.close()  # keep only our end: the parent's death must mean EOF here
    writer = whoosh_index.open_dir(folder, indexname=kind).writer(limitmb=limitmb)
    try:
        while True:
            batch = conn.recv()
            if batch is None:
                break
            for fields in batch:
                writer.add_document(**fields)
        writer.commit()
    except BaseException as exc:  # EOF (parent gone) or a write error: leave nothing behind
        writer.cancel()
        try:
            conn.send(f"{type(exc).__name__}: {exc}")
        except OSError:
            pass
        return
    conn.send("ok")


class IndexWorker:
    """``add(fields)`` … ``finish()`` for one index, written in a child process."""

    def __init__(self, folder: Path, kind: str, limitmb: int):
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_run, args=(child, self._conn, str(folder), kind, limitmb),
                                 name=f"index-{kind}", daemon=True)
        self._proc.start()
        child.close()
        self._batch: list[dict[str, Any]] = []

    def add(self, fields: dict[str, Any]) -> None:
        self._batch.append(fields)
        if len(self._batch) >= BATCH:
            self._conn.send(self._batch)
            self._batch = []

    def end_input(self) -> None:
        """Send the rest and let the worker commit (in parallel with the caller's work)."""
        if self._batch:
            self._conn.send(self._batch)
            self._batch = []
        self._conn.send(None)

    def finish(self) -> None:
        """Wait for the worker's commit; raise ``OSError`` if it could not."""
        answer = self._conn.recv()
        self._proc.join()
        self._conn.close()
        if answer != "ok":
            raise OSError(f"the index worker failed: {answer}")

    def cancel(self) -> None:
        """Stop the worker without committing (closing the pipe is its EOF)."""
        self._conn.close()
        self._proc.join(timeout=30)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
