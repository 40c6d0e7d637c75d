"""No non-public string reaches feeds, sitemaps, oEmbed, robots, host configs or JSON-LD."""

from __future__ import annotations

import re
from pathlib import Path

from tests.seo.helpers import SAMPLE_FORBIDDEN, find_leaks, seo_files


def jsonld_blocks(site: Path) -> list[str]:
    blocks = []
    for page in site.rglob("index.html"):
        blocks += re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8"), re.S)
    return blocks


def test_the_grep_finds_what_it_looks_for(tmp_path):
    probe = tmp_path / "feed.xml"
    probe.write_text("<x>Canary: PRIVATE-TEXT</x>", "utf-8")
    assert find_leaks([probe], SAMPLE_FORBIDDEN) == [(str(probe), "PRIVATE-TEXT"), (str(probe), "Canary:")]


def test_seo_files_of_the_sample_hold_no_private_strings(seo_out):
    root, _ = seo_out
    files = seo_files(root)
    assert len(files) > 300
    assert find_leaks(files, SAMPLE_FORBIDDEN) == []


def test_jsonld_and_oembed_of_the_built_mirror_hold_no_private_strings(seo_mirror, tmp_path):
    blocks = jsonld_blocks(seo_mirror)
    assert len(blocks) > 300
    dump = tmp_path / "jsonld.txt"
    dump.write_text("\n".join(blocks), "utf-8")
    assert find_leaks([dump, *seo_files(seo_mirror)], SAMPLE_FORBIDDEN) == []


def test_anonymous_topic_is_masked_in_head_and_jsonld(seo_mirror):
    page = (seo_mirror / "community/s/introductions/t/just-shipped-a-site-using-image-sizes-\U0001f389"
            / "index.html").read_text("utf-8")
    assert '<meta property="article:author" content="Anonymous">' in page
    posting = re.findall(r'"@type":"Person","name":"Anonymous"', page) or re.findall(
        r'"name":"Anonymous"', page)
    assert posting
    assert "/community/u/" not in "".join(re.findall(r'"author":\{[^}]*"name":"Anonymous"[^}]*\}', page))
