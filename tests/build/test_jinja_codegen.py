"""The theme code generator (``exporter.build.jinja_codegen``) renders what stock Jinja2 renders.

Every template below is rendered twice, by an environment with stock Jinja's code generator
and by the same environment with ours, and both must give the same text, or raise the same
error. The templates cover what the generator touches (output tags, attribute reads,
escaping) inside what could break it: loops (else, filters, recursion, ``loop``), macros
with ``caller``, call/set/filter blocks, autoescape blocks (fixed and volatile),
inheritance, includes and imports, ``{% raw %}``, undefined values, hostile values.
"""

from __future__ import annotations

import asyncio
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from exporter.build.jinja_codegen import CodeGenerator
from exporter.build.themes import Theme

LIBRARY = {
    "lib.html": '{% macro card(x, cls="c") %}<b class="{{ cls }}">{{ x.name }}</b>{{ caller() if caller else "" }}'
                "{% endmacro %}{% macro plain(v) %}{{ v }}|{{ v.name }}{% endmacro %}",
    "base.html": "<h>{{ title }}</h>{% block body %}<i>{{ x.name }}</i>{% endblock %}"
                 "{% block tail scoped %}{% endblock %}<f>{{ self.body() }}</f>",
    "inc.html": "[{{ x.name }}|{{ title }}]",
    "noctx.html": "[{{ 1 + 2 }}<&>]",
}

TEMPLATES = [
    "plain text only",
    "{{ x.name }} & {{ x.missing_attr }}",
    "<a href='{{ x.url }}'>{{ x.name }}</a>{{ x.count }}{{ x.flag }}{{ x.none }}{{ x.ratio }}",
    "{{ d.key }}{{ d.items }}{{ d['key'] }}{{ d.get('key') }}{{ d.nope }}",
    "{{ x.child.name }}{{ x.child.child.name }}{{ (x.child or x).name }}",
    "{{ x.html }}{{ x.html|safe }}{{ x.name|safe }}{{ x.name|e }}{{ x.name|upper }}{{ x.markup_obj }}",
    "{{ x.name ~ '<' ~ x.count }}{{ '%s<%s'|format(x.name, 1) }}{{ [x.name, x.count]|join('<') }}",
    "{% for i in items %}{{ loop.index }}:{{ i.name }}{% if not loop.last %},{% endif %}"
    "{% else %}none{% endfor %}",
    "{% for i in empty %}{{ i }}{% else %}<empty & {{ x.name }}>{% endfor %}",
    "{% for i in items if i.count > 1 %}{{ i.name }}{{ loop.cycle('<', '>') }}{% endfor %}",
    "{% for i in tree recursive %}<li>{{ i.name }}{% if i.children %}<ul>{{ loop(i.children) }}</ul>"
    "{% endif %}</li>{% endfor %}",
    "{% set y %}<{{ x.name }}>{% endset %}{{ y }}{{ y|length }}",
    "{% set y | upper %}{{ x.name }}{% endset %}[{{ y }}]",
    "{% filter upper %}{{ x.name }}<b>{% endfilter %}",
    "{% macro m(a, b=x.name) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1) }}{{ m('<', 2, 3, k=4) }}",
    "{% import 'lib.html' as lib %}{{ lib.card(x) }}{% call lib.card(x, cls='<q>') %}in {{ x.name }}{% endcall %}",
    "{% from 'lib.html' import plain with context %}{{ plain(x) }}{{ plain('<s>') }}",
    "{% macro m() %}{{ caller(x.name) }}{% endmacro %}{% call(v) m() %}[{{ v }}]{% endcall %}",
    "{% autoescape false %}{{ x.name }}<{{ x.html }}>{% endautoescape %}{{ x.name }}",
    "{% autoescape flag %}{{ x.name }}{% endautoescape %}|{{ x.name }}",
    "{% raw %}{{ x.name }}{% endraw %}{{ x.name }}",
    "{% with a = x.name %}{{ a }}{% set b = a ~ '!' %}{{ b }}{% endwith %}",
    "{% set ns = namespace(n=0) %}{% for i in items %}{% set ns.n = ns.n + i.count %}{% endfor %}{{ ns.n }}",
    "{% extends 'base.html' %}{% block body %}<b>{{ super() }}</b>{{ x.name }}{% endblock %}"
    "{% block tail %}{{ x.child.name }}{% endblock %}",
    "{% extends 'base.html' %}ignored {{ x.name }}",
    "{% if flag %}{% extends 'base.html' %}{% endif %}out {{ x.name }}{% block body %}B{{ x.name }}{% endblock %}",
    "{% include 'inc.html' %}{% include 'noctx.html' without context %}{% include 'missing.html' ignore missing %}",
    "{{ x.name if flag }}{{ x.missing_attr if not flag }}{{ x.count is number }}{{ x.name is defined }}",
    "{{ x.raises_value }}",
    "{{ x.raises_attribute }}",
    "{{ x.dynamic }}{{ x.dynamic_missing }}",
    "{{ undefined_name }}",
    "{{ undefined_name.attr }}",
    "{{ x.missing_attr.deeper }}",
    "{{ x.name.upper() }}{{ x.name.__class__.__name__ }}",
    "{% for k, v in d|dictsort %}{{ k }}={{ v }};{% endfor %}",
    "{{ x.big }}{{ -x.big }}{{ x.rtl }}{{ x.script }}",
]


class Child:
    def __init__(self, name: str, child: Any = None) -> None:
        self.name, self.child = name, child


class Hostile:
    """Attributes of every kind: plain, Markup, numbers, properties that raise, __getattr__."""

    name = "<script>alert('x')</script> & \"é\" 🚀"
    url = "/a?b=1&c=<2>"
    html = Markup("<p>safe &amp; sound</p>")
    markup_obj = type("HasHtml", (), {"__html__": lambda self: "<em>obj</em>"})()
    count, flag, none, ratio = 3, True, None, 2.5
    big = 10**40
    rtl = "\u202eשלום\u202c"
    script = "</script><script>"
    child = Child("<kid>", Child("grand&kid"))
    reads = 0

    @property
    def raises_value(self) -> str:
        raise ValueError("boom")

    @property
    def raises_attribute(self) -> str:
        type(self).reads += 1
        raise AttributeError("inner")

    def __getattr__(self, name: str) -> str:
        if name == "dynamic":
            return "<dyn>"
        raise AttributeError(name)


def _variables() -> dict[str, Any]:
    tree = [{"name": "a", "children": [{"name": "<b>", "children": []}]}, {"name": "c", "children": []}]
    items = [Child("one"), Child("<two>")]
    for item in items:
        item.count = len(item.name)
    return {"x": Hostile(), "d": {"key": "<v>", "other": 2}, "items": items,
            "empty": [], "tree": tree, "flag": False, "title": "T&T"}


def _environments(**options: Any) -> tuple[jinja2.Environment, jinja2.Environment]:
    stock = jinja2.Environment(loader=jinja2.DictLoader(LIBRARY), **options)
    ours = jinja2.Environment(loader=jinja2.DictLoader(LIBRARY), **options)
    ours.code_generator_class = CodeGenerator
    return stock, ours


def _outcome(env: jinja2.Environment, source: str, variables: dict[str, Any]) -> tuple[str, str]:
    try:
        return "ok", env.from_string(source).render(variables)
    except Exception as exc:  # the same error, with the same message
        return type(exc).__name__, str(exc)


OPTIONS = [
    {"autoescape": True, "undefined": jinja2.StrictUndefined, "trim_blocks": True, "lstrip_blocks": True},
    {"autoescape": True},
    {"autoescape": False},
    {"autoescape": True, "undefined": jinja2.ChainableUndefined},
    {"autoescape": True, "finalize": lambda v: "" if v is None else v},
    {"autoescape": False, "finalize": lambda v: f"[{v}]"},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}" for k in o))
@pytest.mark.parametrize("source", TEMPLATES)
def test_same_output_or_error_as_stock_jinja(source: str, options: dict[str, Any]) -> None:
    stock, ours = _environments(**options)
    variables = _variables()
    assert _outcome(ours, source, variables) == _outcome(stock, source, variables)


def test_theme_environment_uses_it_and_matches_stock_on_every_template() -> None:
    theme = Theme(None)
    assert theme.env.code_generator_class is CodeGenerator
    stock = jinja2.Environment(**{k: getattr(theme.env, k) for k in ("autoescape", "undefined", "trim_blocks",
                                                                   "lstrip_blocks", "keep_trailing_newline")},
                               loader=jinja2.DictLoader(LIBRARY))
    ours = jinja2.Environment(**{k: getattr(theme.env, k) for k in ("autoescape", "undefined", "trim_blocks",
                                                                  "lstrip_blocks", "keep_trailing_newline")},
                              loader=jinja2.DictLoader(LIBRARY))
    ours.code_generator_class = CodeGenerator
    variables = _variables()
    for source in TEMPLATES:
        assert _outcome(ours, source, variables) == _outcome(stock, source, variables), source


def test_theme_falls_back_to_stock_jinja_without_the_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jinja without the internals the generator overrides gets its own generator."""
    from exporter.build import jinja_codegen

    assert jinja_codegen.supported()  # the Jinja this project pins has them
    monkeypatch.setattr(jinja_codegen, "_HOOKS", jinja_codegen._HOOKS + ("_no_such_hook",))
    assert not jinja_codegen.supported()
    assert Theme(None).env.code_generator_class is jinja2.compiler.CodeGenerator


def test_failing_property_is_read_once() -> None:
    """A property raising AttributeError runs once per read, as in ``Environment.getattr``."""
    _, ours = _environments(autoescape=True)
    Hostile.reads = 0
    assert ours.from_string("{{ x.raises_attribute }}").render(x=Hostile()) == ""
    assert Hostile.reads == 1


def test_generate_yields_the_same_text() -> None:
    stock, ours = _environments(autoescape=True)
    source = "{% extends 'base.html' %}{% block body %}{{ x.name }}<{{ x.count }}>{% endblock %}"
    assert "".join(ours.from_string(source).generate(_variables())) == stock.from_string(source).render(_variables())


def test_undefined_errors_point_at_the_template_line() -> None:
    _, ours = _environments(autoescape=True, undefined=jinja2.StrictUndefined)
    template = ours.from_string("line 1\n<a href='{{ x.url }}'>\n{{ x.missing_attr }}</a>\n")
    with pytest.raises(jinja2.UndefinedError) as info:
        template.render(_variables())
    frames = [tb for tb in _traceback_frames(info.value.__traceback__) if tb.tb_frame.f_code.co_filename == "<template>"]
    assert frames and frames[-1].tb_lineno == 3


def _traceback_frames(tb: Any) -> list[Any]:
    frames = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    return frames


def test_sandbox_keeps_its_checks() -> None:
    """A sandboxed environment's own ``getattr`` still runs: no inline attribute reads."""
    env = SandboxedEnvironment()
    env.code_generator_class = CodeGenerator
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ x.__class__.__subclasses__() }}").render(x="")
    assert env.from_string("{{ x.name }}").render(x=Hostile()) == Hostile.name


def test_async_environment_renders_the_same() -> None:
    stock = jinja2.Environment(autoescape=True, enable_async=True, loader=jinja2.DictLoader(LIBRARY))
    ours = jinja2.Environment(autoescape=True, enable_async=True, loader=jinja2.DictLoader(LIBRARY))
    ours.code_generator_class = CodeGenerator
    source = "{% import 'lib.html' as lib %}{{ lib.card(x) }}{% for i in items %}{{ i.name }}{% endfor %}"
    assert (asyncio.run(ours.from_string(source).render_async(_variables()))
            == asyncio.run(stock.from_string(source).render_async(_variables())))
