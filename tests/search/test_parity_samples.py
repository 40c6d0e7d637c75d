"""The shim over our data answers every captured 11-search-* request with the same shape."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from search_index import search
from tests.conftest import SAMPLES

from .parity_util import assert_same_shape, json_type

_INDEX = json.loads((SAMPLES / "index.json").read_text("utf-8"))
SEARCH_SAMPLES = [entry for entry in _INDEX if entry["name"].startswith("11-search-")]


def _params(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True))


def test_every_search_sample_is_covered():
    assert len(SEARCH_SAMPLES) >= 20


@pytest.mark.parametrize("entry", SEARCH_SAMPLES, ids=[e["name"] for e in SEARCH_SAMPLES])
def test_shim_matches_sample_shape(entry: dict, sample_index, samples_dir: Path):
    ref = json.loads((samples_dir / entry["body_file"]).read_text("utf-8"))
    status, headers, body = search(sample_index, _params(entry["url"]))
    assert_same_shape(status, body, entry["status"], ref, entry["name"])
    json.dumps(body)
    for name in ("X-WP-Total", "X-WP-TotalPages"):
        assert (name in headers) == (name in entry["headers"]), name
    if "X-WP-Total" in headers:
        total = body["meta"]["total"]
        assert headers["X-WP-Total"] == str(total)
    if status == 200 and isinstance(body["data"], list):
        meta = body["meta"]
        assert meta["count"] == len(body["data"])
        assert meta["has_more"] == (meta["offset"] + meta["count"] < meta["total"])
        assert {k: json_type(v) for k, v in meta.items()}.keys() == ref["meta"].keys()


def test_reply_rows_have_the_search_row_shape(sample_index, samples_dir: Path):
    ref = json.loads((samples_dir / "11-search-type-reply.body.json").read_text("utf-8"))
    status, _h, body = search(sample_index, {"q": "cache", "type": "reply"})
    assert status == 200 and body["data"]
    assert [list(row) for row in body["data"]][0] == list(ref["data"][0])


def test_type_all_tags_are_raw_string_rows(sample_index):
    status, _h, body = search(sample_index, {"q": "bug", "type": "all"})
    assert status == 200 and body["data"]["tags"]
    tag = body["data"]["tags"][0]
    assert "type" not in tag and all(isinstance(v, str) for v in tag.values())
    status, _h, typed = search(sample_index, {"q": "bug", "type": "tag"})
    assert typed["data"][0] == {**{k: int(v) if k in ("id", "post_count") else v for k, v in tag.items()},
                                "type": "tag"}
