"""Envelopes, headers, pagination and validation quirks (CONTRACT.md §1), over the socket."""

from __future__ import annotations

import httpx

from conftest import V1
from fixture_data import NAMED

WP_LIMIT_ERROR = {
    "code": "rest_invalid_param", "message": "Invalid parameter(s): limit",
    "data": {"status": 400, "params": {"limit": "limit must be between 1 (inclusive) and 100 (inclusive)"},
             "details": {"limit": {"code": "rest_out_of_bounds",
                                   "message": "limit must be between 1 (inclusive) and 100 (inclusive)",
                                   "data": None}}}}


def test_collection_envelope_meta_keys(http: httpx.Client) -> None:
    body = http.get(f"{V1}/spaces?limit=3").json()
    assert set(body) == {"data", "meta"}
    assert body["meta"] == {"count": 3, "has_more": True, "cursor_next": 3, "total": 7, "offset": 0}


def test_categories_meta_has_no_offset(http: httpx.Client) -> None:
    meta = http.get(f"{V1}/categories").json()["meta"]
    assert meta == {"count": 3, "has_more": False, "cursor_next": None, "total": 3}


def test_leaderboards_meta_adds_period(http: httpx.Client) -> None:
    meta = http.get(f"{V1}/leaderboards?period=week").json()["meta"]
    assert set(meta) == {"count", "has_more", "cursor_next", "total", "offset", "period"}
    assert meta["period"] == "week"


def test_single_items_are_bare_objects(http: httpx.Client) -> None:
    for url in (f"{V1}/posts/{NAMED['post_sticky']}", f"{V1}/spaces/4", f"{V1}/replies/904",
                f"{V1}/categories/1", f"{V1}/users/2", f"{V1}/users/by-login/j.doe"):
        body = http.get(url).json()
        assert "data" not in body and "id" in body, url


def test_privileged_members_is_a_bare_array_even_for_private_space(http: httpx.Client) -> None:
    for sid in (4, NAMED["space_private"]):
        body = http.get(f"{V1}/spaces/{sid}/privileged-members").json()
        assert isinstance(body, list)
        assert [r["role"] for r in body] == ["admin", "moderator"]
        assert body[0]["avatar_url"].startswith("https://secure.gravatar.com/avatar/")


def test_total_headers_per_route(http: httpx.Client) -> None:
    both = [f"{V1}/spaces", f"{V1}/spaces/4/members", f"{V1}/feed", f"{V1}/search?q=cache"]
    total_only = [f"{V1}/spaces/4/posts", f"{V1}/posts/1/replies", f"{V1}/tags", f"{V1}/leaderboards",
                  f"{V1}/users/2/posts", f"{V1}/categories"]
    for url in both:
        h = http.get(url).headers
        assert "x-wp-total" in h and "x-wp-totalpages" in h, url
    for url in total_only:
        h = http.get(url).headers
        assert "x-wp-total" in h and "x-wp-totalpages" not in h, url
    assert "x-wp-total" not in http.get(f"{V1}/posts/1").headers


def test_total_pages_value(http: httpx.Client) -> None:
    h = http.get(f"{V1}/spaces?limit=3").headers
    assert (h["x-wp-total"], h["x-wp-totalpages"]) == ("7", "3")
    assert http.get(f"{V1}/spaces?visibility=private").headers["x-wp-totalpages"] == "0"


def test_rest_headers(http: httpx.Client) -> None:
    r = http.get(f"{V1}/spaces")
    assert r.headers["content-type"] == "application/json; charset=UTF-8"
    assert r.headers["x-robots-tag"] == "noindex"
    assert r.headers["link"] == f'<{http.base_url}/wp-json/>; rel="https://api.w.org/"'.replace("//wp-json", "/wp-json")
    assert r.headers["allow"] == "GET"
    assert r.headers["vary"] == "Origin"


def test_no_route_and_permission_failures_have_no_allow(http: httpx.Client) -> None:
    for url in (f"{V1}/posts/abc", f"{V1}/nope", f"{V1}/users"):
        assert "allow" not in http.get(url).headers, url
    assert http.get(f"{V1}/spaces/{NAMED['space_private']}").headers["allow"] == "GET"


def test_after_is_an_offset_alias_that_wins_when_positive(http: httpx.Client) -> None:
    ids = [s["id"] for s in http.get(f"{V1}/spaces?limit=7").json()["data"]]
    by_after = http.get(f"{V1}/spaces?limit=2&offset=1&after=4").json()
    assert [s["id"] for s in by_after["data"]] == ids[4:6]
    assert by_after["meta"]["offset"] == 4
    by_offset = http.get(f"{V1}/spaces?limit=2&offset=1&after=0").json()
    assert [s["id"] for s in by_offset["data"]] == ids[1:3]


def test_page_and_per_page_are_ignored(http: httpx.Client) -> None:
    body = http.get(f"{V1}/spaces?page=2&per_page=2").json()
    assert body["meta"]["count"] == 7 and body["meta"]["offset"] == 0


def test_limit_bounds_give_wordpress_error_body(http: httpx.Client) -> None:
    for q in ("limit=101", "limit=0"):
        r = http.get(f"{V1}/spaces?{q}")
        assert r.status_code == 400 and r.json() == WP_LIMIT_ERROR


def test_limit_not_integer(http: httpx.Client) -> None:
    body = http.get(f"{V1}/spaces?limit=abc").json()
    assert body["data"]["details"]["limit"]["code"] == "rest_invalid_type"


def test_feed_clamps_to_50_but_rejects_101(http: httpx.Client) -> None:
    body = http.get(f"{V1}/feed?sort=new&limit=80").json()
    assert body["meta"]["count"] == 50
    assert http.get(f"{V1}/feed?limit=101").status_code == 400


def test_enum_validation_messages(http: httpx.Client) -> None:
    cases = {f"{V1}/spaces?sort=bogus": "sort is not one of latest, popular, oldest, and newest.",
             f"{V1}/spaces/4/posts?sort=hot": "sort is not one of latest, popular, oldest, newest, and unanswered.",
             f"{V1}/posts/1/replies?sort=latest": "sort is not one of oldest, newest, and best.",
             f"{V1}/search?q=cache&type=user": "type is not one of post, reply, space, tag, and all."}
    for url, message in cases.items():
        r = http.get(url)
        assert r.status_code == 400, url
        param = next(iter(r.json()["data"]["params"]))
        assert r.json()["data"]["details"][param] == {"code": "rest_not_in_enum", "message": message, "data": None}


def test_leaderboards_bogus_period_falls_back_to_all(http: httpx.Client) -> None:
    r = http.get(f"{V1}/leaderboards?period=year")
    assert r.status_code == 200 and r.json()["meta"]["period"] == "all"


def test_rest_route_query_form(http: httpx.Client) -> None:
    a = http.get("/?rest_route=/jetonomy/v1/spaces/4").json()
    b = http.get(f"{V1}/spaces/4").json()
    assert a == b


def test_home_placeholder_becomes_request_origin(fixture_url: str) -> None:
    with httpx.Client(base_url=fixture_url, headers={"Host": "forum.example:8443"}) as c:
        body = c.get(f"{V1}/posts/{NAMED['post_sticky']}").text
    assert "{home}" not in body and "http://forum.example:8443/community/u/maria_garcia/" in body


def test_empty_maps_are_arrays(http: httpx.Client) -> None:
    space = http.get(f"{V1}/spaces/1").json()
    assert space["settings"] == [] and space["cover_image"] == ""
    assert http.get(f"{V1}/spaces/3").json()["settings"] == {"posts_per_page": 15}
    assert http.get(f"{V1}/posts/1").json()["attachments"] == []
    cats = http.get(f"{V1}/categories").json()["data"]
    assert cats[0]["children"] == [] and cats[1]["children"][0]["children"] == []
    assert "spaces" not in cats[1]["children"][0]
