"""Search documents made from a snapshot, as a guest (or the chosen audience) sees it.

Payloads are the JSON the crawl received, as :meth:`Snapshot.iter_posts` & co. return it for
the audience (masked), reshaped only where the live ``/search`` reshapes (CONTRACT.md §6.4):
``type`` overwritten on posts and spaces, replies turned into the raw search row with the two
live leaks fixed (anonymous → every author field masked; private replies never indexed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from exporter.snapshot import Audience, Snapshot, stable_hash
from exporter.snapshot.visibility import looks_anonymous

from .analysis import fold, split_terms
from .schema import created_key

# Separates title and body in the substring-scan text, so a match cannot span both.
FIELD_SEP = "\n\x1f\n"

_REPLY_INT_KEYS = ("id", "post_id", "parent_id", "author_id")
_ANON_ROW = {"author_id": 0, "author_name": "Anonymous", "author_avatar": "", "author_login": "",
             "trust_level": 0, "reputation": 0, "profile_url": "", "author_last_seen_at": None}


@dataclass
class Doc:
    """One search document: whoosh fields, side-table columns and its change hash."""

    kind: str
    id: int
    payload: dict[str, Any]
    text: str
    parts: tuple[Any, ...]  # the fields the substring scan sees (folded when written)
    created_at: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # whoosh ID/KEYWORD filter fields
    sort2: int = 0  # vote_score (posts, replies) or post_count (tags)
    sha: str = ""

    def fields(self) -> dict[str, Any]:
        """The whoosh document (``add_document`` keyword arguments)."""
        words, cjk = split_terms(self.text)
        out: dict[str, Any] = {"key": str(self.id), "id": self.id, "text": words, **self.filters}
        if cjk is not None:
            out["cjk"] = cjk
        return out

    def side_row(self) -> tuple[Any, ...]:
        """``(kind, id, sha, created_key, sort2, created_at, payload, folded)`` for side.sqlite."""
        return (self.kind, self.id, self.sha, created_key(self.created_at), self.sort2,
                self.created_at, json.dumps(self.payload, ensure_ascii=False),
                _substring_text(*self.parts))


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _substring_text(*parts: Any) -> str:
    return FIELD_SEP.join(fold(str(p or "")).replace("\x1f", " ") for p in parts)


def _finish(doc: Doc, extra: Any = None) -> Doc:
    doc.sha = stable_hash({**doc.payload, "__extra": extra, "__filters": doc.filters,
                           "__sort2": doc.sort2})
    return doc


def post_doc(post: dict[str, Any], tag_slugs: list[str]) -> Doc:
    """A post as ``/search?type=post`` returns it, filterable by space, author and tags."""
    payload = {**post, "type": "post"}
    author = 0 if looks_anonymous(post) else _int(post.get("author_id"))
    title, body = post.get("title") or "", post.get("content_plain") or ""
    doc = Doc("post", _int(post["id"]), payload, f"{title} {body}", (title, body),
              str(post.get("created_at") or ""),
              {"space_id": str(_int(post.get("space_id"))), "author_id": str(author),
               "tags": " ".join(sorted(tag_slugs))}, _int(post.get("vote_score")))
    return _finish(doc)


def search_reply_row(reply: dict[str, Any], anonymous: bool) -> dict[str, Any]:
    """The raw reply row of ``/search?type=reply`` (§6.4) with anonymous authors masked."""
    row: dict[str, Any] = {k: _int(reply.get(k)) for k in _REPLY_INT_KEYS}
    row["parent_id"] = row["parent_id"] or None  # raw rows: NULL for top-level replies
    row.update(is_anonymous=int(anonymous), is_private=0,
               content=str(reply.get("content") or ""),
               content_plain=str(reply.get("content_plain") or ""),
               status=str(reply.get("status") or "publish"),
               vote_score=_int(reply.get("vote_score")),
               is_accepted=int(bool(reply.get("is_accepted"))),
               edited_at=_str_or_none(reply.get("edited_at")),
               edited_by=_str_or_none(reply.get("edited_by")),
               created_at=str(reply.get("created_at") or ""), match_score=0,
               author_name=str(reply.get("author_name") or ""),
               author_avatar=str(reply.get("author_avatar") or ""),
               author_login=str(reply.get("author_login") or ""),
               trust_level=_int(reply.get("trust_level")), reputation=_int(reply.get("reputation")),
               profile_url=str(reply.get("profile_url") or ""),
               author_last_seen_at=_str_or_none(reply.get("author_last_seen_at")), type="reply")
    if anonymous:
        row.update(_ANON_ROW)
    return row


def reply_doc(reply: dict[str, Any], space_id: int) -> Doc | None:
    """A reply document, or ``None`` for a private reply (never indexed, not even blank)."""
    if _int(reply.get("is_private")) or reply.get("is_private_hidden"):
        return None
    anonymous = looks_anonymous(reply)
    row = search_reply_row(reply, anonymous)
    doc = Doc("reply", row["id"], row, row["content_plain"], (row["content_plain"],),
              row["created_at"],
              {"space_id": str(space_id), "author_id": str(row["author_id"]),
               "post_id": str(row["post_id"])}, row["vote_score"])
    return _finish(doc)


def space_doc(space: dict[str, Any]) -> Doc:
    payload = {k: v for k, v in space.items() if not k.startswith("_")}
    payload["type"] = "space"
    title, desc = space.get("title") or "", space.get("description") or ""
    return _finish(Doc("space", _int(space["id"]), payload, f"{title} {desc}",
                       (title, desc)))


def tag_doc(tag: dict[str, Any]) -> Doc:
    """Tags keep the raw ``/tags`` row (all strings); the shim derives the typed form."""
    name = str(tag.get("name") or "")
    return _finish(Doc("tag", _int(tag["id"]), dict(tag), name, (name,),
                       sort2=_int(tag.get("post_count"))))


def iter_docs(snap: Snapshot, audience: Audience) -> Iterator[Doc]:
    """Every document of the index, for ``audience``, in a stable order."""
    tag_slug = {_int(t["id"]): str(t.get("slug") or "") for t in snap.iter_tags()}
    tags_of: dict[int, list[str]] = {}
    for tag_id, post_ids in snap.post_tags(audience).items():
        for pid in post_ids:
            tags_of.setdefault(pid, []).append(tag_slug.get(tag_id, ""))
    space_of: dict[int, int] = {}
    for post in snap.iter_posts(audience):
        space_of[_int(post["id"])] = _int(post.get("space_id"))
        yield post_doc(post, [s for s in tags_of.get(_int(post["id"]), []) if s])
    for reply in snap.iter_replies(audience):
        pid = _int(reply.get("post_id"))
        if pid in space_of:
            doc = reply_doc(reply, space_of[pid])
            if doc is not None:
                yield doc
    for space in snap.iter_spaces(audience):
        yield space_doc(space)
    for tag in snap.iter_tags():
        yield tag_doc(tag)
