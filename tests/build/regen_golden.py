"""Rewrite ``tests/build/golden/`` from a fresh build of the sample snapshot.

Usage: ``python -m tests.build.regen_golden``
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from exporter.build import BuildOptions, build_site
from tests.conftest import SAMPLES
from tests.fixtures.sample_snapshot import build_sample_snapshot

from .golden import GOLDEN_DIR, regenerate


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        snap = build_sample_snapshot(SAMPLES, Path(tmp) / "sample.snapshot")
        out = Path(tmp) / "site"
        build_site(snap, out, BuildOptions())
        names = regenerate(out)
    print(f"wrote {len(names)} golden pages to {GOLDEN_DIR}")


if __name__ == "__main__":
    main()
