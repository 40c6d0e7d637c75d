"""The content pipeline: live-page repairs, links, embeds and the sanitiser (all untrusted)."""

from __future__ import annotations

import pytest

from exporter.build.content import embeds_to_links, relativize, render_content
from exporter.build.legacy import markdown_images, repair

from .helpers import active_content


class FakeLinks:
    """A mirror that knows user ``pierre_martin`` and tag ``php``."""

    def mention_href(self, handle: str) -> str | None:
        return "/community/u/pierre_martin/" if handle == "pierre_martin" else None

    def tag_href(self, word: str) -> str | None:
        return "/community/tag/php/" if word.lower() == "php" else None

    def rewrite_url(self, attr: str, url: str) -> str | None:
        if url.startswith("https://live.example/community/s/"):
            return url.replace("https://live.example", "")
        if url == "https://live.example/wp-content/uploads/a.png":
            return "/media/ab/abc.png"
        return url


def render(html: str) -> str:
    return render_content(html, FakeLinks())


@pytest.mark.parametrize("probe", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>', "<style>body{display:none}</style>",
    '<svg onload="alert(1)"></svg>', '<a href="JaVaScRiPt:alert(1)">x</a>', '<div onclick="x()">d</div>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=">', '<form action="javascript:x"><button>b</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', '"><script>alert(1)</script>',
])
def test_probes_are_inert(probe: str) -> None:
    out = render(f"<p>before</p>{probe}<p>after</p>")
    assert list(active_content(f"<html><body>{out}</body></html>")) == []
    assert "<script" not in out.lower()


def test_external_links_get_rel_and_internal_ones_are_rewritten() -> None:
    out = render('<p><a href="https://example.com/x">ext</a> <a href="https://live.example/community/s/a/">in</a></p>')
    assert '<a href="https://example.com/x" rel="nofollow noopener ugc">ext</a>' in out
    assert '<a href="/community/s/a/">in</a>' in out


def test_mentions_and_hashtags_link_only_known_targets_outside_links_and_code() -> None:
    out = render("<p>cc @pierre_martin and @nobody, see #php and #nothing, mail a@pierre_martin</p>"
                 "<pre><code>#php @pierre_martin</code></pre><p><a href=\"https://x.test/\">@pierre_martin</a></p>")
    assert out.count('class="jt-mention"') == 1 and out.count('class="jt-tag-link"') == 1
    assert '<a href="/community/u/pierre_martin/" class="jt-mention">@pierre_martin</a>' in out
    assert "@nobody" in out and "#nothing" in out


def test_markdown_images_plain_and_autolinked() -> None:
    html = ('<p>![a shot](<a href="https://live.example/wp-content/uploads/a.png" target="_blank" rel="noopener">'
            'https://live.example/wp-content/uploads/a.png</a>) and ![b](https://cdn.test/b.png)</p>')
    out = render(html)
    assert '<img src="/media/ab/abc.png" alt="a shot" loading="lazy">' in out
    assert '<img src="https://cdn.test/b.png" alt="b" loading="lazy">' in out
    assert markdown_images("![x](javascript:alert(1))") == "![x](javascript:alert(1))"


def test_legacy_text_and_div_soup_become_paragraphs() -> None:
    assert repair("first para\n\nsecond **not bold**") == "<p>first para</p>\n<p>second **not bold**</p>"
    assert repair("<div>one</div><div><br></div><div>two</div>") == "<p>one</p><p>two</p>"


def test_embeds_become_links_not_iframes() -> None:
    html = '<div class="jt-embed"><iframe title="Demo" src="https://www.youtube.com/embed/abc"></iframe></div>'
    out = render(html)
    assert "<iframe" not in out
    assert '<div class="jt-embed"><a href="https://www.youtube.com/embed/abc" rel="nofollow noopener ugc" class="jt-embed-link">Demo</a></div>' in out
    assert embeds_to_links('<iframe src="javascript:alert(1)"></iframe>') == ""


def test_escaped_text_stays_text_and_classes_are_filtered() -> None:
    out = render('<p class="evil">&lt;script&gt;x&lt;/script&gt;</p><pre><code class="language-bash x">ls</code></pre>')
    assert "&lt;script&gt;x&lt;/script&gt;" in out
    assert 'class="evil"' not in out and '<code class="language-bash">' in out


def test_relativize_only_touches_root_relative_urls() -> None:
    html = '<a href="/community/u/x/">x</a><img src="/media/a.png"><a href="https://e.test/">e</a>'
    assert relativize(html, "../../") == '<a href="../../community/u/x/">x</a><img src="../../media/a.png"><a href="https://e.test/">e</a>'
