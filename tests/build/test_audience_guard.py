"""A build for one audience never silently replaces a mirror built for another (unless forced)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.build.manifest import MANIFEST_NAME
from exporter.errors import BuildError
from exporter.snapshot import Audience


def test_members_build_refuses_a_public_mirror_folder_unless_forced(sample_snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(sample_snapshot, out, BuildOptions(static_search=False))
    before = (out / "community" / "index.html").read_bytes()
    with pytest.raises(BuildError) as err:
        build_site(sample_snapshot, out, BuildOptions(audience=Audience.MEMBERS, static_search=False))
    assert "holds a public mirror" in str(err.value) and "--force" in (err.value.fix or "")
    assert (out / "community" / "index.html").read_bytes() == before  # nothing was touched
    build_site(sample_snapshot, out, BuildOptions(audience=Audience.MEMBERS, static_search=False, force=True))
    assert json.loads((out / MANIFEST_NAME).read_text("utf-8"))["audience"] == "members"
    with pytest.raises(BuildError, match="holds a members mirror"):
        build_site(sample_snapshot, out, BuildOptions(static_search=False))


def test_cli_reports_the_refusal(sample_snapshot: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from exporter.cli import cli

    out = tmp_path / "out"
    build_site(sample_snapshot, out, BuildOptions(audience=Audience.STAFF, static_search=False))
    result = CliRunner().invoke(cli, ["build", str(sample_snapshot), "--out", str(out), "--quiet",
                                       "--no-static-search"])
    assert result.exit_code != 0 and "holds a staff mirror" in result.output
