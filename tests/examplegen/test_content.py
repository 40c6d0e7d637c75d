"""Titles and bodies contain every hostile feature the renderer, feeds and search must face."""

from __future__ import annotations

import re


def _public_posts(data, vis):
    return [p for p in data["posts"] if vis.post[p["id"]] is None]


def test_hostile_titles(data, vis):
    titles = [p["title"] for p in _public_posts(data, vis)]
    assert any(len(t) >= 300 for t in titles)
    assert any(len(t) >= 120 and " " not in t for t in titles)
    assert any("\u202e" in t for t in titles) and any("\u200b" in t for t in titles)
    assert any("<img src=x onerror=" in t for t in titles)
    assert any("<script>" in t for t in titles)
    assert any("🚀" in t for t in titles)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in titles)
    assert any(re.search(r"[\u0600-\u06ff]", t) for t in titles)
    assert any(re.search(r"[\u0590-\u05ff]", t) for t in titles)


def test_rich_bodies(data, vis):
    bodies = "\n".join(p["content"] for p in _public_posts(data, vis))
    for needle in ("<pre><code", "<table>", "<ul>", "<ol>", 'dir="rtl"', "&nbsp;",
                   '<img src="{home}/wp-content/uploads/', '<img src="https://',
                   "![", "https://www.youtube.com/watch?v=", "https://youtu.be/",
                   'href="{home}/community/s/', 'target="_blank"', "#日本語", "<blockquote>",
                   "<h2>"):
        assert needle in bodies, needle
    assert re.search(r"<p>[\u3040-\u30ff]", bodies), "a Japanese paragraph"


def test_mentions_resolve_to_members(data, vis):
    handles = set()
    for post in _public_posts(data, vis):
        handles |= set(re.findall(r"(?<![\w/.:-])@([A-Za-z0-9_-]+)", post["content"]))
    known = {u["nicename"] for u in data["users"]} | {u["login"] for u in data["users"]}
    assert len(handles & known) >= 5
    assert "nobody_here" in handles - known, "one mention that resolves to nobody"


def test_legacy_rows_are_raw(data):
    legacy = [p for p in data["posts"] if p.get("raw_legacy")]
    text = "\n".join(p["content"] for p in legacy)
    for needle in ("<script>alert(", "onerror=", "javascript:", "<div><div>", "\n\n"):
        assert needle in text, needle
    assert any(p["type"] not in ("topic", "question", "idea", "status") for p in legacy)


def test_feed_titles_follow_the_first_paragraph_rule(data):
    feed = {s["id"] for s in data["spaces"] if s["type"] == "feed"}
    titles = [p["title"] for p in data["posts"] if p["space_id"] in feed
              and p["status"] == "publish" and not p.get("raw_legacy")]
    assert "Status update" in titles
    assert all(len(t) <= 60 for t in titles if "CANARY" not in t)


def test_dates_span_years_before_now(data):
    now = data["site"]["now"]
    created = sorted(p["created_at"] for p in data["posts"])
    assert created[-1] < now and created[0] < "2022-06-01"
    assert all(r["created_at"] < now for r in data["replies"])
    assert all(p["id"] < q["id"] for p, q in zip(data["posts"], data["posts"][1:]))
    posts = {p["id"]: p for p in data["posts"]}
    assert all(r["created_at"] >= posts[r["post_id"]]["created_at"] for r in data["replies"])
