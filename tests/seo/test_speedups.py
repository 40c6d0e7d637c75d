"""The SEO stage's shortcuts give the same bytes as the long way round.

* a rebuild after an edit (files kept by key, bodies read once for feeds and oEmbed, host
  configs kept by key) equals a fresh build of the edited snapshot;
* ``plain_text`` without the HTML cleaner for text without markup, and ``first_iso``
  straight from the string, match the general code paths;
* ``json_document`` (the C encoder for containers of scalars) writes what ``json.dumps``
  with ``indent`` writes, hostile values included.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.seo import text
from exporter.seo.files import json_document
from exporter.snapshot import Snapshot


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".jetonomy-build")}


def _edit_post(snapshot: Path, post_id: int, **changes: object) -> None:
    snap = Snapshot.create(snapshot)
    row = snap.db.execute("SELECT json FROM posts WHERE id=?", (post_id,)).fetchone()
    with snap.transaction():
        snap.put_post({**json.loads(row[0]), **changes})
    snap.close()


@pytest.mark.parametrize("changes", [
    {"content": "<p>Edited &amp; new body</p>", "content_plain": "Edited & new body"},
    {"slug": "a-renamed-topic"},
])
def test_rebuild_after_an_edit_equals_a_fresh_build(sample_snapshot: Path, tmp_path: Path,
                                                   changes: dict[str, object]) -> None:
    snapshot = tmp_path / "copy.snapshot"
    shutil.copytree(sample_snapshot, snapshot)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build_site(snapshot, out, BuildOptions(static_search=False))
    _edit_post(snapshot, 66, **changes)
    again = build_site(snapshot, out, BuildOptions(static_search=False))
    build_site(snapshot, fresh, BuildOptions(static_search=False))
    assert _files(out) == _files(fresh)
    written = set(again.written_paths)
    assert any(p.endswith("oembed.json") for p in written)
    if "slug" in changes:
        assert "_deploy/nginx/jetonomy-http.conf" in written
        assert "a-renamed-topic" in (out / "_deploy/nginx/jetonomy-http.conf").read_text("utf-8")
    else:
        assert "_deploy/nginx/jetonomy-http.conf" not in written


def _plain_text_the_long_way(value: str) -> str:
    cleaned = html.unescape(html.unescape(text._TEXT_ONLY.clean(value)))
    return text._WS.sub(" ", text._XML_ILLEGAL.sub("", cleaned)).strip()


@pytest.mark.parametrize("value", [
    "plain words", "  spaced\t\nout\r\n text ", 'quotes "double" and \'single\' > greater',
    "\ufeffleading BOM", "mid\ufeffBOM", "nul\x00and\x01controls\x1f", "nbsp\xa0and\u2028separators",
    "ellipsis\u2026 and emoji \U0001f600", "\ufffe\uffff", "<b>bold</b> &amp; more", "&lt;not a tag&gt;",
    "<script>x()</script>after", "&amp;lt;b&amp;gt;", "\x1c\x1d\x1e\x1f", "\u3000ideographic\u3000space",
])
def test_plain_text_without_markup_matches_the_cleaner(value: str) -> None:
    assert text.plain_text.__wrapped__(value) == _plain_text_the_long_way(value)


@pytest.mark.parametrize("values", [
    ("2024-02-29 10:00:00",), ("2023-02-29 10:00:00", "2020-01-01 00:00:00"), ("0000-00-00 00:00:00",),
    ("2024-01-01T23:59:59Z",), (" 2024-01-01 00:00:00 ",), ("2024-01-01 24:00:00",), ("2024-13-01 00:00:00",),
    ("2024-12-31 23:59:60",), ("0999-01-01 00:00:00",), ("2024-1-1 1:2:3",), ("2024-01-01 10:00:00.123",),
    ("", None, "junk"), ("\uff12\uff10\uff12\uff14-01-01 00:00:00",),
])
def test_first_iso_matches_iso_of_first_date(values: tuple[str | None, ...]) -> None:
    assert text.first_iso(*values) == text.iso(text.first_date(*values))


class _Str(str):
    pass


class _Int(int):
    pass


_HOSTILE = ["", "é", "שלום עולם", "</script><script>alert(1)</script>", "\u2028\u2029", "\x00\x1f\x7f",
            '"\\/', "\U0001f600", "a,\n b", 0, -1, 10**30, 1.5, 1e300, -0.0, float("nan"), float("-inf"),
            True, False, None, _Str("sub"), _Int(7)]


@pytest.mark.parametrize("doc", [
    {"version": "1.0", **{f"k{i}": v for i, v in enumerate(_HOSTILE)}},
    _HOSTILE, tuple(_HOSTILE), {}, [], {"a": {}, "b": [], "c": [{}], "d": [[]]},
    {"objects": [{"key": "é/</script>", "n": 1}, {"key": "\u2028", "n": None}], "x": [1, [2, {"y": "z"}]]},
    {_Str("sub-key"): 1, "plain": [1, 2]}, {1: "int key", "s": {2.5: True, None: [None]}},
    [{"k": v} for v in _HOSTILE], {"deep": {"er": {"est": ["\ud7ff", 2**63]}}},
])
@pytest.mark.parametrize("indent", [1, 2])
def test_json_document_equals_json_dumps(doc: object, indent: int) -> None:
    assert json_document(doc, indent) == (json.dumps(doc, ensure_ascii=False, indent=indent) + "\n").encode()


@pytest.mark.parametrize("doc", [{"a": "\ud800"}, ["\udfff"], {"a": 10**5000}, {"a": [b"bytes"]}, {"a": object()}])
def test_json_document_refuses_what_json_dumps_refuses(doc: object) -> None:
    with pytest.raises((TypeError, ValueError)) as expected:
        (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()
    with pytest.raises(expected.type):
        json_document(doc)
