"""SIGKILL at random moments of crawl, build and index (real processes, real HTTP).

Each chain starts a stage as a ``jetonomy-export`` process, kills it with SIGKILL at a
seeded random moment once the stage has visibly started, checks what a kill may leave
(snapshot opens, every HTML file written is complete, the live index still answers), and
starts it again — until the wanted number of kills has landed; then the stage runs to the
end. The final output must equal the uninterrupted reference: every site file byte for byte
(``.jetonomy-build.json`` aside: it records file mtimes), and for the index the shim's
answers to a fixed query set (generation folder names and Whoosh segment names depend on
how many builds ran, so index bytes legitimately differ).

Normal suite: 8 crawl + 6 build + 6 index kills on a small example. ``-m slow``: more kills
on the default example. Outcomes go to ``test-artifacts/kill-trials.json``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from ..export.helpers import write_artifact
from .trials import (build_stage, crawl_stage, finish_chain, index_stage, kill_chain,
                     prepare_chain_root)

KILLS = {"crawl": 8, "build": 6, "index": 6}
SEEDS = {"crawl": 101, "build": 202, "index": 303}
OUTCOMES: list[dict] = []


@pytest.fixture(scope="module", autouse=True)
def report_kills():
    yield
    total = sum(sum(k["killed"] for k in o["kills"]) for o in OUTCOMES)
    write_artifact("kill-trials.json", {"kills": total, "chains": OUTCOMES})


def run_chain(stage_name: str, kills: int, url: str, reference, root: Path) -> dict:
    prepare_chain_root(stage_name, root, reference)
    estimate = {"crawl": 0.8, "build": 0.9, "index": 0.9}[stage_name] * reference.seconds[stage_name]
    stage = {"crawl": lambda: crawl_stage(url, root, estimate),
             "build": lambda: build_stage(root, estimate),
             "index": lambda: index_stage(root, reference, estimate)}[stage_name]()
    outcome = finish_chain(kill_chain(stage, kills, SEEDS[stage_name]), root, reference)
    record = asdict(outcome) | {"kill_count": outcome.kill_count}
    OUTCOMES.append(record)
    return record


@pytest.mark.parametrize("stage", list(KILLS))
def test_kill_chain(stage: str, trial_server, trial_reference, tmp_path: Path):
    _switch, url = trial_server
    record = run_chain(stage, KILLS[stage], url, trial_reference, tmp_path / "export")
    assert record["kill_count"] == KILLS[stage], record["kills"]
    assert all(k["intact"] for k in record["kills"]), [k for k in record["kills"] if not k["intact"]]
    assert record["identical"], record["differences"]


SLOW_KILLS = {"crawl": 15, "build": 12, "index": 12}


@pytest.mark.slow
@pytest.mark.parametrize("stage", list(SLOW_KILLS))
def test_kill_chain_default_example(stage: str, full_server, full_reference, tmp_path: Path):
    """The long version: more kills, on the default example community."""
    _switch, url, _dataset = full_server
    record = run_chain(stage, SLOW_KILLS[stage], url, full_reference, tmp_path / "export")
    assert record["kill_count"] == SLOW_KILLS[stage], record["kills"]
    assert all(k["intact"] for k in record["kills"])
    assert record["identical"], record["differences"]
