"""Fault injection on the stand-in during a full export.

Each trial either completes with a mirror identical to the clean reference (every file's
bytes), or stops with a clear error and, run again without faults, completes identically.
Outcomes go to ``test-artifacts/fault-trials.json``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from exporter.standin import FaultConfig

from ..export.helpers import write_artifact
from .trials import fault_trial

TRIALS = {
    "latency": FaultConfig(seed=1, latency=0.01, jitter=0.02),
    "429 retry-after": FaultConfig(seed=2, fail_429=0.08, retry_after=1),
    "503 retry-after": FaultConfig(seed=3, fail_503=0.08, retry_after=1),
    "dropped connections": FaultConfig(seed=4, drop=0.08),
    "truncated bodies (short)": FaultConfig(seed=5, truncate=0.08, truncate_mode="short"),
    # Valid HTTP, JSON cut short. Limited to the API: a cut *image* with a matching
    # Content-Length is indistinguishable from a different image (it would be stored as such).
    "truncated JSON (cut)": FaultConfig(seed=6, truncate=0.08, truncate_mode="cut", path_regex="^/wp-json/"),
    "403 wall": FaultConfig(seed=7, wall_after=60),
    "everything at once": FaultConfig(seed=8, latency=0.005, fail_429=0.03, fail_503=0.03, drop=0.03,
                                      truncate=0.03, retry_after=1),
}
OUTCOMES: list[dict] = []


@pytest.fixture(scope="module", autouse=True)
def report_trials():
    yield
    write_artifact("fault-trials.json", {"trials": len(OUTCOMES), "outcomes": OUTCOMES})


@pytest.mark.parametrize("name", list(TRIALS))
def test_fault_trial(name: str, trial_server, trial_dataset, trial_reference, tmp_path: Path):
    switch, url = trial_server
    outcome = fault_trial(name, TRIALS[name], switch, trial_dataset, url, tmp_path / "export",
                          trial_reference)
    OUTCOMES.append(asdict(outcome))
    assert outcome.identical, outcome.differences
    if name == "403 wall":
        assert outcome.first_run.startswith("AccessWallError"), outcome.first_run
    if name == "latency":
        assert outcome.first_run == "completed"
    if outcome.first_run != "completed":
        assert outcome.rerun == "completed"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.parametrize("name", list(TRIALS))
def test_fault_sweep_default_example(name: str, seed: int, full_server, full_reference, tmp_path: Path):
    """The long version: every fault kind with more seeds, on the default example."""
    import dataclasses

    switch, url, dataset = full_server
    faults = dataclasses.replace(TRIALS[name], seed=seed)
    outcome = fault_trial(f"{name} (seed {seed})", faults, switch, dataset, url, tmp_path / "export",
                          full_reference)
    OUTCOMES.append(asdict(outcome))
    assert outcome.identical, outcome.differences
