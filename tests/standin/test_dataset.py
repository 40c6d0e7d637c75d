"""Loading, errors and mutation helpers of ``Dataset`` (incremental-crawl support)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import fixture_data
from conftest import V1, asgi_get, fresh_dataset
from exporter.errors import DatasetError
from exporter.standin import create_app, load_dataset
from exporter.standin.dates import time_ago
from fixture_data import NAMED


def test_load_json_and_gzip(tmp_path: Path) -> None:
    doc = fixture_data.build()
    (tmp_path / "a.json").write_text(json.dumps(doc), "utf-8")
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps(doc).encode()))
    a, b = load_dataset(tmp_path / "a.json"), load_dataset(tmp_path / "a.json.gz")
    assert len(a.posts) == len(b.posts) == len(doc["posts"])
    assert [r.id for r in a.replies_by_post[1]][:3] == [1, 2, 3]


@pytest.mark.parametrize("content,cause", [
    (None, "not found"), ("{not json", "not valid"), ('{"format": "other"}', "not a jetonomy"),
    ('{"format": "jetonomy-standin-dataset", "version": 9}', "unsupported dataset version"),
    ('{"format": "jetonomy-standin-dataset", "version": 1, "users": [{"id": 1}]}', "malformed row"),
])
def test_bad_files_raise_dataset_error(tmp_path: Path, content: str | None, cause: str) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(DatasetError, match=cause):
        load_dataset(path)


def test_add_reply_is_served_and_bumps_the_post() -> None:
    ds = fresh_dataset()
    app = create_app(ds)
    before = asgi_get(app, f"{V1}/posts/{NAMED['post_idea']}/replies").json()["meta"]["total"]
    reply = ds.add_reply(post_id=NAMED["post_idea"], author_id=2, content="<p>new</p>",
                         created_at="2026-11-22 11:00:00")
    body = asgi_get(app, f"{V1}/posts/{NAMED['post_idea']}/replies").json()
    assert body["meta"]["total"] == before + 1 and body["data"][-1]["id"] == reply.id
    post = asgi_get(app, f"{V1}/posts/{NAMED['post_idea']}").json()
    assert post["last_reply_at"] == "2026-11-22 11:00:00"
    latest = asgi_get(app, f"{V1}/spaces/{NAMED['space_ideas']}/posts?sort=latest").json()["data"]
    assert latest[0]["id"] == NAMED["post_idea"]


def test_edit_post_sets_site_local_edited_at() -> None:
    ds = fresh_dataset()
    ds.edit_post(NAMED["post_idea"], title="Renamed")
    body = asgi_get(create_app(ds), f"{V1}/posts/{NAMED['post_idea']}").json()
    assert body["title"] == "Renamed" and body["edited_at"] == "2026-11-22 13:00:00"  # now + 1 h


def test_delete_post_and_reply() -> None:
    ds = fresh_dataset()
    app = create_app(ds)
    ds.delete_post(NAMED["post_idea"])
    assert asgi_get(app, f"{V1}/posts/{NAMED['post_idea']}").status_code == 404
    ds.delete_reply(904)
    assert asgi_get(app, f"{V1}/replies/904").status_code == 404
    with pytest.raises(DatasetError):
        ds.delete_post(99999)


def test_add_post_and_clock() -> None:
    ds = fresh_dataset()
    post = ds.add_post(space_id=4, author_id=2, title="Fresh", slug="fresh", content="<p>x</p>")
    app = create_app(ds)
    assert asgi_get(app, f"{V1}/feed?sort=new&limit=1").json()["data"][0]["id"] == post.id
    ds.set_now("2026-11-23 12:00:00")
    assert asgi_get(app, f"{V1}/posts/{post.id}").json()["time_ago"] == "1 day ago"


def test_time_ago_units() -> None:
    now = "2026-11-22 12:00:00"
    cases = {"2026-11-22 11:59:59": "1 second ago", "2026-11-22 11:55:00": "5 mins ago",
             "2026-11-22 09:00:00": "3 hours ago", "2026-11-19 12:00:00": "3 days ago",
             "2026-11-01 12:00:00": "3 weeks ago", "2026-08-01 12:00:00": "4 months ago",
             "2025-11-01 12:00:00": "1 year ago"}
    for then, text in cases.items():
        assert time_ago(then, now) == text
