"""Themes: a user theme overrides and extends the default; broken templates are ThemeErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.build.contexts import PAGE_TYPES
from exporter.build.docs import DOC_PATH, render_theme_docs
from exporter.errors import ThemeError


def _theme(tmp_path: Path, templates: dict[str, str], static: dict[str, str] = {}) -> Path:  # noqa: B006
    theme = tmp_path / "mytheme"
    for name, text in templates.items():
        (theme / "templates").mkdir(parents=True, exist_ok=True)
        (theme / "templates" / name).write_text(text, "utf-8")
    for name, text in static.items():
        (theme / "static").mkdir(parents=True, exist_ok=True)
        (theme / "static" / name).write_text(text, "utf-8")
    theme.mkdir(exist_ok=True)
    return theme


def test_user_theme_extends_default_and_overrides_static(sample_snapshot: Path, tmp_path: Path) -> None:
    theme = _theme(tmp_path, {
        "base.html": '{% extends "!default/base.html" %}{% block head %}<meta name="x-theme" content="mine">{% endblock %}',
        "tag.html": '{% extends "base.html" %}{% block content %}<p class="mine">Tag {{ tag.name }}</p>{% endblock %}',
    }, {"site.css": "body{color:red}", "extra.css": "p{}"})
    out = tmp_path / "out"
    build_site(sample_snapshot, out, BuildOptions(theme=theme))
    home = (out / "community/index.html").read_text("utf-8")
    assert '<meta name="x-theme" content="mine">' in home and "jt-hero" in home  # default home, user base
    tag = (out / "community/tag/php/index.html").read_text("utf-8")
    assert '<p class="mine">Tag php</p>' in tag
    assert (out / "_static/site.css").read_text() == "body{color:red}"
    assert (out / "_static/extra.css").exists()


def test_broken_template_is_a_theme_error_and_keeps_the_previous_mirror(sample_snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(sample_snapshot, out, BuildOptions())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    theme = _theme(tmp_path, {"topic.html": '{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}'})
    with pytest.raises(ThemeError, match=r"topic\.html.*line 3"):
        build_site(sample_snapshot, out, BuildOptions(theme=theme))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_runtime_template_error_names_template_and_line(sample_snapshot: Path, tmp_path: Path) -> None:
    theme = _theme(tmp_path, {"space.html": '{% extends "base.html" %}\n{% block content %}\n{{ space.no_such_field }}\n{% endblock %}'})
    with pytest.raises(ThemeError, match=r"space\.html, line 3"):
        build_site(sample_snapshot, tmp_path / "out", BuildOptions(theme=theme))


def test_theme_docs_are_up_to_date() -> None:
    assert DOC_PATH.read_text("utf-8") == render_theme_docs(), "run `python -m exporter.build.docs`"


def _documented_fields(doc: str, page: str) -> set[str]:
    section = doc.split(f"### `{page}`")[1].split("\n### ")[0]
    own = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    base = doc.split("### `BasePage`")[1].split("\n### ")[0]
    return own | {line.split("`")[1] for line in base.splitlines() if line.startswith("| `")}


def test_rendered_context_keys_equal_documented_fields(sample_snapshot: Path, tmp_path: Path) -> None:
    seen: dict[str, set[str]] = {}

    def capture(ctx, page) -> None:
        seen.setdefault(type(page).__name__, set(page.context()))

    build_site(sample_snapshot, tmp_path / "out", BuildOptions(page_hooks=(capture,)))
    doc = DOC_PATH.read_text("utf-8")
    assert set(seen) == {t.__name__ for t in PAGE_TYPES}
    for name, keys in seen.items():
        assert keys == _documented_fields(doc, name), name
