"""The redirect map: every URL form of the live site → the mirror's path.

Rules are *patterns* (never one rule per URL), so they fit the limits of every host
(Cloudflare Pages: 2,000 static + 100 dynamic rules; GitLab Pages: 1,000). Three kinds:

* :class:`QueryRule` — the live query forms (``?pg=``, ``?paged=``, ``?sort=``, ``?rpg=``,
  ``?period=``) → static folders (``pg/N/``, ``sort/X/``, ``rpg/N/``, ``{period}/``).
  Only values that change the page redirect; anything else (``?sort=latest``, ``?rsort=``,
  ``?pg=1``, tracking parameters) is served the clean page itself with status 200.
* :class:`PathRule` — paths the mirror does not have (login-only profile tabs).
* Stubs — small meta-refresh pages for hosts without rules (double-encoded tag hrefs,
  ``sort/latest/``, ``pg/1/``, login-only tabs), written by :mod:`exporter.seo.stubs`.

Percent-encoded slugs need no rule: a static server decodes ``%E6`` and ``%e6`` alike.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..urls import SiteUrls
from .files import json_document

PAGE_VALUES = "0*([2-9]|[1-9][0-9]+)"
LIVE_PROFILE_TABS = ("posts", "replies", "badges", "activity", "votes", "bookmarks", "drafts")


@dataclass(frozen=True)
class QueryParam:
    """Query names that mean one thing, the values that change the page, the path part."""

    names: tuple[str, ...]
    values: str          # regex with one group, anchored by the emitters
    fragment: str        # path fragment, ``{v}`` = the value's group


@dataclass(frozen=True)
class QueryRule:
    """``source`` is a path with ``:placeholders`` (one segment each); fragments of matching
    params are appended to it in order."""

    name: str
    source: str
    params: tuple[QueryParam, ...]


@dataclass(frozen=True)
class PathRule:
    source: str
    target: str
    status: int = 301


@dataclass(frozen=True)
class RedirectOptions:
    """Which variants the mirror renders (so only redirects to real pages are made)."""

    space_sorts: tuple[str, ...] = ("popular", "unanswered")
    profile_tabs: tuple[str, ...] = ("posts", "replies")
    leaderboard_periods: tuple[str, ...] = ("month", "week")


def _alt(values: tuple[str, ...]) -> str:
    return "(" + "|".join(re.escape(v) for v in values) + ")"


def query_rules(urls: SiteUrls, opts: RedirectOptions) -> list[QueryRule]:
    """The live query forms of CONTRACT.md §5.1, most specific path first."""
    b = urls.base
    page = QueryParam(("pg", "paged"), PAGE_VALUES, "pg/{v}/")
    rules = [
        QueryRule("topic", f"{b}/s/:space/t/:topic/", (QueryParam(("rpg",), PAGE_VALUES, "rpg/{v}/"),)),
        QueryRule("members", f"{b}/s/:space/members/", (page,)),
        QueryRule("space", f"{b}/s/:space/", (QueryParam(("sort",), _alt(opts.space_sorts), "sort/{v}/"), page)),
        QueryRule("tag", f"{b}/tag/:tag/", (page,)),
        QueryRule("profile", f"{b}/u/:login/", (page,)),
        QueryRule("leaderboard", f"{b}/leaderboard/",
                  (QueryParam(("period",), _alt(opts.leaderboard_periods), "{v}/"), page)),
    ]
    rules += [QueryRule(f"profile-{tab}", f"{b}/u/:login/{tab}/", (page,)) for tab in opts.profile_tabs]
    return [r for r in rules if all(p.values != "()" for p in r.params)]


def path_rules(urls: SiteUrls, opts: RedirectOptions) -> list[PathRule]:
    """Live paths with no mirror page: login-only or unrendered profile tabs → profile."""
    b = urls.base
    return [PathRule(f"{b}/u/:login/{tab}/", f"{b}/u/:login/")
            for tab in LIVE_PROFILE_TABS if tab not in opts.profile_tabs]


def apply_query(rule: QueryRule, query: dict[str, str]) -> str:
    """The path suffix a query produces under ``rule`` (``""`` = serve the page as is)."""
    suffix = ""
    for param in rule.params:
        for name in param.names:
            match = re.fullmatch(param.values, query.get(name, ""))
            if match:
                suffix += param.fragment.format(v=match.group(1))
                break
    return suffix


def source_regex(source: str, segment: str = "[^/]+") -> str:
    """Anchored regex for a ``:placeholder`` path; each placeholder is one captured segment."""
    parts = re.split(r"(:[a-z]+)", source)
    return "^" + "".join(f"({segment})" if p.startswith(":") else re.escape(p) for p in parts) + "$"


def resolve(rules: list[QueryRule], path: str, query: dict[str, str]) -> str | None:
    """The mirror path for a live ``path?query`` (``None`` when no rule changes it)."""
    for rule in rules:
        if re.match(source_regex(rule.source), path):
            suffix = apply_query(rule, query)
            return path + suffix if suffix else None
    return None


def redirects_json(urls: SiteUrls, opts: RedirectOptions) -> bytes:
    """The whole map as JSON for tools and hosts not covered by the other formats."""
    doc = {"base": urls.base, "percent_encoding": "case-insensitive; decoded by the server",
           "query_rules": [asdict(r) for r in query_rules(urls, opts)],
           "path_rules": [asdict(r) for r in path_rules(urls, opts)],
           "double_encoded_tags": f"{urls.base}/tag/%25xx…/ → {urls.base}/tag/%xx…/ (stub pages at the literal name)",
           "oembed": "/wp-json/jetonomy/v1/oembed?url=<topic URL>[&type=link] → <topic path>oembed.json "
                     "| oembed-link.json",
           "feeds": f"{urls.base}/s/<space>/feed/ → index.xml in that folder (RSS), atom.xml (Atom)"}
    return json_document(doc)
