"""``create_app``: the stand-in Jetonomy 1.9.3 site as one Starlette (ASGI) application.

Serves the REST API under ``/wp-json/…`` and ``/?rest_route=…``, the REST root, robots.txt,
the community sitemap, space RSS feeds, media files and a plain home page. ``{home}``
placeholders become the request's origin (scheme + ``Host``) in every answer.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import (discovery, oembed, routes_misc, routes_posts, routes_pro, routes_search,
               routes_spaces, routes_users, site)
from .dataset import Dataset
from .faults import FaultConfig, FaultMiddleware
from .feed import feed_response
from .responses import no_route, render
from .routing import AppState, Ctx, RestRoute, dispatch
from .sitemap import sitemap_response
from .auth import AuthConfig, CookieNonceError, StandinAuth
from .responses import RestResult, error
from .viewer import GUEST, Viewer, ViewerSpec, as_resolver

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

REST_ROUTES: list[RestRoute] = [
    *discovery.ROUTES, *routes_spaces.ROUTES, *routes_posts.ROUTES, *routes_users.ROUTES,
    *routes_misc.ROUTES, *oembed.ROUTES, *routes_search.ROUTES, *routes_pro.ROUTES,
]


def origin_of(request: Request) -> str:
    """``scheme://host[:port]`` as the client addressed us (the ``Host`` header)."""
    host = request.headers.get("host") or request.url.netloc
    return f"{request.url.scheme}://{host}"


class StandinSite:
    """Request handling for one dataset + viewer policy (held by the Starlette app)."""

    def __init__(self, dataset: Dataset, viewer: ViewerSpec, auth: AuthConfig | None = None):
        self.ds = dataset
        self.state = AppState()
        if auth is not None:
            self.state.auth = StandinAuth(dataset, auth)
            self.resolve_viewer = self.state.auth.resolve
        else:
            self.resolve_viewer = as_resolver(viewer)

    def rest(self, request: Request, route_path: str, query: Any) -> Response:
        """Dispatch one REST request (GET only; anything else matches no route)."""
        origin = origin_of(request)
        try:
            viewer = self.resolve_viewer(request)
        except CookieNonceError:
            return render(error("rest_cookie_invalid_nonce", "Cookie check failed.", 403,
                                allow=False), origin)
        ctx = Ctx(self.ds, viewer, self.state, query, {}, origin, request=request)
        if request.method not in ("GET", "HEAD"):
            return render(no_route(), origin)
        return render(logged_in_headers(dispatch(REST_ROUTES, route_path, ctx), viewer), origin)

    def other(self, request: Request) -> Response:
        """Everything that is not REST: pages, robots, sitemaps, feeds, media."""
        origin, path = origin_of(request), request.url.path
        if path in ("/", "/index.php"):
            return site.home_page(self.ds, origin)
        if path == "/robots.txt":
            return site.robots(self.ds, origin)
        if path in ("/feed", "/feed/"):
            return site.wp_feed(self.ds, origin)
        if path == "/wp-sitemap.xml":
            return site.wp_sitemap(origin)
        try:
            viewer = self.resolve_viewer(request)
        except CookieNonceError:
            viewer = GUEST
        for answer in (sitemap_response(self.ds, path, origin),
                       feed_response(self.ds, viewer, path, origin), site.media(self.ds, path)):
            if answer is not None:
                return answer
        return site.not_found_page(origin)

    def handle(self, request: Request) -> Response:
        path = request.url.path
        if path == "/wp-json" or path.startswith("/wp-json/"):
            return self.rest(request, path[len("/wp-json"):] or "/", request.query_params)
        if path in ("/", "/index.php") and "rest_route" in request.query_params:
            query = {k: v for k, v in request.query_params.items() if k != "rest_route"}
            return self.rest(request, request.query_params["rest_route"] or "/", query)
        return self.other(request)


def logged_in_headers(result: RestResult, viewer: Viewer) -> RestResult:
    """WordPress sends ``nocache_headers()`` to logged-in callers (samples-admin headers)."""
    if viewer.logged_in:
        result.headers.update({"Expires": "Wed, 11 Jan 1984 05:00:00 GMT",
                               "Cache-Control": "no-cache, must-revalidate, max-age=0, no-store, private"})
    return result


def create_app(dataset: Dataset, faults: FaultConfig | None = None, *,
               viewer: ViewerSpec = GUEST, auth: AuthConfig | None = None) -> Starlette:
    """The stand-in as an ASGI app (in-process with ``httpx.ASGITransport`` or on a socket).

    ``auth`` makes it accept Application Passwords and cookie sessions of dataset accounts
    (``viewer`` is then ignored); without it every request is answered as ``viewer``.
    """
    standin = StandinSite(dataset, viewer, auth)

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(standin.handle, request)

    middleware = [Middleware(FaultMiddleware, config=faults)] if faults else []
    app = Starlette(routes=[Route("/{path:path}", endpoint, methods=METHODS)], middleware=middleware)
    app.state.standin = standin
    app.state.dataset = dataset
    return app
