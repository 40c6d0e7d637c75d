"""Generated media are valid files and every local URL the data uses is served."""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib

from exporter.examplegen.media import make_pdf, make_png


def _png_chunks(blob: bytes):
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    while pos < len(blob):
        (size,) = struct.unpack(">I", blob[pos:pos + 4])
        kind, body = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + size]
        (crc,) = struct.unpack(">I", blob[pos + 8 + size:pos + 12 + size])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        yield kind, body
        pos += 12 + size


def test_png_decodes_to_the_right_size():
    chunks = dict(_png_chunks(make_png(3, 20, 10)))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width, height) == (20, 10)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
    assert make_png(3, 20, 10) == make_png(3, 20, 10) != make_png(4, 20, 10)


def test_pdf_xref_offsets_point_at_objects():
    pdf = make_pdf("Report (1)")
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref")
    offsets = re.findall(rb"(\d{10}) 00000 n", pdf)
    for n, off in enumerate(offsets, start=1):
        assert pdf[int(off):].startswith(f"{n} 0 obj".encode())


def test_every_local_url_is_in_media(data):
    served = {"{home}/" + m["path"] for m in data["media"]}
    text = json.dumps({k: v for k, v in data.items() if k != "media"}, ensure_ascii=False)
    used = set(re.findall(r"\{home\}/wp-content/[^\"'\s)<\\]+", text))
    assert used and used <= served
    for item in data["media"]:
        blob = base64.b64decode(item["data_b64"])
        assert blob[:4] in (b"\x89PNG", b"%PDF")
        assert item["mime"] == ("image/png" if blob[:4] == b"\x89PNG" else "application/pdf")


def test_attachment_sizes_match_files(data):
    files = {"{home}/" + m["path"]: base64.b64decode(m["data_b64"]) for m in data["media"]}
    attachments = [a for p in data["posts"] for a in p["attachments"]]
    attachments += [a for r in data["replies"] for a in r["attachments"]]
    assert attachments
    for att in attachments:
        assert att["size"] == len(files[att["url"]])
        assert att["is_image"] == (att["type"] == "image")
        assert not att["thumb"] or att["thumb"] in files
