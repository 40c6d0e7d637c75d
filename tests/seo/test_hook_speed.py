"""The page hook's later shortcuts give the same output as the general paths, on hostile input.

* ``plain_text`` hands printable, already collapsed text back as it is (no split and join);
* ``head_tags(renderer_owned=False)`` equals ``head_tags`` minus the tags the renderer writes;
* ``render_head`` escapes only values holding a character ``html.escape`` replaces.
"""

from __future__ import annotations

import html
import sys

import pytest

from exporter.seo import text
from exporter.seo.meta import RENDERER_OWNS, head_tags, link, meta, render_head
from exporter.seo.page import PageInfo, SeoContext
from exporter.urls import SiteUrls

HOSTILE = "</script><script>alert(1)</script> <!-- \u2028\u2029 & \"q\" 'single' \\ \x00nul é \u202eRTL"
RTL = "שלום עולם \u05d0\u200f مرحبا"


def _plain_text_the_long_way(value: str) -> str:
    cleaned = html.unescape(html.unescape(text._TEXT_ONLY.clean(value))) if text._may_hold_markup(value) else value
    return " ".join(text._XML_ILLEGAL.sub("", cleaned).split())


def test_printable_text_holds_no_whitespace_but_the_space() -> None:
    """What the collapsed-text shortcut rests on, for every code point."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable() and c.isspace()] == [" "]


@pytest.mark.parametrize("value", [
    "one line of words", " leading", "trailing ", "double  space", " ", "  ", "x", "é", RTL, HOSTILE,
    "</script>", "a\u2028b", "a\u2029b", "a\xa0b", "a\u3000b", "a\tb", "a\nb", "\ufeffbom", "a\x00b",
    "\U0001f600 emoji", "&amp; entity", "<b>x</b>", "&#32;&#32;spaced by entities", "&nbsp;x", "tag <b> spaced </b> ",
    "\u200d\u200b zero width", "a \u0085 b", "\x1c\x1d", "end\u2028",
])
def test_plain_text_equals_the_long_way(value: str) -> None:
    assert text.plain_text.__wrapped__(value) == _plain_text_the_long_way(value)
    assert type(text.plain_text.__wrapped__(value)) is str


class _Str(str):
    pass


@pytest.mark.parametrize("value", [None, "", 0, 12, 1.5, _Str("sub class"), _Str(" sub  class ")])
def test_plain_text_of_other_values(value: object) -> None:
    expected = "" if not value else " ".join(str(value).split())
    assert text.plain_text.__wrapped__(value) == expected
    assert type(text.plain_text.__wrapped__(value)) is str


CTX = SeoContext(urls=SiteUrls("https://m.example"), site_name=f"Site {HOSTILE}",
                 exported_logins=frozenset({"bob"}), default_image="https://m.example/i.png",
                 twitter_site="@site", index_profiles=False)
SPACE = {"id": 1, "slug": "help", "title": HOSTILE, "description": f"<p>{RTL}</p>", "cover_image": "https://x/c.png"}
POST = {"id": 7, "slug": "q", "title": HOSTILE, "content": '<p><img src="https://x/a.png"></p>', "content_plain": RTL,
        "author_name": None, "created_at": "2024-01-02 03:04:05", "updated_at": "junk"}

PAGES = [
    PageInfo(kind="home", path="/community/"),
    PageInfo(kind="category", path="/community/c/x/", category={"name": HOSTILE}),
    PageInfo(kind="space", path="/community/s/help/pg/2/", page=2, prev_path="/community/s/help/",
             next_path="/community/s/help/pg/3/", space=SPACE, list_items=(("/a/", HOSTILE),)),
    PageInfo(kind="members", path="/community/s/help/members/", space=SPACE),
    PageInfo(kind="roadmap", path="/community/s/help/roadmap/", space=SPACE),
    PageInfo(kind="topic", path="/community/s/help/t/q/rpg/2/", page=2, space=SPACE, post=POST,
             topic_path="/community/s/help/t/q/"),
    PageInfo(kind="topic", path="/community/s/help/t/q/", space={}, post={}),
    PageInfo(kind="profile", path="/community/u/bob/", login="bob", user={"display_name": RTL, "bio": HOSTILE,
                                                                         "avatar_display": "https://x/av.png"}),
    PageInfo(kind="tag", path="/community/tag/t/", tag={"id": 1, "name": "", "slug": "t%20x"}),
    PageInfo(kind="leaderboard", path="/community/leaderboard/"),
    PageInfo(kind="search", path="/community/search/"),
    PageInfo(kind="not_found", path="/community/404/"),
]


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.kind}-{i}" for i, p in enumerate(PAGES)])
def test_head_tags_without_the_renderers_tags(page: PageInfo) -> None:
    every = head_tags(CTX, page)
    assert head_tags(CTX, page, renderer_owned=False) == [t for t in every if RENDERER_OWNS.isdisjoint(t.attrs)]


def _one_by_one(tags: list) -> str:
    return "\n".join("<" + tag.tag + "".join(f' {n}="{html.escape(v, quote=True)}"' for n, v in tag.attrs) + ">"
                     for tag in tags)


@pytest.mark.parametrize("value", ["", "&", "<", ">", '"', "'", "plain", "é\u2028", RTL, HOSTILE, "\x00", "&amp;",
                                   "\U0001f600'", _Str("sub<")])
def test_render_head_escapes_each_special_character(value: str) -> None:
    tags = [meta("og:title", value), meta(value, "x", "name"), link("alternate", value, type=value, title=value)]
    assert render_head(tags) == _one_by_one(tags)


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.kind}-{i}" for i, p in enumerate(PAGES)])
def test_render_head_of_every_kind(page: PageInfo) -> None:
    tags = head_tags(CTX, page)
    assert render_head(tags) == _one_by_one(tags)
    assert "<script" not in render_head(tags)
