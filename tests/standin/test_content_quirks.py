"""Lists, visibility, masking and content quirks (CONTRACT.md §2–§4), over the socket."""

from __future__ import annotations

import httpx

from conftest import V1
from fixture_data import NAMED


def _ids(http: httpx.Client, url: str) -> list[int]:
    return [row["id"] for row in http.get(url).json()["data"]]


def test_space_posts_default_limit_from_space_then_site(http: httpx.Client) -> None:
    assert http.get(f"{V1}/spaces/{NAMED['space_qa_pp15']}/posts").json()["meta"]["count"] == 15
    assert http.get(f"{V1}/spaces/{NAMED['space_forum']}/posts").json()["meta"]["count"] == 20


def test_every_post_sort_puts_pinned_first(http: httpx.Client) -> None:
    for sort in ("latest", "popular", "oldest", "newest"):
        assert _ids(http, f"{V1}/spaces/4/posts?sort={sort}&limit=3")[0] == NAMED["post_sticky"], sort


def test_space_post_sort_orders(http: httpx.Client) -> None:
    rows = http.get(f"{V1}/spaces/4/posts?sort=oldest&limit=100").json()["data"][1:]
    assert [r["created_at"] for r in rows] == sorted(r["created_at"] for r in rows)
    rows = http.get(f"{V1}/spaces/4/posts?sort=popular&limit=100").json()["data"][1:]
    assert [r["vote_score"] for r in rows] == sorted((r["vote_score"] for r in rows), reverse=True)
    unanswered = http.get(f"{V1}/spaces/4/posts?sort=unanswered&limit=100").json()["data"]
    assert all(r["reply_count"] == 0 for r in unanswered if not r["is_sticky"])


def test_space_posts_hide_unpublished_and_private(http: httpx.Client) -> None:
    ids = _ids(http, f"{V1}/spaces/4/posts?limit=100")
    for key in ("post_draft", "post_pending", "post_spam", "post_trash", "post_private"):
        assert NAMED[key] not in ids
    body = http.get(f"{V1}/spaces/4").json()
    assert body["post_count"] == len(ids) + 1  # denormalised count includes the private post


def test_replies_total_counts_every_status_so_has_more_never_ends(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_mega']}/replies?limit=100&offset=250").json()
    assert body["meta"] == {"count": 9, "has_more": True, "cursor_next": 259, "total": 262, "offset": 250}
    assert http.get(f"{V1}/posts/1/replies?limit=100&offset=259").json()["meta"]["cursor_next"] == 259


def test_reply_sorts(http: httpx.Client) -> None:
    newest = http.get(f"{V1}/posts/1/replies?sort=newest&limit=5").json()["data"]
    assert [r["created_at"] for r in newest] == sorted((r["created_at"] for r in newest), reverse=True)
    best = http.get(f"{V1}/posts/1/replies?sort=best&limit=20").json()["data"]
    assert [r["vote_score"] for r in best] == sorted((r["vote_score"] for r in best), reverse=True)


def test_private_reply_is_a_tombstone_in_lists_but_leaks_alone(http: httpx.Client) -> None:
    rows = {r["id"]: r for r in http.get(f"{V1}/posts/{NAMED['post_threaded']}/replies").json()["data"]}
    tomb = rows[NAMED["reply_private"]]
    assert (tomb["content"], tomb["content_plain"], tomb["is_private_hidden"]) == ("", "", True)
    assert tomb["author_name"] == "أحمد حسن"
    alone = http.get(f"{V1}/replies/{NAMED['reply_private']}").json()
    assert "CANARY-private-reply" in alone["content"] and alone["is_private_hidden"] is False


def test_reply_lists_are_flat_and_hide_unpublished(http: httpx.Client) -> None:
    rows = http.get(f"{V1}/posts/{NAMED['post_threaded']}/replies").json()["data"]
    ids = [r["id"] for r in rows]
    assert NAMED["reply_trash"] not in ids and NAMED["reply_pending"] not in ids
    assert any(r["parent_id"] for r in rows) and all("depth" not in r for r in rows)


def test_forbidden_versus_not_found_for_guests(http: httpx.Client) -> None:
    expect = {
        f"{V1}/spaces/{NAMED['space_private']}": (403, "jetonomy_forbidden"),
        f"{V1}/spaces/{NAMED['space_hidden']}": (403, "jetonomy_forbidden"),
        f"{V1}/spaces/999999": (404, "jetonomy_not_found"),
        f"{V1}/spaces/999999/posts": (403, "jetonomy_forbidden"),
        f"{V1}/spaces/{NAMED['space_private']}/posts": (403, "jetonomy_forbidden"),
        f"{V1}/spaces/{NAMED['space_private']}/members": (403, "jetonomy_forbidden"),
        f"{V1}/posts/{NAMED['post_private']}": (404, "jetonomy_not_found"),
        f"{V1}/posts/{NAMED['post_draft']}": (404, "jetonomy_not_found"),
        f"{V1}/posts/{NAMED['post_in_private_space']}": (404, "jetonomy_not_found"),
        f"{V1}/posts/{NAMED['post_draft']}/replies": (403, "jetonomy_forbidden"),
        f"{V1}/posts/{NAMED['post_in_private_space']}/replies": (403, "jetonomy_forbidden"),
        f"{V1}/posts/99999999/replies": (404, "jetonomy_not_found"),
        f"{V1}/replies/{NAMED['reply_trash']}": (404, "jetonomy_not_found"),
        f"{V1}/replies/909": (403, "jetonomy_forbidden"),
        f"{V1}/categories/999999": (404, "jetonomy_not_found"),
        f"{V1}/users/999999": (404, "jetonomy_not_found"),
        f"{V1}/users/{NAMED['user_deleted']}": (404, "jetonomy_not_found"),
        f"{V1}/posts/abc": (404, "rest_no_route"),
        f"{V1}/users/by-login/bad@login": (404, "rest_no_route"),
        f"{V1}/users/me": (401, "jetonomy_unauthorized"),
        f"{V1}/users": (403, "jetonomy_forbidden"),
    }
    for url, (status, code) in expect.items():
        r = http.get(url)
        assert (r.status_code, r.json()["code"]) == (status, code), url


def test_anonymous_post_is_masked(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_anonymous']}").json()
    masked = {k: body[k] for k in ("author_id", "author_name", "author_avatar", "author_login",
                                   "trust_level", "reputation", "profile_url")}
    assert masked == {"author_id": 0, "author_name": "Anonymous", "author_avatar": "", "author_login": "",
                      "trust_level": 0, "reputation": 0, "profile_url": ""}
    assert "Secret Person" not in http.get(f"{V1}/spaces/2/posts?limit=100").text


def test_deleted_account_is_masked(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_deleted_author']}").json()
    assert (body["author_id"], body["author_name"], body["profile_url"]) == (0, "[deleted]", "")


def test_user_posts_exclude_anonymous_and_unreadable(http: httpx.Client) -> None:
    ids = _ids(http, f"{V1}/users/{NAMED['user_anon_only']}/posts")
    assert ids == []
    staff = _ids(http, f"{V1}/users/{NAMED['user_staff']}/posts?limit=100")
    assert NAMED["post_in_private_space"] not in staff and NAMED["post_mega"] in staff
    main = http.get(f"{V1}/users/2/posts?limit=100").json()["data"]
    assert [p["created_at"] for p in main] == sorted((p["created_at"] for p in main), reverse=True)


def test_percent_encoded_slugs_are_literal(http: httpx.Client) -> None:
    assert http.get(f"{V1}/posts/{NAMED['post_percent']}").json()["slug"] == "%f0%9f%9a%80-launch-day"
    tags = http.get(f"{V1}/tags?limit=100&sort=alphabetical").json()["data"]
    assert "%e6%97%a5%e6%9c%ac" in [t["slug"] for t in tags]


def test_category_spaces_are_raw_string_rows_of_public_spaces_only(http: httpx.Client) -> None:
    cats = http.get(f"{V1}/categories").json()["data"]
    row = cats[0]["spaces"][0]
    assert all(isinstance(v, str) or v is None for v in row.values())
    assert row["cover_image"] is None and row["settings"] is None and row["parent_id"] == "0"
    hidden = http.get(f"{V1}/categories/{NAMED['cat_hidden']}").json()
    assert hidden["visibility"] == "hidden" and hidden["spaces"] == [] and hidden["space_count"] == 2
    building = next(c for c in cats if c["id"] == 2)
    archived = next(s for s in building["spaces"] if s["slug"] == "old-archive")
    assert archived["status"] == "archived"
    assert '"prefixes"' in next(s for s in building["spaces"] if s["id"] == "4")["settings"]


def test_tags_are_raw_rows_and_ignore_offset_and_after(http: httpx.Client) -> None:
    a = http.get(f"{V1}/tags").json()
    b = http.get(f"{V1}/tags?offset=5&after=5").json()
    assert a == b and a["meta"]["count"] == 30 and a["meta"]["total"] == 35 and a["meta"]["has_more"]
    assert all(isinstance(v, str) for row in a["data"] for v in row.values())
    tag1 = next(t for t in http.get(f"{V1}/tags?limit=100").json()["data"] if t["id"] == "1")
    assert tag1["post_count"] == "4"  # includes the private post 9
    alpha = [t["name"] for t in http.get(f"{V1}/tags?sort=alphabetical&limit=100").json()["data"]]
    assert alpha == sorted(alpha, key=str.lower)


def test_leaderboards(http: httpx.Client) -> None:
    page1 = http.get(f"{V1}/leaderboards?limit=5").json()
    assert http.get(f"{V1}/leaderboards?limit=5&after=5").json() == page1
    page2 = http.get(f"{V1}/leaderboards?limit=5&offset=5").json()["data"]
    assert [r["rank"] for r in page2] == [6, 7, 8, 9, 10]
    everyone = http.get(f"{V1}/leaderboards?limit=100").json()["data"]
    ids = [r["user_id"] for r in everyone]
    assert NAMED["user_anon_only"] not in ids and NAMED["user_deleted"] not in ids
    ranks = [r["rank"] for r in everyone]
    assert len(set(ranks)) == len(ranks) and max(ranks) == len(ranks) + 1  # deleted user leaves a gap
    week = [r["user_id"] for r in http.get(f"{V1}/leaderboards?period=week&limit=100").json()["data"]]
    month = http.get(f"{V1}/leaderboards?period=month&limit=100").json()["meta"]["total"]
    assert 2 in week and 4 not in week and len(week) < month < len(ids) + 1


def test_raw_legacy_content_is_served_unsanitised(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_legacy']}").json()
    assert "<script>alert('jt-legacy-body')</script>" in body["content"]
    assert "https://example.org/raw</p>" in body["content"]  # not linkified either
    assert body["content_plain"] == "legacy import raw html"
    assert body["title"].startswith("<script>")


def test_embed_processing_of_content(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_embeds']}").json()
    html = body["content"]
    assert '<div class="jt-embed"><iframe' in html and "youtube.com/embed/abc123XYZ" in html
    assert '<a href="https://example.org/docs" target="_blank" rel="noopener">https://example.org/docs</a>.' in html
    assert "<p></p>" not in html and "&nbsp;" not in html and "a b" in html
    assert '<a href="https://example.org/x">https://example.org/x</a>' in html
    assert body["content_plain"].startswith("Watch this:https://youtu.be/abc123XYZ")


def test_view_count_grows_on_every_get(http: httpx.Client) -> None:
    url = f"{V1}/posts/{NAMED['post_idea']}"
    first, second = http.get(url).json(), http.get(url).json()
    assert second["view_count"] == first["view_count"] + 1
    first.pop("view_count"), second.pop("view_count")
    assert first == second  # determinism apart from view_count


def test_dates_time_ago_and_edited_at(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_image']}").json()
    assert body["edited_at"] == "2024-02-01 10:00:00" and body["edited_at_gmt"] == "2024-02-01T10:00:00Z"
    assert body["created_at_gmt"] == body["created_at"].replace(" ", "T") + "Z"
    assert body["published_at_gmt"].endswith("Z") and body["time_ago"] == "4 years ago"
    assert body["author_last_seen_at"] is None  # only filled on list endpoints
    listed = next(p for p in http.get(f"{V1}/spaces/1/posts?limit=100").json()["data"] if p["id"] == NAMED["post_image"])
    assert listed["author_last_seen_at"] == "2026-11-21 12:00:00"


def test_prefix_color_from_space_settings(http: httpx.Client) -> None:
    body = http.get(f"{V1}/posts/{NAMED['post_sticky']}").json()
    assert (body["prefix"], body["prefix_color"]) == ("Bug", "#d63638")


def test_feed_sorts(http: httpx.Client) -> None:
    new = http.get(f"{V1}/feed?sort=new&limit=50").json()
    keys = [p["published_at"] or p["created_at"] for p in new["data"]]
    assert keys == sorted(keys, reverse=True)
    assert http.get(f"{V1}/feed?sort=top").json()["meta"]["total"] == 0  # nothing in the last 7 days
    alltime = http.get(f"{V1}/feed?sort=top&window_days=0&limit=50").json()["data"]
    assert [p["vote_score"] for p in alltime] == sorted((p["vote_score"] for p in alltime), reverse=True)
    hot = _ids(http, f"{V1}/feed?sort=hot&limit=50")
    assert NAMED["post_private"] not in hot and NAMED["post_in_private_space"] not in hot
