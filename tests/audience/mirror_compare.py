"""Comparing two mirror folders byte for byte (with the two known exceptions explained).

* ``.jetonomy-build.json`` is the incremental-build bookkeeping: file mtimes and input
  fingerprints (which include ``meta.audience``). It is not served and differs between two
  builds of the very same snapshot, so it is compared without those fields.
* Pagefind's hash-named ``*.pf_filter`` / ``*.pf_meta`` files serialise a hash map in random
  order (two builds of the same snapshot differ too). Their decompressed bytes are compared as
  sorted byte multisets, and the file names by kind; every other Pagefind file (the page
  fragments and the word index) must be byte-identical.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

UNORDERED = re.compile(r"^pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")
BOOKKEEPING = ".jetonomy-build.json"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _kind(rel: str) -> str:
    return re.sub(r"en-us_[0-9a-f]+", "HASH", rel)


def _unordered_digest(rel: str, data: bytes) -> bytes:
    if rel.endswith("pagefind-entry.json"):
        return re.sub(rb'"hash":\s*"[^"]+"', b'"hash":"HASH"', data)
    return bytes(sorted(gzip.decompress(data)))


def _bookkeeping(data: bytes) -> list[str]:
    """The served file list of a build manifest (sha256 + size; no mtimes, no input keys)."""
    doc = json.loads(data)
    return sorted(f"{k} {v[0]} {v[1]}" for k, v in doc.get("files", {}).items())


def mirror_differences(a_root: Path, b_root: Path) -> list[str]:
    """Every difference between two mirrors (empty = identical)."""
    a, b = files(a_root), files(b_root)
    problems = []
    plain_a = {k for k in a if not UNORDERED.match(k) and k != BOOKKEEPING}
    plain_b = {k for k in b if not UNORDERED.match(k) and k != BOOKKEEPING}
    problems += [f"only in first: {k}" for k in sorted(plain_a - plain_b)]
    problems += [f"only in second: {k}" for k in sorted(plain_b - plain_a)]
    problems += [f"bytes differ: {k}" for k in sorted(plain_a & plain_b) if a[k] != b[k]]
    ua = sorted((_kind(k), _unordered_digest(k, v)) for k, v in a.items() if UNORDERED.match(k))
    ub = sorted((_kind(k), _unordered_digest(k, v)) for k, v in b.items() if UNORDERED.match(k))
    if ua != ub:
        problems.append("pagefind filter/meta contents differ")
    if (BOOKKEEPING in a) != (BOOKKEEPING in b) or (
            BOOKKEEPING in a and _bookkeeping(a[BOOKKEEPING]) != _bookkeeping(b[BOOKKEEPING])):
        problems.append("build manifests list different files")
    return problems
