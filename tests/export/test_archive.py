"""``archive``: one deterministic, checksummed file; safe to unpack; usable offline."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from exporter.archive import (ArchiveError, UnsafeArchiveError, check_archive, extract_archive,
                              write_archive)

from .helpers import diff_digests, file_digests, shim_answers


@pytest.fixture(scope="session")
def example_archive(example_export: Path, tmp_path_factory) -> Path:
    return write_archive(example_export, tmp_path_factory.mktemp("archive") / "community-2026-01-01.tar.gz").path


@pytest.mark.parametrize("ext", ["tar.gz", "zip"])
def test_same_folder_same_bytes(small_export: Path, tmp_path: Path, ext: str):
    first = write_archive(small_export, tmp_path / f"a/community.{ext}")
    second = write_archive(small_export, tmp_path / f"b/community.{ext}")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.files > 100 and first.format == ext
    assert check_archive(first.path).ok
    assert not list((tmp_path / "a").glob(".*tmp*")), "temp file left behind"


def test_manifest_lists_every_file_with_checksums(example_archive: Path, example_export: Path):
    with tarfile.open(example_archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(names[0]).read())
        infos = tar.getmembers()
    assert names[0] == "community-2026-01-01/MANIFEST.json"
    assert manifest["tool_version"] and manifest["created_from"]["folder"] == example_export.name
    listed = {f["path"] for f in manifest["files"]}
    assert {p.split("/", 1)[1] for p in names[1:]} == listed
    assert any(p.startswith("site/") for p in listed) and any(p.startswith("search_index/gen-") for p in listed)
    assert "community.snapshot/snapshot.sqlite" in listed and "export.json" in listed
    assert any(p.startswith("community.snapshot/media/") for p in listed)
    assert all(i.mtime == infos[0].mtime and i.uid == 0 and i.uname == "" for i in infos)
    assert names[1:] == sorted(names[1:])


def test_check_reports_a_damaged_member(small_export: Path, tmp_path: Path):
    good = write_archive(small_export, tmp_path / "good.zip").path
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("site/robots.txt"):
                data += b"\nDisallow: /tampered\n"
            dst.writestr(info, data)
    report = check_archive(bad)
    assert not report.ok
    assert report.problems == ["site/robots.txt: checksum or size differs from the manifest"]
    with pytest.raises(ArchiveError, match="checksum"):
        extract_archive(bad, tmp_path / "out")


def _tar_with(tmp_path: Path, member: tarfile.TarInfo, data: bytes = b"x") -> Path:
    path = tmp_path / "evil.tar.gz"
    manifest = json.dumps({"format": "jetonomy-export-archive", "files": []}).encode()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("x/MANIFEST.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        if member.isreg():
            member.size = len(data)
        tar.addfile(member, io.BytesIO(data) if member.isreg() else None)
    return path


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


@pytest.mark.parametrize("member", [
    _member("/etc/evil"), _member("x/../../evil"), _member("../evil"), _member("x/a/../../../b"),
    _member("C:/evil"), _member("x\\..\\evil"),
    _member("x/link", tarfile.SYMTYPE, "/etc/passwd"), _member("x/hard", tarfile.LNKTYPE, "x/MANIFEST.json"),
    _member("x/dev", tarfile.CHRTYPE), _member("x/blk", tarfile.BLKTYPE), _member("x/fifo", tarfile.FIFOTYPE),
], ids=lambda m: m.name)
def test_unsafe_tar_members_refused_before_writing(tmp_path: Path, member: tarfile.TarInfo):
    evil = _tar_with(tmp_path, member)
    dest = tmp_path / "dest"
    with pytest.raises(UnsafeArchiveError):
        extract_archive(evil, dest)
    assert not dest.exists() or not any(dest.rglob("*"))
    assert not (tmp_path / "evil").exists()


@pytest.mark.parametrize("name, mode", [("../evil", 0o100644), ("/abs", 0o100644),
                                        ("x/link", 0o120777), ("x/dev", 0o020644)])
def test_unsafe_zip_members_refused(tmp_path: Path, name: str, mode: int):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("x/MANIFEST.json", json.dumps({"format": "jetonomy-export-archive", "files": []}))
        info = zipfile.ZipInfo(name)
        info.external_attr = mode << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError):
        extract_archive(evil, tmp_path / "dest")
    assert not (tmp_path / "evil").exists() and not Path("/abs").exists()


def test_extract_refuses_to_write_through_a_symlink(small_export: Path, tmp_path: Path):
    archive = write_archive(small_export, tmp_path / "c.tar.gz").path
    dest = tmp_path / "dest"
    (dest / "c").mkdir(parents=True)
    (dest / "c" / "site").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(UnsafeArchiveError):
        extract_archive(archive, dest)
    assert not (tmp_path / "elsewhere").exists()


def _offline_env() -> dict[str, str]:
    """Any HTTP request would go to a dead proxy and fail: proves nothing needs the network."""
    dead = "http://127.0.0.1:9"
    return {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "ALL_PROXY": dead, "NO_PROXY": ""}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unpacked_archive_rebuilds_offline_identically(example_archive: Path, example_export: Path,
                                                       tmp_path: Path):
    root = extract_archive(example_archive, tmp_path / "unpacked")
    original = file_digests(root / "site")
    shutil.rmtree(root / "site")
    subprocess.run([sys.executable, "-m", "exporter", "export", "--offline", "--no-index", "--quiet",
                    "--out", str(root)], check=True, env=_offline_env(), timeout=600)
    assert diff_digests(original, file_digests(root / "site")) == []
    assert shim_answers(root / "search_index") == shim_answers(example_export / "search_index")


def test_unpacked_archive_serves_offline(example_archive: Path, tmp_path: Path):
    root = extract_archive(example_archive, tmp_path / "unpacked")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "exporter", "serve", str(root / "site"),
                             "--port", str(port)], env=_offline_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(trust_env=False, timeout=10) as client:
            home = _wait_for(client, f"{base}/community/")
            assert home.status_code == 200 and "<html" in home.text
            answer = client.get(f"{base}/wp-json/jetonomy/v1/search", params={"q": "cache"})
            assert answer.status_code == 200 and answer.json()["meta"]["total"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for(client: httpx.Client, url: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return client.get(url)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
