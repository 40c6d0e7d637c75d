"""Media referenced by public content: same-site files are copied into the snapshot's media
store; external ones are only recorded (``external``) unless ``--fetch-external-media``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import AccessWallError, CommunityPrivateError, CrawlError
from . import fetch
from .context import Crawl

_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]+)\"|'([^']+)'|([^\s>]+))", re.I)
_MD_IMG = re.compile(r"!\[[^\]\n]*\]\(\s*(?:<a\b[^>]*?href=[\"']([^\"']+)[\"'][^>]*>[^<]*</a>|"
                     r"(https?://[^\s)]+))\s*\)", re.I)
_AVATAR_KEYS = ("author_avatar", "avatar_url", "avatar_display", "cover_image", "logo_url",
                "site_icon_url")


def body_urls(content: str) -> Iterator[str]:
    """Image URLs in an HTML body: ``<img src>`` and legacy markdown ``![alt](url)``."""
    for match in _IMG.finditer(content or ""):
        yield html.unescape(next(g for g in match.groups() if g))
    for match in _MD_IMG.finditer(content or ""):
        yield html.unescape(next(g for g in match.groups() if g))


def row_urls(row: dict[str, Any]) -> Iterator[str]:
    """Media URLs of one entity: body images, attachments (url + thumb), avatars, covers."""
    yield from body_urls(str(row.get("content") or ""))
    for att in row.get("attachments") or []:
        if isinstance(att, dict):
            yield from (str(att.get(k) or "") for k in ("url", "thumb"))
    yield from (str(row.get(k) or "") for k in _AVATAR_KEYS)


_SOURCES = ("SELECT json FROM posts", "SELECT json FROM replies", "SELECT json FROM users",
            "SELECT json FROM spaces", "SELECT json FROM leaderboard", "SELECT json FROM members",
            "SELECT json FROM privileged_members", "SELECT json FROM site WHERE key='app_config'")


def snapshot_media_urls(c: Crawl) -> list[str]:
    """Every http(s) media URL referenced by the snapshot's content, sorted."""
    urls: set[str] = set()
    for sql in _SOURCES:
        for (blob,) in c.snap.db.execute(sql):
            obj = json.loads(blob)
            if isinstance(obj, dict):
                urls.update(u for u in row_urls(obj) if u.startswith(("http://", "https://")))
    return sorted(urls)


def same_site(url: str, home: str) -> bool:
    return urlsplit(url).netloc.lower() == urlsplit(home).netloc.lower()


def stage_media(c: Crawl) -> None:
    """Download same-site media not stored yet; record external and refused ones."""
    if not c.options.fetch_media:
        return
    known = {r[0] for r in c.snap.db.execute("SELECT url FROM media")}
    todo, skipped = _plan(c, [u for u in snapshot_media_urls(c) if u not in known])
    if skipped:
        c.save(lambda: [c.snap.mark_media(u, why) for u, why in skipped])
        for _, why in skipped:
            c.report.media[why] += 1

    def on_result(url: str, got: tuple[bytes, str | None] | str | None) -> None:
        if got is None or isinstance(got, str):
            why = got or "gone"
            c.save(lambda: c.snap.mark_media(url, f"failed:{why}"))
            c.report.media["failed"] += 1
            c.report.errors.append(f"media {url}: {why}")
            return
        c.save(lambda: c.snap.store_media(url, got[0], got[1]))
        c.report.media["stored"] += 1

    c.jobs("media", [(u, (lambda u=u: _download(c, u))) for u in todo], on_result)


def _download(c: Crawl, url: str) -> tuple[bytes, str | None] | str | None:
    """Bytes + mime, ``None`` if gone, or why it failed (media never stops a crawl)."""
    try:
        return fetch.fetch_bytes(c.api, url)
    except CrawlError as exc:
        if isinstance(exc, (AccessWallError, CommunityPrivateError)) and same_site(url, c.site.home):
            raise
        return exc.cause[:200]


def _plan(c: Crawl, urls: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    todo, skipped = [], []
    for url in urls:
        if not same_site(url, c.site.home) and not c.options.fetch_external_media:
            skipped.append((url, "external"))
        elif same_site(url, c.site.home) and not c.api.robots_allow(url):
            skipped.append((url, "robots"))
        else:
            todo.append(url)
    return todo, skipped
