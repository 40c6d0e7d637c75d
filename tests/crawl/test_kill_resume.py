"""SIGKILL the real `crawl` command at random moments, resume, and compare the result with
an uninterrupted crawl of the same site: no duplicate, no missing row."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import diff_dumps, logical_dump, rows

REPO = Path(__file__).resolve().parents[2]


def _start(url: str, out: Path) -> subprocess.Popen:
    # a rate limit stretches the crawl (~10 s) so that every kill lands mid-crawl
    cmd = [sys.executable, "-m", "exporter", "crawl", url, "--out", str(out), "--rate", "60",
           "--concurrency", "2", "--quiet"]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def _kill_and_resume(url: str, out: Path, kills: int, seed: int) -> int:
    """Kill ``kills`` times at seeded random moments, then finish; return kills that landed."""
    rng = random.Random(seed)
    landed = 0
    for _ in range(kills):
        proc = _start(url, out)
        time.sleep(rng.uniform(1.2, 3.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            landed += 1
            proc.wait()
        else:  # finished before the kill: it must have finished well
            _, err = proc.communicate()
            assert proc.returncode == 0, err.decode()
    proc = _start(url, out)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return landed


def _check(out: Path, reference: Path) -> None:
    assert rows(out, "SELECT value FROM meta WHERE key='crawl_complete'") == [("1",)]
    assert rows(out, "SELECT count(*) FROM crawl_state") == [(0,)]
    assert diff_dumps(logical_dump(out), logical_dump(reference)) == []


def test_sigkill_three_times_then_resume_equals_clean_crawl(standin_url, crawled_snapshot, tmp_path):
    out = tmp_path / "killed.snapshot"
    landed = _kill_and_resume(standin_url, out, kills=3, seed=20261122)
    assert landed == 3
    _check(out, crawled_snapshot)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_many_times_then_resume_equals_clean_crawl(standin_url, crawled_snapshot, tmp_path, seed):
    out = tmp_path / "killed.snapshot"
    _kill_and_resume(standin_url, out, kills=10, seed=seed)
    _check(out, crawled_snapshot)
