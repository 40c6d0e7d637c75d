"""The HTTP layer and pagination against ``httpx.MockTransport`` serving captured samples."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from exporter.crawl import CrawlOptions, paginate
from exporter.crawl.http import Api, ApiStatusError
from exporter.crawl.paginate import collect, user_key
from exporter.crawl.ratelimit import TokenBucket
from exporter.errors import AccessWallError, BadResponseError, CommunityPrivateError, CrawlError

API = "http://site.test/wp-json/jetonomy/v1"


def body(samples: Path, name: str) -> bytes:
    return (samples / f"{name}.body.json").read_bytes()


def make_api(handler, **opts) -> tuple[Api, list[float]]:
    """An Api over a MockTransport whose sleeps are recorded instead of slept."""
    slept: list[float] = []
    options = CrawlOptions(rate=0, backoff=0.01, **opts)
    api = Api(httpx.Client(transport=httpx.MockTransport(handler)), options, sleep=slept.append)
    api.api_root = API
    return api, slept


def test_mega_thread_stops_on_short_page_not_has_more(samples_dir):
    """Real samples: has_more stays true at offset 259 of 262 — the short page ends it."""
    pages = {0: "07-replies-mega-limit100", 100: "07-replies-mega-limit100-after100",
             200: "07-replies-mega-limit100-after200"}
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen.append(params)
        return httpx.Response(200, content=body(samples_dir, pages[int(params["offset"])]))

    api, _ = make_api(handler)
    rows = collect(paginate(api, api.url("/posts/311/replies"), {"sort": "oldest"}, 100))
    assert len(rows) == 259 and len({r["id"] for r in rows}) == 259
    assert [p["offset"] for p in seen] == ["0", "100", "200"]
    assert all("after" not in p and p["limit"] == "100" for p in seen)
    last = json.loads(body(samples_dir, "07-replies-mega-limit100-after200"))["meta"]
    assert last["has_more"] is True  # the quirk the rule defends against


def test_tags_ignore_offset_paging_stops_instead_of_looping(samples_dir):
    """/tags ignores offset: a full page of rows already seen ends the listing."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(200, content=body(samples_dir, "08-tags-limit5-offset5"))

    api, _ = make_api(handler)
    rows = collect(paginate(api, api.url("/tags"), {}, 5))
    assert len(rows) == 5 and len(calls) == 2


def test_dedupe_by_key_across_shifted_pages(samples_dir):
    data = json.loads(body(samples_dir, "10-leaderboards-all"))["data"]

    def handler(request: httpx.Request) -> httpx.Response:
        off = int(request.url.params["offset"])
        page = data[max(0, off - 2):off - 2 + 10] if off else data[:10]  # shifted: 2 repeats
        return httpx.Response(200, json={"data": page, "meta": {"has_more": True}})

    api, _ = make_api(handler)
    rows = collect(paginate(api, api.url("/leaderboards"), {"period": "all"}, 10, key=user_key))
    assert len(rows) == len({r["user_id"] for r in rows}) == len(data)


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(status):
    answers = [httpx.Response(status, headers={"Retry-After": "3"}), httpx.Response(200, json={"ok": 1})]
    api, slept = make_api(lambda r: answers.pop(0))
    assert api.get_json(api.url("/app/config")) == {"ok": 1}
    assert slept == [3.0] and api.stats.retries == 1 and api.stats.requests == 2


def test_truncated_json_and_dropped_connections_are_retried_with_backoff():
    answers: list = [httpx.RemoteProtocolError("peer closed"), httpx.Response(200, content=b'{"data": [1,'),
                     httpx.ReadTimeout("slow"), httpx.Response(200, json={"data": []})]

    def handler(request):
        item = answers.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    api, slept = make_api(handler)
    assert api.get_json(api.url("/spaces")) == {"data": []}
    assert len(slept) == 3 and slept[0] < slept[1] < slept[2]  # exponential


def test_malformed_json_gives_up_with_bad_response_error():
    api, slept = make_api(lambda r: httpx.Response(200, content=b"<html>oops"), retries=2)
    with pytest.raises(BadResponseError, match=r"malformed JSON .* on all 3 attempts") as err:
        api.get_json(api.url("/spaces"))
    assert err.value.fix and len(slept) == 2


def test_400_is_a_bug_and_not_retried(samples_dir):
    api, slept = make_api(lambda r: httpx.Response(400, content=body(samples_dir, "02-spaces-limit101")))
    with pytest.raises(BadResponseError, match="400 rest_invalid_param"):
        api.get_json(api.url("/spaces"), {"limit": 101})
    assert api.stats.requests == 1 and slept == []


def test_other_4xx_not_retried_and_mapped(samples_dir):
    api, _ = make_api(lambda r: httpx.Response(404, content=body(samples_dir, "06-post-missing")))
    with pytest.raises(ApiStatusError) as err:
        api.get_json(api.url("/posts/99999999"))
    assert err.value.status == 404 and err.value.code == "jetonomy_not_found"
    assert api.get_json(api.url("/posts/99999999"), allow=(404,)) is None
    assert api.stats.requests == 2


def test_401_community_private_and_403_wall():
    private = {"code": "community_private", "message": "private", "data": {"status": 401}}
    api, _ = make_api(lambda r: httpx.Response(401, json=private))
    with pytest.raises(CommunityPrivateError):
        api.get_json(api.url("/categories"))
    api, _ = make_api(lambda r: httpx.Response(403, json={"code": "jetonomy_forbidden"}))
    with pytest.raises(AccessWallError, match="403 jetonomy_forbidden"):
        api.get_json(api.url("/spaces/4/posts"))


def test_connection_errors_give_up_with_a_clear_crawl_error():
    def handler(request):
        raise httpx.ConnectError("refused")

    api, slept = make_api(handler, retries=1)
    with pytest.raises(CrawlError, match="giving up .* after 2 attempts: ConnectError"):
        api.get_json(api.url("/spaces"))


def test_token_bucket_spaces_requests():
    now = [0.0]
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        now[0] += s

    bucket = TokenBucket(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        bucket.acquire()
    assert now[0] == pytest.approx(1.0)  # 1 free + 4 × 250 ms
    assert TokenBucket(0).acquire() == 0.0
