"""Feeds (RSS 2.0, Atom), sitemaps (sitemaps.org 0.9) and oEmbed files are well formed.

A minimal structural check of our own (no XSD): the required elements are there, every
sitemap ``loc`` is an absolute http(s) URL whose path is a file of the mirror, limits hold.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from lxml import etree

from ..urls import url_path_to_file
from .report import MAX_LISTED, Check
from .scan import FileScan

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_SITEMAP_URLS = 50_000
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_W3C_DATE = re.compile(r"^\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?)?)?$")


def check_parse(scans: list[FileScan]) -> Check:
    """Every HTML, XML and JSON file parses."""
    check = Check("files parse (HTML, XML, JSON)")
    counts: dict[str, int] = {}
    for scan in scans:
        counts[scan.kind] = counts.get(scan.kind, 0) + 1
        if scan.error:
            check.fail(f"{scan.rel}: {scan.error[:200]}")
    check.counts = counts
    check.summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return check


def check_feeds_and_sitemaps(scans: list[FileScan], files: set[str]) -> Check:
    """Structure of every feed, sitemap and oEmbed file."""
    check = Check("feeds, sitemaps, oEmbed")
    seen = {"rss": 0, "atom": 0, "sitemap": 0, "sitemap index": 0, "oembed": 0, "sitemap urls": 0}
    for scan in scans:
        if scan.error:
            continue
        if scan.kind == "xml":
            _xml(scan, files, check, seen)
        elif scan.kind == "json" and scan.rel.endswith("oembed.json"):
            seen["oembed"] += 1
            _oembed(scan, check)
    if len(check.problems) > MAX_LISTED:
        check.problems[MAX_LISTED:] = [f"… and {len(check.problems) - MAX_LISTED} more"]
    check.counts = seen
    check.summary = ", ".join(f"{n} {k}" for k, n in seen.items())
    return check


def _xml(scan: FileScan, files: set[str], check: Check, seen: dict[str, int]) -> None:
    root = etree.fromstring(scan.raw, etree.XMLParser(resolve_entities=False, no_network=True))
    tag = etree.QName(root)
    if tag.localname == "rss":
        seen["rss"] += 1
        _rss(scan.rel, root, check)
    elif tag.namespace == ATOM_NS and tag.localname == "feed":
        seen["atom"] += 1
        _atom(scan.rel, root, check)
    elif tag.namespace == SITEMAP_NS and tag.localname in ("urlset", "sitemapindex"):
        index = tag.localname == "sitemapindex"
        seen["sitemap index" if index else "sitemap"] += 1
        seen["sitemap urls"] += _sitemap(scan, root, files, check, index)
    elif tag.localname in ("urlset", "sitemapindex"):
        check.fail(f"{scan.rel}: sitemap without the {SITEMAP_NS} namespace")


def _require(rel: str, el: etree._Element, path: str, check: Check, ns: dict[str, str] | None = None) -> None:
    found = el.find(path, ns)
    if found is None or not (found.text or "").strip() and not found.attrib:
        check.fail(f"{rel}: missing or empty <{path.split(':')[-1]}>")


def _rss(rel: str, root: etree._Element, check: Check) -> None:
    channel = root.find("channel")
    if root.get("version") != "2.0" or channel is None:
        check.fail(f"{rel}: not an RSS 2.0 document (version/channel)")
        return
    for name in ("title", "link", "description"):
        _require(rel, channel, name, check)
    for i, item in enumerate(channel.findall("item")):
        if item.find("title") is None and item.find("description") is None:
            check.fail(f"{rel}: item {i} has neither title nor description")
        _require(rel, item, "link", check)


def _atom(rel: str, root: etree._Element, check: Check) -> None:
    ns = {"a": ATOM_NS}
    for name in ("a:id", "a:title", "a:updated"):
        _require(rel, root, name, check, ns)
    for entry in root.findall("a:entry", ns):
        for name in ("a:id", "a:title", "a:updated"):
            _require(rel, entry, name, check, ns)


def _sitemap(scan: FileScan, root: etree._Element, files: set[str], check: Check, index: bool) -> int:
    ns = {"s": SITEMAP_NS}
    rel = scan.rel
    items = root.findall("s:sitemap" if index else "s:url", ns)
    if len(items) > MAX_SITEMAP_URLS or len(scan.raw) > MAX_SITEMAP_BYTES:
        check.fail(f"{rel}: over the sitemap limits ({len(items)} URLs, {len(scan.raw)} bytes)")
    for item in items:
        loc = (item.findtext("s:loc", None, ns) or "").strip()
        parts = urllib.parse.urlsplit(loc)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            check.fail(f"{rel}: <loc> {loc[:100]!r} is not an absolute http(s) URL")
        elif not _in_mirror(parts.path, files):
            check.fail(f"{rel}: <loc> {loc[:100]} has no file in the mirror")
        lastmod = item.findtext("s:lastmod", None, ns)
        if lastmod is not None and not _W3C_DATE.match(lastmod.strip()):
            check.fail(f"{rel}: <lastmod> {lastmod!r} is not a W3C datetime")
    return len(items)


def _in_mirror(path: str, files: set[str]) -> bool:
    """The URL path, or the same path below the mirror's own prefix (``--base-url`` with a path)."""
    segments = path.split("/")
    for skip in range(len(segments) - 1):
        candidate = "/" + "/".join(segments[1 + skip:]) if skip else path
        if url_path_to_file(candidate) in files:
            return True
    return False


def _oembed(scan: FileScan, check: Check) -> None:
    data = json.loads(scan.raw.decode("utf-8"))
    if not isinstance(data, dict) or data.get("version") != "1.0" or data.get("type") not in (
            "rich", "link", "photo", "video"):
        check.fail(f"{scan.rel}: not an oEmbed 1.0 response (version/type)")
    elif data["type"] == "rich" and not all(k in data for k in ("html", "width", "height")):
        check.fail(f"{scan.rel}: rich oEmbed without html/width/height")
