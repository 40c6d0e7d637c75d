"""Home, category, space lists, roadmap and members pages."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..contexts import CategoryPage, HomePage, MembersPage, RoadmapPage, SpacePage
from ..dates import when
from ..gather import SiteIndex, safe_color
from ..views import Link, MemberRow, RoadmapColumn, Section, SpaceView, TopicRow
from .base import Job, common, home_crumb, pages_of, pagination, row_author, rows_deps

SORTS = (("latest", "Latest"), ("popular", "Popular"), ("unanswered", "Unanswered"))
ROADMAP = (("planned", "Planned"), ("in_progress", "In progress"), ("shipped", "Shipped"),
           ("declined", "Declined"))


def home_jobs(ix: SiteIndex) -> Iterator[Job]:
    yield Job(ix.urls.home_page(), "home", partial(_home, ix), "home", ())


def _sections(ix: SiteIndex) -> tuple[Section, ...]:
    by_cat: dict[int, list[SpaceView]] = {}
    for space in ix.spaces:
        view = ix.space_views[int(space["id"])]
        key = int(space.get("category_id") or 0) if view.category else 0
        by_cat.setdefault(key, []).append(view)
    sections = [Section(str(c.get("name") or ""), str(c.get("description") or ""),
                        ix.urls.category(ix.paths.seg("c", int(c["id"]))), tuple(by_cat[int(c["id"])]))
                for c in ix.categories if by_cat.get(int(c["id"]))]
    if by_cat.get(0):
        heading = f"More {ix.site.space_label_plural.lower()}" if sections else ix.site.space_label_plural
        sections.append(Section(heading, "", "", tuple(by_cat[0])))
    return tuple(sections)


def _home(ix: SiteIndex) -> HomePage:
    url = ix.urls.home_page()
    return HomePage(**common(ix, url, "Community", f"{ix.site.name}: community discussions, Q&A, and more.",
                             [home_crumb(ix)], nav="home"),
                    sections=_sections(ix), post_count=len(ix.posts), member_count=len(ix.users))


def category_jobs(ix: SiteIndex) -> Iterator[Job]:
    for cat in ix.categories:
        url = ix.urls.category(ix.paths.seg("c", int(cat["id"])))
        yield Job(url, f"category {cat['id']}", partial(_category, ix, cat, url), "category", ())


def _category(ix: SiteIndex, cat: dict, url: str) -> CategoryPage:
    cid = int(cat["id"])
    name = str(cat.get("name") or "")
    spaces = tuple(v for v in ix.space_views.values() if v.category and v.category.url == url)
    children = tuple(Link(str(c.get("name") or ""), ix.urls.category(ix.paths.seg("c", int(c["id"]))))
                     for c in ix.categories if int(c.get("parent_id") or 0) == cid)
    desc = f"{ix.site.space_label_plural} in the {name} category on {ix.site.name}."
    return CategoryPage(**common(ix, url, f"{name} — Community", desc, [home_crumb(ix), Link(name, url)]),
                        name=name, category_description=str(cat.get("description") or ""),
                        color=safe_color(cat.get("color")), spaces=spaces, children=children)


def _space_crumbs(ix: SiteIndex, view: SpaceView, *tail: Link) -> list[Link]:
    crumbs = [home_crumb(ix)]
    if view.category:
        crumbs.append(view.category)
    return crumbs + [Link(view.title, view.url), *tail]


def space_tabs(view: SpaceView, active: str) -> tuple[Link, ...]:
    tabs = [Link("Topics", view.url, active == "topics")]
    if view.roadmap_url:
        tabs.append(Link("Roadmap", view.roadmap_url, active == "roadmap"))
    tabs.append(Link("Members", view.members_url, active == "members"))
    return tuple(tabs)


def sorted_topics(ix: SiteIndex, space_id: int, sort: str) -> list[TopicRow]:
    """Pinned first, then the live ordering of ``sort`` (ties by id in the same direction)."""
    rows = [ix.rows[p] for p in ix.posts_by_space[space_id]]
    if sort == "popular":
        key = lambda r: (r.is_sticky, r.vote_score, r.id)  # noqa: E731
    elif sort == "unanswered":
        qa = ix.space_views[space_id].type == "qa"
        rows = [r for r in rows if (not r.is_resolved if qa else r.reply_count == 0)]
        key = lambda r: (r.is_sticky, r.created.iso, r.id)  # noqa: E731
    else:
        key = lambda r: (r.is_sticky, r.last_activity.iso, r.id)  # noqa: E731
    return sorted(rows, key=key, reverse=True)


def space_jobs(ix: SiteIndex) -> Iterator[Job]:
    for space in ix.spaces:
        sid = int(space["id"])
        settings = space.get("settings") if isinstance(space.get("settings"), dict) else {}
        per_page = int(settings.get("posts_per_page") or 0) or ix.options.posts_per_page
        seg = ix.paths.seg("s", sid)
        for sort, _label in SORTS:
            chunks = pages_of(sorted_topics(ix, sid, sort), per_page)
            for n, chunk in enumerate(chunks, 1):
                url = ix.urls.space(seg, n, sort)
                yield Job(url, f"space {sid}", partial(_space, ix, sid, sort, n, len(chunks), tuple(chunk)), "space",
                          (len(chunks), rows_deps(ix, chunk)))
        yield from _space_extra_jobs(ix, sid, seg)


def _space(ix: SiteIndex, sid: int, sort: str, page: int, pages: int, topics: tuple[TopicRow, ...]) -> SpacePage:
    view = ix.space_views[sid]
    seg = ix.paths.seg("s", sid)
    url = ix.urls.space(seg, page, sort)
    sorts = tuple(Link(label, ix.urls.space(seg, 1, key), key == sort) for key, label in SORTS)
    title = view.title if page == 1 else f"{view.title} (page {page})"
    return SpacePage(**common(ix, url, title, view.description or view.title,
                              _space_crumbs(ix, view), canonical=view.url),
                     space=view, topics=topics, sort=sort, sorts=sorts, tabs=space_tabs(view, "topics"),
                     pagination=pagination(page, pages, lambda n: ix.urls.space(seg, n, sort)))


def _space_extra_jobs(ix: SiteIndex, sid: int, seg: str) -> Iterator[Job]:
    view = ix.space_views[sid]
    if view.roadmap_url:
        yield Job(view.roadmap_url, f"roadmap {sid}", partial(_roadmap, ix, sid), "roadmap",
                  rows_deps(ix, [ix.rows[p] for p in ix.posts_by_space[sid]]))
    privileged, members = ix.members.get(sid, ([], []))
    chunks = pages_of(members, ix.options.members_page_size)
    for n, chunk in enumerate(chunks, 1):
        yield Job(ix.urls.space_members(seg, n), f"members {sid}",
                  partial(_members, ix, sid, n, len(chunks), privileged if n == 1 else [], chunk), "members",
                  (len(chunks), privileged if n == 1 else [], chunk))


def _roadmap(ix: SiteIndex, sid: int) -> RoadmapPage:
    view = ix.space_views[sid]
    rows = sorted((ix.rows[p] for p in ix.posts_by_space[sid]), key=lambda r: (-r.vote_score, r.id))
    columns = tuple(RoadmapColumn(status, label, tuple(r for r in rows if r.idea_status == status))
                    for status, label in ROADMAP)
    return RoadmapPage(**common(ix, view.roadmap_url, f"{view.title} — Roadmap", f"Roadmap for {view.title} on {ix.site.name}.",
                                _space_crumbs(ix, view, Link("Roadmap", view.roadmap_url))),
                       space=view, columns=columns, tabs=space_tabs(view, "roadmap"))


def _member(ix: SiteIndex, row: dict) -> MemberRow:
    author = row_author(ix, row)
    return MemberRow(author=author, role=str(row.get("role") or "member"), joined=when(row.get("joined_at")))


def _members(ix: SiteIndex, sid: int, page: int, pages: int, privileged: list, chunk) -> MembersPage:
    view = ix.space_views[sid]
    seg = ix.paths.seg("s", sid)
    url = ix.urls.space_members(seg, page)
    return MembersPage(**common(ix, url, f"{view.title} — Members",
                                f"Members of the {view.title} {ix.site.space_label.lower()} on {ix.site.name}.",
                                _space_crumbs(ix, view, Link("Members", view.members_url)), canonical=view.members_url),
                       space=view, privileged=tuple(_member(ix, r) for r in privileged),
                       members=tuple(_member(ix, r) for r in chunk), tabs=space_tabs(view, "members"),
                       pagination=pagination(page, pages, lambda n: ix.urls.space_members(seg, n)))
