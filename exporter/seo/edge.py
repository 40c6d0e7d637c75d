"""Files for hosts configured by files in the site itself (Netlify, Cloudflare Pages) and a
content-type manifest for S3.

* ``_redirects`` (Netlify and Cloudflare Pages share the syntax): path rules and the feed
  folder rewrites; no query matching (Cloudflare has none), at most a few dozen dynamic rules.
* ``netlify.toml``: Netlify's query-string rules (``query = {pg = ":pg"}``), forced so they
  win over the existing page, plus forced feed rewrites.
* ``_headers``: content types of feeds, oEmbed files and sitemaps.
* ``_deploy/s3-objects.json``: S3 keys whose Content-Type differs from the extension's,
  including the feed folder's ``index.html`` key uploaded with the RSS bytes.
"""

from __future__ import annotations

import itertools
import json

from .feeds import ATOM_FILE, RSS_FILE, FeedSpec
from .files import file_for, json_document
from .nginx import ATOM_TYPE, JSON_TYPE, RSS_TYPE, XML_TYPE
from .oembed import LINK_FILE, RICH_FILE
from .redirects import PathRule, QueryRule
from .site import SeoSite


def feed_sources(site: SeoSite) -> list[str]:
    b = site.urls.base
    return [f"{b}/feed/", f"{b}/s/:space/feed/", f"{b}/tag/:tag/feed/"]


def redirects_file(site: SeoSite, paths: list[PathRule]) -> bytes:
    lines = ["# jetonomy-export: Netlify / Cloudflare Pages (query forms: netlify.toml or the page script)"]
    lines += [f"{r.source}  {r.target}  {r.status}" for r in paths]
    lines += [f"{src}  {src}{RSS_FILE}  200" for src in feed_sources(site)]
    lines += ["/_deploy/*  /404.html  404"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def netlify_query_rules(rule: QueryRule) -> list[str]:
    """Every combination of the rule's params (most specific first), one name each."""
    blocks = []
    for size in range(len(rule.params), 0, -1):
        for combo in itertools.combinations(rule.params, size):
            for names in itertools.product(*(p.names for p in combo)):
                query = ", ".join(f"{n} = {_toml(':' + n)}" for n in names)
                target = rule.source + "".join(p.fragment.replace("{v}", ":" + n) for p, n in zip(combo, names))
                blocks.append(f"[[redirects]]\nfrom = {_toml(rule.source)}\nto = {_toml(target)}\n"
                              f"status = 301\nforce = true\nquery = {{{query}}}\n")
    return blocks


def netlify_toml(site: SeoSite, rules: list[QueryRule]) -> bytes:
    blocks = ["# jetonomy-export: Netlify query-string redirects (Cloudflare Pages ignores this file)\n"]
    for rule in rules:
        blocks += netlify_query_rules(rule)
    for src in feed_sources(site):
        blocks.append(f"[[redirects]]\nfrom = {_toml(src)}\nto = {_toml(src + RSS_FILE)}\nstatus = 200\nforce = true\n")
    return "\n".join(blocks).encode("utf-8")


def headers_file(site: SeoSite, sitemap_paths: list[str]) -> bytes:
    b = site.urls.base
    rules = []
    for src in feed_sources(site):
        rules += [(src, RSS_TYPE), (src + RSS_FILE, RSS_TYPE), (src + ATOM_FILE, ATOM_TYPE)]
    rules += [(f"{b}/s/:space/t/:topic/{RICH_FILE}", JSON_TYPE), (f"{b}/s/:space/t/:topic/{LINK_FILE}", JSON_TYPE)]
    lines = [f"{path}\n  Content-Type: {ctype}" for path, ctype in rules]
    lines += [f"{path}\n  Content-Type: {XML_TYPE}\n  X-Robots-Tag: noindex, follow" for path in sitemap_paths]
    lines += [f"{b}/s/:space/t/:topic/{RICH_FILE}\n  Access-Control-Allow-Origin: *"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def s3_manifest(site: SeoSite, feeds: list[FeedSpec], oembed_topics: list[str]) -> bytes:
    """``[{key, file, content_type}]``: upload these after ``aws s3 sync`` (see docs/hosting.md)."""
    objects = []
    for spec in feeds:
        rss, atom = file_for(spec.path, RSS_FILE), file_for(spec.path, ATOM_FILE)
        objects += [{"key": file_for(spec.path), "file": rss, "content_type": RSS_TYPE},
                    {"key": rss, "file": rss, "content_type": RSS_TYPE},
                    {"key": atom, "file": atom, "content_type": ATOM_TYPE}]
    for topic in oembed_topics:
        for name in (RICH_FILE, LINK_FILE):
            rel = file_for(topic + name)
            objects.append({"key": rel, "file": rel, "content_type": JSON_TYPE})
    doc = {"index_document": "index.html", "error_document": "404.html", "objects": objects}
    return json_document(doc)
