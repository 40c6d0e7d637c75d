"""``pro=True`` turns on reactions, polls and announcements with small, public-only data."""

from __future__ import annotations

from exporter.examplegen import generate
from exporter.examplegen.manifest import classify


def test_pro_data_refers_to_public_items():
    data = generate(scale=0.2, pro=True)
    vis = classify(data)
    pro, features = data["pro"], data["app_config"]["features"]
    assert pro["reactions"] and pro["polls"] and pro["announcements"]
    assert features["reactions"] and features["polls"] and data["app_config"]["pro_active"]
    for key in pro["reactions_data"]:
        kind, ident = key.split(":")
        assert getattr(vis, kind)[int(ident)] is None
    for post_id, poll in pro["polls_data"].items():
        assert vis.post[int(post_id)] is None and poll["post_id"] == int(post_id)
        assert sum(o["vote_count"] for o in poll["options"]) == poll["total_votes"]
    assert all(vis.post[i] is None for i in pro["announcement_post_ids"])
