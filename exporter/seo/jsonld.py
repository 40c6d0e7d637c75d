"""schema.org JSON-LD per page (CONTRACT.md §5.5), escaped for an inline ``<script>``.

One primary entity per page plus a BreadcrumbList. Topics follow Google's forum guidance:
``DiscussionForumPosting`` (or ``QAPage`` for questions with a visible accepted answer) whose
replies are a tree of nested ``comment``/``Answer`` objects; later reply pages repeat the
original post with the *first* page's URL and carry that page's replies. Only public content
goes in: private-reply tombstones are dropped (their children move up), anonymous authors
stay ``Anonymous`` with no URL.
"""

from __future__ import annotations

import json
from typing import Any

from .page import PageInfo, Row, SeoContext
from .text import first_iso, literal_text, plain_text

Obj = dict[str, Any]
TEXT_MAX = 5000
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(obj: Obj) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, ``<!--``, U+2028/2029 can break out."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def script_tags(objects: list[Obj]) -> str:
    return "\n".join(f'<script type="application/ld+json">{script_json(o)}</script>' for o in objects)


_EMPTY = ("", [])  # besides None, the values a JSON-LD object leaves out


def _drop_none(obj: Obj) -> Obj:
    return {k: v for k, v in obj.items() if v is not None and v not in _EMPTY}


def person(ctx: SeoContext, row: Row) -> Obj:
    name = literal_text(row.get("author_name") or row.get("display_name")) or "Anonymous"
    url = None if int(row.get("author_id") or 0) == 0 else ctx.profile_url(row.get("author_login"))
    return {"@type": "Person", "name": name, "url": url} if url else {"@type": "Person", "name": name}


def breadcrumbs(ctx: SeoContext, page: PageInfo) -> Obj | None:
    """Community → … trail; ``None`` on home/category (single item) and 404."""
    u, trail = ctx.urls, [("Community", ctx.urls.home_page())]
    space, post = page.space or {}, page.post or {}
    if page.kind in ("space", "members", "roadmap", "topic") and space.get("slug"):
        space_url = page.space_url(u)
        trail.append((literal_text(space.get("title")), space_url))
        if page.kind == "members":
            trail.append(("Members", space_url + "members/"))
        if page.kind == "roadmap":
            trail.append(("Roadmap", space_url + "roadmap/"))
        if page.kind == "topic" and post.get("slug"):
            trail.append((literal_text(post.get("title")), page.topic_url(u)))
    elif page.kind == "profile" and page.login:
        trail.append((f"@{page.login}", page.profile_path or u.profile(page.login)))
    elif page.kind == "tag" and page.tag:
        trail.append((f"#{literal_text(page.tag.get('name')) or page.tag['slug']}",
                      page.tag_path or u.tag(page.tag["slug"])))
    elif page.kind in ("leaderboard", "search"):
        trail.append((page.kind.capitalize(), u.leaderboard() if page.kind == "leaderboard" else u.search()))
    if len(trail) < 2:
        return None
    items = [{"@type": "ListItem", "position": i, "name": name, "item": u.absolute(path)}
             for i, (name, path) in enumerate(trail, start=1)]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def item_list(ctx: SeoContext, page: PageInfo, limit: int = 10) -> Obj:
    items = [{"@type": "ListItem", "position": i, "url": ctx.urls.absolute(path), "name": literal_text(name)}
             for i, (path, name) in enumerate(page.list_items[:limit], start=1)]
    count = page.item_count if page.item_count is not None else len(items)
    return {"@type": "ItemList", "numberOfItems": count, "itemListElement": items}


MAX_DEPTH = 20


def _reply_text(reply: Row) -> str:
    """A reply's plain text; "" for a tombstone (private, hidden or without text)."""
    if reply.get("is_private") or reply.get("is_private_hidden"):
        return ""
    return plain_text(reply.get("content_plain") or reply.get("content"))


def _public(reply: Row) -> bool:
    return bool(_reply_text(reply))


def reply_url(ctx: SeoContext, page: PageInfo, reply: Row) -> str:
    rid = int(reply["id"])
    return ctx.urls.absolute(f"{page.topic_url(ctx.urls, page.reply_pages.get(rid, page.page))}#reply-{rid}")


Tree = dict[int | None, list[tuple[Row, str]]]


def reply_tree(replies: tuple[Row, ...]) -> Tree:
    """Parent id → public children with their text (oldest first); tombstones are skipped and
    their children attached to the nearest public ancestor (or the top level). Each reply's
    text is made once, here (a reply's ``_public`` test needs it, its Comment prints it)."""
    by_id: dict[int, Row] = {}
    public: dict[int, bool] = {}  # of the row ``by_id`` holds: the last one of an id
    texts = []
    for reply in replies:
        rid, text = int(reply["id"]), _reply_text(reply)
        by_id[rid], public[rid] = reply, bool(text)
        texts.append(text)
    out: Tree = {}
    for reply, text in zip(replies, texts):
        if not text:
            continue
        parent, seen = int(reply.get("parent_id") or 0) or None, set()
        while parent is not None and parent in by_id and not public[parent] and parent not in seen:
            seen.add(parent)
            parent = int(by_id[parent].get("parent_id") or 0) or None
        if parent is not None and parent not in by_id:
            parent = None
        out.setdefault(parent, []).append((reply, text))
    return out


_ALL = object()  # no reply left out


class Thread:
    """The replies of one topic page as nested Comment/Answer objects. What the replies of a
    page share is made once: the tree (with each reply's text) and the absolute URL of each
    reply page their deep links point into. (Person objects are not shared: the authors of
    a page's replies are nearly all different, a cache was measured to miss 98 % of the time.)"""

    def __init__(self, ctx: SeoContext, page: PageInfo):
        self.ctx, self.page = ctx, page
        self.tree = reply_tree(page.replies)
        self._pages: dict[int, str] = {}  # reply page number → absolute URL up to "#reply-"

    def url(self, reply: Row, rid: int) -> str:
        """:func:`reply_url`, with the page part made once per reply page."""
        number = self.page.reply_pages.get(rid, self.page.page)
        if type(number) is not int:  # only ints share a cache entry (2 == 2.0, printed apart)
            return reply_url(self.ctx, self.page, reply)
        head = self._pages.get(number)
        if head is None:
            head = self._pages[number] = self.ctx.urls.absolute(self.page.topic_url(self.ctx.urls, number)) + "#reply-"
        return head + str(rid)

    def comment(self, reply: Row, text: str, kind: str = "Comment", depth: int = 0) -> Obj:
        """One reply as a Comment/Answer with its sub-replies nested under ``comment`` (the
        keys ``_drop_none`` would keep, in the same order)."""
        obj: Obj = {"@type": kind, "text": text[:TEXT_MAX]} if text else {"@type": kind}
        created = first_iso(reply.get("created_at"))
        if created:
            obj["dateCreated"] = created
        rid = int(reply["id"])
        obj["upvoteCount"] = max(0, int(reply.get("vote_score") or 0))
        obj["author"] = person(self.ctx, reply)
        obj["url"] = self.url(reply, rid)
        kids = self.tree.get(rid) if depth < MAX_DEPTH else None
        if kids:
            obj["comment"] = [self.comment(kid, kid_text, "Comment", depth + 1) for kid, kid_text in kids]
        return obj

    def top(self, kind: str = "Comment", skip: object = _ALL) -> list[Obj]:
        """Top-level replies (all but those whose id is ``skip``)."""
        return [self.comment(r, text, kind) for r, text in self.tree.get(None, ()) if skip is _ALL or r["id"] != skip]


def _accepted(page: PageInfo) -> Row | None:
    post = page.post or {}
    found = page.accepted_reply or next((r for r in page.replies if r.get("is_accepted")), None)
    if found is None or not _public(found) or str(post.get("type")) != "question":
        return None
    return found if int(found["id"]) == int(post.get("accepted_reply_id") or found["id"]) else None


def topic_entity(ctx: SeoContext, page: PageInfo) -> Obj:
    """QAPage (question + visible accepted answer) or DiscussionForumPosting."""
    post = page.post or {}
    first_url = ctx.urls.absolute(page.topic_url(ctx.urls))
    thread = Thread(ctx, page)
    text = plain_text(post.get("content_plain") or post.get("content"))[:TEXT_MAX]
    created = first_iso(post.get("created_at"))
    replies_total = page.item_count if page.item_count is not None else int(post.get("reply_count") or 0)
    votes = max(0, int(post.get("vote_score") or 0))
    accepted = _accepted(page)
    if accepted is not None:
        answers = thread.top("Answer", skip=accepted["id"])
        question = _drop_none({
            "@type": "Question", "name": literal_text(post.get("title")), "text": text, "url": first_url,
            "dateCreated": created, "answerCount": replies_total, "upvoteCount": votes,
            "author": person(ctx, post), "acceptedAnswer": thread.comment(accepted, _reply_text(accepted), "Answer"),
            "suggestedAnswer": answers})
        return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question}
    return _drop_none({
        "@context": "https://schema.org", "@type": "DiscussionForumPosting",
        "headline": literal_text(post.get("title")), "text": text, "url": first_url,
        "datePublished": created,
        "dateModified": first_iso(post.get("updated_at"), post.get("created_at")),
        "author": person(ctx, post),
        "interactionStatistic": [
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/CommentAction",
             "userInteractionCount": replies_total},
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/LikeAction",
             "userInteractionCount": votes}],
        "comment": thread.top()})


def website(ctx: SeoContext) -> Obj:
    u = ctx.urls
    return {"@context": "https://schema.org", "@type": "WebSite", "name": f"{ctx.site_name} Community",
            "description": "Community discussion forum", "url": u.absolute(u.home_page()),
            "inLanguage": ctx.language.replace("_", "-"),
            "potentialAction": {"@type": "SearchAction",
                                "target": {"@type": "EntryPoint",
                                           "urlTemplate": u.absolute(u.search()) + "?q={search_term_string}"},
                                "query-input": "required name=search_term_string"}}


def collection(ctx: SeoContext, page: PageInfo) -> Obj:
    """CollectionPage of a space or tag with an ItemList of the topics it lists."""
    if page.kind == "tag":
        name = literal_text((page.tag or {}).get("name")) or (page.tag or {}).get("slug", "")
        head = {"name": f"#{name}", "description": f"Discussions tagged {name} on {ctx.site_name}."}
    else:
        head = {"name": literal_text((page.space or {}).get("title")),
                "description": plain_text((page.space or {}).get("description"))}
    return _drop_none({"@context": "https://schema.org", "@type": "CollectionPage", **head,
                       "url": ctx.urls.absolute(page.path), "mainEntity": item_list(ctx, page)})


def profile_person(ctx: SeoContext, page: PageInfo) -> Obj:
    user = page.user or {}
    avatar = str(user.get("avatar_display") or "")
    return _drop_none({"@context": "https://schema.org", "@type": "Person",
                       "name": literal_text(user.get("display_name")) or f"@{page.login or ''}",
                       "url": ctx.urls.absolute(page.path),
                       "image": avatar if avatar.startswith(("http://", "https://")) else None,
                       "description": plain_text(user.get("bio"))})


def jsonld_objects(ctx: SeoContext, page: PageInfo) -> list[Obj]:
    """BreadcrumbList (when it has 2+ items) then the page's primary entity."""
    primary: Obj | None = None
    if page.kind == "home":
        primary = website(ctx)
    elif page.kind in ("space", "tag"):
        primary = collection(ctx, page)
    elif page.kind == "topic" and page.post:
        primary = topic_entity(ctx, page)
    elif page.kind == "profile":
        primary = profile_person(ctx, page)
    crumbs = breadcrumbs(ctx, page)
    return [o for o in (crumbs, primary) if o is not None]


def jsonld(ctx: SeoContext, page: PageInfo) -> str:
    """The page's ``<script type="application/ld+json">`` elements, escaped, ready to include."""
    return script_tags(jsonld_objects(ctx, page))
