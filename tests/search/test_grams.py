"""The n-gram index (search_index.grams) and date slices give exactly what a scan gives."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from search_index import SearchIndex, build_index, grams, search
from search_index.analysis import fold
from search_index.errors import IndexFormatError
from search_index.execute import _scan, _substring
from search_index.ranks import ascending_dates, date_range

HOSTILE = ["Café CAFÉ cafe\u0301 naïve", "永久链接是否正常 功能。永久", "العربية الْعَرَبِيَّة مرحبا",
           "Straße STRASSE ß ss ﬁ Ａ", "😀🙂 emoji 😀x", "title\n\x1f\nbody text", "", "a", "ab",
           "İstanbul ıi", "שלום עולם", "日本語のテキスト カタカナ", "x\x1fy", "aaaa" * 50,
           "the theme then", "ca ca ca", "  spaced  ", "\U00020000\U00020001 ext-b", "ab\ncd"]


def _texts() -> list[str]:
    rng = random.Random(7)
    alphabet = "abcé永久ال😀 \n"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    return [fold(t) for t in HOSTILE] + noise


def _needles(texts: list[str]) -> list[str]:
    rng = random.Random(11)
    out = {"zz", "q", "永久链", "😀🙂", "\U00020001", "é", "ss", "ال", "abcd", "aaaaa", "ca ca"}
    for text in texts:
        for size in (1, 2, 3, 4, 6):
            if len(text) >= size:
                start = rng.randrange(len(text) - size + 1)
                out.add(text[start:start + size])
    return sorted(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], grams.GramIndex, bytes, list[int]]:
    texts = _texts()
    gen = tmp_path_factory.mktemp("grams")
    assert grams.write_grams(gen, "post", texts)
    index = grams.GramIndex.load(gen, "post", len(texts))
    assert index is not None
    entries = [t.encode("utf-8", "surrogatepass") + b"\x01%d\x00" % r for r, t in enumerate(texts)]
    offsets = [0]
    for entry in entries:
        offsets.append(offsets[-1] + len(entry))
    return texts, index, b"".join(entries), offsets


def test_gram_index_equals_brute_force(corpus):
    texts, index, text_file, offsets = corpus
    for needle in _needles(texts):
        mask, exact = index.match(needle)
        found = [int(r) for r in mask.nonzero()[0]]
        if not exact:
            found = grams.check(text_file, offsets, found, needle.encode("utf-8", "surrogatepass"))
        assert found == [r for r, t in enumerate(texts) if needle in t], repr(needle)


def test_check_never_matches_the_rank_digits():
    entries = [b"x1\x01%d\x00" % r for r in range(1200)]
    offsets = [0]
    for entry in entries:
        offsets.append(offsets[-1] + len(entry))
    text = b"".join(entries)
    assert grams.check(text, offsets, list(range(1200)), b"1111") == []
    assert grams.check(text, offsets, list(range(1200)), b"x1") == list(range(1200))


def test_dense_and_sparse_grams_both_used(corpus):
    _texts_, index, _f, _o = corpus
    assert (index.row >= 0).any() and (index.row < 0).any()


def test_small_chunks_give_the_same_index(corpus, tmp_path: Path, monkeypatch):
    texts, index, _f, _o = corpus
    monkeypatch.setattr(grams, "CHUNK_CHARS", 7)
    assert grams.write_grams(tmp_path, "post", texts)
    again = grams.GramIndex.load(tmp_path, "post", len(texts))
    assert again is not None
    for what in ("alpha", "keys", "start", "row", "docs", "dense"):
        assert (getattr(again, what) == getattr(index, what)).all(), what


def test_alphabet_too_large_means_no_index(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(grams, "fits", lambda alphabet, count: False)
    assert not grams.write_grams(tmp_path, "reply", ["abc"])
    assert grams.GramIndex.load(tmp_path, "reply", 1) is None


def test_empty_corpus(tmp_path: Path):
    assert grams.write_grams(tmp_path, "tag", [])
    index = grams.GramIndex.load(tmp_path, "tag", 0)
    assert index is not None and len(index.match("ab")[0]) == 0


def test_date_slices_equal_the_sql_rule():
    rng = random.Random(3)
    stamps = sorted((f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                     f"{rng.randint(0, 23):02d}:00:00" for _ in range(200)), reverse=True) + ["", ""]
    ascending = ascending_dates(stamps)
    assert ascending is not None
    bounds = [None, "", "2023-05-01 00:00:00", "2024-12-31 23:59:59", "garbage", "2030", "0", "2022"]
    for low in bounds:
        for high in bounds:
            want = [r for r, d in enumerate(stamps) if d != "" and (low is None or d >= low)
                    and (high is None or d <= high)]
            assert list(date_range(ascending, low, high)) == want, (low, high)
    assert ascending_dates(["2024-01-01 00:00:00", "2025-01-01 00:00:00"]) is None


def _brute(index: SearchIndex, kind: str, needle: str) -> list[int]:
    with index.session() as o:
        return _scan(o, kind, needle) if needle and "\x1f" not in needle and "\x00" not in needle else []


def _via_grams(index: SearchIndex, kind: str, needle: str) -> list[int]:
    with index.session() as o:
        return [int(r) for r in _substring(o, kind, needle).nonzero()[0]]


@pytest.mark.parametrize("kind", ["post", "reply", "space", "tag"])
def test_substring_path_equals_scan_on_sample(sample_index, kind: str, monkeypatch):
    needles = ["ca", "the", "e", "ing", "ab cd", "the ca", "é", "永", "ال", "zq", "x\x01", "a\x1fb",
               "cache ca", " a", "\n", "\n\x1f", "or the", "s"]
    for needle in needles:
        assert _via_grams(sample_index, kind, needle) == _brute(sample_index, kind, needle), needle
    monkeypatch.setattr(grams, "MAX_CHECKS", 0)  # long needles: the scan instead of the checks
    for needle in ("the ca", "or the"):
        assert _via_grams(sample_index, kind, needle) == _brute(sample_index, kind, needle), needle


def test_incremental_update_keeps_substring_exact(sample_snapshot: Path, tmp_path: Path):
    from exporter.snapshot import Snapshot

    snap_dir = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, snap_dir)
    out = tmp_path / "idx"
    build_index(snap_dir, out)
    snap = Snapshot.create(snap_dir)
    with snap.transaction():
        ident, raw = snap.db.execute("SELECT id, json FROM posts ORDER BY id LIMIT 1").fetchone()
        snap.put_post({**json.loads(raw), "title": "Qqx Ωmega", "created_at": "2031-01-01 00:00:00"})
    snap.close()
    assert build_index(snap_dir, out).mode == "incremental"
    with SearchIndex.open(out) as index:
        assert _via_grams(index, "post", "qqx") == _brute(index, "post", "qqx") == [0]
        status, _h, body = search(index, {"q": "qx", "sort": "newest"})
        assert status == 200 and [row["id"] for row in body["data"]] == [ident]
        for needle in ("ca", "ω", "the"):
            assert _via_grams(index, "post", needle) == _brute(index, "post", needle)


def test_old_format_index_is_refused_then_rebuilt(sample_snapshot: Path, tmp_path: Path):
    out = tmp_path / "idx"
    report = build_index(sample_snapshot, out)
    info = report.generation / "info.json"
    info.write_text(json.dumps({**json.loads(info.read_text()), "format_version": 2}))
    with pytest.raises(IndexFormatError):
        SearchIndex.open(out)
    again = build_index(sample_snapshot, out)
    assert again.mode == "full"
    with SearchIndex.open(out) as index:
        assert search(index, {"q": "ca"})[0] == 200
