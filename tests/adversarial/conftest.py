"""Fixtures of the adversarial suite.

* ``trial_dataset`` / ``trial_server`` / ``trial_reference``: a small example (scale 0.1)
  on one switchable stand-in port, and a clean export of it (the reference of every fault
  and kill trial).
* ``example_export``: the default example exported once (shared with tests/export).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..export.helpers import cached_export
from .trials import Reference, SwitchApp, make_reference

TRIAL_SCALE = 0.1


@pytest.fixture(scope="session")
def example_export(standin_url: str, tmp_path_factory) -> Path:
    return cached_export("example", standin_url, tmp_path_factory.mktemp("example-export") / "export")


@pytest.fixture(scope="session")
def trial_dataset(tmp_path_factory):
    from exporter.examplegen import ensure_example
    from exporter.standin import load_dataset

    return load_dataset(ensure_example(scale=TRIAL_SCALE, root=tmp_path_factory.mktemp("trial-example")))


@pytest.fixture(scope="session")
def trial_server(trial_dataset):
    """``(switch, url)``: one real server; tests swap ``switch.app`` (faults) per trial."""
    from exporter.standin import create_app, serve_in_thread

    switch = SwitchApp(create_app(trial_dataset))
    with serve_in_thread(switch) as url:
        yield switch, url


@pytest.fixture(scope="session")
def trial_reference(trial_server, tmp_path_factory) -> Reference:
    _switch, url = trial_server
    return make_reference(url, tmp_path_factory.mktemp("trial-reference") / "export")


@pytest.fixture(scope="session")
def full_server(example_dataset: Path):
    """The default example on a switchable server (slow trials)."""
    from exporter.standin import create_app, load_dataset, serve_in_thread

    dataset = load_dataset(example_dataset)
    switch = SwitchApp(create_app(dataset))
    with serve_in_thread(switch) as url:
        yield switch, url, dataset


@pytest.fixture(scope="session")
def full_reference(full_server, tmp_path_factory) -> Reference:
    _switch, url, _dataset = full_server
    return make_reference(url, tmp_path_factory.mktemp("full-reference") / "export")
