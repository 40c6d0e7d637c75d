"""JSON-LD: hostile strings cannot leave the script element; forum structure per Google."""

from __future__ import annotations

import json
import re

from exporter.seo.jsonld import jsonld, jsonld_objects, script_json
from exporter.seo.meta import head_tags, render_head
from exporter.seo.page import PageInfo, SeoContext
from exporter.urls import SiteUrls

HOSTILE = "</script><script>alert(1)</script> <!-- \u2028\u2029 & \"q\" '"
CTX = SeoContext(urls=SiteUrls("https://m.example"), site_name="Site", exported_logins=frozenset({"bob"}))
SPACE = {"id": 1, "slug": "help", "title": "Help", "type": "qa"}


def _post(**extra):
    return {"id": 7, "space_id": 1, "slug": "q", "title": HOSTILE, "type": "topic",
            "content_plain": HOSTILE, "author_id": 0, "author_name": "Anonymous",
            "created_at": "2024-01-02 03:04:05", "updated_at": "2024-01-03 03:04:05",
            "reply_count": 3, "vote_score": -2, **extra}


def _reply(rid, parent=None, **extra):
    return {"id": rid, "post_id": 7, "parent_id": parent, "content_plain": f"reply {rid} {HOSTILE}",
            "author_id": 5, "author_name": "Bob", "author_login": "bob", "created_at": "2024-01-02 04:00:00",
            "vote_score": 1, **extra}


def test_script_json_escapes_every_breakout():
    text = script_json({"x": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"x": HOSTILE}


def test_rendered_blocks_hold_exactly_one_script_each():
    page = PageInfo(kind="topic", path="/community/s/help/t/q/", post=_post(), space=SPACE,
                    replies=(_reply(1), _reply(2, 1)))
    markup = jsonld(CTX, page)
    assert markup.count("<script") == markup.count("</script>") == 2
    bodies = re.findall(r"<script type=\"application/ld\+json\">(.*?)</script>", markup)
    assert [json.loads(b)["@type"] for b in bodies] == ["BreadcrumbList", "DiscussionForumPosting"]
    head = render_head(head_tags(CTX, page))
    assert "<script" not in head and "&lt;/script&gt;" in head


def test_replies_nest_as_comments_and_tombstones_vanish():
    private = _reply(2, 1, is_private=True, content_plain="")
    page = PageInfo(kind="topic", path="/community/s/help/t/q/rpg/2/", page=2, post=_post(), space=SPACE,
                    replies=(_reply(1), private, _reply(3, 2), _reply(4)), reply_pages={1: 2, 3: 2, 4: 2})
    posting = jsonld_objects(CTX, page)[1]
    assert posting["url"] == "https://m.example/community/s/help/t/q/"  # later pages: first page URL
    assert posting["author"] == {"@type": "Person", "name": "Anonymous"}
    top = posting["comment"]
    assert [c["url"].rsplit("#", 1)[1] for c in top] == ["reply-1", "reply-4"]
    assert top[0]["comment"][0]["url"] == "https://m.example/community/s/help/t/q/rpg/2/#reply-3"
    assert top[0]["author"]["url"] == "https://m.example/community/u/bob/"


def test_question_with_accepted_answer_is_a_qapage():
    post = _post(type="question", accepted_reply_id=9, title="How?")
    page = PageInfo(kind="topic", path="/community/s/help/t/q/", post=post, space=SPACE,
                    replies=(_reply(8), _reply(9, is_accepted=True)))
    qa = jsonld_objects(CTX, page)[1]
    assert qa["@type"] == "QAPage" and qa["mainEntity"]["@type"] == "Question"
    assert qa["mainEntity"]["acceptedAnswer"]["url"].endswith("#reply-9")
    assert [a["url"][-7:] for a in qa["mainEntity"]["suggestedAnswer"]] == ["reply-8"]
    hidden = PageInfo(kind="topic", path="/community/s/help/t/q/", post=post, space=SPACE,
                      replies=(_reply(9, is_accepted=True, is_private=True, content_plain=""),))
    assert jsonld_objects(CTX, hidden)[1]["@type"] == "DiscussionForumPosting"


def test_paginated_pages_are_self_canonical_with_prev_next():
    page = PageInfo(kind="space", path="/community/s/help/pg/2/", page=2, space=SPACE,
                    prev_path="/community/s/help/", next_path="/community/s/help/pg/3/")
    html = render_head(head_tags(CTX, page))
    assert '<link rel="canonical" href="https://m.example/community/s/help/pg/2/">' in html
    assert '<link rel="prev" href="https://m.example/community/s/help/">' in html
    assert '<link rel="next" href="https://m.example/community/s/help/pg/3/">' in html
