"""Every URL form the live HTML (``samples/2x-html-*``) links to, applied to a snapshot."""

from __future__ import annotations

import re
import urllib.parse

from exporter.seo.site import SeoSite


def upper_hex(path: str) -> str:
    return re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), path)


def double_encoded(path: str) -> str:
    """The live site's tag hrefs: the ``%`` of an encoded slug encoded again (``%25e6``)."""
    return path.replace("%", "%25")


def space_forms(site: SeoSite) -> list[str]:
    out = []
    for space in site.spaces:
        p = site.space_path(space)
        out += [p, p + "?pg=2", p + "?sort=latest", p + "?sort=popular", p + "?sort=unanswered",
                p + "?sort=popular&pg=2", p + "feed/", p + "members/", p + "members/?paged=2"]
        if space.get("type") == "ideas":
            out.append(p + "roadmap/")
    return out


def topic_forms(site: SeoSite, live_home: str) -> list[str]:
    out = []
    other = site.spaces[0]["slug"]
    for post in site.posts:
        p = site.topic_path(post) or ""
        out += [p, p + "?rpg=2", p + "?rsort=best", p + "?rsort=newest", upper_hex(p),
                re.sub(r"/s/[^/]+/t/", f"/s/{other}/t/", p)]
        url = urllib.parse.quote(live_home + p, safe="")
        out.append(f"/wp-json/jetonomy/v1/oembed?url={url}&format=json")
    return out


def tag_forms(site: SeoSite) -> list[str]:
    out = []
    for tag in site.tags:
        p = site.tag_path(tag)
        out += [p, upper_hex(p), p + "?sort=latest", p + "?sort=popular", p + "?paged=2", p + "feed/"]
        if "%" in p:
            out.append(double_encoded(p))
    return out


def people_forms(site: SeoSite) -> list[str]:
    out = []
    for login, _user in site.profiles:
        p = site.profile_path(login)
        out += [p, p + "replies/", p + "votes/", p + "posts/?pg=2"]
    b = site.urls.base
    out += [f"{b}/leaderboard/", f"{b}/leaderboard/?period=month", f"{b}/leaderboard/?period=week",
            f"{b}/leaderboard/?pg=2", f"{b}/", f"{b}/search/", f"{b}/search/?q=cache&filter=posts",
            f"{b}/search/?q=cache&pg=2"]
    return out


def live_url_forms(site: SeoSite, live_home: str) -> list[str]:
    forms = space_forms(site) + topic_forms(site, live_home) + tag_forms(site) + people_forms(site)
    return list(dict.fromkeys(forms))
