"""``export``: crawl → build → index in one run, into the documented DIR layout."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from exporter.cli import cli
from exporter.snapshot import Audience, Snapshot
from exporter.verify import verify_mirror

from .helpers import diff_digests, file_digests, shim_answers

def test_layout(example_export: Path):
    assert (example_export / "community.snapshot" / "snapshot.sqlite").is_file()
    assert (example_export / "site" / "community" / "index.html").is_file()
    assert (example_export / "search_index" / "CURRENT").is_file()
    record = json.loads((example_export / "export.json").read_text())
    assert record["audience"] == "public" and record["publishable"] is True
    assert record["site_url"].startswith("http://127.0.0.1:")


def test_index_matches_snapshot(example_export: Path):
    from search_index import SearchIndex, search

    with Snapshot.open(example_export / "community.snapshot") as snap:
        posts = len(list(snap.iter_posts(Audience.PUBLIC)))
    with SearchIndex.open(example_export / "search_index") as index:
        status, _h, body = search(index, {"q": "", "type": "post", "space_id": "0", "limit": "1",
                                          "tag": ""})
        assert status in (200, 400)
        totals = [search(index, {"q": "", "type": "post", "space_id": str(s)})[2]["meta"]["total"]
                  for s in _space_ids(example_export)]
    assert sum(totals) == posts


def _space_ids(root: Path) -> list[int]:
    with Snapshot.open(root / "community.snapshot") as snap:
        return [int(s["id"]) for s in snap.iter_spaces(Audience.PUBLIC)]


def test_example_mirror_verifies_clean(example_export: Path, example_manifest: dict):
    from exporter.export.demo import forbidden_strings

    report = verify_mirror(example_export / "site", example_export / "community.snapshot",
                           forbidden_strings(example_manifest))
    assert report.ok, [(c.name, c.problems[:3]) for c in report.checks if not c.ok]
    assert report.check("no forbidden strings").counts["strings"] > 100
    assert report.check("public content present").counts["topics"] > 100


def test_cli_export_then_update_is_identical(small_example: Path, tmp_path: Path):
    """The CLI end to end; a second run updates the snapshot and leaves every file as it was."""
    from exporter.standin import create_app, load_dataset, serve_in_thread

    out = tmp_path / "export"
    with serve_in_thread(create_app(load_dataset(small_example))) as url:
        first = CliRunner().invoke(cli, ["export", url, "--out", str(out), "--rate", "0",
                                         "--concurrency", "4"])
        assert first.exit_code == 0, first.output
        assert "export →" in first.output and "pages" in first.output
        site, answers = file_digests(out / "site"), shim_answers(out / "search_index")
        second = CliRunner().invoke(cli, ["export", url, "--out", str(out), "--rate", "0", "--quiet"])
        assert second.exit_code == 0, second.output
    assert diff_digests(site, file_digests(out / "site")) == []
    assert shim_answers(out / "search_index") == answers
    with Snapshot.open(out / "community.snapshot") as snap:
        assert [r["mode"] for r in snap.db.execute("SELECT mode FROM runs ORDER BY run")] == ["full", "update"]


def test_cli_demo(tmp_path: Path):
    """``demo`` generates, serves, exports and verifies; it prints where the mirror is."""
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "demo"), "--scale", "0.1", "--quiet"])
    out = tmp_path / "demo"
    assert (out / "site" / "community" / "index.html").is_file()
    assert (out / "search_index" / "CURRENT").is_file()
    assert result.exit_code == 0, result.output
    assert f"jetonomy-export serve {out / 'site'}" in result.output
