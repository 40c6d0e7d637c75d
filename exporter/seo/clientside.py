"""Tiny scripts for hosts that cannot redirect on the query string (GitHub Pages, S3,
Cloudflare Pages, GitLab Pages): the page itself maps ``?pg=2`` → ``pg/2/`` and the 404 page
looks a moved topic up in the sitemap. Generated from the same rules as the server configs.
"""

from __future__ import annotations

import json

from .jsonld import script_json
from .redirects import QueryRule, source_regex
from .site import SeoSite


def _rules_json(rules: list[QueryRule]) -> str:
    data = [[source_regex(r.source), [[list(p.names), "^" + p.values + "$", p.fragment] for p in r.params]]
            for r in rules]
    return script_json({"r": data})


_QUERY_JS = ("(function(){var R=%s.r,l=location,q=new URLSearchParams(l.search);"
             "for(var i=0;i<R.length;i++){if(!new RegExp(R[i][0]).test(l.pathname))continue;var s='';"
             "R[i][1].forEach(function(p){for(var j=0;j<p[0].length;j++){var m=new RegExp(p[1])"
             ".exec(q.get(p[0][j])||'');if(m){s+=p[2].replace('{v}',m[1]);break;}}});"
             "if(s)l.replace(l.pathname+s+l.hash);return;}})();")


def legacy_query_script(rules: list[QueryRule]) -> str:
    """``<script>`` for every page's ``<head>``: redirect live query forms client-side."""
    return f"<script>{_QUERY_JS % _rules_json(rules)}</script>"


_NOT_FOUND_JS = ("(function(){var m=/^%s\\/s\\/[^\\/]+\\/t\\/([^\\/]+)\\/$/.exec(location.pathname);if(!m)return;"
                 "var want='/t/'+m[1].toLowerCase()+'/',P=new DOMParser();"
                 "function locs(u){return fetch(u).then(function(r){return r.ok?r.text():''}).then(function(t){"
                 "return Array.prototype.map.call(P.parseFromString(t,'application/xml')"
                 ".getElementsByTagName('loc'),function(e){return e.textContent})})}"
                 "locs(%s).then(function(kids){return Promise.all(kids.filter(function(k){return /-posts-/.test(k)})"
                 ".map(locs))}).then(function(all){[].concat.apply([],all).some(function(u){"
                 "if(u.toLowerCase().slice(-want.length)===want){location.replace(new URL(u).pathname+location.hash);"
                 "return true}})})})();")


def not_found_script(site: SeoSite, rules: list[QueryRule]) -> str:
    """``<script>`` for ``404.html``: query forms, then a topic under another space → the
    topic's current URL, found in the posts sitemaps."""
    base = site.urls.base.replace("/", "\\/")
    index = json.dumps(site.urls.sitemap_index())
    return legacy_query_script(rules) + f"<script>{_NOT_FOUND_JS % (base, index)}</script>"
