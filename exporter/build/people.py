"""People: who has a profile page, and how authors are shown (masked where anonymous).

Profiles come from the snapshot's users plus every login seen as a *public* author, on the
leaderboards or in member lists. A person without a known login has no page (their name is
shown unlinked). Anonymous and deleted authors never link anywhere and never show a name
other than the masked one.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from .dates import when
from .views import AuthorView, UserView

if TYPE_CHECKING:  # pragma: no cover
    from .gather import SiteIndex
    from .replies import ReplyRef

TRUST_NAMES = ("Newcomer", "Member", "Regular", "Trusted", "Leader", "Moderator")
_LOGIN_IN_URL = re.compile(r"/u/([^/?#]+)/?")


@functools.lru_cache(maxsize=4096)  # every reply's author chip asks; authors repeat
def initials(name: str) -> str:
    """Two letters for an avatar placeholder (as the live page: first two, upper-cased)."""
    letters = [c for c in name.strip() if c.isalnum()]
    return "".join(letters[:2]).upper() or "?"


def nicename(login: str) -> str:
    """WordPress' user_nicename, approximated: lower-cased, ``.``/spaces → ``-``."""
    return re.sub(r"[.\s]+", "-", login.strip().lower())


def author_view(ix: SiteIndex, obj: dict[str, Any]) -> AuthorView:
    """The author chip of a post/reply; anonymous/deleted authors are masked."""
    if obj.get("_anonymous") or not int(obj.get("author_id") or 0):
        name = "[deleted]" if obj.get("author_name") == "[deleted]" else "Anonymous"
        return AuthorView(name, "", initials(name), "", 0, 0, True)
    uid = int(obj["author_id"])
    user = ix.users.get(uid)
    name = str(obj.get("author_name") or (user.name if user else "") or "Member")
    avatar = ix.local_media(str(obj.get("author_avatar") or "")) or ""
    return AuthorView(name, user.url if user else "", initials(name), avatar,
                      int(obj.get("trust_level") or 0), int(obj.get("reputation") or 0), False)


#: Value types an author memo key may hold as they are: ``True``, ``1`` and ``1.0`` are one
#: key but print apart (``str``), so the printed fields (name, avatar) must be text or None.
_TEXT_KEY_TYPES = (str, type(None))


class AuthorViews:
    """:func:`author_view` once per distinct author facts of a row (a build's replies repeat a
    few hundred authors: 396 at 10x for 31k replies), with the same side effect on a repeat:
    the author's local avatar is marked used again (``ix.media_used``).

    The key is the row's values of the fields :func:`author_view` reads. Only the name and the
    avatar are printed as they are; the others are read through ``int()`` or truthiness,
    which give one result for values that are one key (``True``/``1``/``1.0``). Rows whose name
    or avatar is not text, or that hold a value no dict key can be, take the general path."""

    SIZE = 4096

    def __init__(self, ix: SiteIndex):
        self.ix = ix
        self._views: dict[tuple[Any, ...], tuple[AuthorView, tuple[str, ...]]] = {}

    def __call__(self, obj: dict[str, Any]) -> AuthorView:
        name, avatar = obj.get("author_name"), obj.get("author_avatar")
        if type(name) not in _TEXT_KEY_TYPES or type(avatar) not in _TEXT_KEY_TYPES:
            return author_view(self.ix, obj)
        key = (not obj.get("_anonymous"), obj.get("author_id"), name, avatar, obj.get("trust_level"),
               obj.get("reputation"))
        try:
            hit = self._views.get(key)
        except TypeError:  # a list or dict where a number belongs: not a key
            return author_view(self.ix, obj)
        if hit is None:
            marked, self.ix.media_used = self.ix.media_used, set()
            try:
                view = author_view(self.ix, obj)
            finally:  # what ``author_view`` marked, kept to be marked again on a repeat
                used, self.ix.media_used = self.ix.media_used, marked
            marked |= used
            if len(self._views) >= self.SIZE:
                self._views.clear()
            hit = self._views[key] = (view, tuple(used))
        else:
            self.ix.media_used.update(hit[1])
        return hit[0]


def note(seen: dict[int, dict[str, Any]], uid: Any, login: Any, name: Any, **extra: Any) -> None:
    """Remember a person as a public source shows them, first seen first: the first non-empty
    login and name, the first value of each ``extra`` field."""
    uid = int(uid or 0)
    if uid <= 0:
        return
    rec = seen.setdefault(uid, {})
    if login and not rec.get("login"):
        rec["login"] = str(login)
    if name and not rec.get("name"):
        rec["name"] = str(name)
    for k, v in extra.items():
        rec.setdefault(k, v)


#: The fields of a post or reply row :func:`note_author` reads (with ``.get``).
AUTHOR_KEYS = ("author_id", "author_login", "author_name", "trust_level", "reputation")


def author_facts(row: dict[str, Any]) -> tuple[Any, ...]:
    """What :func:`note_author` notes of a row (the values of :data:`AUTHOR_KEYS`)."""
    return tuple(row.get(k) for k in AUTHOR_KEYS)


def note_facts(seen: dict[int, dict[str, Any]], facts: tuple[Any, ...]) -> None:
    """:func:`note` an author from :func:`author_facts`."""
    uid, login, name, trust_level, reputation = facts
    note(seen, uid, login, name, trust_level=trust_level, reputation=reputation)


def note_author(seen: dict[int, dict[str, Any]], row: dict[str, Any]) -> None:
    """:func:`note` the author of a (non-anonymous) post or reply row."""
    note_facts(seen, author_facts(row))


def member_facts(rows: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]]:
    """``(user_id, login, name)`` of each member row, as :func:`_seen_people` notes them (the
    login from the profile URL): kept from the one read of the members the gather makes."""
    out = []
    for row in rows:
        m = _LOGIN_IN_URL.search(str(row.get("profile_url") or ""))
        out.append((row.get("user_id"), urllib.parse.unquote(m.group(1)) if m else None, row.get("display_name")))
    return out


def _seen_people(ix: SiteIndex, members: list[list[tuple[Any, Any, Any]]]) -> dict[int, dict[str, Any]]:
    """``user_id -> {login, name, trust_level, reputation, avatar}`` from public sources
    (``members``: :func:`member_facts` of each space's members, in ``ix.spaces`` order)."""
    seen: dict[int, dict[str, Any]] = {}
    for post in ix.posts.values():
        if not post["_anonymous"]:
            note_author(seen, post)
    for uid, rec in ix.reply_authors.items():  # noted reply by reply by the gather
        note(seen, uid, rec.get("login"), rec.get("name"), trust_level=rec["trust_level"],
             reputation=rec["reputation"])
    for period in ("all", "month", "week"):
        for row in ix.leaderboards[period]:  # as the gather read them
            note(seen, row.get("user_id"), row.get("user_login"), row.get("display_name"),
                 trust_level=row.get("trust_level"), reputation=row.get("reputation"))
    for facts in members:
        for uid, login, name in facts:
            note(seen, uid, login, name)
    return seen


def gather_users(ix: SiteIndex, users: list[tuple[str | None, dict[str, Any]]],
                 members: list[list[tuple[Any, Any, Any]]]) -> None:
    """Fill ``ix.users`` (id → UserView) and the login/nicename lookups from the profiles
    ``users`` (:meth:`~exporter.snapshot.Snapshot.iter_users` of the audience) and the people seen (see :func:`_seen_people`)."""
    seen = _seen_people(ix, members)
    profiles = {}
    for login, profile in users:
        uid = int(profile["id"])
        profiles[uid] = profile
        if login:
            seen.setdefault(uid, {}).setdefault("login", login)
    _count_contributions(ix)
    for uid in sorted(seen):
        login = seen[uid].get("login")
        if not login:
            continue
        seg = ix.paths.assign_user(uid, login)
        ix.users[uid] = _user_view(ix, uid, login, seg, profiles.get(uid, {}), seen[uid])
        ix.login_to_id.setdefault(login.lower(), uid)
        ix.nicename_to_id.setdefault(nicename(login), uid)


def credited_reply(r: ReplyRef) -> bool:
    """A reply that counts for its author (``ix.replies_by_user``, the replies tab): neither
    anonymous nor private, and by a known author."""
    return bool(r.author_id) and not r.anonymous and not r.private


def _count_contributions(ix: SiteIndex) -> None:
    for pid, post in ix.posts.items():
        if not post["_anonymous"] and int(post.get("author_id") or 0):
            ix.posts_by_user.setdefault(int(post["author_id"]), []).append(pid)
    for replies in ix.replies_by_post.values():
        for r in replies:
            if credited_reply(r):
                ix.replies_by_user.setdefault(r.author_id, []).append(r)


def _user_view(ix: SiteIndex, uid: int, login: str, seg: str, profile: dict[str, Any],
               seen: dict[str, Any]) -> UserView:
    name = str(profile.get("display_name") or seen.get("name") or login)
    level = int(profile.get("trust_level", seen.get("trust_level")) or 0)
    level_name = str(profile.get("trust_level_name") or TRUST_NAMES[max(0, min(level, 5))])
    url = ix.urls.profile(seg)
    avatar = ix.local_media(str(profile.get("avatar_display") or "")) or ""
    rep = int(profile.get("reputation", seen.get("reputation")) or 0)
    author = AuthorView(name, url, initials(name), avatar, level, rep, False)
    return UserView(id=uid, login=login, name=name, url=url, bio=str(profile.get("bio") or ""),
                    trust_level=level, trust_level_name=level_name, reputation=rep,
                    post_count=len(ix.posts_by_user.get(uid, ())),
                    reply_count=len(ix.replies_by_user.get(uid, ())),
                    joined=when(profile.get("created_at")), author=author)
