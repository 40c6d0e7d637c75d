"""Small view objects shared by page contexts (what templates see of each entity).

Every string here is raw text: templates escape it (autoescape is on everywhere). Only
``html`` fields hold markup, and only the sanitiser's output. URLs are root-relative mirror
paths (``/community/s/help/``); templates pass them through the ``rel`` filter.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields


def doc(help: str, **kwargs):  # noqa: A002 - "help" is the datasette convention
    """A dataclass field carrying its documentation (``metadata["help"]``)."""
    return field(metadata={"help": help}, **kwargs)


def fast_init(cls: type) -> type:
    """Give a frozen, slotted dataclass an ``__init__`` that fills each slot through its
    descriptor: the same parameters, defaults and object as the generated one.

    The generated ``__init__`` of a frozen class calls ``object.__setattr__`` per field (a
    type look-up and the generic attribute machinery each time); a build makes a view per
    reply, date, author chip and link (~4 µs for a ``ReplyView``, ~1 µs this way). Only
    fields without ``default_factory``, ``init=False`` or ``kw_only`` (none of the views
    have them) are supported: anything else keeps the generated ``__init__``."""
    params, lines, names = [], [], {}
    for f in fields(cls):
        if not f.init or f.kw_only or f.default_factory is not MISSING or f.name == "self":
            return cls
        names[f"_set_{f.name}"] = getattr(cls, f.name).__set__  # the slot's member descriptor
        if f.default is MISSING:
            params.append(f.name)
        else:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    _set_{f.name}(self, {f.name})\n")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("".join(lines) or "    pass\n")
    exec(source, names)  # noqa: S102 - made here from field names only (as dataclasses does)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


@fast_init
@dataclass(frozen=True, slots=True)
class When:
    """A date as data (``iso``, for ``<time datetime>``) and as text (``text``)."""

    iso: str = doc("ISO 8601 instant with +00:00, for `<time datetime>`")
    text: str = doc("human date, e.g. `12 Nov 2022` (absolute: output is deterministic)")


@fast_init
@dataclass(frozen=True, slots=True)
class Link:
    """A labelled link (breadcrumbs, tabs, pagination)."""

    label: str = doc("text to show")
    url: str = doc("mirror path, or empty for the current/unlinked item")
    active: bool = doc("true for the current tab or page", default=False)


@fast_init
@dataclass(frozen=True, slots=True)
class AuthorView:
    """Who wrote something, already masked (anonymous posts never carry a real name)."""

    name: str = doc("display name (`Anonymous` / `[deleted]` when masked)")
    url: str = doc("profile page path, empty when there is none (anonymous, deleted, unknown)")
    initials: str = doc("one or two letters for the avatar placeholder")
    avatar: str = doc("local avatar path when the snapshot has the image, else empty")
    trust_level: int = doc("0–5")
    reputation: int = doc("reputation points")
    is_anonymous: bool = doc("true for anonymous or deleted authors")


@fast_init
@dataclass(frozen=True, slots=True)
class TagView:
    """A tag and its page."""

    id: int = doc("tag id")
    name: str = doc("tag name as typed (may be non-ASCII)")
    slug: str = doc("live slug, verbatim (may be percent-encoded)")
    url: str = doc("tag page path")
    count: int = doc("number of public posts carrying the tag")


@fast_init
@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached below a post or reply body."""

    name: str = doc("file name")
    url: str = doc("local media path when stored, else the recorded remote URL")
    is_image: bool = doc("render inline as an image")
    thumb: str = doc("thumbnail URL (local or remote), may be empty")
    size_text: str = doc("human size, e.g. `82 KB`")
    mime: str = doc("MIME type")


@fast_init
@dataclass(frozen=True, slots=True)
class SpaceView:
    """A space (forum, Q&A, ideas or feed) as cards and headers show it."""

    id: int = doc("space id")
    title: str = doc("space title")
    description: str = doc("plain-text description")
    url: str = doc("space page path")
    type: str = doc("`forum`, `qa`, `ideas` or `feed`")
    type_label: str = doc("`Forum`, `Q&A`, `Ideas` or `Feed`")
    post_count: int = doc("public posts in the mirror")
    member_count: int = doc("members as reported by the site")
    status: str = doc("`active`, `archived` or `locked`")
    members_url: str = doc("members page path")
    roadmap_url: str = doc("roadmap page path (ideas spaces), else empty")
    category: Link | None = doc("the category (None when uncategorised or not public)")
    last_activity: When | None = doc("last activity date")


@fast_init
@dataclass(frozen=True, slots=True)
class TopicRow:
    """One post in a list (space, tag, profile): no body, an excerpt."""

    id: int = doc("post id")
    title: str = doc("post title (plain text)")
    url: str = doc("topic page path")
    type: str = doc("`topic`, `question`, `idea` or `status`")
    author: AuthorView = doc("author (masked)")
    created: When = doc("creation date (the live display date)")
    last_activity: When = doc("last reply or creation date")
    reply_count: int = doc("replies as counted by the site")
    vote_score: int = doc("net votes")
    is_sticky: bool = doc("pinned")
    is_closed: bool = doc("closed to new replies")
    is_resolved: bool = doc("has an accepted answer")
    idea_status: str = doc("roadmap status (`planned`, `in_progress`, `shipped`, `declined`) or empty")
    prefix: str = doc("prefix label, e.g. `Solved`, or empty")
    prefix_color: str = doc("validated `#rrggbb` colour of the prefix, or empty")
    tags: tuple[TagView, ...] = doc("tags carried by the post")
    space: Link = doc("the post's space")
    excerpt: str = doc("first ~200 characters of the plain text")


@fast_init
@dataclass(frozen=True, slots=True)
class ReplyView:
    """A reply in a topic's thread (already placed: depth and deep link)."""

    id: int = doc("reply id; the element id is `reply-{id}`")
    url: str = doc("deep link: topic page of this reply + `#reply-{id}`")
    depth: int = doc("indent level 0–3 (deeper replies are flattened at 3, like the live page)")
    parent_id: int = doc("id of the reply it answers, 0 for top-level")
    author: AuthorView = doc("author (masked)")
    created: When = doc("date")
    edited: When | None = doc("set when the reply was edited (approximate: site-local clock)")
    vote_score: int = doc("net votes")
    is_accepted: bool = doc("the accepted answer of a question")
    is_private: bool = doc("private reply: `html` is empty, show a placeholder")
    is_op: bool = doc("written by the topic's author")
    html: str = doc("sanitised body HTML (empty for private replies)")
    attachments: tuple[Attachment, ...] = doc("attachments below the body")


@fast_init
@dataclass(frozen=True, slots=True)
class PostView:
    """The topic's opening post, in full."""

    row: TopicRow = doc("list fields (title, author, badges, tags...)")
    html: str = doc("sanitised body HTML")
    edited: When | None = doc("set when the post was edited")
    view_count: int = doc("views as counted by the site when crawled")
    attachments: tuple[Attachment, ...] = doc("attachments below the body")
    accepted: ReplyView | None = doc("the accepted answer (questions), wherever it is paged")


@fast_init
@dataclass(frozen=True, slots=True)
class UserView:
    """A member's public profile."""

    id: int = doc("user id")
    login: str = doc("login (the profile URL segment)")
    name: str = doc("display name")
    url: str = doc("profile page path")
    bio: str = doc("plain-text bio")
    trust_level: int = doc("0–5")
    trust_level_name: str = doc("Newcomer, Member, Regular, Trusted, Leader or Moderator")
    reputation: int = doc("reputation points")
    post_count: int = doc("public posts in the mirror")
    reply_count: int = doc("public replies in the mirror")
    joined: When | None = doc("registration date")
    author: AuthorView = doc("the same person as an author chip")


@fast_init
@dataclass(frozen=True, slots=True)
class ProfileReply:
    """A reply listed on a profile's replies tab (excerpt + where it was posted)."""

    id: int = doc("reply id")
    url: str = doc("deep link to the reply")
    topic: Link = doc("the topic it answers")
    created: When = doc("date")
    excerpt: str = doc("first ~200 characters of the plain text")
    vote_score: int = doc("net votes")
    is_accepted: bool = doc("accepted answer")


@fast_init
@dataclass(frozen=True, slots=True)
class MemberRow:
    """One member of a space."""

    author: AuthorView = doc("the member")
    role: str = doc("`admin`, `moderator`, `member` or `viewer`")
    joined: When | None = doc("join date")


@fast_init
@dataclass(frozen=True, slots=True)
class LeaderRow:
    """One leaderboard entry."""

    rank: int = doc("rank as the site computed it")
    author: AuthorView = doc("the member")
    reputation: int = doc("reputation")
    post_count: int = doc("posts (site count)")
    reply_count: int = doc("replies (site count)")


@fast_init
@dataclass(frozen=True, slots=True)
class Pagination:
    """Static pagination: each page is its own file (``…/pg/N/``, ``…/rpg/N/``)."""

    page: int = doc("current page, from 1")
    pages: int = doc("number of pages (at least 1)")
    prev_url: str = doc("previous page path or empty")
    next_url: str = doc("next page path or empty")
    links: tuple[Link, ...] = doc("numbered page links (current one `active`)")


@fast_init
@dataclass(frozen=True, slots=True)
class Section:
    """A group of space cards on the home page."""

    title: str = doc("category name, or a neutral heading for uncategorised spaces")
    description: str = doc("category description or empty")
    url: str = doc("category page path, empty for the neutral group")
    spaces: tuple[SpaceView, ...] = doc("the spaces, in the live order")


@fast_init
@dataclass(frozen=True, slots=True)
class RoadmapColumn:
    """One column of an ideas roadmap."""

    status: str = doc("`planned`, `in_progress`, `shipped` or `declined`")
    label: str = doc("column heading")
    items: tuple[TopicRow, ...] = doc("ideas in this column")


VIEW_TYPES = (When, Link, AuthorView, TagView, Attachment, SpaceView, TopicRow, ReplyView,
              PostView, UserView, ProfileReply, MemberRow, LeaderRow, Pagination, Section,
              RoadmapColumn)
