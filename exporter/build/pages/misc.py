"""Tag pages, the search placeholder and the 404 page."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..contexts import NotFoundPage, SearchPage, TagPage
from ..gather import SiteIndex
from ..views import Link, TopicRow
from ..search import BUNDLE, search_widget
from .base import Job, common, home_crumb, pages_of, pagination, root_of, rows_deps


def tag_jobs(ix: SiteIndex) -> Iterator[Job]:
    for tid in sorted(ix.tags):
        rows = [ix.rows[p] for p in ix.tag_posts[tid]]
        chunks = pages_of(rows, ix.options.tag_page_size)
        for n, chunk in enumerate(chunks, 1):
            yield Job(ix.urls.tag(ix.paths.seg("t", tid), n), f"tag {tid}",
                      partial(_tag, ix, tid, n, len(chunks), tuple(chunk)), "tag", (len(chunks), rows_deps(ix, chunk)))


def _tag(ix: SiteIndex, tid: int, page: int, pages: int, topics: tuple[TopicRow, ...]) -> TagPage:
    tag = ix.tags[tid]
    seg = ix.paths.seg("t", tid)
    url = ix.urls.tag(seg, page)
    return TagPage(**common(ix, url, f"#{tag.name}", f"Discussions tagged #{tag.name} on {ix.site.name}.",
                            [home_crumb(ix), Link(f"#{tag.name}", tag.url)], canonical=tag.url),
                   tag=tag, topics=topics, pagination=pagination(page, pages, lambda n: ix.urls.tag(seg, n)))


def search_jobs(ix: SiteIndex) -> Iterator[Job]:
    yield Job(ix.urls.search(), "search", partial(_search, ix), "search", ())


def _search(ix: SiteIndex) -> SearchPage:
    url = ix.urls.search()
    return SearchPage(**common(ix, url, "Search", f"Search discussions, replies, members, and tags on {ix.site.name}.",
                               [home_crumb(ix), Link("Search", url)], nav="search", robots="noindex, follow"),
                      query_param="q", widget=search_widget(ix, root_of(url)),
                      index_url=f"/{BUNDLE}/pagefind.js" if ix.options.static_search else "", scripts=(),
                      spaces=tuple(ix.space_views[int(s["id"])] for s in ix.spaces),
                      tags=tuple(ix.tags[t] for t in sorted(ix.tags, key=lambda t: (ix.tags[t].name.lower(), t))))


def not_found_jobs(ix: SiteIndex) -> Iterator[Job]:
    yield Job(ix.urls.not_found(), "404", partial(_not_found, ix), "404", ())


def _not_found(ix: SiteIndex) -> NotFoundPage:
    url = ix.urls.not_found()
    return NotFoundPage(**common(ix, url, "Page not found", "This page does not exist in the archive.",
                                 [home_crumb(ix)], robots="noindex"),
                        message="This page is not part of the archive. It may have been private, "
                                "removed before the snapshot was taken, or the link is mistyped.")
