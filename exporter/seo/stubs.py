"""Meta-refresh stub pages: a 200 answer that forwards, for URLs a host cannot redirect.

* double-encoded tag hrefs of the live site (``/tag/%25e6%2580…/`` decodes to a folder
  literally named ``%e6%80…``): a stub at that literal name forwards to the real tag;
* ``pg/1/`` and ``sort/latest/`` (where Netlify's query rules land for ``?pg=1``/``?sort=latest``);
* profile tabs the mirror does not render (login-only on the live site) → the profile.
"""

from __future__ import annotations

import html

from .files import RecordingWriter, file_for
from .redirects import LIVE_PROFILE_TABS, RedirectOptions
from .site import SeoSite


def stub_page(site: SeoSite, target: str) -> bytes:
    """A tiny page forwarding to root-relative ``target`` (meta refresh + canonical + link;
    no script, so it passes the strictest CSP and the mirror's no-script policy)."""
    href = html.escape(target)
    absolute = html.escape(site.urls.absolute(target))
    return (f'<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>'
            f'<link rel="canonical" href="{absolute}"><meta name="robots" content="noindex, follow">'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            "</head>"
            f'<body><p>This page moved to <a href="{href}">{href}</a>.</p></body></html>\n').encode("utf-8")


def stub_targets(site: SeoSite, opts: RedirectOptions) -> list[tuple[str, str]]:
    """``(file path, target URL path)`` of every stub (file paths are already decoded)."""
    u, out = site.urls, []
    for tag in site.tags:
        if "%" in tag["slug"]:
            literal = f"{u.base}/tag/{tag['slug']}/".lstrip("/") + "index.html"
            out.append((literal, site.tag_path(tag)))
        out.append((file_for(site.tag_path(tag) + "pg/1/"), site.tag_path(tag)))
    for space in site.spaces:
        path = site.space_path(space)
        out += [(file_for(path + "pg/1/"), path), (file_for(path + "sort/latest/"), path)]
    for login, _user in site.profiles:
        for tab in LIVE_PROFILE_TABS:
            if tab not in opts.profile_tabs:
                out.append((file_for(site.profile_path(login) + f"{tab}/"), site.profile_path(login)))
    return out


def write_stubs(site: SeoSite, out: RecordingWriter, opts: RedirectOptions) -> int:
    targets = stub_targets(site, opts)
    for rel, target in targets:
        out.put("stub", rel, stub_page(site, target))
    return len(targets)


