"""Media files the stand-in serves: tiny valid PNGs and PDFs, built byte-for-byte.

The PNG's deflate stream uses *stored* blocks written by hand, so the bytes never depend on
the zlib build (zlib vs zlib-ng): same index → same file everywhere.
"""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass, field

_PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _stored_zlib(raw: bytes) -> bytes:
    """A zlib stream of uncompressed deflate blocks (deterministic by construction)."""
    out = bytearray(b"\x78\x01")
    blocks = [raw[i:i + 65535] for i in range(0, len(raw), 65535)] or [b""]
    for n, block in enumerate(blocks):
        final = 1 if n == len(blocks) - 1 else 0
        out += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF) + block
    out += struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    return bytes(out)


def make_png(index: int, width: int = 64, height: int = 48) -> bytes:
    """An RGB PNG with a two-colour diagonal pattern derived from ``index``."""
    base = bytes(((index * 97) % 256, (index * 57 + 80) % 256, (index * 31 + 160) % 256))
    alt = bytes(255 - c for c in base)
    stripe = (alt * 8 + base * 8) * (width // 16 + 2)
    rows = [b"\x00" + stripe[3 * (y % 16):3 * (y % 16 + width)] for y in range(height)]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (_PNG_SIG + _chunk(b"IHDR", header) + _chunk(b"IDAT", _stored_zlib(b"".join(rows)))
            + _chunk(b"IEND", b""))


def make_pdf(title: str) -> bytes:
    """A one-page PDF 1.4 showing ``title`` (ASCII only), with a correct xref table."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


@dataclass
class MediaLibrary:
    """Collects media rows (``path``, ``mime``, ``data_b64``) and attachment objects."""

    items: dict[str, dict] = field(default_factory=dict)
    _next_media_id: int = 4800
    _next_link_id: int = 1
    _png_index: int = 0

    def add(self, path: str, mime: str, data: bytes) -> str:
        """Register a file under ``wp-content/...``; return its ``{home}`` URL."""
        if path not in self.items:
            self.items[path] = {"path": path, "mime": mime,
                                "data_b64": base64.b64encode(data).decode("ascii")}
        return "{home}/" + path

    def png(self, path: str, width: int = 64, height: int = 48) -> str:
        """Add a new deterministic PNG at ``path``; return its URL."""
        self._png_index += 1
        return self.add(path, "image/png", make_png(self._png_index, width, height))

    def attachment(self, path: str, kind: str, label: str) -> dict:
        """Create a file plus its §3.7 attachment object (``kind`` = image | pdf)."""
        name = path.rsplit("/", 1)[-1]
        thumb = ""
        if kind == "image":
            url = self.png(path, 120, 90)
            thumb = self.png(path.replace(".png", "-300x225.png"), 60, 45)
            mime, ext = "image/png", "PNG"
        else:
            url = self.add(path, "application/pdf", make_pdf(label))
            mime, ext = "application/pdf", "PDF"
        size = len(base64.b64decode(self.items[path]["data_b64"]))
        self._next_media_id += 1
        self._next_link_id += 1
        return {"id": self._next_media_id, "link_id": self._next_link_id - 1, "url": url,
                "thumb": thumb, "mime": mime, "name": name, "size": size, "type": kind,
                "ext": ext, "is_image": kind == "image"}

    def rows(self) -> list[dict]:
        """Media rows sorted by path (stable order)."""
        return [self.items[k] for k in sorted(self.items)]
