"""A SIGKILLed `index` run leaves the previous index live and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from search_index import SearchIndex, build_index, search
from tests.conftest import REPO


def _answer(index_dir: Path) -> tuple:
    with SearchIndex.open(index_dir) as index:
        status, _h, body = search(index, {"q": "cache", "sort": "newest", "limit": "50"})
    return status, body["meta"]["total"], [row["id"] for row in body["data"]]


def _wait_for_build_dir(root: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        builds = list(root.glob(".build-*"))
        if builds and any(p.suffix == ".seg" or p.name.endswith(".sqlite") for p in builds[0].iterdir()):
            return
        time.sleep(0.02)
    raise AssertionError("the index run never reached the writing phase")


def test_sigkill_mid_build_keeps_previous_index(example_snapshot: Path, tmp_path: Path):
    out = tmp_path / "idx"
    first = build_index(example_snapshot, out)
    before = _answer(out)
    assert before[0] == 200 and before[1] > 0
    proc = subprocess.Popen([sys.executable, "-m", "exporter", "index", str(example_snapshot),
                             "--out", str(out), "--full"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_build_dir(out, proc)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert (out / "CURRENT").read_text().strip() == first.generation.name
    assert _answer(out) == before
    again = build_index(example_snapshot, out)
    assert again.mode == "unchanged" and not list(out.glob(".build-*"))
    assert _answer(out) == before
