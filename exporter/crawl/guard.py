"""Nothing non-public enters the snapshot (CONTRACT.md §4, §9.8).

Every row passes through here before ``save_*`` writes it. What a guest must not see is
dropped or masked, and a fingerprint of the refused text (sha256 of 8-word shingles) is
kept — never the text — so ``verify`` can later prove no mirror output contains it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..snapshot.visibility import guest_category, looks_anonymous

Row = dict[str, Any]
SHINGLE = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")

ANONYMOUS_AUTHOR: Row = {"author_id": 0, "author_name": "Anonymous", "author_avatar": "",
                         "author_login": "", "trust_level": 0, "reputation": 0,
                         "profile_url": ""}
_ANON_MAYBE = {"author_last_seen_at": None, "author_last_seen_at_gmt": None}


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """sha256 hex of every run of ``size`` words (lower-cased; tags stripped).

    A text shorter than ``size`` words yields one hash of all its words.
    """
    words = [w.lower() for w in _WORD.findall(_TAG.sub(" ", text or ""))]
    if not words:
        return set()
    runs = [words[i:i + size] for i in range(max(1, len(words) - size + 1))]
    return {hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest() for run in runs}


@dataclass
class Refusals:
    """Fingerprints of refused content, by kind (``private_reply``, ``anonymous_author``…)."""

    by_kind: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, *texts: str | None) -> None:
        bucket = self.by_kind.setdefault(kind, set())
        for text in texts:
            bucket |= shingles(text or "")

    def count(self) -> int:
        return sum(len(v) for v in self.by_kind.values())

    def items(self) -> Iterable[tuple[str, set[str]]]:
        return self.by_kind.items()


def _is_anonymous_row(row: Row) -> bool:
    return looks_anonymous(row) or bool(row.get("is_anonymous"))


def mask_anonymous(row: Row, refusals: Refusals) -> Row:
    """An anonymous row keeps only the masked author; a leaked real identity is refused."""
    if not _is_anonymous_row(row) or row.get("author_name") == "[deleted]":
        return row
    leaked = {k: row.get(k) for k in ANONYMOUS_AUTHOR if row.get(k) not in (ANONYMOUS_AUTHOR[k], None)}
    if not leaked:
        return row
    refusals.add("anonymous_author", str(leaked.get("author_name") or ""),
                 str(leaked.get("author_login") or ""))
    out = {**row, **ANONYMOUS_AUTHOR}
    out.update({k: None for k in _ANON_MAYBE if k in row})
    return out


def clean_post(post: Row, refusals: Refusals, keep: bool = False) -> Row | None:
    """A listed post as a guest may keep it; ``None`` for rows a guest must not see.

    ``keep`` (a logged-in crawl) stores every row as the account saw it: the snapshot then
    records the facts that decide visibility and every reader masks by audience.
    """
    if keep:
        return post
    if post.get("status", "publish") != "publish" or post.get("is_private"):
        refusals.add("private_post", str(post.get("title") or ""), str(post.get("content_plain") or ""))
        return None
    return mask_anonymous(post, refusals)


def clean_reply(reply: Row, refusals: Refusals, keep: bool = False) -> Row | None:
    """Published replies only; private ones stay tombstones (text refused if present)."""
    if keep:
        return reply
    if reply.get("status", "publish") != "publish":
        refusals.add("unpublished_reply", str(reply.get("content_plain") or ""))
        return None
    if reply.get("is_private") and (reply.get("content") or reply.get("content_plain")):
        refusals.add("private_reply", str(reply.get("content") or ""),
                     str(reply.get("content_plain") or ""))
        reply = {**reply, "content": "", "content_plain": "", "is_private_hidden": True}
    return mask_anonymous(reply, refusals)


def _refuse_categories(cat: Row, refusals: Refusals) -> None:
    for child in cat.get("children") or []:
        if isinstance(child, dict):
            _refuse_categories(child, refusals)
    if str(cat.get("visibility") or "public") != "public":
        refusals.add("hidden_category", str(cat.get("name") or ""),
                     str(cat.get("description") or ""), str(cat.get("slug") or ""))


def clean_category(cat: Row, refusals: Refusals, keep: bool = False) -> Row:
    """A non-public category keeps only its existence (no name, slug or description)."""
    if keep:
        return cat
    _refuse_categories(cat, refusals)
    return guest_category(cat)


def space_is_public(space: Row) -> bool:
    return str(space.get("visibility") or "") == "public"
