"""Compiled templates kept between builds (exporter/build/template_cache.py): the same code as a
fresh compile, used only in a private folder, and any damage only costs a compile."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from exporter.build import template_cache
from exporter.build.themes import Theme


@pytest.fixture()
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(template_cache.ENV_VAR, str(root))
    return root


def _code(theme: Theme) -> dict[str, bytes]:
    """Each page template's compiled render function (what a cached load must reproduce)."""
    return {name: t.root_render_func.__code__.co_code for name, t in sorted(theme.templates.items())}


def _entries(root: Path) -> list[Path]:
    return sorted(root.glob("templates-*/*.cache"))


def test_a_second_theme_loads_the_code_a_fresh_compile_makes(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Theme(None)
    entries = _entries(cache_root)
    assert len(entries) >= len(first.templates)  # every page template (and what they extend) kept
    folder = entries[0].parent
    assert folder.stat().st_mode & 0o777 == 0o700

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache has it")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compile)
    cached = Theme(None)
    assert _code(cached) == _code(first)


def test_damaged_entries_are_compiled_again(cache_root: Path) -> None:
    from jinja2.bccache import bc_magic

    fresh = _code(Theme(None))
    entries = _entries(cache_root)
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        # magic intact and the pickled checksum cut short (Jinja itself would raise), or
        # the marshalled code cut short, or a wrong magic
        entry.write_bytes([data[:len(bc_magic) + 3], data[:-20], b"garbage"][i % 3])
    assert _code(Theme(None)) == fresh
    assert all(entry.stat().st_size > len(bc_magic) + 20 for entry in entries)  # rewritten whole


def test_off_and_unsafe_folders_are_not_used(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(template_cache.ENV_VAR, "off")
    assert template_cache.bytecode_cache() is None
    assert Theme(None).env.bytecode_cache is None

    monkeypatch.setenv(template_cache.ENV_VAR, str(cache_root))
    folder = template_cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)  # others could have put code there
    assert template_cache.bytecode_cache() is None

    blocker = cache_root / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(template_cache.ENV_VAR, str(blocker))
    assert template_cache.bytecode_cache() is None  # cannot be made: no cache, no error
    assert Theme(None).templates


def test_the_folder_name_changes_with_what_shapes_compiled_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = template_cache.cache_dir()
    monkeypatch.setattr(jinja2, "__version__", jinja2.__version__ + ".test")
    assert template_cache.cache_dir() != before
