"""Refuse to mix audiences in one folder: a members/staff build never overwrites a public
mirror (it would publish non-public content wherever the public mirror is synced), and a
public build never silently replaces a members/staff copy, unless ``force`` is given."""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildError
from .manifest import Manifest
from .options import BuildOptions


def check_audience(out: Path, previous: Manifest, options: BuildOptions) -> None:
    """Raise :class:`BuildError` when ``out`` holds a mirror built for another audience."""
    wanted = options.audience.value
    found = previous.audience or ("public" if previous.entries else None)
    if found is None or found == wanted or options.force:
        return
    raise BuildError(
        f"{out} holds a {found} mirror (see its .jetonomy-build.json); refusing to overwrite it "
        f"with a {wanted} build",
        f"build the {wanted} copy into another folder, or pass --force to replace the {found} mirror")
