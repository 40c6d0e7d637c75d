"""The fault and kill trial engine, shared by tests/adversarial and bench/bench_trials.py.

* :class:`SwitchApp` — one real uvicorn server on one port whose ASGI app can be swapped
  per trial (with or without faults), so every export sees the same site URL and the
  mirrors can be compared byte for byte.
* :func:`fault_trial` — an in-process ``export`` against a faulty stand-in; on an error, the
  same export again without faults; the result must equal the clean reference.
* :func:`kill_chain` — real ``jetonomy-export`` processes SIGKILLed at seeded random moments of
  one stage (crawl, build, index), restarted each time; the final output must equal the
  reference.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from exporter.errors import ExportError

from ..export.helpers import QUERIES, config_for, diff_digests, file_digests, shim_answers


class SwitchApp:
    """An ASGI app forwarding to ``self.app`` (swapped between trials)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


@dataclass
class Reference:
    """A clean export: its folder, every site file's digest and the shim's answers."""

    root: Path
    site: dict[str, str]
    answers: list[Any]
    seconds: dict[str, float]


def make_reference(url: str, out: Path) -> Reference:
    from exporter.export import export

    report = export(config_for(url, out))
    return Reference(out, file_digests(out / "site"), shim_answers(out / "search_index"), report.seconds)


# -- fault injection ---------------------------------------------------------------------

@dataclass
class FaultOutcome:
    name: str
    faults: dict[str, Any]
    first_run: str  # "completed" or the error class and message
    rerun: str = ""  # "", "completed"
    identical: bool = False
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0


def fault_trial(name: str, faults: Any, switch: SwitchApp, dataset: Any, url: str, out: Path,
                reference: Reference) -> FaultOutcome:
    """One export with ``faults`` (site only; the index is derived from the snapshot alone)."""
    from exporter.export import export
    from exporter.standin import create_app

    started = time.monotonic()
    outcome = FaultOutcome(name, {k: v for k, v in asdict(faults).items() if v}, "completed")
    clean = switch.app
    switch.app = create_app(dataset, faults)
    try:
        export(config_for(url, out, index=False))
    except ExportError as err:
        outcome.first_run = f"{type(err).__name__}: {err.cause}"[:300]
    finally:
        switch.app = clean
    if outcome.first_run != "completed":
        export(config_for(url, out, index=False))
        outcome.rerun = "completed"
    outcome.differences = diff_digests(reference.site, file_digests(out / "site"))[:20]
    outcome.identical = not outcome.differences
    outcome.seconds = round(time.monotonic() - started, 2)
    return outcome


# -- kills -------------------------------------------------------------------------------

@dataclass
class Kill:
    stage: str
    attempt: int
    delay: float
    killed: bool
    intact: bool
    note: str = ""


@dataclass
class ChainOutcome:
    stage: str
    seed: int
    kills: list[Kill] = field(default_factory=list)
    identical: bool = False
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def kill_count(self) -> int:
        return sum(k.killed for k in self.kills)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "exporter", *args]


def _wait_for(path_check: Any, proc: subprocess.Popen, timeout: float = 120) -> bool:
    """Poll until ``path_check()`` is true (the stage has started) or the process ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path_check():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def _kill_at(cmd: list[str], started: Any, delay: float) -> bool:
    """Run ``cmd``; once ``started()`` holds, wait ``delay`` s and SIGKILL it; True if killed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    try:
        if _wait_for(started, proc):
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.005)
        alive = proc.poll() is None
        if alive:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        return alive
    finally:
        if proc.poll() is None:
            proc.kill()


@dataclass
class Stage:
    """How to run one stage as a process, how to see it started, how to check it after a kill."""

    name: str
    command: list[str]
    started: Any
    intact: Any
    estimate: float
    #: Puts back work to do after a run that finished before its kill landed (the machine
    #: was faster than the reference run), so the next attempts still have something to kill.
    reset: Any = None


def kill_chain(stage: Stage, kills: int, seed: int, max_attempts: int | None = None) -> ChainOutcome:
    """SIGKILL ``stage`` ``kills`` times at seeded random moments; then let it finish."""
    rng = random.Random(seed)
    outcome = ChainOutcome(stage.name, seed)
    started = time.monotonic()
    attempt = 0
    while outcome.kill_count < kills and attempt < (max_attempts or kills * 3):
        attempt += 1
        delay = round(rng.uniform(0.0, stage.estimate), 3)
        killed = _kill_at(stage.command, stage.started, delay)
        ok, note = stage.intact()
        outcome.kills.append(Kill(stage.name, attempt, delay, killed, ok, note))
        if not killed and stage.reset is not None:
            stage.reset()
    subprocess.run(stage.command, check=True, stdout=subprocess.DEVNULL, timeout=900)
    outcome.seconds = round(time.monotonic() - started, 2)
    return outcome


def crawl_stage(url: str, root: Path, estimate: float) -> Stage:
    snap = root / "community.snapshot"

    def intact() -> tuple[bool, str]:
        from exporter.snapshot import Snapshot

        try:
            Snapshot.open(snap).close()
        except ExportError as err:
            return not (snap / "snapshot.sqlite").exists(), err.cause
        return True, ""

    return Stage("crawl", _cli("crawl", url, "--out", str(snap), "--rate", "0", "--concurrency", "2",
                               "--quiet"), lambda: (snap / "snapshot.sqlite").exists(), intact, estimate)


def build_stage(root: Path, estimate: float) -> Stage:
    site = root / "site"

    def intact() -> tuple[bool, str]:
        """Atomic writes: every HTML file present is complete."""
        for page in site.rglob("*.html"):
            if not page.read_bytes().rstrip().endswith(b"</html>"):
                return False, f"truncated {page.relative_to(site)}"
        return True, ""

    def reset() -> None:
        """Forget the finished build's manifest: the next run renders every page again."""
        (site / ".jetonomy-build.json").unlink(missing_ok=True)

    return Stage("build", _cli("export", "--offline", "--no-index", "--quiet", "--out", str(root)),
                 lambda: (site / ".jetonomy-build.journal").exists(), intact, estimate, reset)


def index_stage(root: Path, reference: Reference, estimate: float) -> Stage:
    index = root / "search_index"

    def intact() -> tuple[bool, str]:
        """The live generation (a copy of the reference before the chain) still answers."""
        answers = shim_answers(index)
        return answers == reference.answers, "" if answers == reference.answers else "answers differ"

    return Stage("index", _cli("index", str(root / "community.snapshot"), "--out", str(index), "--full"),
                 lambda: any(index.glob(".build-*")), intact, estimate)


def finish_chain(outcome: ChainOutcome, root: Path, reference: Reference) -> ChainOutcome:
    """Complete whatever the chain did not produce (offline), then compare with the reference."""
    if outcome.stage == "crawl":
        from exporter.export import export

        export(config_for("", root, offline=True))
    differences = diff_digests(reference.site, file_digests(root / "site"))
    answers = shim_answers(root / "search_index")
    differences += [f"search answer differs: {QUERIES[i]}" for i, (a, b) in
                    enumerate(zip(answers, reference.answers)) if a != b]
    outcome.differences = differences[:20]
    outcome.identical = not differences
    return outcome


def prepare_chain_root(stage: str, root: Path, reference: Reference) -> None:
    """What each chain starts from: nothing (crawl); the snapshot and index (build: the site
    is made from scratch); snapshot, index and site (index: rebuilt ``--full``, so the live
    generation must survive every kill)."""
    root.mkdir(parents=True)
    if stage in ("build", "index"):
        shutil.copytree(reference.root / "community.snapshot", root / "community.snapshot")
        shutil.copytree(reference.root / "search_index", root / "search_index")
    if stage == "index":
        shutil.copytree(reference.root / "site", root / "site")
