"""``archive --check``: every member's size and sha256 against ``MANIFEST.json``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .contents import FORMAT, MANIFEST_NAME
from .errors import ArchiveError
from .read import ArchiveReader, Entry


@dataclass
class CheckReport:
    """Result of checking one archive; ``ok`` when nothing is wrong."""

    path: Path
    prefix: str = ""
    manifest: dict = field(default_factory=dict)
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows(self) -> list[tuple[str, str]]:
        info = self.manifest.get("created_from", {})
        return [("archive", str(self.path)), ("tool version", str(self.manifest.get("tool_version"))),
                ("created from", f"{info.get('folder', '?')} ({info.get('site_url', '?')})"),
                ("files in manifest", str(len(self.manifest.get("files", [])))),
                ("files checked", str(self.checked)), ("problems", str(len(self.problems)))]


def stream_sha256(fh: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for block in iter(lambda: fh.read(1 << 20), b""):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def split_prefix(entries: list[Entry]) -> str:
    """The one top folder every member is under (``MANIFEST.json`` is at its root)."""
    manifests = [e.name for e in entries if e.name.rsplit("/", 1)[-1] == MANIFEST_NAME
                 and e.name.count("/") <= 1]
    if not manifests:
        raise ArchiveError("no MANIFEST.json in the archive", "this is not a jetonomy-export archive")
    return manifests[0].rsplit("/", 1)[0] if "/" in manifests[0] else ""


def read_manifest(reader: ArchiveReader, entries: list[Entry], prefix: str) -> dict:
    name = f"{prefix}/{MANIFEST_NAME}" if prefix else MANIFEST_NAME
    entry = next(e for e in entries if e.name == name)
    with reader.open(entry) as fh:
        try:
            data = json.loads(fh.read().decode("utf-8"))
        except ValueError as exc:
            raise ArchiveError(f"MANIFEST.json is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), list):
        raise ArchiveError("MANIFEST.json is not a jetonomy-export archive manifest")
    return data


def check_archive(path: str | Path) -> CheckReport:
    """Verify every checksum; the report lists missing, extra and damaged files."""
    report = CheckReport(Path(path))
    with ArchiveReader(Path(path)) as reader:
        entries = reader.entries()
        report.prefix = split_prefix(entries)
        report.manifest = read_manifest(reader, entries, report.prefix)
        expected = {f["path"]: f for f in report.manifest["files"]}
        strip = len(report.prefix) + 1 if report.prefix else 0
        seen: set[str] = set()
        for entry in entries:
            rel = entry.name[strip:]
            if entry.is_dir or rel == MANIFEST_NAME:
                continue
            seen.add(rel)
            want = expected.get(rel)
            if want is None:
                report.problems.append(f"{rel}: not in the manifest")
                continue
            with reader.open(entry) as fh:
                sha, size = stream_sha256(fh)
            report.checked += 1
            if sha != want["sha256"] or size != want["size"]:
                report.problems.append(f"{rel}: checksum or size differs from the manifest")
        report.problems += [f"{rel}: in the manifest but not in the archive"
                            for rel in sorted(set(expected) - seen)]
    return report
