"""Static oEmbed documents (CONTRACT.md §3.14, §5.3): one JSON file per public topic.

The live endpoint answers ``/wp-json/jetonomy/v1/oembed?url=…``; a static host cannot read
the query, so each topic folder gets ``oembed.json`` (type ``rich``) and ``oembed-link.json``
(type ``link``), and topic pages point their discovery ``<link>`` at the rich file. Anonymous
authors stay ``Anonymous`` with no ``author_url`` (the live endpoint leaks the real name).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..urls import url_path_to_file
from .files import RecordingWriter, file_for, json_document
from .site import OEMBED_CHARS, BodyText, Row, SeoSite
from .text import clip_chars, literal_text

RICH_FILE = "oembed.json"
LINK_FILE = "oembed-link.json"
WIDTH, HEIGHT, CACHE_AGE = 550, 220, 3600
THUMB_W, THUMB_H = 600, 315
OEMBED_MIME = "application/json+oembed"


def oembed_path(topic_path: str, kind: str = "rich") -> str:
    """Root-relative URL of a topic's static oEmbed document."""
    return topic_path + (RICH_FILE if kind == "rich" else LINK_FILE)


def author_fields(site: SeoSite, post: Row) -> dict[str, str]:
    """``author_name`` (+ ``author_url`` only for real, exported members)."""
    name = literal_text(post.get("author_name")) or "Anonymous"
    login = str(post.get("author_login") or "")
    if int(post.get("author_id") or 0) == 0 or not login:
        return {"author_name": name}
    if login not in site.logins:
        return {"author_name": name}
    return {"author_name": name, "author_url": site.urls.absolute(site.profile_path(login))}


def description(body: BodyText) -> str:
    """``content_plain`` collapsed; over 200 chars → first 197 + ``…`` (as live)."""
    return clip_chars(body.plain, OEMBED_CHARS, keep=OEMBED_CHARS - 3)


def card_html(site: SeoSite, post: Row, space: Row, doc: dict[str, Any]) -> str:
    """The self-contained card of the live endpoint (no avatar: it would hot-link Gravatar)."""
    e = html.escape
    topic = e(site.urls.absolute(site.topic_path(post) or ""))
    space_url = e(site.urls.absolute(site.space_path(space)))
    replies, votes = int(post.get("reply_count") or 0), max(0, int(post.get("vote_score") or 0))
    thumb = (f'<img src="{e(doc["thumbnail_url"])}" alt="" style="width:100%;display:block;">'
             if "thumbnail_url" in doc else "")
    author = e(doc["author_name"])
    if "author_url" in doc:
        author = f'<a href="{e(doc["author_url"])}" style="color:#6b7280;text-decoration:none;">{author}</a>'
    return (f'<div class="jetonomy-oembed" style="max-width:{WIDTH}px;font-family:-apple-system,'
            "BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;border:1px solid #e5e7eb;"
            f'border-radius:8px;overflow:hidden;background:#fff;">{thumb}<div style="padding:16px 18px;">'
            f'<div style="font-size:12px;color:#6b7280;margin-bottom:6px;"><a href="{space_url}" '
            f'style="color:#6b7280;text-decoration:none;">{e(literal_text(space.get("title")))}</a></div>'
            f'<a href="{topic}" style="color:#111827;text-decoration:none;"><div style="font-size:16px;'
            f'font-weight:600;line-height:1.35;margin-bottom:8px;">{e(doc["title"])}</div></a>'
            f'<div style="font-size:14px;color:#4b5563;line-height:1.5;margin-bottom:12px;">'
            f'{e(doc.get("description", ""))}</div><div style="display:flex;align-items:center;'
            f'justify-content:space-between;font-size:12px;color:#6b7280;">{author}'
            f'<span>{replies} repl{"y" if replies == 1 else "ies"} \u00b7 {votes} vote{"" if votes == 1 else "s"}'
            "</span></div></div></div>")


def oembed_document(site: SeoSite, post: Row, kind: str = "rich", body: BodyText | None = None) -> dict[str, Any]:
    """The §3.14 document for one public topic (``kind`` ``rich`` or ``link``); ``body`` is
    the post's :meth:`SeoSite.body` when the caller already has it."""
    space = site.space_by_id[int(post["space_id"])]
    doc: dict[str, Any] = {"version": "1.0", "type": kind,
                           "title": literal_text(post.get("title")) or "(untitled)",
                           **author_fields(site, post),
                           "provider_name": site.site_name,
                           "provider_url": site.urls.absolute("/"), "cache_age": CACHE_AGE}
    body = body or site.body(post)
    text = description(body)
    if text:
        doc["description"] = text
    if body.image:
        doc.update(thumbnail_url=body.image, thumbnail_width=THUMB_W, thumbnail_height=THUMB_H)
    if kind == "rich":
        doc.update(width=WIDTH, height=HEIGHT)
        doc["html"] = card_html(site, post, space, doc)
    return doc


def oembed_documents(site: SeoSite, post: Row, body: BodyText | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``rich`` and ``link`` documents of one topic, as :func:`oembed_document` makes
    them, their shared fields made once: the link document is the rich one's leading fields
    with ``type`` ``link``."""
    link = oembed_document(site, post, "link", body)
    rich = {**link, "type": "rich", "width": WIDTH, "height": HEIGHT}  # "type" keeps its place
    rich["html"] = card_html(site, post, site.space_by_id[int(post["space_id"])], rich)
    return rich, link


def encode(doc: dict[str, Any]) -> bytes:
    """Stable JSON bytes (key order as built, UTF-8, one trailing newline)."""
    return json_document(doc)


def write_oembed(site: SeoSite, out: RecordingWriter) -> int:
    """Write the rich and link documents of every public topic; return the topic count."""
    count = 0
    make_key = site.key_maker("oembed")
    for post in site.posts:
        path = site.topic_path(post)
        if path is None:
            continue
        write_topic(site, out, post, path, make_key)
        count += 1
    return count


def topic_files(path: str) -> tuple[str, str]:
    """The files of a topic's rich and link documents (``file_for`` of each): a folder URL
    without ``?``/``#`` is decoded once for both (what ``file_for`` decodes for each is that
    folder plus an ASCII name, which decodes to itself)."""
    if path.endswith("/") and "?" not in path and "#" not in path:
        folder = url_path_to_file(path)
        if folder.endswith("index.html"):
            folder = folder[:-len("index.html")]
            return folder + RICH_FILE, folder + LINK_FILE
    return file_for(oembed_path(path, "rich")), file_for(oembed_path(path, "link"))


def write_topic(site: SeoSite, out: RecordingWriter, post: Row, path: str,
                make_key: Callable[..., str] | None) -> None:
    """Both documents of one topic, keyed by the topic's path and post stamp (one digest for
    both: on a rebuild that keeps them, the key is most of their cost); its body is read and
    both are made (once) only when one must be written. ``make_key``: the site's
    ``key_maker("oembed")`` (None without stamps), made once for all topics by the caller."""
    stamp = site.post_stamp(post)
    key = make_key(path, stamp) if stamp and make_key is not None else None
    made: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def document(index: int) -> bytes:
        if not made:
            made.append(oembed_documents(site, post, site.body(post, last=True)))
        return encode(made[0][index])

    rich, link = topic_files(path)
    out.put_keyed("oembed", rich, key and key + "-rich", lambda: document(0))
    out.put_keyed("oembed", link, key and key + "-link", lambda: document(1))


def discovery_link(site: SeoSite, post: Row) -> dict[str, str] | None:
    """Attributes of the topic page's ``<link rel="alternate" type="application/json+oembed">``."""
    path = site.topic_path(post)
    if path is None:
        return None
    return {"rel": "alternate", "type": OEMBED_MIME, "href": site.urls.absolute(oembed_path(path)),
            "title": literal_text(post.get("title")) or "(untitled)"}
