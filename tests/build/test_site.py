"""The sample snapshot's mirror: golden pages, links, XSS probes, leaks, HTTP serving."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from exporter.build import BuildOptions, build_site
from exporter.snapshot import Audience
from exporter.urls import url_path_to_file

from .golden import PAGES, golden_pairs, regenerate
from .helpers import active_content, assert_no_leaks, check_links, page_url_of, serve_dir

PROBE_TOPICS = [  # sample posts whose title/body are XSS probes (06-post-legacy-raw-xss, 06-post-xss-title)
    "/community/s/help-desk/t/rate-limiting-401-even-with-valid-credentials/",
    "/community/s/plugin-dev/t/migrating-away-from-transients/",
    "/community/s/feature-ideas/t/bulk-actions-for-the-heartbeat-api/",
    "/community/s/announcements/t/script-in-a-title/",
]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_golden_page(site_dir: Path, name: str, regen_golden: bool) -> None:
    built, golden = golden_pairs(site_dir)[name]
    if regen_golden:
        regenerate(site_dir)
    assert golden.read_text("utf-8") == built.read_text("utf-8"), (
        f"{name} differs from its golden copy; if intended run `python -m tests.build.regen_golden`")


def test_every_internal_link_resolves(site_dir: Path, built_site) -> None:
    count, broken = check_links(site_dir)
    print(f"link check: {count} internal links in {built_site[1].pages} pages, {len(broken)} broken")
    assert count > 5000
    assert broken == []


def test_no_script_event_handler_or_javascript_url_anywhere(site_dir: Path) -> None:
    """Content never runs code; the only script is the theme's search widget, on /search/."""
    search_page = url_path_to_file("/community/search/")
    checked = 0
    for file in site_dir.rglob("*.html"):
        kind = "search" if file.relative_to(site_dir).as_posix() == search_page else ""
        for problem in active_content(file.read_text("utf-8"), kind):
            pytest.fail(f"{file.relative_to(site_dir)}: {problem}")
        checked += 1
    assert checked > 300


def test_probe_titles_are_escaped_text(site_dir: Path) -> None:
    page = (site_dir / url_path_to_file(PROBE_TOPICS[0])).read_text("utf-8")
    assert "Legacy import: &lt;img src=x onerror=alert(&#39;jt-legacy&#39;)&gt; in title" in page
    assert "javascript link" in page  # the link text survives, its URL does not
    profile = (site_dir / url_path_to_file("/community/u/xss_display/")).read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in profile
    assert "&lt;script&gt;alert(&#39;bio&#39;)&lt;/script&gt;" in profile


def test_private_reply_is_a_placeholder_without_text(site_dir: Path) -> None:
    mega = "/community/s/off-topic/t/the-never-ending-megathread-what-are-you-working-on-this-week/"
    pages = [site_dir / url_path_to_file(mega)] + sorted((site_dir / url_path_to_file(mega)).parent.glob("rpg/*/index.html"))
    html = "".join(p.read_text("utf-8") for p in pages)
    block = re.search(r'<article id="reply-2114".*?</article>', html, re.S).group(0)
    assert "This reply is private." in block
    assert 'class="jt-body"' not in block


def test_anonymous_post_names_nobody(site_dir: Path) -> None:
    page = (site_dir / url_path_to_file(PAGES["topic-anonymous.html"])).read_text("utf-8")
    head = page.split('<section class="jt-replies"')[0]
    assert 'jt-author jt-author-anon" dir="auto">Anonymous<' in head
    assert "/u/" not in head.split('<article class="jt-post')[1].split("</header>")[0]


def test_hidden_category_is_never_named(site_dir: Path) -> None:
    assert_no_leaks(site_dir, ["Staff Only", "staff-only"])


def test_rtl_and_cjk_blocks_carry_dir_auto(site_dir: Path) -> None:
    page = (site_dir / url_path_to_file("/community/u/ahmed_hassan/")).read_text("utf-8")
    assert '<h1 dir="auto">أحمد حسن</h1>' in page
    tag = (site_dir / url_path_to_file(PAGES["tag-unicode.html"])).read_text("utf-8")
    assert "日本語" in tag


def test_percent_encoded_hrefs_work_over_http(site_dir: Path) -> None:
    search = site_dir / url_path_to_file("/community/search/")
    hrefs = re.findall(r'href="([^"]*%[0-9a-f]{2}[^"]*)"', search.read_text("utf-8"))
    assert len(hrefs) >= 6  # the sample's non-ASCII tags
    topic_hrefs = re.findall(r'href="([^"]*%[0-9a-f]{2}[^"]*)"',
                             (site_dir / url_path_to_file("/community/s/introductions/")).read_text("utf-8"))
    assert topic_hrefs
    with serve_dir(site_dir) as base:
        for page, href in [("/community/search/", h) for h in hrefs] + [("/community/s/introductions/", h) for h in topic_hrefs]:
            url = urllib.parse.urljoin(base + page, href)
            assert "%" in url  # requested exactly as emitted: still percent-encoded
            with urllib.request.urlopen(url) as resp:
                assert resp.status == 200
                assert b"<!DOCTYPE html>" in resp.read(200)


def test_404_page_is_at_the_root_with_root_relative_links(site_dir: Path) -> None:
    text = (site_dir / "404.html").read_text("utf-8")
    assert 'href="/community/"' in text and 'href="/_static/site.css"' in text


def test_build_is_deterministic(sample_snapshot: Path, site_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(sample_snapshot, again, BuildOptions())
    first = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()
             and p.name != ".jetonomy-build.json"}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()
              and p.name != ".jetonomy-build.json"}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_staff_build_is_marked_and_noindexed(sample_snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "staff"
    build_site(sample_snapshot, out, BuildOptions(audience=Audience.STAFF))
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text("utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in text, page
        assert 'class="jt-banner"' in text, page


def test_every_page_file_matches_its_url(site_dir: Path) -> None:
    files = [p for p in site_dir.rglob("index.html")]
    assert len(files) > 300
    for file in files:
        assert (site_dir / url_path_to_file(page_url_of(site_dir, file))) == file


def test_only_the_search_page_loads_the_search_script(site_dir: Path) -> None:
    search = (site_dir / url_path_to_file("/community/search/")).read_text("utf-8")
    assert search.count("<script src=") == 1 and '<script src="../../_static/jt-search.js" defer>' in search
    assert 'data-pagefind="../../pagefind/pagefind.js"' in search and "<noscript>" in search
    topic = (site_dir / url_path_to_file(PROBE_TOPICS[0])).read_text("utf-8")
    assert "<script src=" not in topic and list(active_content(search)) != []  # the check does see it
