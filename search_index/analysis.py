"""Text analysis shared by indexing, querying and substring matching.

Choice (documented in the README, "Offline search"):

* **Folding** — :func:`fold`: Unicode NFKD, drop non-spacing marks (Latin accents, Arabic
  harakat, Hebrew niqqud, kana voicing marks), ``casefold()``, NFC. This is what MySQL's
  ``utf8mb4_unicode_ci`` collation does to comparisons (case- and accent-insensitive), so
  ``cafe`` finds ``Café`` and ``العربية`` finds ``الْعَرَبِيَّة``. Full-width Latin becomes ASCII.
* **No stemming, no stop-word removal at index time** — MySQL FULLTEXT does not stem; the
  InnoDB stop-words are dropped from *queries* (:data:`INNODB_STOPWORDS`), which is how
  InnoDB treats them.
* **Words** — runs of letters/digits/underscore plus spacing combining marks (so Devanagari
  vowel signs do not split words). Arabic and Hebrew are ordinary space-separated words.
* **CJK** (Han, Hiragana, Katakana; no spaces between words) — every run is indexed as
  overlapping character **bigrams** plus **unigrams** at the same positions. A CJK query
  piece of 2+ characters becomes a phrase of its bigrams (so ``永久链接`` matches inside
  ``功能。永久链接是否正常``); a single character matches its unigram. This is a superset of the
  live site, whose InnoDB parser only matches CJK at the start of a punctuation-delimited run.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

# InnoDB's default stop-word list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD).
INNODB_STOPWORDS = frozenset(
    "a about an are as at be by com de en for from how i in is it la of on or that the this "
    "to was what when where who will with und www".split())

_CJK_RANGES = ("\u3040-\u30ff"  # Hiragana, Katakana
               "\u31f0-\u31ff"  # Katakana phonetic extensions
               "\u3400-\u4dbf"  # CJK Extension A
               "\u4e00-\u9fff"  # CJK Unified Ideographs
               "\uf900-\ufaff"  # CJK Compatibility Ideographs
               "\U00020000-\U0003134f")  # Extensions B–H


def _ranges_for(categories: set[str]) -> str:
    """A regex character-class body of every code point in the given general categories."""
    out, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) in categories:
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            out.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev != start else ""))
            start = None
    return "".join(out)


_MN_TABLE = {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Mn"}
_SPACING_MARKS = _ranges_for({"Mc", "Me"})
_TOKEN_RE = re.compile(
    f"(?P<cjk>[{_CJK_RANGES}]+)|(?P<word>(?:[^\\W{_CJK_RANGES}]|[{_SPACING_MARKS}])+)")
_CJK_RE = re.compile(f"[{_CJK_RANGES}]")
# For ASCII text the word pattern above is exactly ``\w`` (no CJK, no combining marks).
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9_]+")


def fold(text: str) -> str:
    """Case- and accent-fold ``text`` (see module docstring). Idempotent."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text).translate(_MN_TABLE)
    return unicodedata.normalize("NFC", decomposed.casefold())


def is_cjk(text: str) -> bool:
    """Whether ``text`` contains any CJK (Han/kana) character."""
    return _CJK_RE.search(text) is not None


def pieces(text: str) -> list[tuple[str, str]]:
    """Split folded text into ``(kind, piece)`` with kind ``word`` or ``cjk`` (in order)."""
    return [(m.lastgroup or "word", m.group(0)) for m in _TOKEN_RE.finditer(text)]


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a CJK run (the run itself when it has one character)."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> Iterator[tuple[int, str]]:
    """``(position, term)`` pairs for indexing: words, CJK unigrams + bigrams."""
    pos = 0
    for kind, piece in pieces(fold(text)):
        if kind == "word":
            yield pos, piece
            pos += 1
            continue
        for i, char in enumerate(piece):
            yield pos + i, char
            if i + 1 < len(piece):
                yield pos + i, piece[i:i + 2]
        pos += len(piece)


class Analysed(str):
    """Text for the ``cjk`` field with its terms already computed (by :func:`split_terms`),
    so indexing folds and splits each document once."""

    cjk_terms: list[tuple[int, str]]


def split_terms(text: str) -> tuple[list[str], Analysed | None]:
    """:func:`index_terms` split by field: the words (for ``text``, frequencies only) and the
    CJK terms at the same positions (for ``cjk``, which keeps positions for bigram phrases);
    ``None`` when there is no CJK."""
    if text.isascii():  # the common case, one C-level findall
        return _ASCII_WORD_RE.findall(text.lower()), None
    words: list[str] = []
    cjk: list[tuple[int, str]] = []
    for pos, term in index_terms(text):
        if _CJK_RE.match(term):
            cjk.append((pos, term))
        else:
            words.append(term)
    if not cjk:
        return words, None
    value = Analysed(text)
    value.cjk_terms = cjk
    return words, value


class CommunityTokenizer(Tokenizer):
    """Whoosh tokenizer implementing :func:`index_terms` (folding included) for one field:
    ``part`` is ``word`` (the words) or ``cjk`` (the CJK unigrams and bigrams)."""

    def __init__(self, part: str = "word"):
        self.part = part

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and getattr(other, "part", None) == self.part

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.part))

    def _terms(self, value: str) -> Iterator[tuple[int, str]] | list[tuple[int, str]]:
        precomputed = getattr(value, "cjk_terms", None)
        if self.part == "cjk" and precomputed is not None:
            return precomputed
        want_cjk = self.part == "cjk"
        return ((pos, term) for pos, term in index_terms(value)
                if (_CJK_RE.match(term) is not None) == want_cjk)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: object
                 ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold(value)
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            yield token
            return
        for pos, term in self._terms(value):
            token.text, token.boost, token.stopped = term, 1.0, False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            yield token


@lru_cache(maxsize=2)
def community_analyzer(part: str = "word") -> CommunityTokenizer:
    """The analyzer of a text field (a tokenizer is a complete Whoosh analyzer)."""
    return CommunityTokenizer(part)
