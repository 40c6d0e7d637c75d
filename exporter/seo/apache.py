"""``.htaccess`` for Apache (mod_rewrite, mod_mime, mod_dir, mod_headers).

Written from the same rule objects as the nginx include. Query fragments are collected into
environment variables (``%N`` back-references only see the last ``RewriteCond``), then one
rule redirects when any fragment was set. Not exercised by the test-suite (no Apache there):
the nginx include is the tested reference.
"""

from __future__ import annotations

import re

from .nginx import ATOM_TYPE, JSON_TYPE, RSS_TYPE
from .oembed import LINK_FILE, RICH_FILE
from .redirects import PathRule, QueryRule, source_regex
from .site import SeoSite


def _rel(source: str) -> str:
    """Per-directory RewriteRule pattern (no leading slash), placeholders captured."""
    return "^" + source_regex(source)[2:]


def query_block(rule: QueryRule, index: int) -> list[str]:
    lines = [f"# {rule.name}: live query forms", "RewriteRule ^ - [E=JX:]"]
    pattern = _rel(rule.source)
    for param in rule.params:
        names = "|".join(param.names)
        lines += [f"RewriteCond %{{QUERY_STRING}} (?:^|&)(?:{names})={param.values}(?:&|$)",
                  f"RewriteRule {pattern} - [E=JX:%{{ENV:JX}}{param.fragment.replace('{v}', '%1')}]"]
    groups = len(re.findall(r":[a-z]+", rule.source))
    target = "/" + re.sub(r":[a-z]+", lambda m, c=iter(range(1, groups + 1)): f"${next(c)}", rule.source.lstrip("/"))
    lines += ["RewriteCond %{ENV:JX} ^(.+)$", f"RewriteRule {pattern} {target}%1? [R=301,L]"]
    return lines


def path_block(rule: PathRule) -> list[str]:
    count = iter(range(1, 10))
    target = re.sub(r":[a-z]+", lambda m: f"${next(count)}", rule.target)
    return [f"RewriteRule {_rel(rule.source)} {target} [R={rule.status},L]"]


def htaccess(site: SeoSite, rules: list[QueryRule], paths: list[PathRule]) -> bytes:
    b = site.urls.base.lstrip("/")
    b = (b + "/") if b else ""
    lines = ["# jetonomy-export mirror: Apache 2.4 (AllowOverride FileInfo Indexes)",
             "ErrorDocument 404 /404.html", "Options -MultiViews",
             "DirectoryIndex index.html",
             f'<FilesMatch "^index\\.xml$">\n  ForceType "{RSS_TYPE}"\n</FilesMatch>',
             f'<FilesMatch "^atom\\.xml$">\n  ForceType "{ATOM_TYPE}"\n</FilesMatch>',
             f'<FilesMatch "^({re.escape(RICH_FILE)}|{re.escape(LINK_FILE)})$">\n  ForceType "{JSON_TYPE}"\n'
             '  <IfModule mod_headers.c>\n    Header set Access-Control-Allow-Origin "*"\n  </IfModule>\n</FilesMatch>',
             "RewriteEngine On", "RewriteRule ^_deploy/ - [R=404,L]",
             "# feed folders answer with the RSS file",
             f"RewriteRule ^({b}(?:s/[^/]+/|tag/[^/]+/)?feed/)$ $1index.xml [L]",
             "# double-encoded tag hrefs (decoded path still holds %xx) -> once-encoded",
             f"RewriteRule ^{b}tag/([^/]*%[0-9A-Fa-f]{{2}}[^/]*)/(.*)$ /{b}tag/$1/$2 [R=301,L,NE]",
             "# live oEmbed endpoint (ASCII slugs; see docs/hosting.md)",
             "RewriteCond %{QUERY_STRING} (?:^|&)type=link(?:&|$)",
             "RewriteRule ^ - [E=JXO:oembed-link.json]",
             "RewriteCond %{ENV:JXO} ^$", "RewriteRule ^ - [E=JXO:oembed.json]",
             f"RewriteCond %{{QUERY_STRING}} (?:^|&)url=https?%3A%2F%2F[^&]*?%2F{b.replace('/', '%2F')}s%2F([A-Za-z0-9_-]+)%2Ft%2F([A-Za-z0-9_.-]+)%2F(?:&|$) [NC]",
             f"RewriteRule ^wp-json/jetonomy/v1/oembed/?$ /{b}s/%1/t/%2/%{{ENV:JXO}}? [R=301,L]"]
    for rule in paths:
        lines += path_block(rule)
    for i, rule in enumerate(rules):
        lines += query_block(rule, i)
    return ("\n".join(lines) + "\n").encode("utf-8")
