"""Tags, app config, auth nonce and the WordPress core oEmbed proxy (§2.1, 2.11)."""

from __future__ import annotations

import hashlib

from . import serialize as ser
from .responses import RestResult, collection, error
from .routing import Ctx, RestRoute
from .wpargs import Arg

V1 = "/jetonomy/v1"


def tags(ctx: Ctx) -> RestResult:
    """``GET /tags``: raw string rows; ``offset``/``after`` ignored; ``meta.offset`` always 0."""
    sort = ctx.values["sort"]

    def build() -> list:
        if sort == "alphabetical":
            return sorted(ctx.ds.tags, key=lambda t: (t.name.lower(), t.id))
        return sorted(ctx.ds.tags, key=lambda t: (-ctx.ds.tag_post_count.get(t.id, 0), t.id))

    ordered = ctx.ds.cached(("tags", sort), build)
    data = [ser.tag_raw(ctx.ds, t) for t in ordered[:ctx.values["limit"]]]
    return collection(data, total=len(ordered), offset=0)


def app_config(ctx: Ctx) -> RestResult:
    """``GET /app/config``: the dataset's object verbatim; never gated."""
    return RestResult(ctx.ds.app_config, headers={"Cache-Control": "public, max-age=300"})


def auth_nonce(ctx: Ctx) -> RestResult:
    """``GET /auth/nonce``: a WordPress REST nonce (10 hex chars). A cookie session gets a
    fresh, usable nonce; anyone else a deterministic one (a guest's nonce opens nothing)."""
    auth = ctx.state.auth
    nonce = auth.nonce_for(ctx.request) if auth is not None and ctx.request is not None else None
    if nonce is None:
        seed = f"{ctx.ds.site.now}|{ctx.viewer.key}".encode()
        nonce = hashlib.sha256(seed).hexdigest()[:10]
    return RestResult({"nonce": nonce}, headers={"Cache-Control": "no-cache, no-store, must-revalidate"})


def wp_oembed_proxy(ctx: Ctx) -> RestResult:
    """WordPress core ``/oembed/1.0/embed`` does not know Jetonomy topics: always 404."""
    return error("oembed_invalid_url", "Not Found", 404)


ROUTES = [
    RestRoute(f"{V1}/tags", tags, (Arg("limit", minimum=1, maximum=100, default=30),
                                   Arg("sort", type="string", enum=("popular", "alphabetical"),
                                       default="popular"))),
    RestRoute(f"{V1}/app/config", app_config, gated=False),
    RestRoute(f"{V1}/auth/nonce", auth_nonce, gated=False),
    RestRoute("/oembed/1.0/embed", wp_oembed_proxy,
              (Arg("url", type="string", required=True), Arg("maxwidth", default=600)), gated=False),
]
