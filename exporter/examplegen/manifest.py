"""The manifest: what leak tests grep for (canaries, anonymous real names, emails) and counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .canaries import find_canaries
from .nonpublic import post_reason, reply_reason

GENERATOR_VERSION = 1
_SOURCES = Path(__file__).resolve().parent


def generator_fingerprint() -> str:
    """SHA-256 over this package's source files: any code change invalidates cached output."""
    sha = hashlib.sha256()
    for source in sorted(_SOURCES.glob("*.py")):
        sha.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return sha.hexdigest()


@dataclass
class Visibility:
    """Public/non-public verdict for every item of a dataset."""

    category: dict[int, str | None] = field(default_factory=dict)
    space: dict[int, str | None] = field(default_factory=dict)
    post: dict[int, str | None] = field(default_factory=dict)
    reply: dict[int, str | None] = field(default_factory=dict)


def classify(data: dict) -> Visibility:
    """Why each category/space/post/reply is non-public (``None`` = public)."""
    vis = Visibility()
    for cat in data["categories"]:
        vis.category[cat["id"]] = None if cat["visibility"] == "public" else \
            f"{cat['visibility']}_category"
    spaces = {s["id"]: s for s in data["spaces"]}
    for space in data["spaces"]:
        vis.space[space["id"]] = None if space["visibility"] == "public" else \
            f"{space['visibility']}_space"
    for post in data["posts"]:
        vis.post[post["id"]] = post_reason(post, spaces[post["space_id"]])
    for reply in data["replies"]:
        vis.reply[reply["id"]] = reply_reason(reply, vis.post[reply["post_id"]])
    return vis


# kind → (dataset key, fields that hold text, verdict attribute)
CANARY_FIELDS = {"category": ("categories", ("name", "description")),
                 "space": ("spaces", ("title", "description")),
                 "post": ("posts", ("title", "content")),
                 "reply": ("replies", ("content",))}


def canary_entries(data: dict, vis: Visibility) -> list[dict]:
    """One entry per non-public item; each must hold exactly one (unique) canary."""
    entries = []
    for kind, (key, fields) in CANARY_FIELDS.items():
        verdicts = getattr(vis, kind)
        for row in data[key]:
            why = verdicts[row["id"]]
            if why is None:
                continue
            found = {c for f in fields for c in find_canaries(row[f])}
            if len(found) != 1:
                raise AssertionError(f"{kind} {row['id']} ({why}) has canaries {found}")
            entries.append({"canary": found.pop(), "kind": kind, "id": row["id"], "why": why,
                            "fields": [f for f in fields if find_canaries(row[f])]})
    return entries


def anonymous_real_names(data: dict) -> list[dict]:
    """Users without a profile who only post anonymously: their names must never show."""
    out = []
    for user in data["users"]:
        if user["has_profile"]:
            continue
        posts = [p["id"] for p in data["posts"] if p["author_id"] == user["id"]]
        replies = [r["id"] for r in data["replies"] if r["author_id"] == user["id"]]
        out.append({"post_id": posts[0] if posts else None, "user_id": user["id"],
                    "display_name": user["display_name"], "login": user["login"],
                    "post_ids": posts, "reply_ids": replies})
    return out


def counts(data: dict, vis: Visibility) -> dict:
    """Public / non-public counts per kind, plus totals of every list."""
    def split(verdicts: dict) -> tuple[int, int]:
        hidden = sum(1 for why in verdicts.values() if why is not None)
        return len(verdicts) - hidden, hidden

    public, non_public = {}, {}
    for kind, key in (("category", "categories"), ("space", "spaces"), ("post", "posts"),
                      ("reply", "replies")):
        public[key], non_public[key] = split(getattr(vis, kind))
    public["tags"] = len(data["tags"])
    public["users"] = sum(1 for u in data["users"] if u["has_profile"] and not u["is_deleted"])
    total = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    return {"public": public, "non_public": non_public, "total": total}


def build_manifest(data: dict, dataset_name: str, sha256: str) -> dict:
    """The full manifest for ``data`` written as ``dataset_name`` with digest ``sha256``."""
    vis = classify(data)
    return {"dataset": dataset_name, "sha256": sha256, "generator_version": GENERATOR_VERSION,
            "generator_fingerprint": generator_fingerprint(),
            "seed": data["seed"], "scale": data["scale"], "pro": data["pro"]["reactions"],
            "counts": counts(data, vis), "canaries": canary_entries(data, vis),
            "anonymous_real_names": anonymous_real_names(data),
            "emails": sorted(u["email"] for u in data["users"]),
            "orphan_reply_ids": orphan_reply_ids(data)}


def orphan_reply_ids(data: dict) -> list[int]:
    """Published replies with an unpublished ancestor (the live page omits them)."""
    by_id = {r["id"]: r for r in data["replies"]}
    out = []
    for reply in data["replies"]:
        if reply["status"] != "publish":
            continue
        parent = by_id.get(reply["parent_id"]) if reply["parent_id"] else None
        while parent is not None and parent["status"] == "publish":
            parent = by_id.get(parent["parent_id"]) if parent["parent_id"] else None
        if parent is not None:
            out.append(reply["id"])
    return out
