"""Discovery (CONTRACT.md §1.1, §7.2 step 1): is it WordPress, is Jetonomy there, where is
the API, which Pro routes exist, what is the community base slug."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import NotJetonomyError, NotWordPressError
from .http import Api
from .robots import RobotsPolicy

NAMESPACE = "jetonomy/v1"
API_REL = "https://api.w.org/"
REST_ROOT_KEYS = ("name", "description", "url", "home", "gmt_offset", "timezone_string",
                  "site_icon_url", "namespaces")
_LANG = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)


@dataclass
class SiteInfo:
    """What discovery learnt about the site."""

    home: str
    wp_root: str
    api_root: str
    rest_root: dict[str, Any]
    namespace_routes: list[str]
    app_config: dict[str, Any]
    robots_txt: str | None
    base_slug: str
    base_slug_source: str
    language: str | None = None
    pro_routes: set[str] = field(default_factory=set)

    def has_route(self, route: str) -> bool:
        """Whether ``/jetonomy/v1`` + ``route`` is registered (``{id}`` matches any group)."""
        wanted = _route_shape(f"/{NAMESPACE}{route}")
        return any(_route_shape(r) == wanted for r in self.namespace_routes)

    def feature(self, name: str) -> bool:
        feats = self.app_config.get("features") if isinstance(self.app_config, dict) else None
        return bool(isinstance(feats, dict) and feats.get(name))


def _route_shape(route: str) -> str:
    return re.sub(r"\(\?P<[^>]+>[^)]*\)", "{id}", route)


def normalise_home(url: str) -> str:
    """``https://forum.example.com/`` → ``https://forum.example.com`` (path kept, no slash)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotWordPressError(f"{url!r} is not an http(s) URL",
                                "give the site's home URL, e.g. https://forum.example.com")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def fetch_robots(api: Api, home: str) -> str | None:
    resp = api.get_raw(f"{home}/robots.txt", allow=(401, 403, 404, 410))
    return resp.text if resp is not None else None


def base_slug_from_robots(robots: RobotsPolicy, home: str) -> str | None:
    """``Sitemap: {home}/{base}-sitemap.xml`` → ``base`` (WordPress core's ``wp-`` excluded)."""
    pattern = re.compile(re.escape(home) + r"/([^/?#]+)-sitemap\.xml$")
    for line in robots.sitemaps():
        match = pattern.match(line)
        if match and match.group(1) != "wp":
            return match.group(1)
    return None


def base_slug_from_profile(profile_url: str, home: str) -> str | None:
    """``{home}/{base}/u/{login}/`` → ``base``."""
    match = re.match(re.escape(home) + r"/(.+?)/u/[^/]+/?$", profile_url or "")
    return match.group(1) if match else None


def probe_home(api: Api, home: str) -> tuple[str | None, str | None]:
    """GET the home page: REST root from the ``Link`` header, and the page language."""
    resp = api.get_raw(f"{home}/", allow=tuple(range(400, 600)))
    if resp is None:
        return None, None
    link = resp.links.get(API_REL, {}).get("url")
    lang = _LANG.search(resp.text[:4096]) if "html" in resp.headers.get("content-type", "") else None
    return link, lang.group(1) if lang else None


def fetch_rest_root(api: Api, wp_root: str, link_seen: bool) -> dict[str, Any]:
    """The WordPress REST index; :class:`NotWordPressError` when there is none."""
    try:
        body = api.get_json(wp_root, allow=tuple(range(400, 600)), retry_bad_json=link_seen)
    except NotWordPressError:
        raise
    except Exception as exc:  # noqa: BLE001 - an HTML page or garbage: not WordPress
        if link_seen:
            raise
        raise NotWordPressError(f"{wp_root} is not a WordPress REST API ({exc.__class__.__name__})") from exc
    if not isinstance(body, dict) or not isinstance(body.get("namespaces"), list):
        raise NotWordPressError(
            f"no WordPress REST API at {wp_root}: the home page sends no "
            f"Link rel=\"{API_REL}\" header and /wp-json/ does not answer")
    return body


def discover(api: Api, home_url: str, base_slug: str | None) -> SiteInfo:
    """Run discovery and point ``api`` at the Jetonomy namespace."""
    home = normalise_home(home_url)
    robots_txt = fetch_robots(api, home)
    api.robots = RobotsPolicy(robots_txt, api.options.user_agent, home)
    link, language = probe_home(api, home)
    wp_root = link or f"{home}/wp-json/"
    root = fetch_rest_root(api, wp_root, link is not None)
    if NAMESPACE not in root["namespaces"]:
        raise NotJetonomyError(f"{home} runs WordPress but its REST API has no {NAMESPACE} namespace")
    api.api_root = wp_root.rstrip("/") + "/" + NAMESPACE
    index = api.get_json(api.api_root)
    routes = sorted((index or {}).get("routes", {}).keys()) if isinstance(index, dict) else []
    app_config = api.get_json(api.url("/app/config"), allow=(404,)) or {}
    slug, source = _pick_base_slug(base_slug, api.robots, home)
    return SiteInfo(home=home, wp_root=wp_root, api_root=api.api_root,
                    rest_root={k: root.get(k) for k in REST_ROOT_KEYS if k in root},
                    namespace_routes=routes, app_config=app_config, robots_txt=robots_txt,
                    base_slug=slug, base_slug_source=source, language=language)


def _pick_base_slug(option: str | None, robots: RobotsPolicy, home: str) -> tuple[str, str]:
    if option:
        return option.strip("/"), "option"
    from_robots = base_slug_from_robots(robots, home)
    if from_robots:
        return from_robots, "robots"
    return "community", "default"
