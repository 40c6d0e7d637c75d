"""Read every listed reply in a forked process while the gather reads the rest.

Reading the replies is most of a big community's gather (one row each, a few JSON fields
picked by SQLite, masked, turned into a :class:`~exporter.build.replies.ReplyRef`) and it
needs nothing the gather makes first. So :func:`start_reply_reader` forks one process
that reads them through its own connection while the building process reads categories,
spaces and posts; the records come back as plain tuples (cheap to pickle), in the order
the snapshot lists them. Where ``fork`` is missing, with ``workers=1``, or for a small
snapshot, the replies are read in the building process, the same way.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..snapshot import Audience, Fields, Snapshot
from . import people
from .replies import ReplyRef

#: What the gather reads of each reply row: its :class:`ReplyRef` and its author's facts.
REPLY_FIELDS = Fields(ReplyRef.KEYS + people.AUTHOR_KEYS, present=ReplyRef.PRESENT)
#: Below this many reply rows, forking costs more than it saves.
MIN_FORKED_REPLIES = 2000

#: One listed reply: its ReplyRef's fields, and its author's facts (None when anonymous).
Record = tuple[tuple[Any, ...], "tuple[Any, ...] | None"]


def reply_records(snap: Snapshot, audience: Audience) -> Iterator[Record]:
    """Every listed reply of ``snap`` as ``audience`` sees it (snapshot order)."""
    for reply, stamp in snap.iter_reply_fields(REPLY_FIELDS, audience):
        ref = ReplyRef.of(reply, stamp)
        yield ref.fields(), None if ref.anonymous else people.author_facts(reply)


def _read_all(folder: Path, audience: Audience) -> list[Record]:
    with Snapshot.open(folder) as snap:
        return list(reply_records(snap, audience))


def start_reply_reader(snap: Snapshot, audience: Audience, forked: bool | None = None
                       ) -> Callable[[], Iterator[Record]]:
    """Start reading the replies; the returned function gives the records when called.

    ``forked``: None picks (a forked process when it pays), True/False forces it."""
    if forked is None:
        forked = ("fork" in multiprocessing.get_all_start_methods()
                  and snap.db.execute("SELECT count(*) FROM replies").fetchone()[0] >= MIN_FORKED_REPLIES)
    if not forked:
        return lambda: reply_records(snap, audience)
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        future: Future[list[Record]] = pool.submit(_read_all, snap.folder, audience)
    except (OSError, ImportError):  # no process support here (e.g. no semaphores): read here
        return lambda: reply_records(snap, audience)
    pool.shutdown(wait=False)

    def result() -> Iterator[Record]:
        try:
            records = future.result()
        except Exception:  # noqa: BLE001 - read here instead, where the error is raised as itself
            return reply_records(snap, audience)
        return iter(records)

    return result
