"""Read every output file once: kind, anchors, references and text for the checks.

HTML is parsed with ``lxml.html`` (anchors ``id=…``, every ``href``/``src``/``srcset`` and the
text, attribute values included, for the leak check); XML with ``lxml.etree``; JSON with
``json``. Files are read in sorted order so the report is deterministic.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

HTML_EXT = {".html", ".htm"}
XML_EXT = {".xml", ".rss", ".atom"}
JSON_EXT = {".json"}
TEXT_EXT = {".txt", ".js", ".css", ".toml", ".conf", ".md", ".svg", ".map", ".webmanifest", ""}
REF_ATTRS = ("href", "src", "srcset", "poster", "data-src")


@dataclass
class FileScan:
    """What the checks need from one file."""

    rel: str
    kind: str  # html, xml, json, text, binary
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value)
    texts: list[str] = field(default_factory=list)
    error: str = ""
    raw: bytes = b""


def walk(site: Path) -> Iterator[tuple[str, os.stat_result]]:
    """``(relative path, lstat)`` of every entry under ``site`` (no symlink followed)."""
    for folder, dirs, files in os.walk(site, followlinks=False):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            full = os.path.join(folder, name)
            yield os.path.relpath(full, site).replace(os.sep, "/"), os.lstat(full)


def kind_of(rel: str) -> str:
    ext = os.path.splitext(rel)[1].lower()
    if ext in HTML_EXT:
        return "html"
    if ext in XML_EXT:
        return "xml"
    if ext in JSON_EXT:
        return "json"
    if ext in TEXT_EXT or rel.rsplit("/", 1)[-1].startswith("_"):
        return "text"
    return "binary"


def scan_file(site: Path, rel: str, st: os.stat_result) -> FileScan:
    """Parse one regular file according to its kind."""
    scan = FileScan(rel, kind_of(rel) if stat.S_ISREG(st.st_mode) else "special")
    if scan.kind == "special":
        return scan
    scan.raw = (site / rel).read_bytes()
    try:
        {"html": _html, "xml": _xml, "json": _json, "text": _text}.get(scan.kind, _none)(scan)
    except (ValueError, etree.LxmlError) as exc:
        scan.error = f"{type(exc).__name__}: {exc}"
    return scan


def _none(scan: FileScan) -> None:
    return None


def _text(scan: FileScan) -> None:
    scan.texts.append(scan.raw.decode("utf-8", "replace"))


def _html(scan: FileScan) -> None:
    if not scan.raw.strip():
        raise ValueError("empty HTML file")
    root = lxml_html.document_fromstring(scan.raw)
    scan.texts.append(" ".join(_visible_text(root)))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in el.attrib.items():
            if attr == "id":
                scan.ids.add(value)
            if attr in REF_ATTRS:
                scan.refs.append((attr, value))
            scan.texts.append(value)
        if el.tag == "script" and el.get("type") == "application/ld+json" and el.text:
            scan.texts.extend(_json_strings(json.loads(el.text)))


def _visible_text(root: lxml_html.HtmlElement) -> Iterator[str]:
    """Text and tails of every element, without script/style bodies (JSON-LD is parsed apart)."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
            yield el.text
        if el.tail:
            yield el.tail


def _xml(scan: FileScan) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(scan.raw, parser)
    scan.ids.add(etree.QName(root).localname)
    for el in root.iter():
        if isinstance(el.tag, str):
            scan.texts.extend(el.attrib.values())
    scan.texts.extend(t for t in root.itertext())


def _json(scan: FileScan) -> None:
    scan.texts.extend(_json_strings(json.loads(scan.raw.decode("utf-8"))))


def _json_strings(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _json_strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _json_strings(value)
