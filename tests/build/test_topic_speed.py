"""Fast paths of topic and profile pages give what the general paths give (CONTRACT.md §3.2):
the URL rewriting the sanitiser calls remembers what depends on the URL alone, never what
depends on the build's state (the media a page uses, the pages the mirror has)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.build.gather import gather
from exporter.build.options import BuildOptions
from exporter.build.pages import plan_pages
from exporter.build.resolve import ContentLinker
from exporter.build.stamps import post_stamps
from exporter.snapshot import Audience, Snapshot

from .test_rows_fast import odd_snapshot  # noqa: F401 (a fixture)
from .tiny import HOME, make_snapshot, post, space

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
IMAGE = f"{HOME}/wp-content/uploads/2025/01/a.png"

HOSTILE_URLS = [
    "", "   ", "#", "#reply-5", " #x ", "//forum.example/community/s/general/", "/community/s/general/",
    "/community/s/general/t/one/", "/community/s/general/t/one/?rpg=2", "/community/s/general/t/one/#reply-101",
    f"{HOME}/community/s/general/t/two/", f"{HOME}/community/s/general/t/nope/", f"{HOME}/community/u/ada/",
    f"{HOME}/community/tag/x/", f"{HOME}/community/leaderboard/", f"{HOME}/community/search/",
    f"{HOME}/community/s/general/members/", f"{HOME}/community/s/general/?sort=popular&pg=3",
    f"{HOME}/community/category/none/", f"{HOME}/community/?x=1#frag ment", f"{HOME}/elsewhere/",
    IMAGE, f" {IMAGE} ", "/wp-content/uploads/2025/01/a.png", "wp-content/uploads/2025/01/a.png",
    "https://other.example/wp-content/uploads/2025/01/a.png", "relative/page", "mailto:ada@forum.example",
    "javascript:alert(1)", "data:text/html,<script>x</script>", "https://FORUM.example/community/s/GENERAL/",
    "https://forum.example/community/s/général/", "https://forum.example/community/u/%D8%B9%D9%84%D9%8A/",
    "https://forum.example:8443/community/", "http://[::1]/community/", "https://forum.example/community/\u202e/",
]


@pytest.fixture()
def index(tmp_path: Path):
    folder = make_snapshot(tmp_path / "snap", [space(1, "general")], [post(1, 1, "one"), post(2, 1, "two")],
                           [{"id": 101, "post_id": 1, "content": "<p>r</p>", "author_id": 7, "author_name": "Ada",
                             "author_login": "ada", "status": "publish", "created_at": "2025-01-02 10:00:00"}])
    snap = Snapshot.create(folder)
    with snap.transaction():
        snap.store_media(IMAGE, PNG, "image/png")
    snap.close()
    with Snapshot.open(folder) as snap:
        ix = gather(snap, BuildOptions(static_search=False, workers=1))
        ix.pages = {job.url for job in plan_pages(ix, post_stamps(ix))}
        yield ix


def _rewrite(linker: ContentLinker, attr: str, url: str) -> tuple[str | None, set[str]]:
    """What rewriting ``url`` answers and which media it marks used."""
    linker.ix.media_used = set()
    return linker.rewrite_url(attr, url), linker.ix.media_used


@pytest.mark.parametrize("attr", ["href", "src"])
def test_remembered_urls_rewrite_as_fresh_ones(index, attr: str) -> None:
    warm = ContentLinker(index)
    for url in HOSTILE_URLS:
        _rewrite(warm, attr, url)
    for url in HOSTILE_URLS:  # again, from what the linker remembers; each call marks its media
        assert _rewrite(warm, attr, url) == _rewrite(ContentLinker(index), attr, url), url
    assert _rewrite(warm, attr, IMAGE)[1]


def test_remembered_routes_follow_the_pages_the_mirror_has(index) -> None:
    warm = ContentLinker(index)
    url = f"{HOME}/community/s/general/t/two/"
    page = warm.rewrite_url("href", url)
    assert page and page.startswith("/")
    index.pages.discard(page)  # a page the mirror no longer has: the live URL stays
    assert warm.rewrite_url("href", url) == url == ContentLinker(index).rewrite_url("href", url)
    index.pages.add(page)
    assert warm.rewrite_url("href", url) == page
    assert warm.mirror_path(url) == page


# Raw JSON a damaged or hand-made snapshot might hold: one post each (an error ends a read).
ODD_JSON = [' {"id":1} ', '{"id":2}\n', '\ufeff{"id":3}', '{"id":4}x', '{"id":5', '[6]', 'null', '7', '',
            '{"id":8,"id":9}', '{"id":10,"n":NaN,"b":1e999,"s":"\\ud800"}', b'{"id":11}', b'\xff', 12,
            '{"a":' * 100000 + '1' + '}' * 100000]


def _read(read, *args):
    """A read's value, or its error's type and text."""
    try:
        return read(*args)
    except (ValueError, TypeError, RecursionError, StopIteration) as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("audience", list(Audience))
def test_fast_reply_read_equals_the_general_one(odd_snapshot: Path, audience: Audience) -> None:
    with Snapshot.open(odd_snapshot, readonly=False) as snap:
        with snap.transaction():
            for n, raw in enumerate(ODD_JSON):
                snap.db.execute("INSERT INTO replies (id, post_id, status, is_private, is_anonymous, author_id,"
                                " created_at, content_sha, json) VALUES (?, ?, 'publish', 0, ?, 0, '', 'ab', ?)",
                                (1000 + n, 100 + n, n % 2, raw))
        for post_id in [1, 2, 3, 4, 99] + [100 + n for n in range(len(ODD_JSON))]:
            fast = _read(snap.replies_of_visible_post, post_id, audience)
            assert fast == _read(_general_replies, snap, post_id, audience), post_id
            assert repr(fast) == repr(_read(_general_replies, snap, post_id, audience))


def _general_replies(snap: Snapshot, post_id: int, audience: Audience) -> list[dict]:
    """The general read the fast one must equal: ``sqlite3.Row``s, ``json.loads`` of each row."""
    from exporter.snapshot import _seen_as, visibility

    rows = snap.db.execute("SELECT status, is_anonymous, json FROM replies WHERE post_id=?"
                           " ORDER BY created_at, id", (post_id,))
    return [_seen_as(row, audience, visibility.guest_reply) for row in rows
            if visibility.reply_visible(row["status"], True, audience)]



def test_profile_tab_urls_are_the_quoted_ones(sample_snapshot: Path, index) -> None:
    """A tab's path is made from the user's page path (``UserView.url``), not quoted again."""
    from exporter.build.pages.people import _tab_url

    with Snapshot.open(sample_snapshot) as snap:
        sample = gather(snap, BuildOptions(static_search=False, workers=1))
    for ix in (sample, index):
        assert ix.users
        for uid in ix.users:
            seg = ix.paths.seg("u", uid)
            assert _tab_url(ix, uid, "posts") == ix.urls.profile(seg)
            for tab in ("posts", "replies"):
                for page in (2, 3, 11):
                    assert _tab_url(ix, uid, tab, page) == ix.urls.profile(seg, tab, page)
            assert _tab_url(ix, uid, "replies") == ix.urls.profile(seg, "replies")


@pytest.mark.parametrize("html", [
    "", "<p>no links</p>", '<a href="https://x.example/">x</a>', '<a href="http://x.example/" title="t">x</a>',
    '<a href="/community/">in</a>', '<A HREF="https://x.example/">up</A>', '<a title="t" href="https://x.example/">t</a>',
    '<p>&lt;a href="https://x.example/"&gt;</p>', '<code>&lt;a href="http</code>', '<img src="https://x.example/a.png">',
    '<a href="https://x.example/"><a href="http://y.example/">two</a></a><script>alert(1)</script>',
    '<a href="https://ünï.example/😀">rtl \u202e</a>'])
def test_external_links_marked_as_before(html: str) -> None:
    from exporter.build.sanitize import _EXTERNAL_A, _cleaner, sanitize

    def keep(attr: str, url: str) -> str:
        return url
    expected = _EXTERNAL_A.sub(r'<a href="\1" rel="nofollow noopener ugc"', _cleaner(keep).clean(html))
    assert sanitize(html, keep) == expected
