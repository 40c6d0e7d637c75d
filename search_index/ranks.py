"""Per-kind rank files: each kind's response order precomputed, and its substring corpus.

A document's *rank* is its position in the kind's natural order, which is the order of every
non-relevance answer (CONTRACT.md §6.3): posts and replies newest first (``created_key``
desc, ``id`` desc), spaces by ``id``, tags by ``post_count`` desc then ``id``. So a listing is
a slice, a substring match comes out already ordered, and relevance ties (broken by newest)
sort on ``(-score, rank)``. Files, derived from ``side.sqlite`` after every build::

    rank-<kind>.ids    array('q'): the id at each rank
    rank-<kind>.votes  array('q'): the ranks in ``sort=votes`` order (vote_score desc, id desc)
    rank-<kind>.text   UTF-8: per rank ``folded text + b"\\x01" + rank digits + b"\\x00"``
    rank-<kind>.offs   array('q'): where each rank's entry of the text file starts (+ the end)
    rank-<kind>.dates  UTF-8: ``created_at`` per rank, one per line (date filters, see
                       :func:`date_range`)
    rank-<kind>.*.npy  the n-gram index of the text (:mod:`search_index.grams`)

``LIKE '%q%'`` is answered by the n-gram index; the text file checks the candidates of long
needles and, for needles the index cannot answer, is scanned with ONE C-level regex
(``re.findall`` over an mmap) instead of a Python loop per row; see :func:`substring_ranks`.
"""

from __future__ import annotations

import bisect
import mmap
import re
import sqlite3
from array import array
from pathlib import Path

from . import grams

ORDER_SQL = {"post": "created_key DESC, id DESC", "reply": "created_key DESC, id DESC",
             "space": "id", "tag": "sort2 DESC, id"}
VOTES_SQL = "sort2 DESC, id DESC"
# Needle characters the text file cannot answer for (they are its delimiters).
_RESERVED = ("\x00", "\x01")


def _scrub(folded: str) -> str:
    """The folded text with the text file's delimiters replaced by ``\\x1f``."""
    if "\x00" in folded or "\x01" in folded:
        return folded.replace("\x00", "\x1f").replace("\x01", "\x1f")
    return folded


def _path(gen: Path, kind: str, what: str) -> Path:
    return gen / f"rank-{kind}.{what}"


def write_ranks(side: sqlite3.Connection, gen: Path, kind: str) -> int:
    """(Re)write the rank files of ``kind`` from ``side``; return the document count."""
    ids, parts, texts, dates, offsets = array("q"), [], [], [], array("q", [0])
    sql = f"SELECT id, folded, created_at FROM docs WHERE kind=? ORDER BY {ORDER_SQL[kind]}"
    for rank, (ident, folded, created_at) in enumerate(side.execute(sql, (kind,))):
        ids.append(ident)
        text = _scrub(folded)
        texts.append(text)
        dates.append(created_at)
        parts.append(b"%s\x01%d\x00" % (text.encode("utf-8", "surrogatepass"), rank))
        offsets.append(offsets[-1] + len(parts[-1]))
    rank_of = {ident: rank for rank, ident in enumerate(ids)}
    votes = array("q", (rank_of[i] for (i,) in side.execute(
        f"SELECT id FROM docs WHERE kind=? ORDER BY {VOTES_SQL}", (kind,))))
    _path(gen, kind, "ids").write_bytes(ids.tobytes())
    _path(gen, kind, "votes").write_bytes(votes.tobytes())
    _path(gen, kind, "offs").write_bytes(offsets.tobytes())
    _path(gen, kind, "text").write_bytes(b"".join(parts))
    _path(gen, kind, "dates").write_bytes("\n".join(dates).encode("utf-8", "surrogatepass"))
    grams.write_grams(gen, kind, texts)
    return len(ids)


def read_array(gen: Path, kind: str, what: str) -> array:
    out = array("q")
    out.frombytes(_path(gen, kind, what).read_bytes())
    return out


def map_text(gen: Path, kind: str) -> mmap.mmap | bytes:
    """The text file, memory-mapped (an empty file cannot be mapped: ``b""``)."""
    path = _path(gen, kind, "text")
    with open(path, "rb") as fh:
        if path.stat().st_size == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def substring_ranks(text: mmap.mmap | bytes, needle: str) -> list[int] | None:
    """Ranks (ascending) whose folded text contains ``needle``; ``None`` when the needle holds
    a delimiter character and the caller must scan another way.

    Exact: UTF-8 is self-synchronising, so a byte match of a valid UTF-8 needle is a
    character match; the needle cannot contain ``\\x00``/``\\x01``, so a match can neither
    cross into the rank digits nor into the next document, and ``[^\\x00\\x01]*`` consumes
    the rest of the document so each document is reported once.
    """
    if any(ch in needle for ch in _RESERVED):
        return None
    pattern = re.compile(re.escape(needle.encode("utf-8", "surrogatepass")) + rb"[^\x00\x01]*\x01(\d+)")
    return list(map(int, pattern.findall(text)))


def read_dates(gen: Path, kind: str, count: int) -> list[str] | None:
    """``created_at`` by rank, or ``None`` when the file does not hold one per rank (a
    value with a line break)."""
    raw = _path(gen, kind, "dates").read_bytes().decode("utf-8", "surrogatepass")
    dates = raw.split("\n") if count else []
    return dates if len(dates) == count else None


def ascending_dates(dates: list[str]) -> list[str] | None:
    """``dates`` (by rank) reversed when that is ascending string order, else ``None``.

    Ranks are newest first by ``created_key`` (the digits of ``created_at``), which is the
    string order for well-formed timestamps: then every date filter is one slice of ranks.
    """
    ascending = dates[::-1]
    return ascending if ascending == sorted(ascending) else None


def date_range(ascending: list[str], low: str | None, high: str | None) -> range:
    """The ranks with ``created_at != '' AND created_at >= low AND created_at <= high``
    (``None``: no such bound), given :func:`ascending_dates`, as one contiguous range."""
    first = bisect.bisect_right(ascending, "")  # empty dates sort first and never match
    if low is not None:
        first = max(first, bisect.bisect_left(ascending, low))
    last = len(ascending) if high is None else bisect.bisect_right(ascending, high)
    count = len(ascending)
    return range(count - last, count - first) if first < last else range(0)
