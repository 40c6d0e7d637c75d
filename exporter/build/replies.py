"""Bodies without holding them: light references in memory, full rows read when a page needs them.

A big community has hundreds of thousands of replies; keeping each one's JSON in memory for
the whole build cost gigabytes. The gather keeps a :class:`ReplyRef` per listed reply (what
threading, paging, profiles and page keys need) and each post without its body, and
:class:`RowSource` reads a topic's full post and replies from the snapshot when its pages
(or its SEO files) are made, a few at a time, cached, in whatever process makes them: a
forked render worker opens its own connection.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..snapshot import Audience, Fields, Snapshot
from ..snapshot.visibility import looks_anonymous


#: A post's body, which the gather does not keep (``content`` present or not, as in the row).
BODY_KEYS = ("content", "content_plain")
BODY = Fields(BODY_KEYS, present=BODY_KEYS)


@dataclass(frozen=True, slots=True)
class ReplyRef:
    """What a build keeps of a listed reply (the values as its masked row carries them)."""

    id: int
    post_id: int
    parent_id: int
    created_at: str  # ``str(created_at or "")``: the thread's sort key with ``id``
    author_id: int
    anonymous: bool
    private: bool  # the row's ``is_private`` (a tombstone to guests and members)
    is_accepted: Any
    stamp: int  # the row's fingerprint: any change to what a page shows of it changes this

    #: The row fields :meth:`of` reads (``is_private`` is also what the guest mask reads);
    #: ``id`` and ``is_anonymous`` are read as present or not, the others with ``.get``.
    KEYS = ("id", "post_id", "parent_id", "created_at", "author_id", "author_name", "is_anonymous",
            "is_private", "is_accepted")
    PRESENT = ("id", "is_anonymous")

    def fields(self) -> tuple[Any, ...]:
        """The field values in order (``ReplyRef(*ref.fields()) == ref``): what a forked
        reader sends back (a tuple pickles in C; the dataclass would not)."""
        return (self.id, self.post_id, self.parent_id, self.created_at, self.author_id, self.anonymous,
                self.private, self.is_accepted, self.stamp)

    @classmethod
    def of(cls, reply: dict[str, Any], stamp: int) -> ReplyRef:
        return cls(id=int(reply["id"]), post_id=int(reply.get("post_id") or 0), parent_id=_int(reply.get("parent_id")),
                   created_at=str(reply.get("created_at") or ""), author_id=_int(reply.get("author_id")),
                   anonymous=looks_anonymous(reply), private=bool(reply.get("is_private")),
                   is_accepted=reply.get("is_accepted"), stamp=stamp)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class RowSource:
    """Post bodies, and replies by post or by id (audience-masked), read from the snapshot on
    demand. Rows get ``_anonymous`` as the gather sets it. The last few posts are cached: a
    topic's pages are rendered one after the other, then its SEO fields."""

    CACHED_POSTS = 8

    def __init__(self, snap: Snapshot, audience: Audience):
        self.folder = snap.folder
        self.audience = audience
        self._snap: Snapshot | None = snap
        self._pid = os.getpid()
        self._cache: OrderedDict[int, dict[int, dict[str, Any]]] = OrderedDict()
        self._posts: OrderedDict[int, dict[str, Any] | None] = OrderedDict()

    def _snapshot(self) -> Snapshot:
        """The snapshot connection of this process (a forked worker must not share its parent's)."""
        if self._pid != os.getpid() or self._snap is None:
            self._snap = Snapshot.open(self.folder)
            self._pid = os.getpid()
            self._cache.clear()
            self._posts.clear()
        return self._snap

    def body(self, post_id: int) -> dict[str, Any] | None:
        """The body fields (:data:`BODY`) of a post the audience may read, as its full row
        has them (None if the snapshot lost it)."""
        if post_id in self._posts:
            self._posts.move_to_end(post_id)
            return self._posts[post_id]
        self._posts[post_id] = self._snapshot().visible_post_fields(post_id, BODY, self.audience)
        if len(self._posts) > self.CACHED_POSTS:
            self._posts.popitem(last=False)
        return self._posts[post_id]

    def of_post(self, post_id: int) -> dict[int, dict[str, Any]]:
        """``reply id -> row`` for every listed reply of a post the audience may read."""
        cached = self._cache.get(post_id)
        if cached is not None:
            self._cache.move_to_end(post_id)
            return cached
        rows = self._snapshot().replies_of_visible_post(post_id, self.audience)
        out = {int(r["id"]): _marked(r) for r in rows}
        self._cache[post_id] = out
        if len(self._cache) > self.CACHED_POSTS:
            self._cache.popitem(last=False)
        return out

    def fields_by_id(self, ids: Iterable[int], fields: Fields) -> dict[int, dict[str, Any]]:
        """``reply id -> fields`` of listed replies (e.g. one page of a profile's replies tab;
        no ``_anonymous``)."""
        return self._snapshot().listed_reply_fields(ids, fields, self.audience)

    def __getstate__(self) -> dict[str, Any]:  # never pickle a connection
        return {**self.__dict__, "_snap": None, "_cache": OrderedDict(), "_posts": OrderedDict()}


def _marked(reply: dict[str, Any]) -> dict[str, Any]:
    reply["_anonymous"] = looks_anonymous(reply)
    return reply


__all__ = ["BODY", "BODY_KEYS", "ReplyRef", "RowSource"]
