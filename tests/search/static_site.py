"""A tiny built mirror (topic pages + search page) for the static-search tests."""

from __future__ import annotations

import html
from pathlib import Path

import jinja2

from search_index.static_search import STATIC_DIR, copy_assets

TOPICS = {
    "transients-cache": ("Configuring the transients cache",
                         "The object cache keeps stale transients after every deploy."),
    "permalink-cjk": ("中文帖子测试",
                      "这是一篇中文帖子，用来测试搜索功能。我们的永久链接功能是否正常？こんにちは、検索のテストです。"),
    "arabic-post": ("مشاركة عربية", "مرحبا بالجميع! هذه مشاركة باللغة العربية لاختبار اتجاه النص."),
}

TOPIC_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Community navigation ignoreme</nav>
<main data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>
<div class="post">{body}</div></main><footer>footer text</footer></body></html>"""

SEARCH_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head>
<body><h1>Search</h1>{fragment}</body></html>"""


def build_site(root: Path, base: str = "/community") -> Path:
    """Write topic pages and a search page under ``root``; return ``root``."""
    for slug, (title, body) in TOPICS.items():
        page = root / base.strip("/") / "s" / "help" / "t" / slug / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(TOPIC_PAGE.format(title=html.escape(title), body=html.escape(body)), "utf-8")
    copy_assets(root / "assets")
    template = jinja2.Environment(autoescape=True).from_string(
        (STATIC_DIR / "search-fragment.html").read_text("utf-8"))
    fragment = template.render(base=base, asset_url="/assets", api_url="/wp-json/jetonomy/v1/search",
                               pagefind_url="/pagefind/pagefind.js")
    search = root / base.strip("/") / "search" / "index.html"
    search.parent.mkdir(parents=True, exist_ok=True)
    search.write_text(SEARCH_PAGE.format(fragment=fragment), "utf-8")
    (root / "404.html").write_text("<!doctype html><title>Not found</title>", "utf-8")
    return root
