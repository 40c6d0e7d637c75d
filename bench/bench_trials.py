"""Fault-injection and kill trials, the long version (not a test): prints a table of outcomes.

    python bench/bench_trials.py [--scale 1.0] [--fault-seeds 3] [--kills 20] [--json FILE]

Every fault kind of tests/adversarial/test_faults.py runs with each seed; then crawl, build
and index are each SIGKILLed ``--kills`` times at seeded random moments and restarted.
A trial passes when its final mirror equals the clean reference byte for byte (and the
index answers a fixed query set identically).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporter.examplegen import ensure_example  # noqa: E402
from exporter.standin import create_app, load_dataset, serve_in_thread  # noqa: E402
from tests.adversarial.test_faults import TRIALS  # noqa: E402
from tests.adversarial.trials import (SwitchApp, build_stage, crawl_stage, fault_trial,  # noqa: E402
                                      finish_chain, index_stage, kill_chain, make_reference,
                                      prepare_chain_root)


def run_faults(switch: SwitchApp, dataset, url: str, reference, work: Path, seeds: int) -> list[dict]:
    rows = []
    for seed in range(1, seeds + 1):
        for name, faults in TRIALS.items():
            out = work / f"fault-{seed}-{len(rows)}"
            outcome = fault_trial(f"{name} #{seed}", dataclasses.replace(faults, seed=seed * 100 + len(rows)),
                                  switch, dataset, url, out, reference)
            rows.append(dataclasses.asdict(outcome))
    return rows


def run_kills(url: str, reference, work: Path, kills: int) -> list[dict]:
    rows = []
    for i, name in enumerate(("crawl", "build", "index")):
        root = work / f"kill-{name}"
        prepare_chain_root(name, root, reference)
        estimate = 0.85 * reference.seconds[name]
        stage = {"crawl": lambda: crawl_stage(url, root, estimate),
                 "build": lambda: build_stage(root, estimate),
                 "index": lambda: index_stage(root, reference, estimate)}[name]()
        outcome = finish_chain(kill_chain(stage, kills, 1000 + i), root, reference)
        rows.append(dataclasses.asdict(outcome) | {"kill_count": outcome.kill_count})
    return rows


def table(faults: list[dict], kills: list[dict]) -> Table:
    t = Table(title="fault and kill trials")
    for column in ("trial", "first run / kills", "rerun", "identical", "seconds"):
        t.add_column(column)
    for f in faults:
        t.add_row(f["name"], f["first_run"][:70], f["rerun"] or "-", "yes" if f["identical"] else "[red]NO",
                  f"{f['seconds']:.1f}")
    for k in kills:
        intact = sum(x["intact"] for x in k["kills"])
        t.add_row(f"SIGKILL {k['stage']}", f"{k['kill_count']} kills ({intact} left intact state)", "completed",
                  "yes" if k["identical"] else "[red]NO", f"{k['seconds']:.1f}")
    return t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--fault-seeds", type=int, default=3)
    parser.add_argument("--kills", type=int, default=20, help="kills per stage")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-trials-") as tmp:
        work = Path(tmp)
        dataset = load_dataset(ensure_example(scale=args.scale, root=work / "example"))
        switch = SwitchApp(create_app(dataset))
        with serve_in_thread(switch) as url:
            reference = make_reference(url, work / "reference")
            faults = run_faults(switch, dataset, url, reference, work, args.fault_seeds)
            kills = run_kills(url, reference, work, args.kills)
    Console().print(table(faults, kills))
    ok = all(f["identical"] for f in faults) and all(k["identical"] for k in kills)
    Console().print(f"{len(faults)} fault trials, {sum(k['kill_count'] for k in kills)} kills, "
                    f"{'all identical' if ok else 'FAILURES'} in {time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"faults": faults, "kills": kills}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
