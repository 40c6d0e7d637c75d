"""The default community meets the size and variety the project issue asks for."""

from __future__ import annotations

from collections import Counter


def _depth(reply: dict, by_id: dict[int, dict]) -> int:
    depth = 0
    while reply["parent_id"]:
        reply, depth = by_id[reply["parent_id"]], depth + 1
    return depth


def test_manifest_counts_match_the_data(data, manifest, vis):
    counts = manifest["counts"]
    assert counts["public"]["posts"] == sum(1 for w in vis.post.values() if w is None)
    assert counts["non_public"]["replies"] == sum(1 for w in vis.reply.values() if w)
    assert counts["total"]["posts"] == len(data["posts"])
    assert counts["public"]["posts"] >= 400 and counts["public"]["replies"] >= 3000
    assert counts["public"]["tags"] >= 30 and counts["total"]["users"] >= 30


def test_categories(data):
    cats = data["categories"]
    assert len(cats) >= 5
    assert {c["visibility"] for c in cats} == {"public", "private", "hidden"}
    parents = {c["id"] for c in cats}
    assert any(c["parent_id"] in parents for c in cats), "a nested sub-category"


def test_spaces_cover_types_visibility_status_and_settings(data):
    spaces = data["spaces"]
    assert len(spaces) >= 12
    assert {s["type"] for s in spaces} == {"forum", "qa", "ideas", "feed"}
    assert {s["visibility"] for s in spaces} == {"public", "private", "hidden"}
    public = [s for s in spaces if s["visibility"] == "public"]
    assert any(s["category_id"] is None for s in public)
    assert {"archived", "locked"} <= {s["status"] for s in public}
    settings = [s["settings"] for s in spaces if isinstance(s["settings"], dict)]
    assert any(st.get("posts_per_page") == 15 for st in settings)
    assert any(st.get("prefixes") for st in settings)


def test_threads_are_deep_and_one_is_huge(data):
    by_id = {r["id"]: r for r in data["replies"]}
    assert max(_depth(r, by_id) for r in data["replies"]) >= 5
    per_post = Counter(r["post_id"] for r in data["replies"] if r["status"] == "publish")
    assert per_post.most_common(1)[0][1] >= 250
    for reply in data["replies"]:
        if reply["parent_id"]:
            parent = by_id[reply["parent_id"]]
            assert parent["post_id"] == reply["post_id"]
            assert parent["created_at"] <= reply["created_at"] and parent["id"] < reply["id"]


def test_accepted_answers_are_consistent(data):
    replies = {r["id"]: r for r in data["replies"]}
    accepted = [p for p in data["posts"] if p["accepted_reply_id"]]
    assert len(accepted) >= 5
    for post in accepted:
        answer = replies[post["accepted_reply_id"]]
        assert answer["post_id"] == post["id"] and answer["is_accepted"] and post["is_resolved"]
    assert sum(r["is_accepted"] for r in data["replies"]) == len(accepted)


def test_post_flags_and_ideas(data):
    posts = data["posts"]
    ideas = {p["idea_status"] for p in posts if p["type"] == "idea"}
    assert ideas == {None, "planned", "in_progress", "shipped", "declined"}
    assert any(p["is_sticky"] for p in posts) and any(p["is_closed"] for p in posts)
    assert {-1, 0, 1} <= {(p["vote_score"] > 0) - (p["vote_score"] < 0) for p in posts}
    assert any(p["edited_at"] for p in posts) and any(r["edited_at"] for r in data["replies"])
    assert any(p["prefix"] for p in posts)
    kinds = {a["type"] for p in posts for a in p["attachments"]}
    assert kinds == {"image", "pdf"}


def test_edited_at_is_site_local(data):
    post = next(p for p in data["posts"] if p["title"].startswith("Edited after posting"))
    assert post["edited_at"][11:13] == "11" and data["site"]["gmt_offset"] == 1


def test_users_are_hostile_and_varied(data):
    users = data["users"]
    names = " ".join(u["display_name"] for u in users)
    for sample in ("أحمد", "נועה", "李伟", "Дмитрий", "🦄", "<img src=x onerror=alert(1)>"):
        assert sample in names
    logins = {u["login"] for u in users}
    assert {"j.doe", "anna-k"} <= logins
    assert any(len(u["display_name"]) > 100 for u in users)
    assert sum(u["is_deleted"] for u in users) == 1 and any(u["is_admin"] for u in users)
    assert sum(not u["has_profile"] for u in users) >= 2
    lurkers = [u for u in users if u["reputation"] == 0 and u["has_profile"]]
    assert lurkers and all(u["email"] for u in users)


def test_members_page_and_have_staff_roles(data):
    per_space = Counter(m["space_id"] for m in data["members"])
    assert max(per_space.values()) >= 30
    assert {"admin", "moderator", "member"} <= {m["role"] for m in data["members"]}
    for space in data["spaces"]:
        assert space["member_count"] == per_space[space["id"]]
    hidden = {u["id"] for u in data["users"] if not u["has_profile"] or u["is_deleted"]}
    assert not hidden & {m["user_id"] for m in data["members"]}


def test_pro_is_off_by_default_and_agrees_with_app_config(data):
    features = data["app_config"]["features"]
    assert not any(v for k, v in data["pro"].items() if not k.endswith("_data"))
    assert features["reactions"] is False and features["polls"] is False
    assert data["app_config"]["pro_active"] is False
