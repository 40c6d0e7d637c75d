"""Canaries mark every non-public item exactly once; nothing secret sits in public items."""

from __future__ import annotations

import json
import re

from exporter.examplegen.canaries import CANARY_RE

KIND_KEYS = {"category": "categories", "space": "spaces", "post": "posts", "reply": "replies"}


def _public_projection(data: dict, vis) -> dict:
    """The dataset minus every non-public row (what a guest may ever see, and more)."""
    out = {k: v for k, v in data.items() if not isinstance(v, list)}
    for kind, key in KIND_KEYS.items():
        verdict = getattr(vis, kind)
        out[key] = [row for row in data[key] if verdict[row["id"]] is None]
    out["users"] = [u for u in data["users"] if u["has_profile"] and not u["is_deleted"]]
    for key in ("tags", "post_tags", "members", "media"):
        out[key] = data[key]
    return out


def test_every_non_public_item_has_exactly_one_own_canary(data, manifest, vis):
    owners: dict[str, set[tuple[str, int]]] = {}
    for kind, key in KIND_KEYS.items():
        for row in data[key]:
            for canary in CANARY_RE.findall(json.dumps(row, ensure_ascii=False)):
                owners.setdefault(canary, set()).add((kind, row["id"]))
    listed = {e["canary"]: (e["kind"], e["id"]) for e in manifest["canaries"]}
    assert len(listed) == len(manifest["canaries"]), "canaries are unique"
    assert {c: {o} for c, o in listed.items()} == owners
    non_public = {(k, i) for k in KIND_KEYS for i, w in getattr(vis, k).items() if w}
    assert set(listed.values()) == non_public
    whys = {e["why"] for e in manifest["canaries"]}
    assert {"draft", "pending", "spam", "trash", "private_post", "private_space",
            "hidden_space", "private_reply", "in_nonpublic_post", "hidden_category",
            "private_category"} <= whys


def test_non_public_posts_carry_the_canary_in_title_and_body(data, manifest):
    posts = {p["id"]: p for p in data["posts"]}
    for entry in manifest["canaries"]:
        if entry["kind"] == "post":
            post = posts[entry["id"]]
            assert entry["canary"] in post["title"] and entry["canary"] in post["content"]


def test_no_canary_in_public_items(data, vis):
    public = json.dumps(_public_projection(data, vis), ensure_ascii=False)
    assert "CANARY" not in public.upper()
    hexes = {c[7:] for c in CANARY_RE.findall(json.dumps(data, ensure_ascii=False))}
    runs = {run for run in re.findall(r"[0-9a-f]{12,}", public.lower())}
    assert len(hexes) > 100
    assert not any(h in run for run in runs for h in hexes), "not even in a public slug/link"


def test_anonymous_real_names_never_appear_outside_their_user_rows(data, manifest):
    secret = manifest["anonymous_real_names"]
    assert len(secret) >= 2 and all(e["post_ids"] and e["reply_ids"] for e in secret)
    ids = {e["user_id"] for e in secret}
    rest = {k: v for k, v in data.items() if k != "users"}
    rest["users"] = [u for u in data["users"] if u["id"] not in ids]
    text = json.dumps(rest, ensure_ascii=False).lower()
    for entry in secret:
        for needle in (entry["display_name"], entry["login"]):
            assert needle.lower() not in text
    posts = {p["id"]: p for p in data["posts"]}
    for entry in secret:
        assert all(posts[i]["is_anonymous"] and posts[i]["author_id"] == entry["user_id"]
                   for i in entry["post_ids"])
        assert all(posts[i]["edited_by"] != entry["user_id"] for i in entry["post_ids"])


def test_emails_only_live_in_the_email_field(data, manifest):
    assert sorted(u["email"] for u in data["users"]) == manifest["emails"]
    stripped = json.dumps({**data, "users": [{k: v for k, v in u.items() if k != "email"}
                                              for u in data["users"]]}, ensure_ascii=False)
    assert not any(email in stripped for email in manifest["emails"])


def test_public_links_point_only_at_public_topics(data, vis):
    public_slugs = {p["slug"] for p in data["posts"] if vis.post[p["id"]] is None}
    hidden_slugs = {p["slug"] for p in data["posts"] if vis.post[p["id"]] is not None}
    link = re.compile(r"\{home\}/community/s/[^/\"]+/t/([^/\"]+)/")
    targets = set()
    for post in data["posts"]:
        if vis.post[post["id"]] is None:
            targets |= set(link.findall(post["content"]))
    assert targets & public_slugs, "some internal links exist"
    assert not targets & hidden_slugs


def test_orphan_replies_are_listed(data, manifest):
    by_id = {r["id"]: r for r in data["replies"]}
    orphans = manifest["orphan_reply_ids"]
    assert orphans
    for rid in orphans:
        parent = by_id[by_id[rid]["parent_id"]]
        while parent["status"] == "publish":
            parent = by_id[parent["parent_id"]]
        assert parent["status"] == "trash"
