"""Fixtures of the SEO tests: the SEO files of the sample snapshot, and a full mirror."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.seo import SeoOptions, SeoReport, write_seo_files
from exporter.snapshot import Snapshot

CANONICAL = "https://mirror.example"


class DirWriter:
    """A minimal writer into a folder (the build's Writer is tested by the build's tests)."""

    def __init__(self, root: Path):
        self.root = root
        self.paths: list[str] = []

    def write(self, rel_path: str, data: bytes) -> None:
        assert rel_path not in self.paths, f"written twice: {rel_path}"
        target = self.root / rel_path
        assert target.resolve().is_relative_to(self.root.resolve())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.paths.append(rel_path)


@pytest.fixture(scope="session")
def seo_out(tmp_path_factory, sample_snapshot: Path) -> tuple[Path, SeoReport]:
    """SEO files of the sample snapshot written straight to a folder (no renderer)."""
    root = tmp_path_factory.mktemp("seo-out")
    with Snapshot.open(sample_snapshot) as snap:
        report = write_seo_files(snap, DirWriter(root), SeoOptions(canonical_base=CANONICAL))
    return root, report


@pytest.fixture(scope="session")
def seo_mirror(tmp_path_factory, sample_snapshot: Path) -> Path:
    """A full mirror of the sample snapshot built by the renderer (SEO hooks included)."""
    from exporter.build import BuildOptions, build_site

    out = tmp_path_factory.mktemp("seo-mirror") / "site"
    build_site(sample_snapshot, out, BuildOptions(canonical_base=CANONICAL))
    return out
