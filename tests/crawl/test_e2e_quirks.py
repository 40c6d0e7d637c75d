"""The crawler against the stand-in over real HTTP: Jetonomy's quirks (CONTRACT.md §9)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import load_json, rows, table_count


@pytest.fixture(scope="session")
def dataset(example_dataset: Path) -> dict:
    return load_json(example_dataset)


def _public_posts(ds: dict) -> dict[int, dict]:
    spaces = {s["id"] for s in ds["spaces"] if s["visibility"] == "public"}
    return {p["id"]: p for p in ds["posts"]
            if p["space_id"] in spaces and p["status"] == "publish" and not p["is_private"]}


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_crawl_completes_with_every_public_post_and_reply(crawl_run, dataset):
    posts = _public_posts(dataset)
    replies = [r for r in dataset["replies"] if r["post_id"] in posts and r["status"] == "publish"]
    assert crawl_run.report.complete and crawl_run.report.missed == []
    assert {r[0] for r in rows(crawl_run.folder, "SELECT id FROM posts")} == set(posts)
    assert {r[0] for r in rows(crawl_run.folder, "SELECT id FROM replies")} == {r["id"] for r in replies}


def test_mega_thread_fully_crawled_with_minimum_requests(crawl_run, dataset):
    posts = _public_posts(dataset)
    per_post = Counter(r["post_id"] for r in dataset["replies"] if r["post_id"] in posts and r["status"] == "publish")
    mega, n = per_post.most_common(1)[0]
    every_status = sum(1 for r in dataset["replies"] if r["post_id"] == mega)
    assert n > 200 and every_status > n  # meta.total counts them all: has_more lies
    assert table_count(crawl_run.folder, "replies", f"post_id={mega}") == n
    calls = [u for u in crawl_run.urls if urlsplit(u).path.endswith(f"/posts/{mega}/replies")]
    assert len(calls) == n // 100 + 1  # short-page stop, no loop on has_more/cursor_next


def test_offsets_not_after_and_limits_within_maxima(crawl_run):
    for url in crawl_run.urls:
        params = _params(url)
        assert "after" not in params and "page" not in params and "per_page" not in params, url
        if "limit" in params:
            cap = 50 if re.search(r"/(search|feed)$", urlsplit(url).path) else 100
            assert int(params["limit"]) == cap, url
    paged = [u for u in crawl_run.urls if "limit" in _params(u) and not urlsplit(u).path.endswith(
        ("/tags", "/privileged-members"))]
    assert paged and all("offset" in _params(u) for u in paged)


def test_tags_cannot_page_and_leaderboards_page_by_offset(crawl_run, dataset):
    routes = crawl_run.transport.routes()
    assert routes["/jetonomy/v1/tags"] == 1
    tag_urls = [u for u in crawl_run.urls if urlsplit(u).path.endswith("/tags")]
    assert "offset" not in _params(tag_urls[0])
    assert table_count(crawl_run.folder, "tags") == len(dataset["tags"])
    boards = [_params(u) for u in crawl_run.urls if urlsplit(u).path.endswith("/leaderboards")]
    assert sorted(b["period"] for b in boards if b["offset"] == "0") == ["all", "month", "week"]
    for period in ("all", "month", "week"):
        got = rows(crawl_run.folder, "SELECT user_id FROM leaderboard WHERE period=?", (period,))
        assert len(got) == len(set(got))


def test_never_requests_single_reply_or_single_post(crawl_run):
    routes = crawl_run.transport.routes()
    assert routes["/jetonomy/v1/replies/{id}"] == 0  # leaks private replies' text
    assert routes["/jetonomy/v1/posts/{id}"] == 0    # bumps view_count
    assert crawl_run.report.requests == len(crawl_run.urls)


def test_percent_encoded_slugs_are_stored_verbatim(crawl_run, dataset):
    encoded = {p["id"]: p["slug"] for p in _public_posts(dataset).values() if "%" in p["slug"]}
    encoded_spaces = {s["id"]: s["slug"] for s in dataset["spaces"]
                      if "%" in s["slug"] and s["visibility"] == "public"}
    assert encoded and encoded_spaces
    stored = dict(rows(crawl_run.folder, "SELECT id, slug FROM posts"))
    assert all(stored[i] == slug for i, slug in encoded.items())
    stored_spaces = dict(rows(crawl_run.folder, "SELECT id, slug FROM spaces"))
    assert all(stored_spaces[i] == slug for i, slug in encoded_spaces.items())


def test_raw_string_rows_normalised_in_columns_json_as_received(crawl_run):
    for id_, count, blob in rows(crawl_run.folder, "SELECT id, post_count, json FROM tags"):
        raw = json.loads(blob)
        assert isinstance(raw["id"], str) and int(raw["id"]) == id_ and int(raw["post_count"]) == count
    statuses = dict(rows(crawl_run.folder, "SELECT id, status FROM spaces"))
    assert {"locked", "archived"} <= set(statuses.values())  # only the category raw rows say so


def test_private_replies_stay_tombstones(crawl_run, dataset):
    posts = _public_posts(dataset)
    private = {r["id"] for r in dataset["replies"] if r["post_id"] in posts and r["status"] == "publish"
               and r["is_private"]}
    assert private
    got = {i: json.loads(b) for i, b in rows(crawl_run.folder, "SELECT id, json FROM replies WHERE is_private=1")}
    assert set(got) == private
    assert all(r["content"] == "" and r["content_plain"] == "" and r["is_private_hidden"] for r in got.values())


def test_anonymous_authors_stay_anonymous(crawl_run, example_manifest):
    ids = [p for a in example_manifest["anonymous_real_names"] for p in a["post_ids"]]
    got = rows(crawl_run.folder, f"SELECT json, is_anonymous FROM posts WHERE id IN ({','.join(map(str, ids))})")
    assert got
    for blob, anon in got:
        post = json.loads(blob)
        assert anon == 1 and post["author_id"] == 0 and post["author_name"] == "Anonymous"
        assert post["author_login"] == "" and post["profile_url"] == ""
    user_ids = {a["user_id"] for a in example_manifest["anonymous_real_names"]}
    assert not user_ids & {r[0] for r in rows(crawl_run.folder, "SELECT id FROM users")}


def test_no_canary_anonymous_name_or_email_in_snapshot_bytes(crawled_snapshot, example_manifest):
    needles = [c["canary"] for c in example_manifest["canaries"]]
    needles += [a[k] for a in example_manifest["anonymous_real_names"] for k in ("display_name", "login")]
    needles += list(example_manifest["emails"])
    blob = b"".join(p.read_bytes() for p in Path(crawled_snapshot).rglob("*") if p.is_file())
    assert len(needles) > 100 and len(blob) > 100_000
    assert [n for n in needles if n.encode("utf-8") in blob] == []


def test_refused_content_leaves_fingerprints(crawl_run, dataset):
    hidden = [c for c in dataset["categories"] if c["visibility"] != "public"]
    assert hidden and crawl_run.report.refused > 0
    assert table_count(crawl_run.folder, "fingerprints", "kind='hidden_category'") > 0
    for cat in hidden:
        (blob,) = rows(crawl_run.folder, "SELECT json FROM categories WHERE id=?", (cat["id"],))[0]
        assert cat["name"] not in blob and json.loads(blob)["visibility"] == cat["visibility"]


def test_meta_site_and_media(crawl_run, standin_url):
    meta = dict(rows(crawl_run.folder, "SELECT key, value FROM meta"))
    assert meta["audience"] == "guest" and meta["site_url"] == standin_url
    assert meta["base_slug"] == "community" and meta["crawl_complete"] == "1"
    assert meta["api_root"] == f"{standin_url}/wp-json/jetonomy/v1" and meta["replies_per_page"] == "30"
    assert {"timezone_string", "gmt_offset", "tool_version", "language"} <= set(meta)
    site = dict(rows(crawl_run.folder, "SELECT key, json FROM site"))
    assert {"rest_root", "namespace_routes", "app_config", "robots_txt"} <= set(site)
    assert "routes" not in json.loads(site["rest_root"])
    media = rows(crawl_run.folder, "SELECT url, status, path FROM media")
    stored = [m for m in media if m[1] == "ok"]
    assert stored and all(m[0].startswith(standin_url) for m in stored)
    assert all((crawl_run.folder / "media" / m[2]).is_file() for m in stored)
    assert all(not m[0].startswith(standin_url) for m in media if m[1] == "external")
