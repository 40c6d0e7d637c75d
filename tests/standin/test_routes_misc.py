"""oEmbed, updates, discovery, robots, sitemaps, RSS, media, private mode and Pro routes."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx

from conftest import V1, asgi_get, fresh_dataset
from exporter.standin import create_app
from fixture_data import NAMED


def _topic(base: str, space: str, slug: str) -> str:
    return quote(f"{base}/community/s/{space}/t/{slug}/", safe="")


def test_oembed_rich_and_link(http: httpx.Client, fixture_url: str) -> None:
    url = _topic(fixture_url, "help-desk", "how-do-i-flush-the-cache")
    r = http.get(f"{V1}/oembed?url={url}&maxwidth=400")
    body = r.json()
    assert r.headers["cache-control"] == "public, max-age=3600"
    assert body["type"] == "rich" and body["width"] == 400 and body["height"] == 220
    assert 'max-width:400px' in body["html"] and "2 replies · 4 votes" in body["html"]
    assert "thumbnail_url" not in body
    link = http.get(f"{V1}/oembed?url={url}&type=link").json()
    assert link["type"] == "link" and not {"width", "height", "html"} & set(link)


def test_oembed_leaks_real_author_of_anonymous_post(http: httpx.Client, fixture_url: str) -> None:
    url = _topic(fixture_url, "introductions", "anonymous-hello-from-a-secret-person")
    assert http.get(f"{V1}/oembed?url={url}").json()["author_name"] == "Secret Person"


def test_oembed_thumbnail_and_errors(http: httpx.Client, fixture_url: str) -> None:
    img = http.get(f"{V1}/oembed?url={_topic(fixture_url, 'announcements', 'screenshot-of-the-cache-bug')}").json()
    assert img["thumbnail_url"] == f"{fixture_url}/wp-content/uploads/2024/03/cat.png"
    assert (img["thumbnail_width"], img["thumbnail_height"]) == (600, 315)
    misses = {quote(f"{fixture_url}/", safe=""): "Not a Jetonomy thread URL.",
              quote("https://elsewhere.example/community/s/a/t/b/", safe=""): "Not a Jetonomy thread URL.",
              _topic(fixture_url, "no-such-space", "how-do-i-flush-the-cache"): "Thread not found.",
              _topic(fixture_url, "plugin-dev", "private-canary-private-cache"): "Thread not found."}
    for url, message in misses.items():
        r = http.get(f"{V1}/oembed?url={url}")
        assert (r.status_code, r.json()["code"], r.json()["message"]) == (404, "jetonomy_oembed_not_found", message)
        assert "cache-control" not in r.headers
    pct = http.get(f"{V1}/oembed?url={_topic(fixture_url, 'announcements', '%f0%9f%9a%80-launch-day')}")
    assert pct.status_code == 200


def test_updates(http: httpx.Client) -> None:
    since = "since=2020-01-01+00%3A00%3A00"
    for q in (since, f"{since}&scope=space&id=4", f"{since}&scope=post"):
        assert http.get(f"{V1}/updates?{q}").json()["code"] == "jetonomy_unauthorized"
    missing = http.get(f"{V1}/updates").json()
    assert missing == {"code": "rest_missing_callback_param", "message": "Missing parameter(s): since",
                       "data": {"status": 400, "params": ["since"]}}
    r = http.get(f"{V1}/updates?{since}&scope=post&id={NAMED['post_threaded']}")
    body = r.json()
    assert r.headers["cache-control"] == "no-cache" and body["scope"] == "post"
    assert NAMED["reply_trash"] in body["data"] and body["meta"] == {"count": len(body["data"]), "has_more": False}
    assert http.get(f"{V1}/updates?{since}&scope=post&id={NAMED['post_draft']}").status_code == 403
    assert http.get(f"{V1}/updates?since=garbage&scope=post&id=1").status_code == 400


def test_misc_guest_routes(http: httpx.Client) -> None:
    nonce = http.get(f"{V1}/auth/nonce")
    assert re.fullmatch(r"[0-9a-f]{10}", nonce.json()["nonce"])
    assert nonce.headers["cache-control"] == "no-cache, no-store, must-revalidate"
    cfg = http.get(f"{V1}/app/config")
    assert cfg.headers["cache-control"] == "public, max-age=300" and cfg.json()["app_name"]
    assert http.get("/wp-json/oembed/1.0/embed?url=x").json()["code"] == "oembed_invalid_url"


def test_rest_root_and_namespace_index(http: httpx.Client, fixture_url: str) -> None:
    root = http.get("/wp-json/").json()
    assert root["home"] == fixture_url and "jetonomy/v1" in root["namespaces"]
    assert "/jetonomy/v1/spaces/(?P<id>\\d+)" in root["routes"] and root["gmt_offset"] == 1
    index = http.get(f"{V1}").json()
    assert index["namespace"] == "jetonomy/v1" and "/jetonomy/v1/badges" not in index["routes"]


def test_pro_routes_follow_the_dataset_features() -> None:
    off = create_app(fresh_dataset())
    assert asgi_get(off, f"{V1}/posts/1/reactions").json()["code"] == "rest_no_route"
    ds = fresh_dataset()
    ds.pro.update(reactions=True, polls=True, badges=True, announcements=True,
                  reactions_data={"post:1": {"thumbsup": 3, "heart": 0}},
                  polls_data={"1": {"id": 7, "post_id": 1, "question": "Q?", "options": []}},
                  badges_data=[{"id": 1, "name": "Helper"}], user_badges={"2": [[1, "2025-01-01 00:00:00"]]},
                  announcement_post_ids=[NAMED["post_idea"]])
    on = create_app(ds)
    assert asgi_get(on, f"{V1}/posts/1/reactions").json() == {"counts": {"thumbsup": 3}, "user_reactions": []}
    assert asgi_get(on, f"{V1}/posts/1/poll").json()["data"]["user_votes"] == []
    assert asgi_get(on, f"{V1}/posts/2/poll").status_code == 404
    assert asgi_get(on, f"{V1}/users/2/badges").json()["data"][0]["earned_at"] == "2025-01-01 00:00:00"
    assert asgi_get(on, f"{V1}/announcements/active").json()["meta"] == {"total": 1}
    first = asgi_get(on, f"{V1}/spaces/4/posts").json()["data"][0]
    assert first["id"] == NAMED["post_idea"] and first["space_id"] == NAMED["space_ideas"]
    assert "/jetonomy/v1/badges" in asgi_get(on, V1).json()["routes"]


def test_robots_home_and_media(http: httpx.Client, fixture_url: str) -> None:
    robots = http.get("/robots.txt")
    assert robots.headers["content-type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {fixture_url}/community-sitemap.xml" in robots.text
    home = http.get("/")
    assert home.headers["link"] == f'<{fixture_url}/wp-json/>; rel="https://api.w.org/"'
    png = http.get("/wp-content/uploads/2024/03/cat.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert http.get("/wp-content/uploads/nope.png").status_code == 404


def test_sitemaps(http: httpx.Client, fixture_url: str) -> None:
    index = http.get("/community-sitemap.xml")
    assert index.headers["x-robots-tag"] == "noindex, follow"
    assert index.headers["content-type"] == "application/xml; charset=UTF-8"
    assert "community-sitemap-spaces-1.xml" in index.text and "community-sitemap-posts-1.xml" in index.text
    spaces = http.get("/community-sitemap-spaces-1.xml").text
    assert "/s/plugin-dev/" in spaces and "old-archive" not in spaces and "staff-room" not in spaces
    posts = http.get("/community-sitemap-posts-1.xml").text
    assert "never-ending-megathread" in posts and "canary" not in posts.lower()
    assert "<changefreq>yearly</changefreq>" in posts and "<priority>0.5</priority>" in posts
    gone = http.get("/community-sitemap-posts-2.xml")
    assert gone.status_code == 404 and gone.text.endswith("</urlset>")


def test_sitemap_children_hold_5000_urls(monkeypatch) -> None:
    from exporter.standin import sitemap

    monkeypatch.setattr(sitemap, "PER_CHILD", 10)
    ds = fresh_dataset()
    app = create_app(ds)
    children = -(-len(sitemap.entries(ds, "posts")) // 10)
    index = asgi_get(app, "/community-sitemap.xml").text
    assert children > 2 and f"posts-{children}.xml" in index and f"posts-{children + 1}.xml" not in index
    assert asgi_get(app, "/community-sitemap-posts-2.xml").text.count("<url>") == 10


def test_space_rss_feed_quirks(http: httpx.Client) -> None:
    r = http.get("/community/s/plugin-dev/feed/")
    assert r.headers["content-type"] == "application/rss+xml; charset=UTF-8"
    items = r.text.split("<item>")[1:]
    assert len(items) == 20 and "Pinned rules" in items[0]
    assert "+0100</pubDate>" in items[0]  # UTC clock + site offset (live bug)
    assert r.headers["last-modified"] == "Sun, 01 Jan 2023 10:00:00 GMT"
    assert "<lastBuildDate>Sun, 01 Jan 2023 10:00:00 +0100</lastBuildDate>" in r.text
    private = http.get("/community/s/staff-room/feed/")
    assert private.status_code == 404 and private.headers["content-type"].startswith("text/html")


def test_rss_description_keeps_raw_hellip() -> None:
    ds = fresh_dataset()
    ds.edit_post(NAMED["post_sticky"], content="<p>" + " ".join(f"w{i}" for i in range(80)) + "</p>")
    text = asgi_get(create_app(ds), "/community/s/plugin-dev/feed/").text
    assert "w54&hellip;</description>" in text


def test_private_community_mode() -> None:
    app = create_app(fresh_dataset(community_private=True))
    for url in (f"{V1}/spaces", f"{V1}/posts/1", f"{V1}/search?q=cache", f"{V1}/categories"):
        r = asgi_get(app, url)
        assert (r.status_code, r.json()["code"]) == (401, "community_private"), url
    assert asgi_get(app, f"{V1}/app/config").status_code == 200
    assert asgi_get(app, "/robots.txt").status_code == 200
    assert asgi_get(app, "/community-sitemap.xml").status_code == 200
    assert asgi_get(app, "/community/s/plugin-dev/feed/").status_code == 404
