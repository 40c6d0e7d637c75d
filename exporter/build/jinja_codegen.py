"""A Jinja2 code generator that writes the same pages with fewer Python steps per page.

Stock Jinja2 compiles a template's top level and blocks into generators that ``yield``
every piece of an output tag separately: ``<a href="{{ u }}">{{ t }}</a>`` is five
``yield`` statements, five generator resumptions for ``render``'s ``"".join``. A page of
the default theme resumes its generators hundreds of times. :class:`CodeGenerator` writes
one ``yield concat((…))`` per output tag instead: the pieces, their order, their escaping
and finalizing are Jinja's own code (``_output_child_pre``/``_post``, constant folding),
only joined before they are yielded. ``render`` joins the yielded strings with the same
``environment.concat``, so every template renders the same text; only the chunks that
``Template.generate`` hands out are larger.

Two more per-value calls are written inline, with the same results:

* ``{{ x.name }}``: stock code calls ``environment.getattr(x, "name")`` (a Python method:
  ``getattr(x, "name")``, else ``x["name"]``, else undefined), about 360 times a page. Here
  the builtin ``getattr(x, "name", <sentinel>)`` runs inline and only a missing attribute
  goes on to :func:`getattr_fallback` (the item, else undefined, as ``Environment.getattr``).
* ``{{ value }}`` with autoescape: a plain ``str`` is escaped inline by MarkupSafe's own
  ``_escape_inner`` (what ``markupsafe.escape`` does to a ``str``, minus the ``Markup``
  wrapper the join drops); every other value still goes to the module's ``escape``.

Environments whose ``getattr`` is not Jinja's own (the sandbox) and async environments get
Jinja's code unchanged for these.
"""

from __future__ import annotations

from typing import Any

import jinja2
import markupsafe
from jinja2 import compiler, nodes

_escape_inner = getattr(markupsafe, "_escape_inner", None)  # MarkupSafe ≥ 2.1: str → escaped str


class _NoAttribute:
    """The default of the inline ``getattr``: no template value can be this object."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<no attribute>"


NO_ATTRIBUTE = _NoAttribute()


def getattr_fallback(environment: jinja2.Environment, obj: Any, attribute: str) -> Any:
    """``Environment.getattr`` after ``getattr(obj, attribute)`` raised AttributeError."""
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        return environment.undefined(obj=obj, name=attribute)


#: The Jinja internals :class:`CodeGenerator` builds on (Jinja 3.0–3.1); without them a theme
#: uses Jinja's own generator (same pages, more steps).
_HOOKS = ("_output_child_pre", "_output_child_post", "_output_child_to_const", "_make_finalize",
          "_output_const_repr", "visit_Output", "visit_Getattr")


def supported() -> bool:
    """The installed Jinja has the code generator hooks this module overrides."""
    return all(callable(getattr(compiler.CodeGenerator, name, None)) for name in _HOOKS)


class CodeGenerator(compiler.CodeGenerator):
    """Jinja2's code generator, one ``yield`` per output tag and inline attribute reads and
    escapes (see the module docstring)."""

    def _inline_getattr(self) -> bool:
        """Attribute reads inline: only where they mean ``Environment.getattr``."""
        return not self.environment.is_async and type(self.environment).getattr is jinja2.Environment.getattr

    def _inline_escape(self, frame: compiler.Frame) -> bool:
        """Escapes inline: autoescape known at compile time, no ``finalize``."""
        return (_escape_inner is not None and not self.environment.is_async and not frame.eval_ctx.volatile
                and frame.eval_ctx.autoescape and self._make_finalize().src is None)

    def visit_Template(self, node: nodes.Template, frame: compiler.Frame | None = None) -> None:
        """Jinja's module, then the names the inline code reads (module globals, bound
        before any render function runs)."""
        super().visit_Template(node, frame)
        self.writeline(f"from {__name__} import NO_ATTRIBUTE as t_no_attribute, "
                       "getattr_fallback as t_getattr_fallback, _escape_inner as t_escape_str")

    @compiler.optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: compiler.Frame) -> None:
        """``x.name``: ``getattr(x, name)`` inline, the item/undefined fallback out of line.

        ``t_o`` holds ``x`` (evaluated once) and ``t_v`` the attribute; nothing runs between
        setting and reading them, so nested reads may reuse both names."""
        if not self._inline_getattr():
            return super().visit_Getattr(node, frame)
        self.write("(t_v if (t_v := getattr((t_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, t_no_attribute)) is not t_no_attribute"
                   f" else t_getattr_fallback(environment, t_o, {node.attr!r}))")
        return None

    def _output_child_pre(self, node: nodes.Expr, frame: compiler.Frame, finalize: Any) -> None:
        """``{{ value }}``: a ``str`` escaped inline, anything else by ``escape``."""
        if not self._inline_escape(frame):
            return super()._output_child_pre(node, frame, finalize)
        self.write("(t_escape_str(t_e) if type(t_e := ")
        return None

    def _output_child_post(self, node: nodes.Expr, frame: compiler.Frame, finalize: Any) -> None:
        if not self._inline_escape(frame):
            return super()._output_child_post(node, frame, finalize)
        self.write(") is str else escape(t_e))")
        return None

    def visit_Output(self, node: nodes.Output, frame: compiler.Frame) -> None:
        """Output outside a buffer (top level, blocks) as one joined ``yield``.

        Inside buffers (macros, call/filter/set blocks) and in async environments, and for
        output that is a single piece already, Jinja's own code is written unchanged."""
        if frame.buffer is not None or self.environment.is_async:
            return super().visit_Output(node, frame)
        if frame.require_output_check and self.has_known_extends:
            return None  # an extending template writes nothing outside its blocks
        body = self._output_body(node, frame)
        if len(body) <= 1:
            return super().visit_Output(node, frame)
        if frame.require_output_check:
            self.writeline("if parent_template is None:")
            self.indent()
        self._write_joined(body, frame)
        if frame.require_output_check:
            self.outdent()
        return None

    def _output_body(self, node: nodes.Output, frame: compiler.Frame) -> list[Any]:
        """Jinja's grouping of an output's children: runs of compile-time constants folded
        into lists of text, other children kept as nodes (``visit_Output``'s first half)."""
        finalize = self._make_finalize()
        body: list[Any] = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        return body

    def _write_joined(self, body: list[Any], frame: compiler.Frame) -> None:
        """``yield concat((piece, …))``: each piece written as Jinja writes it into a buffer
        (one per line, so tracebacks still point at the template line of the piece)."""
        finalize = self._make_finalize()
        self.writeline("yield concat((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")
