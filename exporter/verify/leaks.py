"""No byte of non-public content anywhere in the mirror.

Two sources of what must not appear:

* the snapshot's ``fingerprints`` table: hashes of word shingles of every text the crawler
  refused (private posts and replies, hidden categories, anonymous authors' real names).
  They are computed by :func:`exporter.crawl.guard.shingles`, which this check calls with the
  same arguments on every output text: runs of ``SHINGLE`` words, and — because a refused
  text shorter than that is fingerprinted whole — every shorter run too;
* literal strings (``--forbid FILE``: one per line, e.g. the example manifest's canaries),
  searched in the raw bytes of every file and in the decoded text of HTML, XML and JSON.

A member who posts both anonymously and under their name has their name in the mirror
legitimately: fingerprints of anonymous authors that equal a public profile's name or login
are not counted as leaks.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..crawl.guard import SHINGLE, shingles
from ..snapshot import Snapshot
from .report import MAX_LISTED, Check
from .scan import FileScan


def refused_fingerprints(snap: Snapshot) -> dict[str, str]:
    """``hash -> kind`` of refused content, minus names that are public elsewhere."""
    table = {r[1]: r[0] for r in snap.db.execute("SELECT kind, hash FROM fingerprints ORDER BY kind, hash")}
    public_names: set[str] = set()
    for login, user in snap.iter_users():
        public_names |= shingles(str(user.get("display_name") or "")) | shingles(login or "")
    return {h: k for h, k in table.items() if not (k == "anonymous_author" and h in public_names)}


def text_hashes(text: str) -> set[str]:
    """Every hash :func:`shingles` can produce for a refused text found inside ``text``."""
    text = html.unescape(text)
    out: set[str] = set()
    for size in range(1, SHINGLE + 1):
        out |= shingles(text, size)
    return out


def check_fingerprints(scans: list[FileScan], fingerprints: dict[str, str]) -> Check:
    check = Check("no refused content (fingerprints)")
    hits = 0
    if fingerprints:
        cache: dict[str, set[str]] = {}
        wanted = set(fingerprints)
        for scan in scans:
            for text in scan.texts:
                found = _hashes(cache, text, wanted)
                for h in sorted(found):
                    hits += 1
                    if hits <= MAX_LISTED:
                        check.fail(f"{scan.rel}: text of a refused {fingerprints[h]} (shingle {h[:12]}…)")
    check.counts = {"fingerprints": len(fingerprints), "hits": hits}
    check.summary = f"{len(fingerprints)} fingerprints, {hits} found in the output"
    return check


def _hashes(cache: dict[str, set[str]], text: str, wanted: set[str]) -> set[str]:
    """Fingerprints found in ``text``, line by line, memoised per line: navigation, headers
    and attributes repeat on every page (a run split over two lines is still caught by the
    runs inside each line: every run of a refused text was fingerprinted)."""
    found: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        if line not in cache:
            cache[line] = text_hashes(line) & wanted
        found |= cache[line]
    return found


def check_forbidden(scans: list[FileScan], forbidden: Iterable[str]) -> Check:
    """No forbidden literal in any file (raw bytes, or decoded text)."""
    words = sorted({w for w in forbidden if w.strip()})
    check = Check("no forbidden strings")
    hits = 0
    needles = [(w, w.encode("utf-8"), w.casefold()) for w in words]
    for scan in scans:
        decoded = " ".join(html.unescape(t) for t in scan.texts).casefold()
        for word, raw, folded in needles:
            if raw in scan.raw or folded in decoded:
                hits += 1
                if hits <= MAX_LISTED:
                    check.fail(f"{scan.rel}: contains forbidden {word!r}")
    check.counts = {"strings": len(words), "hits": hits}
    check.summary = f"{len(words)} strings, {hits} hits" if words else ""
    if not words:
        check.skipped = "no --forbid list given"
    return check
