"""Files on disk: names, manifest location, caching by generator version, the CLI."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from click.testing import CliRunner

from exporter.cli import cli
from exporter.examplegen import ensure_example, manifest_path
from exporter.examplegen.io import dataset_name
from exporter.examplegen.manifest import generator_fingerprint


def test_names():
    assert dataset_name() == "community.json"
    assert dataset_name(scale=10) == "community-s10.json"
    assert dataset_name(seed=7, scale=0.2, pro=True) == "community-s0.2-seed7-pro.json"
    assert manifest_path(Path("/x/community.json")) == Path("/x/community.manifest.json")
    assert manifest_path(Path("/x/a.json.gz")) == Path("/x/a.manifest.json")


def test_ensure_example_is_idempotent_and_version_checked(tmp_path):
    path = ensure_example(scale=0.2, root=tmp_path)
    manifest = json.loads(manifest_path(path).read_text("utf-8"))
    assert manifest["dataset"] == path.name and manifest["generator_version"] >= 1
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    assert ensure_example(scale=0.2, root=tmp_path) == path
    assert path.stat().st_mtime_ns == stamp - 10**9, "not regenerated"
    manifest["generator_version"] = 0
    manifest_path(path).write_text(json.dumps(manifest), "utf-8")
    ensure_example(scale=0.2, root=tmp_path)
    assert path.stat().st_mtime_ns != stamp - 10**9, "older generator → regenerated"
    assert json.loads(manifest_path(path).read_text("utf-8"))["generator_version"] >= 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_ensure_example_regenerates_output_of_other_generator_code(tmp_path):
    path = ensure_example(scale=0.2, root=tmp_path)
    manifest = json.loads(manifest_path(path).read_text("utf-8"))
    assert manifest["generator_fingerprint"] == generator_fingerprint()
    manifest["generator_fingerprint"] = "0" * 64
    manifest_path(path).write_text(json.dumps(manifest), "utf-8")
    path.write_bytes(b"{}")
    ensure_example(scale=0.2, root=tmp_path)
    assert json.loads(path.read_text("utf-8"))["format"] == "jetonomy-standin-dataset"


def test_concurrent_ensure_example_yields_one_valid_file(tmp_path):
    with ThreadPoolExecutor(max_workers=3) as pool:
        paths = list(pool.map(lambda _: ensure_example(scale=0.2, root=tmp_path), range(3)))
    assert len(set(paths)) == 1
    data = json.loads(paths[0].read_text("utf-8"))
    assert data["format"] == "jetonomy-standin-dataset" and data["scale"] == 0.2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community-s0.2.json",
                                                          "community-s0.2.manifest.json"]


def test_cli_writes_and_prints_counts(tmp_path):
    result = CliRunner().invoke(cli, ["example", "--scale", "0.2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "posts" in result.output and "community-s0.2.json" in result.output
    assert (tmp_path / "community-s0.2.manifest.json").is_file()


def test_cli_rejects_bad_scale(tmp_path):
    result = CliRunner().invoke(cli, ["example", "--scale", "0", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "scale" in result.output
