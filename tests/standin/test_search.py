"""``/search`` semantics and its live leaks (CONTRACT.md §6), over the socket."""

from __future__ import annotations

import httpx

from conftest import V1
from fixture_data import NAMED


def _search(http: httpx.Client, query: str) -> dict:
    r = http.get(f"{V1}/search?{query}")
    assert r.status_code == 200, r.text
    return r.json()


def test_short_query_without_scope_is_rejected(http: httpx.Client) -> None:
    for q in ("", "q=", "q=a", "q=%20a%20"):
        r = http.get(f"{V1}/search?{q}")
        assert r.status_code == 400 and r.json()["code"] == "jetonomy_validation"
    assert http.get(f"{V1}/search?q=%E6%B0%B8").status_code == 200  # one CJK char is 3 bytes


def test_scope_makes_empty_query_a_listing(http: httpx.Client) -> None:
    body = _search(http, "type=post&tag=tag-01&limit=50")
    ids = [p["id"] for p in body["data"]]
    assert NAMED["post_private"] not in ids and len(ids) == 3
    created = [p["created_at"] for p in body["data"]]
    assert created == sorted(created, reverse=True)
    tags = _search(http, "type=tag&space_id=4&limit=50")
    assert tags["meta"]["total"] == 35


def test_long_tokens_are_and_prefix_matches(http: httpx.Client) -> None:
    both = _search(http, "q=cach+flus&limit=50")["data"]
    assert [p["id"] for p in both] == [NAMED["post_qa_accepted"]]
    assert _search(http, "q=cache+zzzzzz")["meta"]["total"] == 0
    # short tokens are ignored when a long one exists
    assert _search(http, "q=cache+xy")["meta"]["total"] == _search(http, "q=cache")["meta"]["total"]


def test_stopword_only_long_query_matches_nothing(http: httpx.Client) -> None:
    assert _search(http, "q=what")["meta"]["total"] == 0


def test_short_tokens_fall_back_to_substring(http: httpx.Client) -> None:
    hits = _search(http, "q=ach&limit=50")["data"]  # inside "cache"; no token reaches 4 chars
    assert hits and all("ach" in (p["title"] + p["content_plain"]).lower() for p in hits)


def test_cjk_and_arabic_prefix_matching(http: httpx.Client) -> None:
    assert [p["id"] for p in _search(http, "q=%E6%B0%B8%E4%B9%85%E9%93%BE%E6%8E%A5")["data"]] == [NAMED["post_idea"]]
    assert _search(http, "q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9")["meta"]["total"] == 1


def test_search_never_returns_non_public_posts(http: httpx.Client) -> None:
    text = http.get(f"{V1}/search?q=canary&limit=50").text + http.get(f"{V1}/search?q=cache&limit=50").text
    assert "CANARY-private" not in text and "CANARY-staff" not in text


def test_type_overwrites(http: httpx.Client) -> None:
    post = _search(http, "q=flush")["data"][0]
    assert post["type"] == "post" and post["status"] == "publish"
    space = _search(http, "q=plugin&type=space")["data"][0]
    assert space["type"] == "space" and space["slug"] == "plugin-dev"
    tag = _search(http, "q=tag-0&type=tag&limit=50")["data"][0]
    assert tag["type"] == "tag" and isinstance(tag["id"], int) and isinstance(tag["post_count"], int)


def test_reply_rows_leak_anonymous_author_and_private_text(http: httpx.Client) -> None:
    rows = _search(http, "q=cache&type=reply&limit=50")["data"]
    anon = next(r for r in rows if r["id"] == NAMED["reply_anonymous"])
    assert anon["is_anonymous"] == 1 and anon["author_name"] == "Anonymous"
    assert anon["author_id"] == NAMED["user_anon_only"] and anon["author_login"] == "anon_only"
    secret = _search(http, "q=secret&type=reply")["data"]
    assert secret[0]["id"] == NAMED["reply_private"] and "CANARY-private-reply" in secret[0]["content"]
    assert secret[0]["is_private"] == 1
    row = rows[0]
    assert isinstance(row["match_score"], int) and isinstance(row["is_accepted"], int)
    assert "https://example.org" in row["content"] and "<a " not in row["content"]  # stored HTML
    assert row["type"] == "reply" and "time_ago" not in row and "attachments" not in row


def test_type_all_shape(http: httpx.Client) -> None:
    r = http.get(f"{V1}/search?q=tag&type=all&limit=2")
    body = r.json()
    assert set(body["data"]) == {"posts", "spaces", "tags"} and len(body["data"]["posts"]) <= 2
    assert set(body["meta"]) == {"total", "totals", "offset", "has_more"}
    assert all(isinstance(v, str) for t in body["data"]["tags"] for v in t.values())
    assert len(body["data"]["tags"]) == 10 and "type" not in body["data"]["tags"][0]
    assert r.headers["x-wp-total"] == str(body["meta"]["total"])


def test_limit_per_page_after_and_bounds(http: httpx.Client) -> None:
    assert http.get(f"{V1}/search?q=cache&limit=60").json()["data"]["params"]["limit"] == \
        "limit must be between 1 (inclusive) and 50 (inclusive)"
    full = [p["id"] for p in _search(http, "q=cache&sort=newest&limit=10")["data"]]
    assert [p["id"] for p in _search(http, "q=cache&sort=newest&per_page=5&after=5")["data"]] == full[5:10]
    assert [p["id"] for p in _search(http, "q=cache&sort=newest&limit=3&per_page=5")["data"]] == full[:3]


def test_sorts(http: httpx.Client) -> None:
    votes = _search(http, "q=cache&sort=votes&limit=50")["data"]
    assert [p["vote_score"] for p in votes] == sorted((p["vote_score"] for p in votes), reverse=True)
    newest = _search(http, "q=cache&sort=newest&limit=50")["data"]
    assert [p["created_at"] for p in newest] == sorted((p["created_at"] for p in newest), reverse=True)


def test_filters(http: httpx.Client) -> None:
    by_space = _search(http, "q=cache&space_id=4&limit=50")["data"]
    assert by_space and all(p["space_id"] == 4 for p in by_space)
    by_author = _search(http, "q=cache&author=maria&limit=50")["data"]
    assert by_author and all(p["author_id"] == 2 for p in by_author)
    assert _search(http, "q=cache&author=maria_garcia")["meta"] == _search(http, "q=cache&author_id=2")["meta"]
    assert _search(http, f"q=hello&author_id={NAMED['user_anon_only']}")["meta"]["total"] == 0
    dated = _search(http, "q=cache&date_from=2024-01-01&date_to=2024-12-31&limit=50")["data"]
    assert dated and all(p["created_at"].startswith("2024") for p in dated)
