"""Deterministic example community generator (writes docs/dataset-format.md datasets).

Public API::

    generate(seed=1337, scale=1.0, pro=False) -> dict
    generate_with_manifest(seed=1337, scale=1.0, pro=False) -> (dict, dict)
    write_example(out_dir, seed=1337, scale=1.0, pro=False) -> Path
    ensure_example(scale=1.0, root=None, pro=False) -> Path
    manifest_path(dataset_path) -> Path
    sanitize_title(text) -> str        # WordPress slug rule, handy for tests
"""

from __future__ import annotations

from .io import (DEFAULT_ROOT, DEFAULT_SEED, dataset_name, ensure_example,
                 generate_with_manifest, manifest_path, write_example)
from .manifest import GENERATOR_VERSION
from .slugs import sanitize_title

__all__ = ["DEFAULT_ROOT", "DEFAULT_SEED", "GENERATOR_VERSION", "dataset_name",
           "ensure_example", "generate", "generate_with_manifest", "manifest_path",
           "sanitize_title", "write_example"]


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0, pro: bool = False) -> dict:
    """The example community as a dataset dict (docs/dataset-format.md)."""
    from .community import build
    from .io import check_options

    check_options(seed, scale)
    return build(seed, scale, pro)
