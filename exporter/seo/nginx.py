"""nginx includes: ``jetonomy-http.conf`` (``map``s, http context) and
``jetonomy-server.conf`` (``location``s, server context).

Query forms redirect with one ``if … return`` per location (the safe use of ``if``); the
target is built from the *raw* ``$request_uri`` so percent-encoded slugs stay encoded and a
``//host`` path can never become an open redirect. Double-encoded tag hrefs (the decoded
path still holds ``%xx``) redirect to the once-encoded form; topics requested under another
space answer with a 301 to their current space (the live site resolves by post slug only);
the live oEmbed endpoint redirects to the static file of the topic named in ``?url=``.
"""

from __future__ import annotations

import re
import urllib.parse

from .oembed import LINK_FILE, RICH_FILE
from .redirects import PathRule, QueryParam, QueryRule, source_regex
from .site import SeoSite

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"


def _q(text: str) -> str:
    """An nginx string literal (double-quoted; ``"`` and ``\\`` escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def param_var(param: QueryParam, index: int) -> str:
    return f"${{jx_q{index}}}"


def param_map(param: QueryParam, index: int) -> str:
    """``map "$arg_a|$arg_b" $jx_qN`` giving the fragment of the first name that matches."""
    key = "|".join(f"$arg_{n}" for n in param.names)
    named = param.values.replace("(", "(?<v>", 1)
    lines = [f"map {_q(key)} $jx_q{index} {{", '    default "";']
    for i, _name in enumerate(param.names):
        lines.append(f"    {_q('~^(?:[^|]*[|]){' + str(i) + '}' + named + '(?:[|]|$)')} "
                     f"{_q(param.fragment.replace('{v}', '$v'))};")
    return "\n".join(lines + ["}"])


def unique_params(rules: list[QueryRule]) -> list[QueryParam]:
    seen: list[QueryParam] = []
    for rule in rules:
        seen += [p for p in rule.params if p not in seen]
    return seen


def query_location(rule: QueryRule, params: list[QueryParam], extra: str = "") -> str:
    """A regex location for one page kind: 301 to ``raw path + fragments`` when that page
    exists; otherwise (``?pg=99``, ``?sort=latest``, ``?rsort=…``) the clean page answers 200."""
    suffix = "".join(param_var(p, params.index(p)) for p in rule.params)
    raw = source_regex(rule.source, "[^/?|]+")[1:-1]
    raw = re.sub(r"\(\[\^/\?\|\]\+\)", "[^/?|]+", raw)
    return (f"location ~ {_q(source_regex(rule.source))} {{\n"
            '    set $jx_go "";\n'
            f"    if (-f {_q('$document_root$uri' + suffix + 'index.html')}) {{ set $jx_go {_q(suffix)}; }}\n"
            "    set $jx_t \"$jx_go|$request_uri\";\n"
            f"    if ($jx_t ~ {_q('^([^|]+)[|](' + raw + ')(?:[?]|$)')}) {{ return 301 $2$1; }}\n"
            f"{extra}}}")


def path_location(rule: PathRule) -> str:
    """Redirect a path pattern, re-using the raw (still encoded) segments."""
    target = rule.target
    for i, name in enumerate(re.findall(r":[a-z]+", rule.source), start=1):
        target = target.replace(name, f"${i}")
    raw = source_regex(rule.source, "[^/?]+")[:-1] + "(?:[?]|$)"
    return (f"location ~ {_q(source_regex(rule.source))} {{\n"
            f"    if ($request_uri ~ {_q(raw)}) {{ return {rule.status} {target}; }}\n"
            f"    return 404;\n}}")


def topic_map(site: SeoSite) -> list[str]:
    """Decoded post slug → canonical topic path (for topics asked under another space); the
    map's lines (kept apart: a big community's map is megabytes, see :func:`http_conf`)."""
    base = re.escape(site.urls.base)
    lines = [f'map $uri $jx_topic_slug {{\n    default "";\n    "~^{base}/s/[^/]+/t/(?<s>[^/]+)/$" $s;\n}}',
             "map $jx_topic_slug $jx_topic_target {", '    default "";']
    seen: set[str] = set()
    for post in sorted(site.posts, key=lambda p: int(p["id"])):
        path, key = site.topic_path(post), urllib.parse.unquote(post["slug"]).lower()
        if path and key not in seen:  # map keys compare case-insensitively
            seen.add(key)
            lines.append(f"    {_q(urllib.parse.unquote(post['slug']))} {_q(path)};")
    lines.append("}")
    return lines


def oembed_map(site: SeoSite, origins: tuple[str, ...]) -> list[str]:
    """``?url=`` of the live oEmbed endpoint (raw, as sent) → topic path (the map's lines).

    Keys are the URL-encoded topic URL on each origin (nginx compares ``map`` strings
    case-insensitively, so ``%2F`` and ``%2f`` both match one key).
    """
    lines = ["map $arg_url $jx_oembed_topic {", '    default "";']
    # quote() maps byte by byte, so quote(origin + path) == quote(origin) + quote(path)
    quoted = [urllib.parse.quote(origin.rstrip("/"), safe="") for origin in origins]
    for post in sorted(site.posts, key=lambda p: int(p["id"])):
        path = site.topic_path(post)
        if not path:
            continue
        tail = urllib.parse.quote(path, safe="")
        keys = [origin + tail for origin in quoted]
        for key in dict.fromkeys(keys):
            lines.append(f"    {_q(key)} {_q(path)};")
    lines.append("}")
    return lines


def http_conf(site: SeoSite, rules: list[QueryRule], origins: tuple[str, ...]) -> bytes:
    """The http-context include, as UTF-8. Encoded line by line: joined into one text first,
    one slug beyond Latin-1 made all of it 2 or 4 bytes a character (+190 MB of peak memory at 100x)."""
    params = unique_params(rules)
    maps = [topic_map(site), oembed_map(site, origins)]
    parts = [["# jetonomy-export: include in the http {} context (before the server include)."],
             [hash_sizes(maps)], *([param_map(p, i)] for i, p in enumerate(params)), *maps]
    return b"\n\n".join(b"\n".join([line.encode("utf-8") for line in part]) for part in parts) + b"\n"


def hash_sizes(maps: list[list[str]]) -> str:
    """``map_hash_*`` large enough for the longest key and the number of keys (``maps``: the
    lines of each map)."""
    longest, count = 0, 0
    for text in (line for lines in maps for line in lines):
        for ln in text.splitlines():
            if ln.startswith('    "'):
                count += 1
                longest = max(longest, len(ln.encode()))
    longest = longest if count else 64
    bucket = 64
    while bucket < longest + 32:
        bucket *= 2
    size = 1024
    while size < 2 * count:
        size *= 2
    return f"map_hash_bucket_size {bucket};\nmap_hash_max_size {size};"


def typed_locations(site: SeoSite) -> list[str]:
    """Content types of feeds, oEmbed files and sitemaps; feed folders answer with RSS."""
    b = re.escape(site.urls.base)
    feed_dir = f"^{b}/(?:s/[^/]+/|tag/[^/]+/)?feed/"
    sitemap = re.escape("/" + site.urls.base_slug) + r"-sitemap(?:-[a-z]+-[0-9]+)?\.xml$"
    return [
        f"location ~ {_q(feed_dir + '$')} {{\n    index index.xml index.html;\n}}",
        f"location ~ {_q(feed_dir + 'index[.]xml$')} {{\n    types {{ }}\n    default_type {_q(RSS_TYPE)};\n}}",
        f"location ~ {_q(feed_dir + 'atom[.]xml$')} {{\n    types {{ }}\n    default_type {_q(ATOM_TYPE)};\n}}",
        f"location ~ {_q('/(?:' + re.escape(RICH_FILE) + '|' + re.escape(LINK_FILE) + ')$')} {{\n"
        f"    types {{ }}\n    default_type {_q(JSON_TYPE)};\n    add_header Access-Control-Allow-Origin *;\n}}",
        f"location ~ {_q('^' + sitemap)} {{\n    types {{ }}\n    default_type {_q(XML_TYPE)};\n"
        f"    add_header X-Robots-Tag \"noindex, follow\";\n}}",
    ]


def special_locations(site: SeoSite) -> list[str]:
    """Double-encoded tags, moved topics (named location) and the live oEmbed endpoint."""
    b = re.escape(site.urls.base)
    return [
        f"location ~ {_q('^' + b + '/tag/((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~-])*%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~-])*)/(.*)$')} {{\n"
        f"    return 301 {site.urls.base}/tag/$1/$2;\n}}",
        "location @jx_moved_topic {\n    if ($jx_topic_target) { return 301 $jx_topic_target; }\n    return 404;\n}",
        "location ~ \"^/wp-json/jetonomy/v1/oembed/?$\" {\n"
        f"    set $jx_oembed_file {RICH_FILE};\n"
        f"    if ($arg_type = link) {{ set $jx_oembed_file {LINK_FILE}; }}\n"
        "    if ($jx_oembed_topic) { return 301 $jx_oembed_topic$jx_oembed_file; }\n"
        "    return 404;\n}",
    ]


def server_conf(site: SeoSite, rules: list[QueryRule], paths: list[PathRule]) -> str:
    """Locations for inside ``server {}`` (after ``root``): 404 page, types, redirects."""
    params = unique_params(rules)
    head = ["# jetonomy-export: include inside server {} after `root /path/to/mirror;`.",
            "index index.html;", "error_page 404 /404.html;",
            "location ^~ /_deploy/ { return 404; }"]
    body = typed_locations(site) + special_locations(site) + [path_location(r) for r in paths]
    for rule in rules:
        extra = "    try_files ${uri}index.html @jx_moved_topic;\n" if rule.name == "topic" else ""
        body.append(query_location(rule, params, extra))
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"
