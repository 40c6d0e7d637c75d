"""The leak grep of every earlier issue, gathered into one test over every output kind.

For every canary (one per non-public item), every anonymous author's real name and login,
and every email of the example manifest: zero hits in the site's HTML, feeds, sitemaps,
oEmbed files, JSON-LD blocks and other files, in every file of the search index (raw bytes:
tokens and folded text included), in the shim's answers to a query for each of them, in the
snapshot, and in the decompressed bytes of the ``.tar.gz`` archive of the export.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from exporter.archive import write_archive

from ..export.helpers import write_artifact

_LD = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)


def needles(manifest: dict) -> dict[str, list[bytes]]:
    """Each secret → the byte strings that would betray it (as written, lower-cased, folded,
    HTML-escaped, and the distinctive tokens an index stores)."""
    from search_index.analysis import fold

    out: dict[str, set[str]] = {}
    for c in manifest["canaries"]:
        out[c["canary"]] = {c["canary"], c["canary"].lower(), c["canary"].split("-", 1)[1]}
    for person in manifest["anonymous_real_names"]:
        for secret in (person["display_name"], person["login"]):
            forms = {secret, secret.lower(), fold(secret), html.escape(secret)}
            forms |= {t for t in re.split(r"[\W_]+", fold(secret)) if len(t) >= 6}
            out[secret] = forms
    for email in manifest["emails"]:
        out[email] = {email, email.lower(), html.escape(email)}
    return {k: sorted({f.encode("utf-8") for f in v}) for k, v in out.items()}


def kind_of(rel: str) -> str:
    if rel.startswith("search_index/"):
        return "search index"
    if rel.startswith("community.snapshot/"):
        return "snapshot"
    name = rel.rsplit("/", 1)[-1]
    if "/feed/" in rel or name in ("atom.xml",):
        return "feed"
    if "sitemap" in name:
        return "sitemap"
    if name == "oembed.json" or "/oembed" in rel:
        return "oembed"
    if name.endswith(".html"):
        return "html"
    return "other site file"


def grep(blobs: dict[str, bytes], secrets: dict[str, list[bytes]], kind_for) -> tuple[Counter, list[str]]:
    """Case-insensitive search of every form of every secret (bytes ``in``: memchr-fast)."""
    owner = {f.lower(): secret for secret, forms in secrets.items() for f in forms}
    scanned: Counter = Counter()
    hits = []
    for rel, data in blobs.items():
        kind = kind_for(rel)
        scanned[kind] += 1
        lowered = data.lower()
        found = {secret for form, secret in owner.items() if form in lowered}
        hits += [f"{kind}: {rel}: {secret}" for secret in sorted(found)]
    return scanned, hits


def test_grep_finds_every_form(example_manifest: dict):
    """The grep itself: a canary, a folded name and an escaped email are all found."""
    from search_index.analysis import fold

    secrets = needles(example_manifest)
    canary = example_manifest["canaries"][0]["canary"]
    person = example_manifest["anonymous_real_names"][0]["display_name"]
    email = example_manifest["emails"][0]
    blobs = {"a": f"<p>{canary.lower()}</p>".encode(), "b": f"x {fold(person)} y".encode(),
             "c": html.escape(f"<{email}>").encode(), "d": b"nothing here"}
    scanned, hits = grep(blobs, secrets, lambda rel: "test")
    assert {f"test: a: {canary}", f"test: b: {person}", f"test: c: {email}"} <= set(hits)
    assert not any(h.startswith("test: d:") for h in hits)
    assert scanned["test"] == 4


@pytest.fixture(scope="module")
def archive_bytes(example_export: Path, tmp_path_factory) -> bytes:
    path = write_archive(example_export, tmp_path_factory.mktemp("leak-archive") / "community.tar.gz").path
    return gzip.decompress(path.read_bytes())


def test_no_secret_in_any_output(example_export: Path, example_manifest: dict, archive_bytes: bytes):
    secrets = needles(example_manifest)
    files = {p.relative_to(example_export).as_posix(): p.read_bytes()
             for p in sorted(example_export.rglob("*")) if p.is_file()}
    files = {k: v for k, v in files.items() if not k.startswith("community.snapshot/media/")}
    scanned, hits = grep(files, secrets, kind_of)
    jsonld = {f"{rel}#ld{i}": block for rel, data in files.items() if rel.endswith(".html")
              for i, block in enumerate(_LD.findall(data))}
    s2, h2 = grep(jsonld, secrets, lambda _rel: "JSON-LD")
    answers = shim_answers(example_export / "search_index", list(secrets))
    s3, h3 = grep(answers, secrets, lambda _rel: "shim answer")
    s4, h4 = grep({"community.tar.gz (decompressed)": archive_bytes}, secrets, lambda _rel: "archive")
    scanned, hits = scanned + s2 + s3 + s4, hits + h2 + h3 + h4
    write_artifact("leak-grep.json", {"secrets": len(secrets), "forms": sum(map(len, secrets.values())),
                                      "scanned": dict(scanned), "hits": hits})
    for kind in ("html", "feed", "sitemap", "oembed", "JSON-LD", "search index", "shim answer", "archive"):
        assert scanned[kind] > 0, f"nothing of kind {kind} was scanned"
    assert len(secrets) > 50
    assert hits == []


def shim_answers(index_dir: Path, queries: list[str]) -> dict[str, bytes]:
    from search_index import SearchIndex, search

    out = {}
    with SearchIndex.open(index_dir) as index:
        for q in queries:
            for kind in ("post", "reply", "space", "tag", "all"):
                status, _h, body = search(index, {"q": q, "type": kind})
                out[f"{kind}?q={q}"] = json.dumps(body, ensure_ascii=False).encode("utf-8") + \
                    json.dumps(body).encode()
    return out
