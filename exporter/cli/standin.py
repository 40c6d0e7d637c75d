"""``jetonomy-export standin``: serve a dataset as a stand-in Jetonomy site until Ctrl-C."""

from __future__ import annotations

import threading
from pathlib import Path

import click


def _serve(dataset: Path | None, host: str, port: int, faults: dict) -> None:
    """Load (or generate) the dataset, start the server, print the URL, wait for Ctrl-C."""
    from ..errors import ConfigError
    from ..standin import FaultConfig, create_app, load_dataset, serve_in_thread

    try:
        config = FaultConfig(**faults) if any(v for v in faults.values()) else None
    except ValueError as exc:
        raise ConfigError(f"invalid fault options: {exc}") from exc
    if dataset is None:
        from ..examplegen import ensure_example

        dataset = ensure_example()
    app = create_app(load_dataset(dataset), config)
    with serve_in_thread(app, host=host, port=port) as url:
        click.echo(f"Stand-in Jetonomy serving {dataset} at {url}  (Ctrl-C to stop)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopped")


def register(group: click.Group) -> None:
    """Add the ``standin`` command to the CLI group."""

    @group.command("standin")
    @click.option("--dataset", type=click.Path(path_type=Path), default=None,
                  help="dataset file (.json/.json.gz); default: the example community")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", type=int, default=0, show_default=True, help="0 = a free port")
    @click.option("--latency", type=float, default=0.0, help="seconds added to every answer")
    @click.option("--jitter", type=float, default=0.0, help="random extra latency, seconds")
    @click.option("--fail-429", "fail_429", type=float, default=0.0, help="fraction answered 429")
    @click.option("--fail-503", "fail_503", type=float, default=0.0, help="fraction answered 503")
    @click.option("--drop", type=float, default=0.0, help="fraction of dropped connections")
    @click.option("--truncate", type=float, default=0.0, help="fraction of truncated bodies")
    @click.option("--wall-after", "wall_after", type=int, default=None,
                  help="answer 403 to content routes after N requests")
    @click.option("--seed", type=int, default=0, show_default=True, help="fault seed")
    def standin(dataset: Path | None, host: str, port: int, seed: int, **faults: float) -> None:
        """Serve a stand-in Jetonomy 1.9.3 site over HTTP."""
        if any(v for v in faults.values()):
            faults["seed"] = seed
        _serve(dataset, host, port, faults)
