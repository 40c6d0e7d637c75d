"""Hostile input yields the API's error or an empty/normal result — never a 500 or a traceback."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from search_index import search
from search_index.app import create_search_app

NASTY_Q = ["title:x OR *", "*", "?", "a" * 100_000, "x\x00y", "\x00\x00", "😀", "\ud800x",
           "' OR 1=1 --", "%", "_", "%%", "\\", "()", "+-<>()~*\"@", "<script>alert(1)</script>",
           "NOT AND OR", "content:*", "a*b?c", "[a TO z]", "{}", "\u202eevil", "ab " * 5000,
           "abcd" * 3000, "\x1f\x1f", "éé", "مرحبا", "🙂🙂🙂🙂"]
NASTY_PARAMS = [{"offset": "-1"}, {"offset": "99999999999999999999999"}, {"offset": "1e999"},
                {"limit": "0"}, {"limit": "abc"}, {"limit": "50.5"}, {"limit": "1e1"},
                {"per_page": "-5"}, {"after": "-3"}, {"after": "abc"}, {"after": "9" * 30},
                {"space_id": "abc"}, {"space_id": "0"}, {"space_id": "-1"}, {"author_id": "1.5"},
                {"author_id": "99999999999999999999"}, {"type": ""}, {"sort": "RELEVANCE"},
                {"date_from": "garbage"}, {"date_to": "'; DROP"}, {"tag": "../../etc"},
                {"author": "%"}, {"author": "\x00"}, {"type": "all", "offset": "999999999"}]


@pytest.mark.parametrize("q", NASTY_Q, ids=range(len(NASTY_Q)))
@pytest.mark.parametrize("kind", ["post", "reply", "space", "tag", "all"])
def test_nasty_queries(sample_index, q: str, kind: str):
    status, headers, body = search(sample_index, {"q": q, "type": kind})
    assert status in (200, 400)
    json.dumps(body)
    if status == 200:
        assert "meta" in body and "X-WP-Total" in headers


@pytest.mark.parametrize("extra", NASTY_PARAMS, ids=range(len(NASTY_PARAMS)))
def test_nasty_params(sample_index, extra: dict):
    status, _headers, body = search(sample_index, {"q": "cache", **extra})
    assert status in (200, 400), body
    if status == 400:
        assert body["code"] in ("rest_invalid_param", "jetonomy_validation")
        assert body["data"]["status"] == 400
    else:
        assert isinstance(body["meta"]["total"], int)


RAW_QUERIES = ["q=%ff%fe%fd", "q=%C3%28ab", "q=%00%00ab", "q=ab&q=%", "q=%%%", "q=cache&limit=%ff",
               "q=" + "%41" * 3000, "q=cache&type=all&offset=-0", "q[]=x", "q=%E6%B0"]


@pytest.mark.parametrize("raw", RAW_QUERIES, ids=range(len(RAW_QUERIES)))
def test_raw_http_queries(sample_index_dir, raw: str):
    with TestClient(create_search_app(sample_index_dir), raise_server_exceptions=False) as client:
        for url in (f"/wp-json/jetonomy/v1/search?{raw}", f"/?rest_route=/jetonomy/v1/search&{raw}"):
            response = client.get(url)
            assert response.status_code in (200, 400), response.text
            assert response.headers["content-type"].startswith("application/json")
            response.json()
