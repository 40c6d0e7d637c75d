"""Bad input gives a clear error naming the cause and the fix, and loses nothing saved."""

from __future__ import annotations

import copy
import sqlite3

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route

from exporter.errors import (BadResponseError, CommunityPrivateError, ConfigError, NotJetonomyError,
                             NotWordPressError, SnapshotError, SnapshotVersionError)
from exporter.standin import FaultConfig, create_app, dataset_from_dict, load_dataset

from .helpers import SwitchApp, diff_dumps, load_json, logical_dump, run_crawl, serve, table_count


def _plain_site() -> Starlette:
    async def home(request):
        return HTMLResponse("<html lang='en'><body>Just a static site</body></html>")

    async def missing(request):
        return PlainTextResponse("Not Found", status_code=404)

    return Starlette(routes=[Route("/", home), Route("/{p:path}", missing)])


def _wordpress_without_jetonomy() -> Starlette:
    async def home(request):
        return HTMLResponse("<html></html>", headers={
            "Link": f'<{request.base_url}wp-json/>; rel="https://api.w.org/"'})

    async def root(request):
        return JSONResponse({"name": "A blog", "namespaces": ["oembed/1.0", "wp/v2"], "routes": {}})

    async def missing(request):
        return JSONResponse({"code": "rest_no_route"}, status_code=404)

    return Starlette(routes=[Route("/", home), Route("/wp-json/", root), Route("/{p:path}", missing)])


def test_not_wordpress(tmp_path):
    with serve(_plain_site()) as url:
        with pytest.raises(NotWordPressError, match="no WordPress REST API") as err:
            run_crawl(url, tmp_path / "s")
    assert "WordPress site" in err.value.fix


def test_wordpress_without_jetonomy(tmp_path):
    with serve(_wordpress_without_jetonomy()) as url:
        with pytest.raises(NotJetonomyError, match="no jetonomy/v1 namespace") as err:
            run_crawl(url, tmp_path / "s")
    assert "Jetonomy plugin" in err.value.fix


def test_private_community(tmp_path, small_dataset):
    doc = copy.deepcopy(load_json(small_dataset))
    doc["site"]["community_private"] = True
    with serve(create_app(dataset_from_dict(doc))) as url:
        with pytest.raises(CommunityPrivateError, match="community is private") as err:
            run_crawl(url, tmp_path / "s")
    assert "private mode" in err.value.fix


def test_malformed_json_after_retries_keeps_saved_data_and_resumes(tmp_path, small_dataset):
    folder, clean = tmp_path / "s", tmp_path / "clean"
    dataset = load_dataset(small_dataset)
    broken = FaultConfig(truncate=1.0, truncate_mode="cut", path_regex=r"/leaderboards")
    switch = SwitchApp(create_app(dataset, faults=broken))
    with serve(switch) as url:
        with pytest.raises(BadResponseError, match="malformed JSON") as err:
            run_crawl(url, folder, retries=2)
        assert "run again" in err.value.fix
        assert table_count(folder, "posts") > 0 and table_count(folder, "replies") > 0
        switch.inner = create_app(dataset)
        resumed = run_crawl(url, folder)
        run_crawl(url, clean)
    assert resumed.resumed and resumed.complete
    assert diff_dumps(logical_dump(folder), logical_dump(clean)) == []


def test_snapshot_from_a_newer_format(tmp_path, small_dataset):
    folder = tmp_path / "s"
    folder.mkdir()
    db = sqlite3.connect(folder / "snapshot.sqlite")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "jetonomy-export-snapshot"),
                                                      ("format_version", "99")])
    db.commit()
    db.close()
    with serve(create_app(load_dataset(small_dataset))) as url:
        with pytest.raises(SnapshotVersionError, match="newer") as err:
            run_crawl(url, folder)
    assert "upgrade" in err.value.fix
    assert (folder / "snapshot.sqlite").stat().st_size > 0


def test_corrupt_snapshot_file(tmp_path, small_dataset):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "snapshot.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with serve(create_app(load_dataset(small_dataset))) as url:
        with pytest.raises(SnapshotError, match="not a readable snapshot|corrupt") as err:
            run_crawl(url, folder)
    assert err.value.fix
    assert (folder / "snapshot.sqlite").read_bytes().startswith(b"this is not sqlite")


def test_snapshot_of_another_site(tmp_path, small_dataset):
    folder = tmp_path / "s"
    with serve(create_app(load_dataset(small_dataset))) as url:
        run_crawl(url, folder)
    before = logical_dump(folder)
    with serve(create_app(load_dataset(small_dataset))) as other:
        with pytest.raises(SnapshotError, match="is a snapshot of"):
            run_crawl(other, folder)
    assert diff_dumps(before, logical_dump(folder)) == []


@pytest.mark.parametrize("bad", [{"concurrency": 0}, {"rate": -1}, {"retries": 99},
                                 {"base_slug": "a/b c"}, {"user_agent": " "}])
def test_options_validated_before_any_work(bad, tmp_path):
    with pytest.raises(ConfigError):
        run_crawl("http://127.0.0.1:9", tmp_path / "s", **bad)
    assert not (tmp_path / "s").exists()
