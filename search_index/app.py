"""HTTP: the shim at the live API path, plus (optionally) the static mirror on the same port.

Routes: ``GET /wp-json/jetonomy/v1/search`` and ``GET /?rest_route=/jetonomy/v1/search``
answer like Jetonomy; any other ``/wp-json/…`` or ``rest_route`` answers WordPress's
``404 rest_no_route``; everything else is the mirror folder (``index.html`` for folders,
``404.html`` with status 404 for misses).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .reader import SearchIndex
from .shim import search

SEARCH_ROUTE = "/jetonomy/v1/search"
_NO_ROUTE = {"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
             "data": {"status": 404}}


def _json(status: int, headers: dict[str, str], body: Any) -> Response:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {**headers, "Access-Control-Allow-Origin": "*",
               "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages"}
    return Response(payload, status_code=status, headers=headers)


def _no_route() -> Response:
    return _json(404, {"Content-Type": "application/json; charset=UTF-8"}, _NO_ROUTE)


def _search_endpoint(index: SearchIndex | None):
    async def endpoint(request: Request) -> Response:
        if index is None:
            return _no_route()
        params = {k: v for k, v in request.query_params.items() if k != "rest_route"}
        return _json(*search(index, params))
    return endpoint


class _RestRouteDispatcher:
    """``/?rest_route=…`` goes to the REST handlers; any other request to the static site."""

    def __init__(self, shim: Any, static: ASGIApp | None):
        self.shim = shim
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            route = request.query_params.get("rest_route")
            if route is not None:
                response = await self.shim(request) if route.rstrip("/") == SEARCH_ROUTE else _no_route()
                await response(scope, receive, send)
                return
        if self.static is None:
            await _no_route()(scope, receive, send)
            return
        await self.static(scope, receive, send)


def create_search_app(index_dir: str | Path | None, site_dir: str | Path | None = None) -> Starlette:
    """A Starlette app serving the shim (when ``index_dir`` is given) and the mirror."""
    index = SearchIndex.open(index_dir) if index_dir is not None else None
    shim = _search_endpoint(index)
    static = StaticFiles(directory=str(site_dir), html=True) if site_dir is not None else None

    async def wp_json_other(request: Request) -> Response:
        return _no_route()

    routes = [Route("/wp-json" + SEARCH_ROUTE, shim, methods=["GET", "HEAD"]),
              Route("/wp-json/{rest:path}", wp_json_other),
              Mount("/", app=_RestRouteDispatcher(shim, static))]
    app = Starlette(routes=routes)
    app.state.search_index = index
    return app


def serve(site_dir: str | Path, index_dir: str | Path | None, host: str = "127.0.0.1",
          port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_search_app(index_dir, site_dir), host=host, port=port, log_level="info")
