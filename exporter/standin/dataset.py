"""Loading a stand-in dataset and indexing it once, so every request is a lookup.

``Dataset`` holds the rows of docs/dataset-format.md plus indexes (posts by space, replies by
post, tags per post, users by id/login, ...). Mutation helpers (``add_reply``, ``edit_post``,
``delete_post``, ...) change the community between crawls; each bumps ``version`` and rebuilds
the indexes, so cached answers keyed by version never go stale.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from ..errors import DatasetError
from .models import (Category, Media, Member, Post, Reply, Site, Space, Tag, User,
                     from_row)

FORMAT = "jetonomy-standin-dataset"


class Dataset:
    """An indexed, mutable stand-in community (the database of one fake Jetonomy site)."""

    def __init__(self, doc: dict[str, Any]):
        self.site: Site = from_row(Site, doc.get("site") or {})
        self.app_config: dict[str, Any] = doc.get("app_config") or {}
        self.pro: dict[str, Any] = doc.get("pro") or {}
        self.users = [from_row(User, r) for r in doc.get("users", [])]
        self.categories = [from_row(Category, r) for r in doc.get("categories", [])]
        self.spaces = [from_row(Space, r) for r in doc.get("spaces", [])]
        self.posts = [from_row(Post, r) for r in doc.get("posts", [])]
        self.replies = [from_row(Reply, r) for r in doc.get("replies", [])]
        self.tags = [from_row(Tag, r) for r in doc.get("tags", [])]
        self.post_tags: list[tuple[int, int]] = [(int(p), int(t)) for p, t in doc.get("post_tags", [])]
        self.members = [from_row(Member, r) for r in doc.get("members", [])]
        self.media = [_media(r) for r in doc.get("media", [])]
        self.version = 0
        self._caches: dict[Any, Any] = {}
        self._reindex()

    # ----------------------------------------------------------------- indexes
    def _reindex(self) -> None:
        """Build every lookup table from the row lists."""
        self.users_by_id = {u.id: u for u in self.users}
        self.users_by_login = {u.login: u for u in self.users}
        self.users_by_login_ci = {u.login.lower(): u for u in reversed(self.users)}
        self.categories_by_id = {c.id: c for c in self.categories}
        self.spaces_by_id = {s.id: s for s in self.spaces}
        self.posts_by_id = {p.id: p for p in self.posts}
        self.replies_by_id = {r.id: r for r in self.replies}
        self.tags_by_id = {t.id: t for t in self.tags}
        self.tags_by_slug = {t.slug: t for t in self.tags}
        self.media_by_path = {m.path.lstrip("/"): m for m in self.media}
        self._index_posts()
        self._index_replies()
        self._index_tags()
        self.members_by_space: dict[int, list[Member]] = defaultdict(list)
        for m in self.members:
            self.members_by_space[m.space_id].append(m)
        self._caches.clear()

    def _index_posts(self) -> None:
        self.posts_by_space: dict[int, list[Post]] = defaultdict(list)
        self.posts_by_author: dict[int, list[Post]] = defaultdict(list)
        self.posts_by_slug: dict[str, list[Post]] = defaultdict(list)
        self.space_post_count: dict[int, int] = defaultdict(int)
        for p in sorted(self.posts, key=lambda p: p.id):
            self.posts_by_space[p.space_id].append(p)
            self.posts_by_author[p.author_id].append(p)
            self.posts_by_slug[p.slug.lower()].append(p)
            if p.status == "publish":
                self.space_post_count[p.space_id] += 1

    def _index_replies(self) -> None:
        self.replies_by_post: dict[int, list[Reply]] = defaultdict(list)
        for r in sorted(self.replies, key=lambda r: (r.created_at, r.id)):
            self.replies_by_post[r.post_id].append(r)

    def _index_tags(self) -> None:
        self.tags_by_post: dict[int, list[int]] = defaultdict(list)
        self.posts_by_tag: dict[int, list[int]] = defaultdict(list)
        for post_id, tag_id in self.post_tags:
            self.tags_by_post[post_id].append(tag_id)
            self.posts_by_tag[tag_id].append(post_id)
        self.tag_post_count = {t.id: len(self.posts_by_tag.get(t.id, ())) for t in self.tags}

    def cached(self, key: Any, build: Callable[[], Any]) -> Any:
        """Memoise ``build()`` until the next mutation (a build overtaken by one is not kept)."""
        try:
            return self._caches[key]
        except KeyError:
            version = self.version
            value = build()
            if version == self.version:
                self._caches[key] = value
            return value

    def _touch(self) -> None:
        self.version += 1
        self._reindex()

    # --------------------------------------------------------------- lookups
    def user(self, user_id: int | None) -> User | None:
        """The user with that id, or None (also for deleted accounts)."""
        u = self.users_by_id.get(user_id or 0)
        return None if u is None or u.is_deleted else u

    def user_by_login(self, login: str) -> User | None:
        """Exact login first, then case-insensitive (MySQL collation)."""
        u = self.users_by_login.get(login) or self.users_by_login_ci.get(login.lower())
        return None if u is None or u.is_deleted else u

    def space_of(self, post: Post) -> Space | None:
        return self.spaces_by_id.get(post.space_id)

    # -------------------------------------------------------------- mutations
    def next_id(self, kind: str) -> int:
        """A fresh id for ``posts``/``replies``/``users``/``tags``."""
        rows = getattr(self, kind)
        return max((r.id for r in rows), default=0) + 1

    def add_post(self, **fields: Any) -> Post:
        """Insert a post (``id`` defaults to a fresh one) and return it."""
        fields.setdefault("id", self.next_id("posts"))
        fields.setdefault("created_at", self.site.now)
        fields.setdefault("updated_at", fields["created_at"])
        fields.setdefault("last_reply_at", fields["created_at"])
        post = from_row(Post, fields)
        self.posts.append(post)
        self._touch()
        return post

    def add_reply(self, **fields: Any) -> Reply:
        """Insert a reply and bump its post's counters the way Jetonomy does."""
        fields.setdefault("id", self.next_id("replies"))
        fields.setdefault("created_at", self.site.now)
        reply = from_row(Reply, fields)
        post = self.posts_by_id.get(reply.post_id)
        if post is None:
            raise DatasetError(f"add_reply: post {reply.post_id} does not exist")
        self.replies.append(reply)
        post.reply_count += 1
        post.last_reply_at = reply.created_at
        post.updated_at = reply.created_at
        self._touch()
        return reply

    def edit_post(self, post_id: int, **fields: Any) -> Post:
        """Change stored fields of a post; a title/content edit sets ``edited_at`` (site-local)."""
        post = self._get(self.posts_by_id, post_id, "post")
        if ({"title", "content"} & fields.keys()) and "edited_at" not in fields:
            fields["edited_at"] = self.local_now()
        for key, value in fields.items():
            setattr(post, key, value)
        self._touch()
        return post

    def edit_reply(self, reply_id: int, **fields: Any) -> Reply:
        """Change stored fields of a reply; a content edit sets ``edited_at`` (site-local)."""
        reply = self._get(self.replies_by_id, reply_id, "reply")
        if "content" in fields and "edited_at" not in fields:
            fields["edited_at"] = self.local_now()
        for key, value in fields.items():
            setattr(reply, key, value)
        self._touch()
        return reply

    def delete_post(self, post_id: int) -> None:
        """Remove a post and its replies for good (the row vanishes: 404 afterwards)."""
        self._get(self.posts_by_id, post_id, "post")
        self.posts = [p for p in self.posts if p.id != post_id]
        self.replies = [r for r in self.replies if r.post_id != post_id]
        self.post_tags = [pt for pt in self.post_tags if pt[0] != post_id]
        self._touch()

    def delete_reply(self, reply_id: int) -> None:
        """Remove a reply; like Jetonomy, bump the post's ``last_reply_at`` to now."""
        reply = self._get(self.replies_by_id, reply_id, "reply")
        self.replies = [r for r in self.replies if r.id != reply_id]
        post = self.posts_by_id.get(reply.post_id)
        if post is not None:
            post.last_reply_at = self.site.now
        self._touch()

    def set_now(self, now: str) -> None:
        """Move the dataset's clock (``site.now``)."""
        self.site = replace(self.site, now=now)
        self._touch()

    def local_now(self) -> str:
        """``site.now`` shifted to site-local time (how Jetonomy stores ``edited_at``)."""
        from .dates import shift

        return shift(self.site.now, hours=self.site.gmt_offset)

    @staticmethod
    def _get(index: dict[int, Any], key: int, kind: str) -> Any:
        try:
            return index[key]
        except KeyError:
            raise DatasetError(f"no {kind} with id {key} in the dataset") from None


def _media(row: dict[str, Any]) -> Media:
    try:
        data = base64.b64decode(row.get("data_b64", ""), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DatasetError(f"media {row.get('path')!r}: data_b64 is not base64 ({exc})") from exc
    return Media(path=str(row["path"]), mime=str(row.get("mime", "application/octet-stream")), data=data)


def _read_json(path: Path) -> dict[str, Any]:
    """Parse a ``.json`` or ``.json.gz`` file into a dict, or raise DatasetError."""
    if not path.is_file():
        raise DatasetError(f"dataset file not found: {path}")
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        doc = json.loads(raw)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"dataset file {path} is not valid (gzipped) JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DatasetError(f"{path} is not a {FORMAT} document (missing or wrong 'format')")
    if doc.get("version") != 1:
        raise DatasetError(f"{path}: unsupported dataset version {doc.get('version')!r} (expected 1)")
    return doc


def load_dataset(path: str | Path) -> Dataset:
    """Load and index a dataset file (JSON or .json.gz); raise DatasetError on a bad file."""
    doc = _read_json(Path(path))
    try:
        return Dataset(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise DatasetError(f"dataset {path} has a malformed row: {exc!r}") from exc


def dataset_from_dict(doc: dict[str, Any]) -> Dataset:
    """Index an in-memory dataset document (tests build these by hand)."""
    try:
        return Dataset(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise DatasetError(f"malformed dataset row: {exc!r}") from exc
