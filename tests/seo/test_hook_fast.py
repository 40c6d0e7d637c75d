"""The page hook's shortcuts give the same output as the long way round, on hostile input.

* ``render_head`` escapes all values of a head in one pass (values bracketed by NUL marks);
  it must equal escaping each value on its own, NULs inside values included;
* topic JSON-LD makes reply texts, reply-page URLs and Person objects once per page; it must
  equal the per-reply construction it replaced (kept below as the reference);
* ``first_iso``'s stored-shape fast path, ``_reply_page``'s substring test and the profile URL
  cache match their general paths.
"""

from __future__ import annotations

import html
import re

import pytest

from exporter.seo import hook, jsonld, text
from exporter.seo.jsonld import MAX_DEPTH, TEXT_MAX, _drop_none, jsonld_objects, person, reply_url
from exporter.seo.meta import MetaTag, head_tags, link, meta, render_head
from exporter.seo.page import PageInfo, SeoContext
from exporter.seo.text import first_iso, plain_text
from exporter.urls import SiteUrls

HOSTILE = "</script><script>alert(1)</script> <!-- \u2028\u2029 & \"q\" 'single' \\ \x00nul é \u202eRTL"
CTX = SeoContext(urls=SiteUrls("https://m.example"), site_name="Site <&> \"x\"",
                 exported_logins=frozenset({"bob", "émile", "1"}))
SPACE = {"id": 1, "slug": "help", "title": HOSTILE, "type": "qa"}


def _one_by_one(tags: list[MetaTag]) -> str:
    return "\n".join("<" + tag.tag + "".join(f' {n}="{html.escape(v, quote=True)}"' for n, v in tag.attrs) + ">"
                     for tag in tags)


@pytest.mark.parametrize("tags", [
    [],
    [meta("og:title", HOSTILE)],
    [meta("og:title", "a\x00b"), meta("og:description", "c")],
    [meta("og:title", "a\x00b\x00c"), meta("x", "\x00")],
    [meta("a", ""), link("canonical", ""), link("alternate", HOSTILE, type="t\"", title="\x00\x00")],
    [link("alternate", "https://m.example/feed/", type="application/rss+xml", title=HOSTILE),
     meta("twitter:card", "summary", "name"), MetaTag("link", (("rel", "prev"),))],
])
def test_render_head_equals_escaping_each_value(tags: list[MetaTag]) -> None:
    assert render_head(tags) == _one_by_one(tags)
    assert [t.html() for t in tags] == [_one_by_one([t]) for t in tags]


# -- the per-reply JSON-LD construction the Thread replaced (reference) ---------------------

def _ref_public(reply):
    return not reply.get("is_private") and not reply.get("is_private_hidden") and bool(
        plain_text(reply.get("content_plain") or reply.get("content")))


def _ref_children_map(replies):
    by_id = {int(r["id"]): r for r in replies}
    out = {}
    for reply in replies:
        if not _ref_public(reply):
            continue
        parent, seen = int(reply.get("parent_id") or 0) or None, set()
        while parent is not None and parent in by_id and not _ref_public(by_id[parent]) and parent not in seen:
            seen.add(parent)
            parent = int(by_id[parent].get("parent_id") or 0) or None
        if parent is not None and parent not in by_id:
            parent = None
        out.setdefault(parent, []).append(reply)
    return out


def _ref_comment(ctx, page, reply, tree, kind="Comment", depth=0):
    kids = tree.get(int(reply["id"]), [])
    nested = [_ref_comment(ctx, page, k, tree, "Comment", depth + 1) for k in kids] if depth < MAX_DEPTH else []
    return _drop_none({"@type": kind, "text": plain_text(reply.get("content_plain") or reply.get("content"))[:TEXT_MAX],
                       "dateCreated": first_iso(reply.get("created_at")),
                       "upvoteCount": max(0, int(reply.get("vote_score") or 0)),
                       "author": person(ctx, reply), "url": reply_url(ctx, page, reply), "comment": nested})


def _ref_replies(page):
    """What topic_entity put under ``comment`` (or the Answers of a QAPage)."""
    tree = _ref_children_map(page.replies)
    accepted = jsonld._accepted(page)
    if accepted is not None:
        return ([_ref_comment(CTX, page, accepted, tree, "Answer")]
                + [_ref_comment(CTX, page, r, tree, "Answer") for r in tree.get(None, []) if r["id"] != accepted["id"]])
    return [_ref_comment(CTX, page, r, tree) for r in tree.get(None, [])]


def _new_replies(page):
    entity = jsonld.topic_entity(CTX, page)
    if entity["@type"] == "QAPage":
        main = entity["mainEntity"]
        return [main["acceptedAnswer"], *main.get("suggestedAnswer", [])]
    return entity.get("comment", [])


def _reply(rid, parent=None, **extra):
    return {"id": rid, "parent_id": parent, "content_plain": f"reply {rid} {HOSTILE}", "author_id": 5,
            "author_name": "Bob", "author_login": "bob", "created_at": "2024-01-02 04:00:00", "vote_score": 1, **extra}


_POST = {"id": 7, "space_id": 1, "slug": "q", "title": HOSTILE, "type": "topic", "content_plain": HOSTILE,
         "author_id": 0, "author_name": "Anonymous", "created_at": "2024-01-02 03:04:05"}

THREADS = {
    "nested and tombstones": dict(replies=(
        _reply(1), _reply(2, 1, is_private=True, content_plain=""), _reply(3, 2), _reply(4, 99),
        _reply(5, 3, is_private_hidden=True), _reply(6, 5, content_plain="<b>x</b> &amp; y"),
        _reply(8, 1, content_plain="", content="<p>only html</p>"), _reply(9, 8, content_plain="  \x00 "))),
    "parent cycle of tombstones": dict(replies=(
        _reply(1, 2, is_private=True), _reply(2, 1, is_private=True), _reply(3, 1), _reply(4, 4))),
    "duplicate ids (last row wins the ancestor test)": dict(replies=(
        _reply(1, is_private=True), _reply(2, 1), _reply(1))),
    "authors of every type": dict(replies=(
        _reply(1, author_id=1, author_login="1"), _reply(2, author_id=True, author_login="1"),
        _reply(3, author_id=0, author_name=None, display_name=1), _reply(4, author_id=0, author_name=None, display_name=True),
        _reply(5, author_id="5", author_login="émile", author_name=HOSTILE), _reply(6, author_id=5, author_login="nobody"),
        _reply(7, author_id=1.0, author_login="bob", author_name="Bob"), _reply(8, author_id=1, author_login="bob", author_name="Bob"),
        _reply(9, author_name="", display_name="Shown"), _reply(10, author_login=None))),
    "reply pages of every type": dict(page=3, replies=(_reply(1), _reply(2), _reply(3), _reply(4), _reply(5)),
                                      reply_pages={1: 2, 2: 2.0, 3: 1, 4: True}),
    "dates": dict(replies=(_reply(1, created_at=None), _reply(2, created_at="0000-00-00 00:00:00"),
                           _reply(3, created_at="2024-02-30 00:00:00"), _reply(4, created_at=" 2024-01-01T10:00:00Z"),
                           _reply(5, created_at="2024-01-01 24:00:00"), _reply(6, vote_score=-3))),
    "deep chain": dict(replies=tuple(_reply(i, i - 1 or None) for i in range(1, MAX_DEPTH + 5))),
    "question with an accepted answer": dict(
        post={**_POST, "type": "question", "accepted_reply_id": 3},
        replies=(_reply(1), _reply(2, 1), _reply(3, is_accepted=True), _reply(4, 3)), accepted=3),
}


@pytest.mark.parametrize("name", sorted(THREADS))
def test_topic_replies_equal_the_per_reply_construction(name: str) -> None:
    spec = dict(THREADS[name])
    replies = spec.pop("replies")
    accepted = spec.pop("accepted", None)
    post = spec.pop("post", _POST)
    page = PageInfo(kind="topic", path="/community/s/help/t/q/", post=post, space=SPACE, replies=replies,
                    accepted_reply=next((r for r in replies if r["id"] == accepted), None), **spec)
    assert _new_replies(page) == _ref_replies(page)
    assert len(jsonld_objects(CTX, page)) == 2


def test_person_objects_are_not_shared() -> None:
    page = PageInfo(kind="topic", path="/community/s/help/t/q/", post=_POST, space=SPACE,
                    replies=(_reply(1), _reply(2)))
    first, second = _new_replies(page)
    assert first["author"] == second["author"] and first["author"] is not second["author"]


@pytest.mark.parametrize("value", [
    "2024-01-01 10:00:00", "2024-01-01T10:00:00", "2024-01-01 10:00:0Z", "2024-02-30 10:00:00",
    "2024-01-01 24:00:00", "0999-01-01 00:00:00", " 2024-01-01 10:00:0", "2024-01-01 10:00:00 ",
    "\uff12024-01-01 10:00:00", "2024-01-01\u300010:00:00",
])
def test_first_iso_fast_path_matches_the_general_path(value: str) -> None:
    assert first_iso(value) == text.iso(text.first_date(value))


@pytest.mark.parametrize("url", [
    "/c/s/a/t/b/#reply-1", "/c/s/a/t/b/rpg/3/#reply-1", "/c/s/rpg/t/b/rpg/12/#reply-1",
    "/c/s/a/t/rpg/#reply-2", "/c/s/a/t/b/rpg/\u0663/#reply-1", "/rpg/x/rpg/4/",
])
def test_reply_page_matches_the_regex(url: str) -> None:
    match = re.search(r"/rpg/(\d+)/", url)
    assert hook._reply_page(url) == (int(match.group(1)) if match else 1)


def test_profile_urls_are_cached_per_context_and_only_for_exported_logins() -> None:
    ctx = SeoContext(urls=SiteUrls("https://m.example"), site_name="S", exported_logins=frozenset({"bob", "é v"}))
    for _ in range(2):
        assert ctx.profile_url("bob") == "https://m.example/community/u/bob/"
        assert ctx.profile_url("é v") == ctx.urls.absolute(ctx.urls.profile("é v"))
        assert ctx.profile_url("eve") is None and ctx.profile_url("") is None and ctx.profile_url(None) is None
    assert ctx == SeoContext(urls=SiteUrls("https://m.example"), site_name="S", exported_logins=frozenset({"bob", "é v"}))


def test_head_tags_render_escaped_on_a_hostile_topic() -> None:
    page = PageInfo(kind="topic", path="/community/s/help/t/q/", post=_POST, space=SPACE, replies=(_reply(1),))
    tags = head_tags(CTX, page)
    assert render_head(tags) == _one_by_one(tags)
    assert "<script" not in render_head(tags)
