"""The ``standin`` command: option parsing and error mapping (serving itself is tested above)."""

from __future__ import annotations

from click.testing import CliRunner

from exporter.cli import cli


def test_help_lists_fault_options() -> None:
    result = CliRunner().invoke(cli, ["standin", "--help"])
    assert result.exit_code == 0
    for option in ("--dataset", "--latency", "--fail-429", "--fail-503", "--drop", "--truncate", "--wall-after"):
        assert option in result.output


def test_bad_fault_fractions_are_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["standin", "--fail-429", "0.8", "--drop", "0.5"])
    assert result.exit_code == 2 and "invalid fault options" in result.output


def test_missing_dataset_file_is_reported(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["standin", "--dataset", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "dataset file not found" in result.output
