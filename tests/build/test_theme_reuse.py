"""Speed-motivated reuse in the theme layer renders exactly what plain Jinja2 renders.

Macro libraries imported ``with context`` are made once per values of the page variables
they read (``themes._Template.make_module``): a library that reads other page variables, or
keeps state at its top level, must still see each page's own values.
"""

from __future__ import annotations

from pathlib import Path

from exporter.build.themes import Theme


def _user_theme(tmp_path: Path, templates: dict[str, str]) -> Theme:
    folder = tmp_path / "theme" / "templates"
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, "utf-8")
    return Theme(tmp_path / "theme")


PAGE = '{% import "lib.html" as m with context %}{{ m.show() }}'


def _render(theme: Theme, **variables: object) -> str:
    return theme.env.get_template("page.html").render(variables)


def test_library_reading_page_variables_sees_each_page(tmp_path: Path) -> None:
    theme = _user_theme(tmp_path, {
        "page.html": PAGE,
        "lib.html": '{% macro show() %}{{ title }} {{ "/x/"|rel }}{% endmacro %}',
    })
    assert _render(theme, title="a", root="../") == "a ../x/"
    assert _render(theme, title="b", root="../") == "b ../x/"
    assert _render(theme, title="a", root="../../") == "a ../../x/"
    assert _render(theme, title="a", root="../") == "a ../x/"


def test_objects_are_told_apart_by_identity(tmp_path: Path) -> None:
    theme = _user_theme(tmp_path, {
        "page.html": PAGE,
        "lib.html": "{% macro show() %}{{ site.name }}{% endmacro %}",
    })
    first, second = {"name": "one"}, {"name": "two"}
    assert [_render(theme, site=s, root="/") for s in (first, second, first)] == ["one", "two", "one"]
    first["name"] = "changed"  # the same object: the module reads it when called
    assert _render(theme, site=first, root="/") == "changed"


def test_library_with_top_level_state_is_made_per_page(tmp_path: Path) -> None:
    theme = _user_theme(tmp_path, {
        "page.html": PAGE + "{{ m.show() }}",
        "lib.html": "{% set ns = namespace(n=0) %}{% macro show() %}{% set ns.n = ns.n + 1 %}{{ ns.n }}{% endmacro %}",
    })
    assert _render(theme, root="/") == "12"
    assert _render(theme, root="/") == "12"


def test_default_macros_are_reused_per_root() -> None:
    theme = Theme(None)
    library = theme.env.get_template("_macros.html")
    page = theme.env.from_string('{% import "_macros.html" as m with context %}{{ m.tabs(links) }}')
    links = [{"url": "/a/", "label": "A", "active": False}]
    for root in ("../", "../../", "../"):
        assert f'href="{root}a/"' in page.render(links=links, root=root)
    assert len(library._modules) == 2
