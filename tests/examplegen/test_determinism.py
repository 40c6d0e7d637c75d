"""Same seed and scale → byte-identical output; different seed → different community."""

from __future__ import annotations

import json

from exporter.examplegen import generate, generate_with_manifest, write_example
from exporter.examplegen.io import digest, dumps


def test_two_generations_are_byte_identical(data, manifest):
    again, again_manifest = generate_with_manifest()
    assert dumps(again) == dumps(data)
    assert again_manifest == manifest


def test_small_scale_is_deterministic_too(small):
    again = generate(scale=0.2)
    assert dumps(again) == dumps(small[0])


def test_other_seed_gives_other_content(small):
    other = generate(seed=7, scale=0.2)
    assert dumps(other) != dumps(small[0])
    assert {p["title"] for p in other["posts"]} != {p["title"] for p in small[0]["posts"]}


def test_canonical_bytes_equal_plain_json_and_digest(data, manifest):
    raw = dumps(data)
    assert raw == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert digest(data) == manifest["sha256"]


def test_written_files_are_identical_and_use_no_clock(tmp_path, small):
    first = write_example(tmp_path / "a", scale=0.2)
    second = write_example(tmp_path / "b", scale=0.2)
    assert first.name == "community-s0.2.json"
    assert first.read_bytes() == second.read_bytes() == dumps(small[0])
    man_a = first.with_name("community-s0.2.manifest.json").read_bytes()
    assert man_a == second.with_name("community-s0.2.manifest.json").read_bytes()
    assert json.loads(first.read_text("utf-8"))["site"]["now"] == "2026-11-15 12:00:00"
