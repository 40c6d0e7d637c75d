"""`jetonomy-export example`: write the deterministic example community and show its counts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..errors import UsageError


def _counts_table(manifest: dict) -> Table:
    counts = manifest["counts"]
    table = Table(title=f"Example community → {manifest['dataset']}")
    table.add_column("kind")
    table.add_column("public", justify="right")
    table.add_column("non-public", justify="right")
    table.add_column("total", justify="right")
    for kind, total in counts["total"].items():
        table.add_row(kind, str(counts["public"].get(kind, "")),
                      str(counts["non_public"].get(kind, "")), str(total))
    return table


def register(group: click.Group) -> None:
    """Add the ``example`` command to ``group``."""

    @group.command("example")
    @click.option("--scale", type=float, default=1.0, show_default=True,
                  help="Multiply posts, replies and users (10 ≈ 4k posts, 100 ≈ 40k posts).")
    @click.option("--seed", type=int, default=1337, show_default=True, help="Random seed.")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=None, help="Output folder [default: examples/generated].")
    @click.option("--pro", is_flag=True, help="Turn on Pro reactions, polls and announcements.")
    def example(scale: float, seed: int, out_dir: Path | None, pro: bool) -> None:
        """Write the example community dataset (and its manifest) for the stand-in server."""
        from ..examplegen import DEFAULT_ROOT, manifest_path, write_example

        if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"--out {out_dir} is not a folder")
        path = write_example(out_dir or DEFAULT_ROOT, seed=seed, scale=scale, pro=pro)
        manifest = json.loads(manifest_path(path).read_text("utf-8"))
        console = Console()
        console.print(_counts_table(manifest))
        console.print(f"dataset:  {path}\nmanifest: {manifest_path(path)}")
