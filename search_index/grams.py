"""Character n-gram index of the substring corpus: ``LIKE '%q%'`` without scanning it.

Short queries (CONTRACT.md §6.2) match as a folded substring. Scanning the 30 MB corpus of
300k replies costs 25–200 ms per query; this index answers from precomputed sets instead:
for every 1-, 2- and 3-character gram of a document's text (exactly the text
:mod:`search_index.ranks` writes to ``rank-<kind>.text``), the ranks that contain it.

* a needle of ≤ 3 characters is one gram: its set is the exact answer;
* a longer needle is in at most the documents holding all of its trigrams: that AND is a
  superset, and each candidate is then checked in the text file (``mmap.find``);
* a character that no document contains means no match at all.

Answers are boolean masks over ranks (numpy), and ranks are the response order, so filters
are ANDs, the total is a count, and the first rows of a page are the first set positions.

Building packs each ``(gram, rank)`` pair into one ``uint64`` and sorts: characters are
numbered ``1..A`` in the corpus alphabet (0 = no character), a gram is
``(a * R + b) * R + c`` with ``R = A + 1``, shifted left by the rank bits. When that cannot
fit in 64 bits (an alphabet of tens of thousands of characters) no index is written and
the caller falls back to the scan. Files (``rank-<kind>.<what>.npy``):

    alpha   uint32  the code points of the corpus, ascending (character id = index + 1)
    keys    uint64  the grams present, ascending
    start   int64   per gram, its slice of ``docs`` (``start[i]:start[i+1]``; empty if dense)
    row     int32   per gram, its row of ``dense`` (-1: sparse)
    docs    uint32  ranks of the sparse grams
    dense   uint8   bit rows (little-endian bit order) of the grams in more than 1/32 of
                    the documents: smaller than their rank lists, and faster to expand
"""

from __future__ import annotations

import mmap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Pairs are sorted per chunk of about this many characters: small arrays are reused by the
# allocator, big ones cost a page fault per 4 kB every time (that doubled the build time).
CHUNK_CHARS = 250_000
# Longer needles AND at most this many of their trigrams (rarest first) before checking.
MAX_TRIGRAMS = 16
# Past this many candidates a longer needle is cheaper to answer by the scan.
MAX_CHECKS = 30_000
_FILES = ("alpha", "keys", "start", "row", "docs", "dense")
_U64 = np.uint64


def _path(gen: Path, kind: str, what: str) -> Path:
    return gen / f"rank-{kind}.{what}.npy"


def remove(gen: Path, kind: str) -> None:
    """Delete the gram files of ``kind`` (an incremental build may not rewrite them)."""
    for what in _FILES:
        _path(gen, kind, what).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------
# Building


def _code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All characters as code points, and each character's rank."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cps = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return cps, np.repeat(np.arange(len(texts), dtype=np.uint32), lengths)


def _alphabet(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct code points and each character's id (1-based) in that alphabet."""
    present = np.zeros(0x110000, dtype=bool)
    present[cps] = True
    alpha = np.flatnonzero(present).astype(np.uint32)
    table = np.zeros(0x110000, dtype=np.uint32)
    table[alpha] = np.arange(1, len(alpha) + 1, dtype=np.uint32)
    return alpha, table[cps]


def _chunk_pairs(ids: np.ndarray, ranks: np.ndarray, radix: int, shift: int) -> np.ndarray:
    """Distinct packed ``gram << shift | rank`` of one run of whole documents, sorted."""
    r, s = _U64(radix), _U64(shift)
    ids, ranks = ids.astype(_U64), ranks.astype(_U64)  # stored as uint32: half the memory
    same2 = ranks[:-1] == ranks[1:]
    same3 = same2[:-1] & same2[1:]
    grams = [ids * r * r, ((ids[:-1] * r + ids[1:]) * r)[same2],
             ((ids[:-2] * r + ids[1:-1]) * r + ids[2:])[same3]]
    owners = [ranks, ranks[:-1][same2], ranks[:-2][same3]]
    packed = np.concatenate(grams) << s | np.concatenate(owners)
    packed.sort()  # in place: np.sort would copy
    return packed[np.concatenate(([True], packed[1:] != packed[:-1]))] if len(packed) else packed


def _all_pairs(ids: np.ndarray, ranks: np.ndarray, radix: int, shift: int) -> np.ndarray:
    """:func:`_chunk_pairs` over the whole corpus, chunked at document boundaries."""
    parts, start, total = [], 0, len(ids)
    while start < total:
        end = min(total, start + CHUNK_CHARS)
        end = int(np.searchsorted(ranks, ranks[end - 1], side="right"))  # never split a document
        parts.append(_chunk_pairs(ids[start:end], ranks[start:end], radix, shift))
        start = end
    if not parts:
        return np.zeros(0, dtype=_U64)
    pairs = np.concatenate(parts)
    pairs.sort()
    return pairs


def _dense_rows(grams: np.ndarray, docs: np.ndarray, which: np.ndarray, count: int) -> np.ndarray:
    """Bit rows of the dense grams (``which``: their indexes), 64 rows at a time."""
    width = (count + 7) // 8
    out = np.zeros((len(which), width), dtype=np.uint8)
    bounds = np.searchsorted(grams, which), np.searchsorted(grams, which, side="right")
    for first in range(0, len(which), 64):
        last = min(len(which), first + 64)
        block = np.zeros((last - first, count), dtype=bool)
        for row in range(first, last):
            block[row - first, docs[bounds[0][row]:bounds[1][row]]] = True
        out[first:last] = np.packbits(block, axis=1, bitorder="little")
    return out


def fits(alphabet: int, count: int) -> bool:
    """Whether a packed ``(gram, rank)`` fits in 64 bits for this corpus."""
    return (alphabet + 1) ** 3 << max(1, (count - 1).bit_length()) <= 1 << 64


def _layout(grams_of: np.ndarray, docs: np.ndarray, count: int) -> dict[str, np.ndarray]:
    """Group the sorted pairs (gram of each, rank of each) by gram: the gram keys, and per
    gram either a row of the dense bit matrix or a slice of the sparse rank list."""
    firsts = np.flatnonzero(np.concatenate(([True], grams_of[1:] != grams_of[:-1]))) if len(docs) \
        else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.append(firsts, len(docs)))
    gram_ids = np.repeat(np.arange(len(firsts), dtype=np.int32), counts)
    dense = counts * 32 > count
    row = np.full(len(firsts), -1, dtype=np.int32)
    row[dense] = np.arange(int(dense.sum()), dtype=np.int32)
    return {"keys": grams_of[firsts], "row": row,
            "start": np.concatenate(([0], np.cumsum(np.where(dense, 0, counts)))).astype(np.int64),
            "docs": docs[~dense[gram_ids]],
            "dense": _dense_rows(gram_ids, docs, np.flatnonzero(dense), count)}


def _pairs(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``(alphabet, sorted distinct packed pairs, rank bits)``, or ``None`` when the pairs
    do not fit in 64 bits. (A function of its own so the per-character arrays are freed
    before :func:`_layout` allocates.)"""
    cps, ranks = _code_points(texts)
    alpha, ids = _alphabet(cps)
    del cps
    if not fits(len(alpha), len(texts)):
        return None
    shift = max(1, (len(texts) - 1).bit_length())
    return alpha, _all_pairs(ids, ranks, len(alpha) + 1, shift), shift


def write_grams(gen: Path, kind: str, texts: Sequence[str]) -> bool:
    """Write the gram index of ``texts`` (one per rank); ``False`` (and no files) when the
    corpus alphabet is too large to pack, so queries scan instead."""
    remove(gen, kind)
    packed = _pairs(texts)
    if packed is None:
        return False
    alpha, pairs, shift = packed
    del packed
    grams_of, docs = pairs >> _U64(shift), (pairs & _U64((1 << shift) - 1)).astype(np.uint32)
    del pairs  # the biggest array of a 100x build: freed before the layout allocates
    arrays = _layout(grams_of, docs, len(texts))
    arrays["alpha"] = alpha
    for what, value in arrays.items():
        np.save(_path(gen, kind, what), value, allow_pickle=False)
    return True


# ---------------------------------------------------------------------------------------
# Querying


@dataclass
class GramIndex:
    """The gram files of one kind, memory-mapped; :meth:`match` answers a needle."""

    count: int  # documents (ranks)
    alpha: np.ndarray
    keys: np.ndarray
    start: np.ndarray
    row: np.ndarray
    docs: np.ndarray
    dense: np.ndarray

    @classmethod
    def load(cls, gen: Path, kind: str, count: int) -> GramIndex | None:
        """The index of ``kind``, or ``None`` when the build wrote none (alphabet too large)."""
        if not _path(gen, kind, "keys").is_file():
            return None
        parts = {w: np.load(_path(gen, kind, w), mmap_mode="r", allow_pickle=False).view(np.ndarray)
                 for w in _FILES}  # plain views of the maps: np.memmap indexing is slower
        return cls(count, **parts)

    def _ids(self, needle: str) -> np.ndarray | None:
        """Alphabet ids of the needle's characters (``None``: a character nobody has)."""
        cps = np.fromiter(map(ord, needle), dtype=np.int64, count=len(needle))
        pos = np.searchsorted(self.alpha, cps)
        if (pos >= len(self.alpha)).any() or (self.alpha[np.minimum(pos, len(self.alpha) - 1)] != cps).any():
            return None
        return (pos + 1).astype(_U64)

    def _grams(self, ids: np.ndarray) -> np.ndarray:
        """The distinct keys of the needle's grams: itself (≤ 3 characters) or its trigrams."""
        r = _U64(len(self.alpha) + 1)
        if len(ids) <= 3:
            a, b, c = (list(ids) + [0, 0])[:3]
            return np.array([(_U64(a) * r + _U64(b)) * r + _U64(c)], dtype=_U64)
        return np.unique((ids[:-2] * r + ids[1:-1]) * r + ids[2:])

    def _find(self, keys: np.ndarray) -> np.ndarray | None:
        """The positions of ``keys`` in ``keys`` of the index (``None``: one is absent)."""
        pos = np.searchsorted(self.keys, keys)
        if (pos >= len(self.keys)).any() or (self.keys[np.minimum(pos, len(self.keys) - 1)] != keys).any():
            return None
        return pos

    def _mask(self, pos: int) -> np.ndarray:
        """The ranks holding gram number ``pos`` as a writable boolean mask."""
        row = int(self.row[pos])
        if row >= 0:
            bits = np.unpackbits(self.dense[row], count=self.count, bitorder="little")
            return bits.view(bool)
        mask = np.zeros(self.count, dtype=bool)
        mask[self.docs[self.start[pos]:self.start[pos + 1]]] = True
        return mask

    def _size(self, pos: int) -> int:
        """Documents of gram ``pos`` (dense grams count as the whole corpus: take them last)."""
        return self.count if self.row[pos] >= 0 else int(self.start[pos + 1] - self.start[pos])

    def match(self, needle: str) -> tuple[np.ndarray, bool]:
        """``(mask, exact)``: the ranks that may contain ``needle`` and whether that is already
        the answer (≤ 3 characters) or a superset still to be checked."""
        ids = self._ids(needle) if needle else None
        found = self._find(self._grams(ids)) if ids is not None else None
        if found is None:
            return np.zeros(self.count, dtype=bool), True
        chosen = sorted(found.tolist(), key=self._size)[:MAX_TRIGRAMS]
        mask = self._mask(chosen[0])
        for pos in chosen[1:]:
            mask &= self._mask(pos)
        return mask, len(ids) <= 3


def check(text: mmap.mmap | bytes, offsets: Sequence[int], candidates: Sequence[int],
          needle: bytes) -> list[int]:
    """The candidates (ranks) whose text in the text file contains ``needle``: the search
    stops before the entry's ``\\x01<rank digits>\\x00`` tail, or a needle of digits (``⑪⑪``
    folds to ``1111``) would be found in the rank number."""
    find = text.find
    return [r for r in candidates if find(needle, offsets[r], offsets[r + 1] - len(str(r)) - 2) >= 0]
