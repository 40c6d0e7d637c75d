"""The live URL scheme and the file a static server answers for each href."""

from __future__ import annotations

import pytest

from exporter.urls import SiteUrls, segment_is_safe, url_path_to_file

U = SiteUrls("https://example.org", "community")


def test_live_paths_keep_trailing_slashes_and_slugs_verbatim():
    assert U.home_page() == "/community/"
    assert U.topic("help", "%e6%97%a5") == "/community/s/help/t/%e6%97%a5/"
    assert U.reply("help", "x", 5, page=3) == "/community/s/help/t/x/rpg/3/#reply-5"
    assert U.space("help", page=2, sort="popular") == "/community/s/help/sort/popular/pg/2/"
    assert U.profile("j.doe") == "/community/u/j.doe/"
    assert U.profile("a b@c", tab="replies") == "/community/u/a%20b@c/replies/"
    assert U.leaderboard("week") == "/community/leaderboard/week/"
    assert U.sitemap_index() == "/community-sitemap.xml"
    assert U.absolute(U.tag("c")) == "https://example.org/community/tag/c/"


def test_percent_encoded_hrefs_map_to_decoded_file_names():
    assert url_path_to_file("/community/s/a/t/%f0%9f%9a%80-launch/") == "community/s/a/t/🚀-launch/index.html"
    assert url_path_to_file("/community/s/a/t/%F0%9F%9A%80-launch/") == "community/s/a/t/🚀-launch/index.html"
    assert url_path_to_file("/community/tag/%25e6%2597/") == "community/tag/%e6%97/index.html"
    assert url_path_to_file("/community-sitemap.xml") == "community-sitemap.xml"


@pytest.mark.parametrize("slug", ["", ".", "..", "%2e%2e", "a/b", "a%2fb", "a%00b", "a\\b",
                                  "x" * 300, "%0a", "%E6", "%e6%97"])
def test_unsafe_segments_are_detected(slug):
    assert not segment_is_safe(slug)


@pytest.mark.parametrize("slug", ["help", "%e6%97%a5%e6%9c%ac", "c", "node-js", "a.b", "CON"])
def test_ordinary_segments_are_safe(slug):
    assert segment_is_safe(slug)
