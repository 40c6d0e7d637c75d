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


def _public(reply: Row) -> bool:
    return not reply.get("is_private") and not reply.get("is_private_hidden") and bool(
        plain_text(reply.get("content_plain") or reply.get("content")))


def reply_url(ctx: SeoContext, page: PageInfo, reply: Row) -> str:
    rid = int(reply["id"])
    return ctx.urls.absolute(f"{page.topic_url(ctx.urls, page.reply_pages.get(rid, page.page))}#reply-{rid}")


def children_map(replies: tuple[Row, ...]) -> dict[int | None, list[Row]]:
    """Parent id → public children (oldest first); tombstones are skipped and their
    children attached to the nearest public ancestor (or the top level)."""
    by_id = {int(r["id"]): r for r in replies}
    out: dict[int | None, list[Row]] = {}
    for reply in replies:
        if not _public(reply):
            continue
        parent, seen = int(reply.get("parent_id") or 0) or None, set()
        while parent is not None and parent in by_id and not _public(by_id[parent]) and parent not in seen:
            seen.add(parent)
            parent = int(by_id[parent].get("parent_id") or 0) or None
        if parent is not None and parent not in by_id:
            parent = None
        out.setdefault(parent, []).append(reply)
    return out


def comment(ctx: SeoContext, page: PageInfo, reply: Row, tree: dict[int | None, list[Row]],
            kind: str = "Comment", depth: int = 0) -> Obj:
    """One reply as a Comment/Answer with its sub-replies nested under ``comment``."""
    kids = tree.get(int(reply["id"]), [])
    nested = [comment(ctx, page, k, tree, "Comment", depth + 1) for k in kids] if depth < MAX_DEPTH else []
    return _drop_none({"@type": kind, "text": plain_text(reply.get("content_plain") or reply.get("content"))[:TEXT_MAX],
                       "dateCreated": first_iso(reply.get("created_at")),
                       "upvoteCount": max(0, int(reply.get("vote_score") or 0)),
                       "author": person(ctx, reply), "url": reply_url(ctx, page, reply), "comment": nested})


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
    tree = children_map(page.replies)
    text = plain_text(post.get("content_plain") or post.get("content"))[:TEXT_MAX]
    created = first_iso(post.get("created_at"))
    replies_total = page.item_count if page.item_count is not None else int(post.get("reply_count") or 0)
    votes = max(0, int(post.get("vote_score") or 0))
    accepted = _accepted(page)
    if accepted is not None:
        answers = [comment(ctx, page, r, tree, "Answer") for r in tree.get(None, []) if r["id"] != accepted["id"]]
        question = _drop_none({
            "@type": "Question", "name": literal_text(post.get("title")), "text": text, "url": first_url,
            "dateCreated": created, "answerCount": replies_total, "upvoteCount": votes,
            "author": person(ctx, post), "acceptedAnswer": comment(ctx, page, accepted, tree, "Answer"),
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
        "comment": [comment(ctx, page, r, tree) for r in tree.get(None, [])]})


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
