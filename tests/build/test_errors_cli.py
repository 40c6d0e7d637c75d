"""Bad input gets a clear error and leaves the previous mirror alone; the CLI is a thin shell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.build import BuildOptions, build_site
from exporter.cli import cli
from exporter.errors import BuildError, ConfigError, SnapshotError, SnapshotVersionError

from .tiny import make_snapshot, post, space


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    return make_snapshot(tmp_path / "t.snapshot", [space(1, "general")], [post(1, 1, "hello")])


def test_missing_snapshot(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no snapshot"):
        build_site(tmp_path / "nope", tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_corrupt_snapshot(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "snapshot.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SnapshotError):
        build_site(tmp_path / "bad", tmp_path / "out")


def test_newer_snapshot_format(tiny: Path, tmp_path: Path) -> None:
    with sqlite3.connect(tiny / "snapshot.sqlite") as db:
        db.execute("UPDATE meta SET value='99' WHERE key='format_version'")
    with pytest.raises(SnapshotVersionError, match="newer"):
        build_site(tiny, tmp_path / "out")


def test_unwritable_output(tiny: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(BuildError, match="output folder"):
        build_site(tiny, tmp_path / "file" / "out")


def test_bad_options(tiny: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        build_site(tiny, tmp_path / "out", BuildOptions(canonical_base="ftp://x"))
    with pytest.raises(ConfigError):
        build_site(tiny, tmp_path / "out", BuildOptions(theme=tmp_path / "no-theme"))


def test_failed_build_keeps_previous_mirror(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(tiny, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(SnapshotError):
        build_site(tmp_path / "missing", out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_cli_build_prints_where_and_how(tiny: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tiny), "--out", str(tmp_path / "site"), "--base-url",
                                      "https://mirror.example"])
    assert result.exit_code == 0, result.output
    assert "Mirror:" in result.output and "http.server" in result.output
    page = (tmp_path / "site/community/s/general/t/hello/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://mirror.example/community/s/general/t/hello/">' in page


def test_cli_reports_errors_with_a_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "none"), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 1
    assert "no snapshot" in result.output and "fix:" in result.output
