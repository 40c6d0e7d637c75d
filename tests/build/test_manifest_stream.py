"""The manifest is written a slice at a time: its bytes must be those of the whole-dict
encoding it replaced (sorted sections, compact separators, ASCII escapes), whatever the sizes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from exporter.build import manifest as manifest_mod
from exporter.build.manifest import MANIFEST_NAME, Entry, load_manifest, save_manifest


def _reference(entries: dict, keys: dict, audience: str | None, media: dict) -> bytes:
    """The former encoding: one ``json.dumps`` of the whole manifest."""
    data = {"version": manifest_mod.MANIFEST_VERSION, "audience": audience,
            "keys": dict(sorted(keys.items())),
            "media": {k: sorted(media[k]) for k in sorted(media) if media[k]},
            "files": {k: entries[k] for k in sorted(entries)}}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def _names(rng: random.Random, count: int) -> list[str]:
    alphabet = "abz/._-é中\u202e\"\\\x01 "
    return [f"{''.join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))}{i}" for i in range(count)]


@pytest.mark.parametrize("count", [0, 1, 3, 4095, 4096, 4097, 9000])
def test_streamed_manifest_equals_the_whole_encoding(tmp_path: Path, count: int) -> None:
    rng = random.Random(count)
    names = _names(rng, count)
    entries = {n: Entry(f"{i:064x}", i, 10**18 + i) for i, n in enumerate(reversed(names))}
    keys = {n: f"k{i}" for i, n in enumerate(names[::2])}
    media = {n: [f"m/{j}.png" for j in rng.sample(range(50), rng.randint(0, 3))] for n in names[::3]}
    save_manifest(tmp_path, entries, keys, "guest", media)
    written = (tmp_path / MANIFEST_NAME).read_bytes()
    assert written == _reference(entries, keys, "guest", media)
    back = load_manifest(tmp_path)
    assert back.entries == entries and back.keys == keys and back.audience == "guest"
    assert back.media == {k: sorted(v) for k, v in media.items() if v}
    assert [p.name for p in tmp_path.iterdir()] == [MANIFEST_NAME]  # no temp file left


def test_small_slices_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = _names(random.Random(7), 50)
    entries = {n: Entry("0" * 64, 1, 2) for n in names}
    keys = {n: n[::-1] for n in names}
    save_manifest(tmp_path, entries, keys, None, {})
    whole = (tmp_path / MANIFEST_NAME).read_bytes()
    monkeypatch.setattr(manifest_mod, "_SLICE", 3)
    save_manifest(tmp_path, entries, keys, None, {})
    assert (tmp_path / MANIFEST_NAME).read_bytes() == whole == _reference(entries, keys, None, {})
