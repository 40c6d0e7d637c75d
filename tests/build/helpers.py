"""Helpers for build tests: serve a folder over real HTTP, check links, grep for leaks."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html

from exporter.urls import url_path_to_file

_ATTR = re.compile(r'\b(href|src)="([^"]*)"')


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - silence the test log
        pass


@contextlib.contextmanager
def serve_dir(folder: Path) -> Iterator[str]:
    """Serve ``folder`` with the standard library's static server on 127.0.0.1 (free port)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_url_of(out: Path, file: Path) -> str:
    """The URL path a static server answers with ``file`` (``…/index.html`` → ``…/``)."""
    rel = file.relative_to(out).as_posix()
    path = "/" + urllib.parse.quote(rel)
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def internal_links(out: Path) -> Iterator[tuple[Path, str, str]]:
    """``(page file, attribute value, resolved URL path)`` for every internal href/src."""
    for file in sorted(out.rglob("*.html")):
        base = "http://mirror.test" + page_url_of(out, file)
        for _attr, value in _ATTR.findall(file.read_text("utf-8")):
            value = value.replace("&amp;", "&")
            if not value or value.startswith(("http://", "https://", "mailto:", "#")):
                continue
            resolved = urllib.parse.urljoin(base, value)
            yield file, value, urllib.parse.urlsplit(resolved).path


def check_links(out: Path) -> tuple[int, list[str]]:
    """Every internal link must resolve to a file of the mirror. Returns (count, broken)."""
    count, broken = 0, []
    for file, value, path in internal_links(out):
        count += 1
        if file.name == "404.html":
            pass
        target = out / url_path_to_file(path)
        if not target.is_file():
            broken.append(f"{file.relative_to(out)}: {value}")
    return count, broken


def assert_no_leaks(out_dir: Path, strings: Iterable[str]) -> None:
    """No output file contains any of ``strings`` (canaries of non-public content)."""
    needles = [s for s in strings if s]
    hits = []
    for file in sorted(p for p in Path(out_dir).rglob("*") if p.is_file()):
        data = file.read_bytes()
        for needle in needles:
            if needle.encode("utf-8") in data:
                hits.append(f"{file.relative_to(out_dir)}: {needle!r}")
    assert not hits, "non-public content in the mirror:\n" + "\n".join(hits[:50])


_THEME_STYLE = re.compile(r"^:root\{--jt-accent:#[0-9a-fA-F]{3,6};\}$")


#: Scripts the theme itself ships (not content): the search page's widget only.
THEME_SCRIPTS = {"search": re.compile(r"^(\.\./)*_static/jt-search\.js$")}


def _theme_script(el, page_kind: str) -> bool:
    """An external, empty ``<script src>`` of the theme's own, on the page allowed to load it."""
    allowed = THEME_SCRIPTS.get(page_kind)
    return bool(allowed and allowed.match(el.get("src") or "") and not (el.text or "").strip()
                and set(el.attrib) <= {"src", "defer"})


def active_content(html: str, page_kind: str = "") -> Iterator[str]:
    """Anything in a page that could run code: scripts (other than JSON-LD and the theme's
    own search script on the search page), ``on*`` attributes, ``javascript:``/``data:``
    URLs, iframes/objects/embeds, foreign styles."""
    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "script" and el.get("type") != "application/ld+json" and not _theme_script(el, page_kind):
            yield f"<script> element: {lxml.html.tostring(el)[:80]!r}"
        if tag in ("iframe", "object", "embed", "frame", "base"):
            yield f"<{tag}> element"
        if tag == "style" and not _THEME_STYLE.match((el.text or "").strip()):
            yield f"<style> element: {(el.text or '')[:60]!r}"
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                yield f"event handler {name}={value[:40]!r} on <{tag}>"
            if value.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                yield f"script URL in {name} of <{tag}>"


def gather_single_and_forked(snap):
    """``(index, index)``: the snapshot gathered in one process, then with the replies read by
    the forked reader (forced, whatever the snapshot's size)."""
    from exporter.build import reply_reader
    from exporter.build.gather import gather
    from exporter.build.options import BuildOptions

    single = gather(snap, BuildOptions(workers=1))
    limit, reply_reader.MIN_FORKED_REPLIES = reply_reader.MIN_FORKED_REPLIES, 0
    try:
        return single, gather(snap, BuildOptions())
    finally:
        reply_reader.MIN_FORKED_REPLIES = limit
