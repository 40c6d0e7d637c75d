"""Write the per-host deployment files (see ``docs/hosting.md``).

Files at the mirror root are read by the host itself (``_redirects``, ``_headers``,
``netlify.toml``, ``.htaccess``); everything else lives under ``_deploy/`` (the nginx
includes, the S3 manifest, the JSON redirect map), which every generated config refuses to
serve.
"""

from __future__ import annotations

from .apache import htaccess
from .edge import headers_file, netlify_toml, redirects_file, s3_manifest
from .feeds import FeedSpec
from .files import RecordingWriter
from .nginx import http_conf, server_conf
from .redirects import RedirectOptions, path_rules, query_rules, redirects_json
from .site import SeoSite

DEPLOY = "_deploy"
NGINX_HTTP = f"{DEPLOY}/nginx/jetonomy-http.conf"
NGINX_SERVER = f"{DEPLOY}/nginx/jetonomy-redirects.conf"


def origins(site: SeoSite, live_home: str | None) -> tuple[str, ...]:
    """Hosts whose topic URLs may appear in old oEmbed ``?url=`` (http and https of each)."""
    found: list[str] = []
    for home in (live_home, site.urls.home):
        if not home:
            continue
        rest = home.split("://", 1)[-1].rstrip("/")
        found += [f"http://{rest}", f"https://{rest}"]
    return tuple(dict.fromkeys(found))


def write_hosting(site: SeoSite, out: RecordingWriter, opts: RedirectOptions, feeds: list[FeedSpec],
                  sitemap_files: list[str], live_home: str | None) -> None:
    """Every host's config, generated from one set of rules."""
    rules, paths = query_rules(site.urls, opts), path_rules(site.urls, opts)
    topics = [p for p in (site.topic_path(post) for post in site.posts) if p]
    out.put("host-config", NGINX_HTTP, http_conf(site, rules, origins(site, live_home)).encode("utf-8"))
    out.put("host-config", NGINX_SERVER, server_conf(site, rules, paths).encode("utf-8"))
    out.put("host-config", ".htaccess", htaccess(site, rules, paths))
    out.put("host-config", "_redirects", redirects_file(site, paths))
    out.put("host-config", "_headers", headers_file(site, sitemap_files))
    out.put("host-config", "netlify.toml", netlify_toml(site, rules))
    out.put("host-config", f"{DEPLOY}/s3-objects.json", s3_manifest(site, feeds, topics))
    out.put("host-config", f"{DEPLOY}/redirects.json", redirects_json(site.urls, opts))
