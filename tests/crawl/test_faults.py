"""A misbehaving host (429/503 + Retry-After, dropped connections, truncated bodies, a 403
wall) must not change what ends up in the snapshot."""

from __future__ import annotations

import shutil

import pytest

from exporter.errors import AccessWallError
from exporter.standin import FaultConfig, create_app, load_dataset

from .helpers import SwitchApp, content_of, diff_dumps, logical_dump, run_crawl, serve, table_count


@pytest.fixture(scope="module")
def small_site(small_dataset, tmp_path_factory):
    """(url, switch, dataset, clean snapshot folder) of the small example on one port."""
    dataset = load_dataset(small_dataset)
    switch = SwitchApp(create_app(dataset))
    with serve(switch) as url:
        clean = tmp_path_factory.mktemp("clean") / "clean.snapshot"
        run_crawl(url, clean)
        yield url, switch, dataset, clean
        switch.inner = create_app(dataset)


@pytest.mark.parametrize("mode", ["cut", pytest.param("short", marks=pytest.mark.slow)])
def test_transient_faults_leave_the_snapshot_equal_to_a_clean_crawl(small_site, tmp_path, mode):
    url, switch, dataset, clean = small_site
    faults = FaultConfig(seed=7, fail_429=0.02, fail_503=0.02, retry_after=1, drop=0.03,
                         truncate=0.03, truncate_mode=mode)
    switch.inner = create_app(dataset, faults=faults)
    try:
        report = run_crawl(url, tmp_path / "s", retries=6)
    finally:
        switch.inner = create_app(dataset)
    assert report.complete and report.retries > 5
    assert diff_dumps(logical_dump(tmp_path / "s"), logical_dump(clean)) == []


def test_403_wall_stops_deletes_nothing_and_a_rerun_completes(small_site, tmp_path):
    url, switch, dataset, clean = small_site
    folder = tmp_path / "s"
    shutil.copytree(clean, folder)
    before = logical_dump(folder)
    switch.inner = create_app(dataset, faults=FaultConfig(wall_after=20))
    try:
        with pytest.raises(AccessWallError, match="403") as err:
            run_crawl(url, folder, full=True)
    finally:
        switch.inner = create_app(dataset)
    assert "nothing was deleted" in err.value.fix
    after = logical_dump(folder)
    for table in ("posts", "replies", "spaces", "users", "tags", "categories", "members"):
        assert content_of(after, table) == content_of(before, table), table
    assert table_count(folder, "changes", "change='deleted'") == 0
    report = run_crawl(url, folder, full=True)
    assert report.resumed and report.complete
    final = logical_dump(folder)
    for table in ("posts", "replies", "spaces", "users", "tags", "categories", "members", "media"):
        assert content_of(final, table) == content_of(before, table), table
