"""Write the per-host deployment files (see ``docs/hosting.md``).

Files at the mirror root are read by the host itself (``_redirects``, ``_headers``,
``netlify.toml``, ``.htaccess``); everything else lives under ``_deploy/`` (the nginx
includes, the S3 manifest, the JSON redirect map), which every generated config refuses to
serve.
"""

from __future__ import annotations

from collections.abc import Callable

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
    """Every host's config, generated from one set of rules (a file made from the same
    inputs as in the last build is kept as it is)."""
    rules, paths = query_rules(site.urls, opts), path_rules(site.urls, opts)
    posts = [(post, path) for post in site.posts if (path := site.topic_path(post))]
    topics = [path for _post, path in posts]
    files: dict[str, Callable[[], bytes]] = {
        NGINX_HTTP: lambda: http_conf(site, rules, origins(site, live_home)),
        NGINX_SERVER: lambda: server_conf(site, rules, paths).encode("utf-8"),
        ".htaccess": lambda: htaccess(site, rules, paths),
        "_redirects": lambda: redirects_file(site, paths),
        "_headers": lambda: headers_file(site, sitemap_files),
        "netlify.toml": lambda: netlify_toml(site, rules),
        f"{DEPLOY}/s3-objects.json": lambda: s3_manifest(site, feeds, topics),
        f"{DEPLOY}/redirects.json": lambda: redirects_json(site.urls, opts),
    }
    key = site.file_key("hosting", site.urls, opts, live_home, [spec.path for spec in feeds], sitemap_files,
                        [(int(post["id"]), str(post.get("slug")), path) for post, path in posts])
    for rel, make in files.items():
        out.put_keyed("host-config", rel, key and f"{key}-{rel}", make)
