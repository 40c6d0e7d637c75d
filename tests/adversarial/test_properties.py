"""Property-based tests (hypothesis) with hostile strings.

* the content pipeline (``exporter.build.content.render_content`` → nh3 ``sanitize``): the
  output, parsed with lxml, has no script-capable element, no ``on*`` attribute and no
  ``javascript:``/``vbscript:``/``data:`` URL;
* the writer and the slug → path rules (``Writer``, ``Paths``, ``url_path_to_file``): every
  written file resolves inside the output folder, nothing is created outside it;
* the search shim: any parameters (as a dict, and as raw query strings over HTTP) get 200 or
  400 with a JSON body, never an exception or a 500.

Example counts go to ``test-artifacts/hypothesis.json``.
"""

from __future__ import annotations

import json
import tempfile
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from exporter.errors import BuildError

from ..export.helpers import write_artifact

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
COUNTS: Counter = Counter()

HOSTILE_HTML = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>x</a>",
    "<a href=' jAvAsCrIpT:alert(1)'>x</a>", "<a href='java\tscript:alert(1)'>x</a>",
    "<a href='&#106;avascript:alert(1)'>x</a>", "<a href='vbscript:msgbox(1)'>x</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>x</a>",
    "<img src='data:image/svg+xml,<svg onload=alert(1)>'>", "<iframe src='https://evil.example/'></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'>", "<object data='evil.swf'></object>", "<embed src='evil.swf'>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>", "<math><mtext><script>alert(1)</script></mtext></math>",
    "<style>body{background:url(javascript:alert(1))}</style>", "<div style='x:expression(alert(1))'>d</div>",
    "<base href='https://evil.example/'>", "<form action='https://evil.example/'><input></form>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>", "<link rel=import href=evil>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", "<!--<script>-->",
    "<![CDATA[<script>alert(1)</script>]]>", "<p onmouseover='alert(1)'>p</p>", "<details open ontoggle=alert(1)>",
    "<a href=\"#\" onclick=\"alert(1)\">", "<video><source onerror=alert(1)></video>", "<body onload=alert(1)>",
    "<img src=`x`onerror=alert(1)>", "<a/href=javascript:alert(1)>", "<scr<script>ipt>alert(1)</script>",
    "[embed]https://evil.example[/embed]", "@admin", "#tag", "![x](javascript:alert(1))", "![i](https://x/i.png)",
    "<a href='https://127.0.0.1:8089/community/s/general/t/hello/'>live</a>", "</p></div></body>", "\x00", "\u202e",
]
SCRIPT_TAGS = {"script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math",
               "frame", "frameset", "applet", "noscript", "template", "input", "button", "textarea"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")

hostile_html = st.lists(st.one_of(st.sampled_from(HOSTILE_HTML), st.text(max_size=40)),
                        max_size=12).map("".join)


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    previous = {}
    path = Path(__file__).resolve().parents[2] / "test-artifacts" / "hypothesis.json"
    if path.exists():
        previous = json.loads(path.read_text("utf-8")).get("examples", {})
    examples = {**previous, **COUNTS}
    write_artifact("hypothesis.json", {"examples": examples, "settings": {
        "max_examples": SETTINGS.max_examples, "deadline": None, "derandomize": True}})


@pytest.fixture(scope="module")
def linker(sample_snapshot: Path):
    from exporter.build import BuildOptions
    from exporter.build.gather import gather
    from exporter.build.resolve import ContentLinker
    from exporter.snapshot import Snapshot

    snap = Snapshot.open(sample_snapshot)
    yield ContentLinker(gather(snap, BuildOptions()))
    snap.close()


def assert_inert(fragment: str) -> None:
    """No element, attribute or URL that can run script."""
    if not fragment.strip():
        return
    for el in lxml_html.fragments_fromstring(f"<div>{fragment}</div>")[0].iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag.lower() not in SCRIPT_TAGS, (el.tag, fragment)
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), (attr, fragment)
            assert attr.lower() not in ("style", "srcdoc", "formaction", "action"), (attr, fragment)
            if attr.lower() in ("href", "src", "srcset", "xlink:href", "poster"):
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                assert not cleaned.startswith(BAD_SCHEMES), (attr, value, fragment)


@SETTINGS
@given(raw=hostile_html)
def test_sanitised_bodies_are_inert(linker, raw: str):
    from exporter.build.content import relativize, render_content

    COUNTS["sanitiser"] += 1
    out = render_content(raw, linker)
    assert_inert(out)
    assert_inert(relativize(out, "../../"))


segment = st.one_of(st.sampled_from(["..", ".", "", "/", "\\", "%2e%2e", "%2F", "%00", "\x00", "~",
                                     "..%2f..", "a" * 300, "CON", "index.html", ".jetonomy-build.json",
                                     "%E6", "%e6", "?x=1", "#frag", " ", "\u202e", "é", "😀"]),
                    st.text(max_size=20))
hostile_path = st.lists(segment, min_size=1, max_size=6).map("/".join)


@pytest.fixture(scope="module")
def sandbox():
    """``parent/out`` where files are written; ``parent`` must hold nothing else afterwards."""
    with tempfile.TemporaryDirectory() as parent:
        out = Path(parent) / "out"
        out.mkdir()
        yield out
        assert sorted(p.name for p in Path(parent).iterdir()) == ["out"]
        root = out.resolve()
        for path in out.rglob("*"):
            assert path.resolve().is_relative_to(root) and not path.is_symlink()


@SETTINGS
@given(rel=hostile_path, data=st.binary(max_size=16))
def test_writer_keeps_every_path_inside(sandbox: Path, rel: str, data: bytes):
    from exporter.build.manifest import Manifest
    from exporter.build.writer import Writer

    COUNTS["writer"] += 1
    writer = Writer(sandbox, Manifest(), force=True)
    try:
        writer.write(rel, data)
        writer.close()  # the writer may write in the background: errors surface here
    except BuildError:
        return
    written = writer.target(writer.safe_rel(rel))
    assert written.resolve().is_relative_to(sandbox.resolve())
    assert written.read_bytes() == data


@SETTINGS
@given(slugs=st.lists(segment, min_size=1, max_size=5))
def test_slugs_become_contained_distinct_files(sandbox: Path, slugs: list[str]):
    from exporter.build.manifest import Manifest
    from exporter.build.paths import Paths
    from exporter.build.writer import Writer
    from exporter.urls import SiteUrls, url_path_to_file

    COUNTS["slug paths"] += 1
    paths = Paths(SiteUrls("https://forum.example", "community"))
    space = paths.assign_space(1, "general")
    files = [url_path_to_file(paths.urls.topic(space, paths.assign_post(i, slug, space)))
             for i, slug in enumerate(slugs, 10)]
    assert len({f.casefold() for f in files}) == len(files), files
    writer = Writer(sandbox, Manifest(), force=True)
    try:
        for i, rel in enumerate(files):
            writer.write(rel, b"topic %d" % i)
    finally:
        writer.close()
    for i, rel in enumerate(files):
        assert writer.target(rel).resolve().is_relative_to(sandbox.resolve())
        assert writer.target(rel).read_bytes() == b"topic %d" % i


def test_invalid_utf8_percent_slug(sandbox: Path):
    from exporter.build.manifest import Manifest
    from exporter.build.paths import Paths
    from exporter.build.writer import Writer
    from exporter.urls import SiteUrls, url_path_to_file

    paths = Paths(SiteUrls("https://forum.example", "community"))
    space = paths.assign_space(1, "general")
    seg = paths.assign_post(7, "%E6", space)
    assert seg != "%E6"  # an invalid UTF-8 escape gets the safe fallback path
    rel = url_path_to_file(paths.urls.topic(space, seg))
    rel.encode("utf-8")
    writer = Writer(sandbox, Manifest(), force=True)
    try:
        writer.write(rel, b"topic")
    finally:
        writer.close()
    assert writer.target(rel).read_bytes() == b"topic"


@pytest.fixture(scope="module")
def shim_index(sample_snapshot: Path, tmp_path_factory):
    from search_index import SearchIndex, build_index

    out = tmp_path_factory.mktemp("prop-index") / "index"
    build_index(sample_snapshot, out)
    with SearchIndex.open(out) as index:
        yield out, index


KEYS = ["q", "type", "sort", "limit", "offset", "after", "per_page", "space_id", "author_id", "author",
        "tag", "date_from", "date_to"]
VALUES = st.one_of(st.text(max_size=30), st.sampled_from(["-1", "0", "1e999", "NaN", "99999999999999999999",
                                                         "all", "post", "reply", "tag", "space", "%", "_",
                                                         "*", "title:x OR *", "\ud800", "a" * 5000]),
                   st.integers().map(str))


@SETTINGS
@given(params=st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), VALUES, max_size=6))
def test_shim_never_raises(shim_index, params: dict[str, str]):
    from search_index import search

    COUNTS["search params"] += 1
    status, headers, body = search(shim_index[1], params)
    assert status in (200, 400), (status, body)
    json.dumps(body)
    assert headers["Content-Type"].startswith("application/json")


@settings(SETTINGS, max_examples=300)
@given(raw=st.lists(st.tuples(st.sampled_from(KEYS + ["q[]", "rest_route", ""]),
                              st.binary(max_size=20)), max_size=5))
def test_shim_over_http_never_500(shim_index, raw: list[tuple[str, bytes]]):
    COUNTS["search raw query strings"] += 1
    query = "&".join(f"{k}={urllib.parse.quote_from_bytes(v)}" for k, v in raw)
    client = _client(shim_index[0])
    response = client.get(f"/wp-json/jetonomy/v1/search?{query}")
    assert response.status_code in (200, 400), response.text
    response.json()


_CLIENTS: dict[Path, object] = {}


def _client(index_dir: Path):
    from starlette.testclient import TestClient

    from search_index.app import create_search_app

    if index_dir not in _CLIENTS:
        _CLIENTS[index_dir] = TestClient(create_search_app(index_dir), raise_server_exceptions=True)
    return _CLIENTS[index_dir]
