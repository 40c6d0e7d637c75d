"""Themes: Jinja2 templates + static files, a user theme layered over the default one.

Loader order (pelican style): the user theme's ``templates/``, then the default theme's, plus
``!default/…`` for the default's originals, so a user template can
``{% extends "!default/base.html" %}`` and override only some blocks. Static files merge the
same way, file by file. Autoescape is on for every template.
"""

from __future__ import annotations

import json
import traceback
from collections import ChainMap
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import meta, nodes
from markupsafe import Markup

import exporter

from ..errors import ThemeError
from .contexts import PAGE_TYPES, BasePage
from . import jinja_codegen
from .template_cache import bytecode_cache

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def default_theme_dir() -> Path:
    """The bundled default theme: ``themes/default`` in a checkout, ``exporter/_themes`` in a wheel."""
    package = Path(exporter.__file__).resolve().parent
    for candidate in (package.parent / "themes" / "default", package / "_themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise ThemeError("the default theme is missing from this installation",
                     "reinstall jetonomy-export")


_missing = jinja2.utils.missing
_CONTEXT_READS = frozenset({"root"})  # what this module's pass_context filters/globals read


def _root(ctx: jinja2.runtime.Context) -> str:
    """The page's ``root`` (``../../``), ``/`` when the context has none.

    What ``ctx.resolve_or_missing("root")`` finds (the template's own variables, then the
    page's), without its call: ``rel`` runs for nearly every link of every page."""
    root = ctx.vars.get("root", _missing)
    if root is _missing:
        root = ctx.parent.get("root", _missing)
    return "/" if root is _missing else root


@jinja2.pass_context
def _rel(ctx: jinja2.runtime.Context, path: str) -> str:
    """Root-relative mirror path → relative to the page being rendered."""
    if type(path) is str:  # nearly always: one test, no method calls
        if path[:1] != "/" or path[1:2] == "/":
            return path
    elif not path or not path.startswith("/") or path.startswith("//"):
        return path
    root = ctx.vars.get("root", _missing)  # ``_root(ctx)``, written out: one call less per link
    if root is _missing:
        root = ctx.parent.get("root", _missing)
    return ("/" if root is _missing else root) + path[1:]


@jinja2.pass_context
def _static(ctx: jinja2.runtime.Context, name: str) -> str:
    return _root(ctx) + "_static/" + name.lstrip("/")


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # json.dumps' own


def _jsonld(obj: Any) -> Markup:
    """JSON for a ``<script type=application/ld+json>`` block, safe against ``</script>``.

    ``_JSON.encode`` is ``json.dumps`` with these options minus building an encoder per call
    (two objects per page, a fifth of the encoding time). Each escape is replaced only when
    present: five ``replace`` calls over kilobytes of JSON cost a quarter of the encoding."""
    text = _JSON.encode(obj)
    for ch, esc in _JSON_ESCAPES.items():
        if ch in text:  # rare: a scan is cheaper than ``replace``'s count-then-copy
            text = text.replace(ch, esc)
    return Markup(text)


_escape_inner = getattr(markupsafe, "_escape_inner", None)  # MarkupSafe ≥ 2.1's str → escaped str


def _escape_output(value: Any) -> str:
    """What a template's ``{{ value }}`` writes: exactly ``markupsafe.escape(value)``, as text.

    The compiled template only joins these pieces into the page, so wrapping each one in a
    new ``Markup`` object (what ``escape`` returns) buys nothing and costs about a third of
    the escaping (hundreds of thousands of values per build). Values with ``__html__``
    (``Markup``, sanitised bodies) pass as their ``__html__()``; everything else is escaped.
    """
    cls = type(value)
    if cls is str:
        return _escape_inner(value)
    if cls is int:  # counts and ids: digits and "-", nothing to escape
        return str(value)
    if cls is Markup:  # bodies, macro results: ``Markup.__html__`` is the object itself
        return value
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


_BY_VALUE = (str, int, float, bool, type(None))  # context values a module key compares by value
_MODULES_KEPT = 32  # modules kept per macro library (the default theme needs one per folder depth)


def _module_names(env: jinja2.Environment, name: str | None) -> tuple[str, ...] | None:
    """The page variables a macro library can read, or None when its modules cannot be reused.

    A library whose top level is only macros (and text) behaves the same for every page that
    gives those names the same values: the names it reads from its context
    (``find_undeclared_variables``) and the ones this module's filters read (``root``). Any
    other top-level code (``set``, ``import``, blocks…) could keep state between pages.
    """
    if name is None or env.loader is None:
        return None
    source, filename, _ = env.loader.get_source(env, name)
    ast = env.parse(source, name, filename)
    for node in ast.body:
        text_only = isinstance(node, nodes.Output) and all(isinstance(n, nodes.TemplateData) for n in node.nodes)
        if not (text_only or isinstance(node, nodes.Macro)):
            return None
    if any(True for _ in ast.find_all(nodes.Block)):
        return None
    return tuple(sorted(meta.find_undeclared_variables(ast) | _CONTEXT_READS))


def _context_value(name: str, vars: dict[str, Any] | None, locals: Any) -> Any:
    """What ``name`` resolves to in a module context made from ``vars`` and ``locals``."""
    value = locals.get(name, _missing) if locals else _missing
    if value is _missing and vars:
        value = vars.get(name, _missing)
    return value


class _Template(jinja2.Template):
    """Templates whose output expressions use :func:`_escape_output` (same bytes, faster), and
    whose imports ``with context`` reuse modules (:meth:`make_module`)."""

    _names: tuple[str, ...] | None | bool = False  # False: not computed yet
    _modules: dict[tuple[Any, ...], tuple[jinja2.environment.TemplateModule, list[Any]]]

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # type: ignore[override]
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None:  # the compiled module's own ``escape`` (output only)
            template.root_render_func.__globals__["escape"] = _escape_output
        template._modules = {}
        return template

    def new_context(self, vars=None, shared=False, locals=None):  # type: ignore[override]
        """Jinja's ``new_context`` given the template's globals as one dict, not a ChainMap.

        The context copies the globals (``dict(globals, **vars)``, ``set(globals)``) once or
        twice per render: iterating a ChainMap costs a Python call per key, a dict none."""
        flat: dict[str, Any] = {}
        for scope in reversed(self.globals.maps) if isinstance(self.globals, ChainMap) else (self.globals,):
            flat.update(scope)
        return jinja2.runtime.new_context(self.environment, self.name, self.blocks, vars, shared, flat, locals)

    def make_module(self, vars=None, shared=False, locals=None):  # type: ignore[override]
        """``{% import "_macros.html" as m with context %}`` on every page, made once per values.

        Making the module runs the library and builds its macros (about a fifth of a small
        page's rendering). Pages that give the names the library reads (:func:`_module_names`)
        the same values get the same module: plain values (``root``) compare by value, any
        other object by identity (it is then the very object the module's macros would read).
        """
        if not shared:  # no context: Jinja caches the module itself (``_get_default_module``)
            return super().make_module(vars, shared, locals)
        if self._names is False:
            self._names = _module_names(self.environment, self.name)
        if self._names is None:
            return super().make_module(vars, shared, locals)
        values = [_context_value(name, vars, locals) for name in self._names]
        key = tuple((type(v), v) if type(v) in _BY_VALUE else id(v) for v in values)
        entry = self._modules.get(key)
        if entry is None:
            if len(self._modules) >= _MODULES_KEPT:
                self._modules.clear()
            # ``values`` stays referenced: an id in the key cannot be reused by a new object
            entry = self._modules[key] = (super().make_module(vars, shared, locals), values)
        return entry[0]


class Theme:
    """Compiled templates and the merged static files of one (possibly layered) theme."""

    def __init__(self, user_dir: Path | None = None):
        self.default_dir = default_theme_dir()
        self.user_dir = Path(user_dir) if user_dir else None
        self.env = self._environment()
        self.templates: dict[str, jinja2.Template] = {}
        for page_type in PAGE_TYPES:
            self.templates[page_type.template] = self._load(page_type.template)

    def _environment(self) -> jinja2.Environment:
        default = jinja2.FileSystemLoader(str(self.default_dir / "templates"))
        loaders: list[jinja2.BaseLoader] = []
        if self.user_dir and (self.user_dir / "templates").is_dir():
            loaders.append(jinja2.FileSystemLoader(str(self.user_dir / "templates")))
        loaders += [default, jinja2.PrefixLoader({"!default": default})]
        env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True,
                                 lstrip_blocks=True, keep_trailing_newline=True,
                                 auto_reload=False, cache_size=-1,  # compile once, no stat per render
                                 bytecode_cache=bytecode_cache())  # compiled code kept between builds
        env.template_class = _Template
        if jinja_codegen.supported():  # else Jinja's own generator: same pages, more steps
            env.code_generator_class = jinja_codegen.CodeGenerator
        env.filters.update(rel=_rel, jsonld=_jsonld)
        env.globals.update(static=_static)
        return env

    def _load(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(f"template {exc.name or exc.filename or name}, line {exc.lineno}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise ThemeError(f"template {exc.name} not found (needed by {name})") from exc

    def render(self, page: BasePage) -> bytes:
        """Render a page context with its template; template errors become ThemeError."""
        try:
            return self.templates[page.template].render(page.context()).encode("utf-8")
        except jinja2.TemplateError as exc:
            raise ThemeError(f"{_where(exc, page.template)}: {exc}") from exc
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            raise ThemeError(f"{_where(exc, page.template)}: {type(exc).__name__}: {exc}") from exc

    def static_files(self) -> dict[str, Path]:
        """``relative name -> file``: default theme's static files, overridden by the user's."""
        files: dict[str, Path] = {}
        for base in (self.default_dir, self.user_dir):
            static = base / "static" if base else None
            if static and static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))


def _where(exc: BaseException, fallback: str) -> str:
    """``template X, line N`` from the innermost template frame of a traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"template {exc.name or fallback}, line {exc.lineno}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".j2", ".jinja")):
            return f"template {frame.filename}, line {frame.lineno}"
    return f"template {fallback}"
