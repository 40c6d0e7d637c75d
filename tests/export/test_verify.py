"""``verify`` catches what it promises: missing content, broken links, leaks, escapes, audience."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.verify import verify_mirror

TOPIC_GLOB = "community/s/*/t/*/index.html"


@pytest.fixture
def mirror(small_export: Path, tmp_path: Path) -> Path:
    """A private copy of the small export (site + snapshot) to damage."""
    root = tmp_path / "export"
    shutil.copytree(small_export / "site", root / "site", symlinks=True)
    shutil.copytree(small_export / "community.snapshot", root / "community.snapshot")
    return root


def run(root: Path, forbidden: list[str] = ()) -> dict:
    report = verify_mirror(root / "site", root / "community.snapshot", forbidden)
    return {c.name: c for c in report.checks}


def test_counts_match_the_snapshot(small_export: Path):
    from exporter.snapshot import Audience, Snapshot

    cover = run(small_export)["public content present"]
    with Snapshot.open(small_export / "community.snapshot") as snap:
        assert cover.counts["topics_expected"] == len(list(snap.iter_posts(Audience.PUBLIC)))
        assert cover.counts["spaces_expected"] == len(list(snap.iter_spaces(Audience.PUBLIC)))
    assert cover.ok, cover.problems
    assert cover.counts["topics"] == cover.counts["topics_expected"] > 0
    assert cover.counts["replies"] == cover.counts["replies_expected"] > 0


def test_missing_topic_page(mirror: Path):
    page = sorted((mirror / "site").glob(TOPIC_GLOB))[3]
    post_id = int(re.search(r'id="post-(\d+)"', page.read_text()).group(1))
    page.unlink()
    checks = run(mirror)
    cover = checks["public content present"]
    assert f"topic {post_id} missing" in cover.problems
    assert any(p.startswith("reply ") and f"(topic {post_id})" in p for p in cover.problems)
    assert cover.counts["topics"] == cover.counts["topics_expected"] - 1
    assert not checks["internal links and media"].ok  # the space page links to it


def test_refused_text_found_by_fingerprint(mirror: Path, small_example: Path):
    """A hidden category's description (refused by the crawler, fingerprinted) put back."""
    data = json.loads(small_example.read_text("utf-8"))
    hidden = next(c for c in data["categories"] if c["visibility"] != "public")
    page = sorted((mirror / "site").glob(TOPIC_GLOB))[0]
    page.write_text(page.read_text().replace("</main>", f"<p>{hidden['description']}</p></main>"))
    check = run(mirror)["no refused content (fingerprints)"]
    assert not check.ok and check.counts["hits"] >= 1
    assert page.relative_to(mirror / "site").as_posix() in check.problems[0]


def test_forbidden_string_in_a_feed(mirror: Path):
    feed = sorted((mirror / "site").rglob("feed/index.xml"))[0]
    feed.write_text(feed.read_text().replace("</channel>", "<item><title>CANARY-0123456789ab</title>"
                                                             "<link>http://x/</link></item></channel>"))
    checks = run(mirror, ["CANARY-0123456789ab", "CANARY-ffffffffffff"])
    assert checks["no forbidden strings"].counts == {"strings": 2, "hits": 1}


def test_symlink_out_of_the_mirror(mirror: Path, tmp_path: Path):
    (tmp_path / "secret.txt").write_text("secret")
    (mirror / "site" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (mirror / "site" / "inside").symlink_to(mirror / "site" / "robots.txt")
    check = run(mirror)["containment"]
    assert check.problems == [f"leak.txt: symlink to {tmp_path / 'secret.txt'} (outside the mirror)"]
    assert check.counts["symlinks"] == 2


def test_broken_media_and_bad_sitemap(mirror: Path):
    site = mirror / "site"
    media = sorted((site / "media").rglob("*.*"))[-1]
    media.unlink()
    sitemap = site / "community-sitemap-posts-1.xml"
    sitemap.write_text(sitemap.read_text().replace("<loc>", "<loc>/relative", 1))
    checks = run(mirror)
    links = checks["internal links and media"]
    assert any(media.name in p for p in links.problems)
    assert any("not an absolute http(s) URL" in p for p in checks["feeds, sitemaps, oEmbed"].problems)


def test_unparseable_files(mirror: Path):
    site = mirror / "site"
    oembed = sorted(site.rglob("oembed.json"))[0]
    oembed.write_text('{"version": "1.0", "type"')
    (site / "community-sitemap.xml").write_text("<sitemapindex><oops></sitemapindex>")
    problems = run(mirror)["files parse (HTML, XML, JSON)"].problems
    assert len(problems) == 2 and any("oembed.json" in p for p in problems)


def test_non_public_build_is_refused(mirror: Path):
    (mirror / "export.json").write_text(json.dumps({"audience": "members"}))
    check = run(mirror)["publishable (public audience)"]
    assert not check.ok and "members" in check.problems[0]


def test_non_public_banner_is_refused(mirror: Path):
    home = mirror / "site" / "community" / "index.html"
    home.write_text(home.read_text().replace("<body", '<body><div class="jt-banner">Members only</div', 1))
    assert not run(mirror)["publishable (public audience)"].ok


def test_cli_exit_code_and_json(mirror: Path, tmp_path: Path):
    forbid = tmp_path / "forbid.txt"
    forbid.write_text("robots\n")  # robots.txt says "robots": a forced failure
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["verify", str(mirror / "site"), "--json", str(out),
                                      "--forbid", str(forbid)])
    assert result.exit_code == 1
    assert "verify found problems" in result.output
    data = json.loads(out.read_text())
    assert data["ok"] is False and data["snapshot"].endswith("community.snapshot")
    forbidden = next(c for c in data["checks"] if c["name"] == "no forbidden strings")
    assert forbidden["ok"] is False and forbidden["counts"]["hits"] > 0
