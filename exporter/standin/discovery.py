"""``GET /wp-json/`` (REST root) and ``GET /wp-json/jetonomy/v1`` (namespace index).

The Jetonomy route table is the one the real 1.9.3 site advertises (``data/routes.json``,
taken from the captured namespace index); enabled Pro features add their routes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .responses import RestResult
from .routes_pro import INDEX_PATTERNS
from .routing import Ctx, RestRoute

DATA = Path(__file__).with_name("data") / "routes.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return json.loads(DATA.read_text("utf-8"))


def _pro_route(pattern: str) -> dict[str, Any]:
    """A namespace-index entry for a Pro GET route (WordPress links only literal routes)."""
    entry: dict[str, Any] = {"namespace": "jetonomy/v1", "methods": ["GET"],
                             "endpoints": [{"methods": ["GET"], "args": []}]}
    if "(?P" not in pattern:
        entry["_links"] = {"self": [{"href": "{home}/wp-json" + pattern}]}
    return entry


def jetonomy_routes(ds: Dataset) -> dict[str, Any]:
    """The ``jetonomy/v1`` routes of this site (free routes + enabled Pro routes)."""
    routes = dict(_table()["jetonomy_routes"])
    for feature, patterns in INDEX_PATTERNS.items():
        if ds.pro.get(feature):
            routes.update({p: _pro_route(p) for p in patterns})
    return routes


def namespace_index(ctx: Ctx) -> RestResult:
    """``GET /wp-json/jetonomy/v1``."""
    return RestResult({"namespace": "jetonomy/v1", "routes": jetonomy_routes(ctx.ds),
                       "_links": {"up": [{"href": "{home}/wp-json/"}]}})


def rest_root(ctx: Ctx) -> RestResult:
    """``GET /wp-json/``: site identity, namespaces and a (small) route list."""
    site = ctx.ds.site
    namespaces = ["oembed/1.0", "jetonomy/v1", "wp/v2"]
    if any(ctx.ds.pro.get(k) for k in INDEX_PATTERNS) or ctx.ds.pro.get("attachments"):
        namespaces.insert(2, "jetonomy-pro/v1")
    routes = {**_table()["core_routes"], **jetonomy_routes(ctx.ds)}
    body = {
        "name": site.name, "description": site.description, "url": "{home}", "home": "{home}",
        "gmt_offset": site.gmt_offset, "timezone_string": site.timezone_string,
        "page_for_posts": 0, "page_on_front": 0, "show_on_front": "posts",
        "namespaces": namespaces, "authentication": _table()["authentication"], "routes": routes,
        "site_logo": 0, "site_icon": 0, "site_icon_url": site.site_icon_url,
        "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
    }
    return RestResult(body)


ROUTES = [
    RestRoute("/", rest_root, gated=False),
    RestRoute("/jetonomy/v1", namespace_index, gated=False),
]
