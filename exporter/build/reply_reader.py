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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..snapshot import Audience, Fields, Snapshot
from ..snapshot.visibility import guest_reply
from . import people
from .replies import ReplyRef
from .replies import _int as int_or_zero

#: What the gather reads of each reply row: its :class:`ReplyRef` and its author's facts.
REPLY_FIELDS = Fields(ReplyRef.KEYS + people.AUTHOR_KEYS, present=ReplyRef.PRESENT)
#: Below this many reply rows, forking costs more than it saves.
MIN_FORKED_REPLIES = 2000

#: One listed reply: its ReplyRef's fields, and its author's facts (None when anonymous).
Record = tuple[tuple[Any, ...], "tuple[Any, ...] | None"]


def reply_records(snap: Snapshot, audience: Audience) -> Iterator[Record]:
    """Every listed reply of ``snap`` as ``audience`` sees it (snapshot order)."""
    if not _FUSED or not _mask_keeps_fields():
        return _general_records(snap, audience)
    return _fused_records(snap, audience)


def _general_records(snap: Snapshot, audience: Audience) -> Iterator[Record]:
    """:func:`reply_records` through the masked row dicts (the reference)."""
    for reply, stamp in snap.iter_reply_fields(REPLY_FIELDS, audience):
        yield _record(reply, stamp)


def _record(reply: dict[str, Any], stamp: int) -> Record:
    ref = ReplyRef.of(reply, stamp)
    return ref.fields(), None if ref.anonymous else people.author_facts(reply)


#: The order :func:`_fused_records` unpacks the fields in (else the general path is taken).
_ORDER = ("id", "post_id", "parent_id", "created_at", "author_id", "author_name", "is_anonymous",
          "is_private", "is_accepted", "author_login", "trust_level", "reputation")
_FUSED = (REPLY_FIELDS.keys == _ORDER and REPLY_FIELDS.present == ("id", "is_anonymous")
          and people.AUTHOR_KEYS == ("author_id", "author_login", "author_name", "trust_level", "reputation"))


def _mask_keeps_fields() -> bool:
    """Whether the guest mask leaves the read fields of a row that is not anonymous as they
    are (it adds viewer fields and blanks a private reply's body): then such a row needs no
    dict to be masked. Checked on probe rows, so a change to the mask cannot go unnoticed."""
    for private in (False, True):
        row: dict[str, Any] = {k: object() for k in REPLY_FIELDS.keys}
        row["is_private"] = private
        masked = guest_reply(row, False)
        if any(masked.get(k) is not row[k] for k in REPLY_FIELDS.keys):
            return False
    return True


def _fused_records(snap: Snapshot, audience: Audience) -> Iterator[Record]:
    """:func:`_general_records` without a dict and a :class:`ReplyRef` per reply: the same
    conversions, in the same order, straight from the field values. Rows the mask changes
    (anonymous ones, unless for staff) and rows without an ``id`` go the general way."""
    staff = audience is Audience.STAFF
    for values, flags, anonymous_row, stamp in snap.iter_reply_values(REPLY_FIELDS, audience):
        has_id, has_anonymous = flags
        if not has_id or (anonymous_row and not staff):
            reply = REPLY_FIELDS.row(values, flags)
            yield _record(reply if staff else guest_reply(reply, bool(anonymous_row)), stamp)
            continue
        (rid, post_id, parent_id, created_at, author_id, author_name, is_anonymous, is_private,
         is_accepted, login, trust_level, reputation) = values
        fields = (int(rid), int(post_id or 0), int_or_zero(parent_id), str(created_at or ""),
                  int_or_zero(author_id),
                  bool(int(is_anonymous or 0)) if has_anonymous
                  else int(author_id or 0) == 0 and author_name != "[deleted]",
                  bool(is_private), is_accepted, stamp)
        yield fields, None if fields[5] else (author_id, login, author_name, trust_level, reputation)


@dataclass
class ForkedRead:
    """What the forked reader sends back: the records, and every record's author noted
    (:func:`~exporter.build.people.note_facts`, in order) while the gather was busy."""

    records: list[Record]
    authors: dict[int, dict[str, Any]]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)


def _read_all(folder: Path, audience: Audience) -> ForkedRead:
    with Snapshot.open(folder) as snap:
        records = list(reply_records(snap, audience))
    authors: dict[int, dict[str, Any]] = {}
    for _fields, author in records:
        if author is not None:
            people.note_facts(authors, author)
    return ForkedRead(records, authors)


def start_reply_reader(snap: Snapshot, audience: Audience, forked: bool | None = None
                       ) -> Callable[[], Iterable[Record]]:
    """Start reading the replies; the returned function gives the records when called (a
    :class:`ForkedRead` when they were read in a forked process).

    ``forked``: None picks (a forked process when it pays), True/False forces it."""
    if forked is None:
        forked = ("fork" in multiprocessing.get_all_start_methods()
                  and snap.db.execute("SELECT count(*) FROM replies").fetchone()[0] >= MIN_FORKED_REPLIES)
    if not forked:
        return lambda: reply_records(snap, audience)
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        future: Future[ForkedRead] = pool.submit(_read_all, snap.folder, audience)
    except (OSError, ImportError):  # no process support here (e.g. no semaphores): read here
        return lambda: reply_records(snap, audience)
    pool.shutdown(wait=False)

    def result() -> Iterable[Record]:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - read here instead, where the error is raised as itself
            return reply_records(snap, audience)

    return result
