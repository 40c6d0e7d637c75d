"""Topic pages: the post in full, then its threaded replies, 30 top-level replies a page."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from markupsafe import Markup

from ..content import RenderedBodies, relativize, render_content
from ..contexts import TopicPage
from ..dates import when, when_or_epoch
from ..gather import SiteIndex
from ..people import AuthorViews
from ..resolve import ContentLinker
from ..threads import Placed, page_count
from ..views import Attachment, Link, PostView, ReplyView
from .base import Job, common, home_crumb, pagination, root_of


class TopicRenderer:
    """Builds topic pages; renders each body once through the content pipeline."""

    def __init__(self, ix: SiteIndex, stamps: dict[int, str] | None = None):
        self.ix = ix
        self.stamps = stamps or {}
        self.linker = ContentLinker(ix)
        self._bodies = RenderedBodies()
        self.author = AuthorViews(ix)

    def jobs(self) -> Iterator[Job]:
        for pid in sorted(self.ix.posts):
            placed = self.ix.placed.get(pid, [])
            for page in range(1, page_count(placed) + 1):
                yield Job(self.ix.topic_url(pid, page), f"topic {pid}", partial(self.page, pid, page), "topic",
                          (self.stamps[pid], page) if pid in self.stamps else None)

    def body(self, obj: dict[str, Any]) -> str:
        """A post's or reply's body through the content pipeline (once per distinct text
        lately seen: a repeat only marks the media the first rendering used)."""
        raw = str(obj.get("content") or "")
        hit = self._bodies.get(raw)
        if hit is not None:
            self.ix.media_used.update(hit[1])
            return hit[0]
        page_media, self.ix.media_used = self.ix.media_used, set()
        try:
            html = render_content(raw, self.linker)
            media = frozenset(self.ix.media_used)
        finally:
            page_media |= self.ix.media_used
            self.ix.media_used = page_media
        self._bodies.put(raw, html, media)
        return html

    def attachments(self, obj: dict[str, Any]) -> tuple[Attachment, ...]:
        out = []
        for att in obj.get("attachments") or []:
            if not isinstance(att, dict) or not att.get("url"):
                continue
            url = self.linker.rewrite_url("src", str(att["url"])) or ""
            if not url.startswith(("/", "http://", "https://")):
                continue
            thumb = self.linker.rewrite_url("src", str(att.get("thumb") or "")) if att.get("thumb") else ""
            out.append(Attachment(str(att.get("name") or "attachment"), url, bool(att.get("is_image")),
                                  thumb if thumb and thumb.startswith(("/", "http")) else "",
                                  _size(att.get("size")), str(att.get("mime") or "")))
        return tuple(out)

    def reply_view(self, placed: Placed, op_id: int, root: str,
                   rows: dict[int, dict[str, Any]] | None = None) -> ReplyView:
        """A reply as its topic page shows it (``rows``: its post's replies, when the caller
        has them at hand)."""
        rid = placed.reply.id
        r = (self.ix.replies_of(placed.reply.post_id) if rows is None else rows)[rid]
        private = bool(r.get("is_private")) and not r.get("content")
        html = "" if private else relativize(self.body(r), root)
        author = self.author(r)
        return ReplyView(id=rid, url=self.ix.reply_url(rid), depth=placed.depth,
                         parent_id=int(r.get("parent_id") or 0), author=author,
                         created=when_or_epoch(r.get("created_at")), edited=when(r.get("edited_at")),
                         vote_score=int(r.get("vote_score") or 0), is_accepted=bool(r.get("is_accepted")),
                         is_private=private, is_op=bool(op_id) and not author.is_anonymous and int(r.get("author_id") or 0) == op_id,
                         html=Markup(html), attachments=() if private else self.attachments(r))

    def _accepted(self, post: dict[str, Any], root: str) -> ReplyView | None:
        rid = int(post.get("accepted_reply_id") or 0)
        for placed in self.ix.placed.get(int(post["id"]), ()):
            if placed.reply.id == rid or (not rid and placed.reply.is_accepted):
                return self.reply_view(placed, 0, root)
        return None

    def post_view(self, pid: int, root: str) -> PostView:
        post = self.ix.posts[pid]
        # every page marks the media the post's body uses (a repeat is a cache hit that marks
        # them: the pre-flight render of a page must not hide them from the page written next)
        html = self.body(self.ix.full_post(pid))
        return PostView(row=self.ix.rows[pid], html=Markup(relativize(html, root)),
                        edited=when(post.get("edited_at")), view_count=int(post.get("view_count") or 0),
                        attachments=self.attachments(post), accepted=self._accepted(post, root))

    def page(self, pid: int, page: int) -> TopicPage:
        ix = self.ix
        post = ix.posts[pid]
        url = ix.topic_url(pid, page)
        root = root_of(url)
        placed = ix.placed.get(pid, [])
        op_id = 0 if post["_anonymous"] else int(post.get("author_id") or 0)
        rows = ix.replies_of(pid) if placed else {}
        replies = tuple(self.reply_view(p, op_id, root, rows) for p in placed if p.page == page)
        view = ix.space_views[int(post["space_id"])]
        row = ix.rows[pid]
        crumbs = [home_crumb(ix)] + ([view.category] if view.category else []) + [
            Link(view.title, view.url), Link(row.title, row.url)]
        title = f"{row.title} - {view.title}" + (f" (page {page})" if page > 1 else "")
        return TopicPage(**common(ix, url, title, row.excerpt or row.title, crumbs, canonical=row.url),
                         space=view, post=self.post_view(pid, root), replies=replies, reply_total=len(placed),
                         pagination=pagination(page, page_count(placed), lambda n: ix.topic_url(pid, n)))


def _size(value: Any) -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.0f} {unit}"
        size /= 1024
    return ""
