"""Small HTML building blocks for stored bodies (Jetonomy stores ``<p>`` paragraphs)."""

from __future__ import annotations

from html import escape


def p(text: str, rtl: bool = False) -> str:
    """A paragraph; ``text`` is already HTML (escape before if it is plain text)."""
    return f'<p dir="rtl">{text}</p>' if rtl else f"<p>{text}</p>"


def code_block(language: str, code: str) -> str:
    """A ``<pre><code>`` block with the code HTML-escaped."""
    return f'<pre><code class="language-{language}">{escape(code, quote=False)}</code></pre>'


def bullet_list(items: list[str], ordered: bool = False) -> str:
    """``<ul>``/``<ol>`` of HTML items."""
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A simple ``<table>`` with one header row; cells are plain text."""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def img(src: str, alt: str, width: int = 64, height: int = 48) -> str:
    """An image paragraph as the composer stores it."""
    return p(f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" height="{height}">')


def link(href: str, text: str, external: bool = False) -> str:
    """An anchor; external links get ``target``/``rel`` like the composer adds."""
    extra = ' target="_blank" rel="noopener"' if external else ""
    return f'<a href="{escape(href)}"{extra}>{escape(text)}</a>'


def blockquote(text: str) -> str:
    """A quoted paragraph."""
    return f"<blockquote><p>{text}</p></blockquote>"
