"""How SEO writers hand bytes to the build's writer, and where URL paths live on disk.

The build owns path safety (resolved-path containment, collision refusal, atomic writes);
anything with ``write(rel_path, data)`` will do. ``rel_path`` is a relative file path with
``/`` separators, already percent-decoded (a static server decodes ``%xx`` before it looks
for a file), e.g. ``community/s/help/feed/index.xml``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from typing import Protocol

from ..urls import url_path_to_file

_SCALAR = json.JSONEncoder(ensure_ascii=False).encode
_STRING = json.encoder.encode_basestring  # what ``_SCALAR`` uses for a ``str`` (C version)
_FLAT = (str, int, float, bool, type(None))
_CONSTANTS = {True: "true", False: "false", None: "null"}


def _scalar(value: object) -> str:
    """One JSON scalar exactly as ``_SCALAR`` writes it; strings and plain ints skip the
    encoder object (which builds a new C encoder for every non-string value)."""
    kind = type(value)
    if kind is str:
        return _STRING(value)  # type: ignore[arg-type]
    if kind is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    if kind is bool or value is None:
        return _CONSTANTS[value]  # type: ignore[index]
    return _SCALAR(value)


_FLAT_TYPES = frozenset(_FLAT)
_STR = frozenset((str,))
_INLINE: dict[str, Callable[[object], str]] = {}


def _inline(inner: str) -> Callable[[object], str]:
    """An encoder writing a container of scalars with one item per line (``inner`` = newline
    and indent): between the brackets, what the ``indent`` encoder writes (JSON strings hold
    no raw newline, so the layout is all ours). The C encoder object is made once per
    indent, not once per call as ``JSONEncoder.encode`` does; no circular-reference
    markers: a container of scalars cannot hold itself."""
    encode = _INLINE.get(inner)
    if encode is None:
        if c_make_encoder is None:  # no C accelerator: the Python encoder, same bytes
            encode = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": ")).encode
        else:
            chunks = c_make_encoder(None, json.JSONEncoder().default, _STRING, None, ": ", "," + inner,
                                    False, False, True)
            encode = lambda obj: "".join(chunks(obj, 0))
        _INLINE[inner] = encode
    return encode


def _flat(values: Iterable[object]) -> bool:
    """Every value is a plain scalar (exact types: a subclass takes the general path)."""
    return set(map(type, values)) <= _FLAT_TYPES


def _indented(obj: object, pad: str, step: str, out: list[str]) -> None:
    if isinstance(obj, dict) and set(map(type, obj)) <= _STR:  # else json.dumps below
        if not obj:
            out.append("{}")
            return
        inner = "\n" + pad + step
        if _flat(obj.values()):  # one C-encoder call per flat object, not 2 pieces per key
            out.append("{" + inner + _inline(inner)(obj)[1:-1] + "\n" + pad + "}")
            return
        sep = "{" + inner
        for key, value in obj.items():
            out.append(sep + _STRING(key) + ": ")
            _indented(value, pad + step, step, out)
            sep = "," + inner
        out.append("\n" + pad + "}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        inner = "\n" + pad + step
        if _flat(obj):
            out.append("[" + inner + _inline(inner)(obj)[1:-1] + "\n" + pad + "]")
            return
        sep = "[" + inner
        for value in obj:
            out.append(sep)
            _indented(value, pad + step, step, out)
            sep = "," + inner
        out.append("\n" + pad + "]")
    elif isinstance(obj, dict):  # keys other than plain strings: let json convert them
        out.append(json.dumps(obj, ensure_ascii=False, indent=len(step)).replace("\n", "\n" + pad))
    else:
        out.append(_scalar(obj))


def json_document(doc: object, indent: int = 1) -> bytes:
    """``json.dumps(doc, ensure_ascii=False, indent=indent) + "\\n"`` as UTF-8, byte for byte,
    without the pure-Python encoder ``indent`` falls back to (scalars use the C encoder)."""
    out: list[str] = []
    _indented(doc, "", " " * indent, out)
    out.append("\n")
    # encoded piece by piece: one text of a big document is 2 or 4 bytes a character as soon as
    # one piece is outside Latin-1 (the S3 manifest at 100x: +190 MB of peak memory)
    return b"".join([piece.encode("utf-8") for piece in out])


class FileWriter(Protocol):
    """The writer interface the SEO module needs (the build's ``Writer`` satisfies it)."""

    def write(self, rel_path: str, data: bytes) -> object: ...


def file_for(url_path: str, index: str = "index.html") -> str:
    """The decoded file path for a root-relative URL path; folders get ``index``."""
    rel = url_path_to_file(url_path)
    if url_path.split("?", 1)[0].endswith("/"):
        rel = rel[: -len("index.html")] + index
    return rel


@dataclass
class WrittenFiles:
    """What the SEO stage wrote: ``kind -> [rel_path, …]`` plus a digest for reports/tests."""

    by_kind: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, rel_path: str) -> None:
        self.by_kind.setdefault(kind, []).append(rel_path)

    def counts(self) -> dict[str, int]:
        return {kind: len(paths) for kind, paths in sorted(self.by_kind.items())}


@dataclass
class RecordingWriter:
    """Wrap a writer: forward every write and remember its kind and path."""

    inner: FileWriter
    written: WrittenFiles = field(default_factory=WrittenFiles)
    digest: "hashlib._Hash" = field(default_factory=hashlib.sha256)

    def put(self, kind: str, rel_path: str, data: bytes, key: str | None = None) -> None:
        hashed = getattr(self.inner, "write_hashed", None)  # the build's writer: it hashes anyway
        if hashed is not None:
            self._record(kind, rel_path, hashed(rel_path, data, key))
            return
        if key is not None and hasattr(self.inner, "write_keyed"):
            self.inner.write_keyed(rel_path, data, key)
        else:
            self.inner.write(rel_path, data)
        self._record(kind, rel_path, hashlib.sha256(data).hexdigest())

    def put_keyed(self, kind: str, rel_path: str, key: str | None, make: Callable[[], bytes]) -> None:
        """Like :meth:`put`, but when the writer still holds the file it wrote from the same
        inputs (``key``), keep it without calling ``make`` (a writer without ``reuse``, or no
        ``key``, always makes the bytes)."""
        kept = self.inner.reuse(rel_path, key) if key is not None and hasattr(self.inner, "reuse") else None
        if kept is not None:
            self._record(kind, rel_path, kept)
        else:
            self.put(kind, rel_path, make(), key)

    def _record(self, kind: str, rel_path: str, sha256: str) -> None:
        self.written.add(kind, rel_path)
        self.digest.update(rel_path.encode() + b"\0" + sha256.encode() + b"\0")
