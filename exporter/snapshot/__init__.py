"""The snapshot: one SQLite file plus a media folder — the contract between stages.

Layout of a snapshot folder (``community.snapshot/``)::

    snapshot.sqlite      every entity's JSON as received + the columns stages need
    media/ab/abcd….png   media referenced by public content, content-addressed

``crawl`` writes it (``put_*``); ``build``, ``index`` and ``verify`` only read it
(``iter_*``), through an :class:`Audience` that applies Jetonomy's visibility rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import SnapshotError, SnapshotVersionError
from . import visibility as vis
from .media import atomic_write_bytes, media_relpath
from .schema import DDL, FORMAT_NAME, FORMAT_VERSION
from .visibility import Audience

__all__ = ["Snapshot", "Audience", "Fields", "DB_NAME", "MEDIA_DIR", "stable_hash"]

DB_NAME = "snapshot.sqlite"
MEDIA_DIR = "media"

# Fields that change without the content changing (excluded from change detection).
VOLATILE_KEYS = frozenset({"view_count", "time_ago", "author_last_seen_at",
                           "author_last_seen_at_gmt", "last_seen_at", "last_seen_at_gmt",
                           "is_member", "viewer_role", "is_subscribed", "is_bookmarked",
                           "viewer_vote", "can_downvote", "viewer_flagged", "blocked_author",
                           "is_blocked_author"})


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def stable_hash(obj: dict[str, Any]) -> str:
    """Hash of an entity without its volatile fields: equal hashes = nothing to re-render."""
    kept = {k: v for k, v in obj.items() if k not in VOLATILE_KEYS}
    return hashlib.sha256(json.dumps(kept, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _masked(obj: dict[str, Any], is_anonymous: Any, audience: Audience, mask: Any) -> dict[str, Any]:
    """A post/reply (or some of its fields, see :class:`Fields`) as ``audience`` sees it
    (``mask``: the guest view of its kind, the one place the masking rules live)."""
    return obj if audience is Audience.STAFF else mask(obj, bool(is_anonymous))


def _seen_as(row: sqlite3.Row, audience: Audience, mask: Any) -> dict[str, Any]:
    """A post/reply row's JSON as ``audience`` sees it (``mask``: the guest view of its kind)."""
    return _masked(json.loads(row["json"]), row["is_anonymous"], audience, mask)


_KEY = re.compile(r"^[a-z_]+$")
_scan = json.JSONDecoder().scan_once  # json.loads without its checks for spaces around
# A row SQLite reads as Python would: RFC 8259 JSON (SQLite 3.42+ also accepts JSON5 unless
# ``json_valid`` says otherwise; NaN/Infinity, which ``json.dumps`` writes, are not RFC 8259).
_READABLE = "json_valid(json) AND json_type(json) = 'object'"


def _decoded(raw: Any) -> Any:
    """``json.loads(raw)``: the scan of a value that starts the text and ends it (a row as
    ``put_*`` writes it) without ``json.loads``' checks for spaces around; anything else
    (spaces, bytes, not JSON) goes to ``json.loads``, for the same value or the same error."""
    if type(raw) is str:
        try:
            value, end = _scan(raw, 0)
        except (StopIteration, ValueError):
            return json.loads(raw)
        if end == len(raw):
            return value
    return json.loads(raw)


class Fields:
    """Some top-level fields of post/reply rows, read by SQLite's JSON1 instead of decoding
    each whole row (a reply's body is most of it).

    ``json_extract`` with several paths gives one JSON array of the values *as written*
    (number and string tokens verbatim), so decoding that small array with :func:`json.loads`
    gives exactly the values a decode of the whole row gives (big ints, ``1.0``, escapes).
    A missing key reads as ``null``: callers read fields with ``.get``, except ``present``
    ones, which are left out when the row has no such key (as in the decoded row). Rows that
    are not an RFC 8259 JSON object are decoded in full (and fail as they did). Rows are
    ``json.dumps`` of a dict (see ``put_*``), so no key is written twice or escaped.
    """

    def __init__(self, keys: Iterable[str], present: Iterable[str] = ()):
        self.keys = tuple(dict.fromkeys(keys))
        self.present = tuple(dict.fromkeys(present))
        assert all(_KEY.match(k) for k in self.keys) and set(self.present) <= set(self.keys)
        paths = ", ".join(f"'$.{k}'" for k in (self.keys * 2)[:max(2, len(self.keys))])  # 2+: an array
        flags = "".join(f", json_type(json, '$.{k}') IS NOT NULL" for k in self.present)
        #: two result columns: the picked values (or NULL), the whole JSON when that is NULL
        self.sql = (f"CASE WHEN {_READABLE} THEN json_array(json_extract(json, {paths}){flags}) END, "
                    f"CASE WHEN {_READABLE} THEN NULL ELSE json END")

    def of(self, picked: str | None, raw: str | None) -> dict[str, Any]:
        """The fields of one row from the two columns of :attr:`sql`."""
        return self.row(*self.values(picked, raw))

    def row(self, values: list[Any], flags: list[Any]) -> dict[str, Any]:
        """The fields as a dict from :meth:`values` (``present`` keys the row lacks left out)."""
        out = dict(zip(self.keys, values))
        for key, flag in zip(self.present, flags):
            if not flag:
                del out[key]
        return out

    def values(self, picked: str | None, raw: str | None) -> tuple[list[Any], list[Any]]:
        """:meth:`of` as two lists: the values of :attr:`keys` in order (``None`` when
        missing) and, for each :attr:`present` key, whether the row has it (truthy; no dict made)."""
        if picked is None:
            obj = json.loads(raw)  # type: ignore[arg-type]
            return [obj.get(k) for k in self.keys], [k in obj for k in self.present]
        values, *flags = _scan(picked, 0)[0]  # SQLite's array: valid JSON, no spaces around
        return values, flags


def _fingerprint(content_sha: Any, is_anonymous: Any) -> int:
    """64 bits of a row's ``content_sha``, then its anonymity flag: what a build keeps to
    notice that a post or reply changed."""
    return int(str(content_sha)[:16] or "0", 16) << 1 | int(is_anonymous)


def _utcnow() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class Snapshot:
    """An open snapshot folder. Use :meth:`create` (crawl) or :meth:`open` (later stages)."""

    def __init__(self, folder: Path, conn: sqlite3.Connection, readonly: bool):
        self.folder = folder
        self.media_dir = folder / MEDIA_DIR
        self.db = conn
        self.readonly = readonly

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def create(cls, folder: str | Path) -> Snapshot:
        """Open ``folder`` for writing, creating an empty snapshot if there is none."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise SnapshotError(f"{folder} exists and is not a snapshot folder",
                                "choose another --out path (a snapshot is a folder)")
        folder.mkdir(parents=True, exist_ok=True)
        conn = cls._connect(folder / DB_NAME, readonly=False)
        snap = cls(folder, conn, readonly=False)
        snap._check_or_init_format()
        return snap

    @classmethod
    def open(cls, folder: str | Path, readonly: bool = True) -> Snapshot:
        """Open an existing snapshot; raise :class:`SnapshotError` naming what is wrong."""
        folder = Path(folder)
        db_path = folder / DB_NAME if folder.is_dir() else folder
        if not db_path.is_file():
            raise SnapshotError(f"no snapshot at {folder} ({DB_NAME} not found)")
        if db_path.parent != folder:
            folder = db_path.parent
        snap = cls(folder, cls._connect(db_path, readonly), readonly)
        snap._check_format()
        return snap

    @staticmethod
    def _connect(db_path: Path, readonly: bool) -> sqlite3.Connection:
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            else:
                conn = sqlite3.connect(db_path)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"{db_path} is not a readable snapshot database ({exc})",
                                "the file is corrupt or not a snapshot; crawl again into a new folder") from exc
        conn.row_factory = sqlite3.Row
        return conn

    def _check_or_init_format(self) -> None:
        try:
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"{self.folder} holds a corrupt database ({exc})") from exc
        if "meta" in tables:
            self._check_format()
            return
        if tables:
            raise SnapshotError(f"{self.folder / DB_NAME} is an SQLite file but not a snapshot",
                                "choose an empty or new --out folder")
        with self.transaction():
            for statement in _statements(DDL):
                self.db.execute(statement)
            self.set_meta("format", FORMAT_NAME)
            self.set_meta("format_version", str(FORMAT_VERSION))
            self.set_meta("created_at", _utcnow())

    def _check_format(self) -> None:
        try:
            fmt = self.get_meta("format")
            version = self.get_meta("format_version")
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"{self.folder} is not a jetonomy-export snapshot ({exc})") from exc
        if fmt != FORMAT_NAME:
            raise SnapshotError(f"{self.folder} is not a jetonomy-export snapshot")
        if _int(version) > FORMAT_VERSION:
            raise SnapshotVersionError(
                f"snapshot format {version} is newer than this version of jetonomy-export reads "
                f"(format {FORMAT_VERSION})")
        if _int(version) < 1:
            raise SnapshotError(f"snapshot format version {version!r} is not valid")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all (a SIGKILL loses only this batch)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()

    # -- meta, site, state ---------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))

    def meta(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM meta ORDER BY key")}

    def put_site(self, key: str, obj: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO site(key, json) VALUES (?, ?)", (key, _dumps(obj)))

    def get_site(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT json FROM site WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM crawl_state WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO crawl_state(key, value) VALUES (?, ?)", (key, str(value)))

    def clear_state(self, prefix: str = "") -> None:
        self.db.execute("DELETE FROM crawl_state WHERE key LIKE ?", (prefix + "%",))

    @property
    def audience(self) -> str:
        """Who the crawl ran as: ``guest`` or ``account:<login>``."""
        return self.get_meta("audience", "guest") or "guest"

    # -- runs and changes (incremental work) ---------------------------------------------

    def begin_run(self, mode: str) -> int:
        cur = self.db.execute("INSERT INTO runs(mode, started_at) VALUES (?, ?)", (mode, _utcnow()))
        return int(cur.lastrowid)

    def finish_run(self, run: int, stats: dict[str, Any]) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, stats=? WHERE run=?",
                        (_utcnow(), _dumps(stats), run))

    def last_run(self) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM runs ORDER BY run DESC LIMIT 1").fetchone()

    def record_change(self, run: int, kind: str, ident: Any, change: str) -> None:
        """``change`` is ``new``, ``changed`` or ``deleted``."""
        self.db.execute("INSERT OR REPLACE INTO changes(run, kind, id, change) VALUES (?,?,?,?)",
                        (run, kind, str(ident), change))

    def changes(self, run: int | None = None) -> list[sqlite3.Row]:
        if run is None:
            last = self.last_run()
            run = last["run"] if last else 0
        return self.db.execute("SELECT * FROM changes WHERE run=? ORDER BY kind, id", (run,)).fetchall()

    def add_fingerprints(self, kind: str, hashes: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO fingerprints(kind, hash) VALUES (?, ?)",
                            ((kind, h) for h in hashes))

    def fingerprints(self, kind: str | None = None) -> set[str]:
        sql, args = "SELECT hash FROM fingerprints", ()
        if kind:
            sql, args = sql + " WHERE kind=?", (kind,)
        return {r[0] for r in self.db.execute(sql, args)}

    # -- writing entities ----------------------------------------------------------------

    def _upsert(self, table: str, cols: dict[str, Any], run: int | None) -> str:
        """Insert or replace a row; return ``new``, ``changed`` or ``same`` (by ``json``)."""
        key = "id"
        old = self.db.execute(f"SELECT json FROM {table} WHERE {key}=?", (cols[key],)).fetchone()
        if run is not None:
            cols = {**cols, "seen_run": run}
        names = ", ".join(cols)
        marks = ", ".join("?" for _ in cols)
        self.db.execute(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", tuple(cols.values()))
        if old is None:
            return "new"
        return "same" if stable_hash(json.loads(old[0])) == stable_hash(json.loads(cols["json"])) else "changed"

    def put_category(self, obj: dict[str, Any], run: int | None = None) -> str:
        return self._upsert("categories", {
            "id": _int(obj["id"]), "parent_id": _int(obj.get("parent_id")) or None,
            "slug": str(obj.get("slug") or ""), "name": obj.get("name"),
            "visibility": str(obj.get("visibility") or "public"),
            "sort_order": _int(obj.get("sort_order")), "json": _dumps(obj)}, run)

    def put_space(self, obj: dict[str, Any], run: int | None = None, status: str | None = None) -> str:
        """``status`` (active/archived/locked) comes from the category raw rows, not the space."""
        return self._upsert("spaces", {
            "id": _int(obj["id"]), "category_id": _int(obj.get("category_id")) or None,
            "slug": str(obj.get("slug") or ""), "title": obj.get("title"), "type": obj.get("type"),
            "visibility": str(obj.get("visibility") or "public"),
            "status": status or obj.get("status") or "active",
            "sort_order": _int(obj.get("sort_order")), "json": _dumps(obj)}, run)

    def put_post(self, obj: dict[str, Any], run: int | None = None) -> str:
        return self._upsert("posts", {
            "id": _int(obj["id"]), "space_id": _int(obj.get("space_id")),
            "slug": str(obj.get("slug") or ""), "type": obj.get("type"),
            "status": str(obj.get("status") or "publish"),
            "is_private": int(bool(obj.get("is_private"))),
            "is_anonymous": int(vis.looks_anonymous(obj)),
            "author_id": _int(obj.get("author_id")), "is_sticky": int(bool(obj.get("is_sticky"))),
            "vote_score": _int(obj.get("vote_score")), "created_at": obj.get("created_at"),
            "updated_at": obj.get("updated_at"), "last_reply_at": obj.get("last_reply_at"),
            "content_sha": stable_hash(obj), "json": _dumps(obj)}, run)

    def put_reply(self, obj: dict[str, Any], run: int | None = None) -> str:
        return self._upsert("replies", {
            "id": _int(obj["id"]), "post_id": _int(obj.get("post_id")),
            "parent_id": _int(obj.get("parent_id")) or None,
            "status": str(obj.get("status") or "publish"),
            "is_private": int(bool(_int(obj.get("is_private")))),
            "is_anonymous": int(vis.looks_anonymous(obj)),
            "author_id": _int(obj.get("author_id")), "created_at": obj.get("created_at"),
            "content_sha": stable_hash(obj), "json": _dumps(obj)}, run)

    def set_anonymous(self, table: str, ids: Iterable[int]) -> None:
        """Mark posts/replies as anonymous: an admin's payload shows the real author and no
        ``is_anonymous`` flag, so the crawler learns it elsewhere and records it here."""
        assert table in ("posts", "replies")
        self.db.executemany(f"UPDATE {table} SET is_anonymous=1 WHERE id=?", ((int(i),) for i in ids))

    def put_tag(self, obj: dict[str, Any], run: int | None = None) -> str:
        return self._upsert("tags", {
            "id": _int(obj["id"]), "slug": str(obj.get("slug") or ""), "name": obj.get("name"),
            "post_count": _int(obj.get("post_count")), "json": _dumps(obj)}, run)

    def put_user(self, obj: dict[str, Any], login: str | None = None, run: int | None = None) -> str:
        """Profiles carry no login; pass the one seen in ``author_login``/``user_login``."""
        if login is None:
            row = self.db.execute("SELECT login FROM users WHERE id=?", (_int(obj["id"]),)).fetchone()
            login = row[0] if row else None
        return self._upsert("users", {
            "id": _int(obj["id"]), "login": login, "display_name": obj.get("display_name"),
            "json": _dumps(obj)}, run)

    def set_post_tags(self, tag_id: int, post_ids: Iterable[int]) -> None:
        self.db.execute("DELETE FROM post_tags WHERE tag_id=?", (tag_id,))
        self.db.executemany("INSERT OR IGNORE INTO post_tags(post_id, tag_id) VALUES (?, ?)",
                            ((int(p), tag_id) for p in post_ids))

    def set_leaderboard(self, period: str, rows: list[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM leaderboard WHERE period=?", (period,))
        self.db.executemany(
            "INSERT OR REPLACE INTO leaderboard(period, rank, user_id, json) VALUES (?,?,?,?)",
            ((period, _int(r.get("rank")), _int(r.get("user_id")), _dumps(r)) for r in rows))

    def set_members(self, space_id: int, rows: list[dict[str, Any]], privileged: bool = False) -> None:
        table = "privileged_members" if privileged else "members"
        self.db.execute(f"DELETE FROM {table} WHERE space_id=?", (space_id,))
        self.db.executemany(
            f"INSERT OR REPLACE INTO {table}(space_id, user_id, role, position, json) VALUES (?,?,?,?,?)",
            ((space_id, _int(r.get("user_id")), r.get("role"), i, _dumps(r)) for i, r in enumerate(rows)))

    def put_pro(self, kind: str, object_key: str, obj: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO pro(kind, object_key, json) VALUES (?,?,?)",
                        (kind, object_key, _dumps(obj)))

    def delete(self, table: str, ident: int) -> None:
        assert table in ("categories", "spaces", "posts", "replies", "tags", "users")
        self.db.execute(f"DELETE FROM {table} WHERE id=?", (ident,))
        if table == "posts":
            self.db.execute("DELETE FROM replies WHERE post_id=?", (ident,))
            self.db.execute("DELETE FROM post_tags WHERE post_id=?", (ident,))

    # -- media ---------------------------------------------------------------------------

    def store_media(self, url: str, data: bytes, mime: str | None) -> str:
        """Save bytes under ``media/`` (atomically) and record them; return the relative path."""
        rel = media_relpath(data, url, mime)
        target = self.media_dir / rel
        if not target.exists():
            atomic_write_bytes(target, data)
        self.db.execute("INSERT OR REPLACE INTO media(url, path, sha256, mime, size, status) "
                        "VALUES (?,?,?,?,?, 'ok')",
                        (url, rel, rel.split("/")[1].split(".")[0], mime, len(data)))
        return rel

    def mark_media(self, url: str, status: str) -> None:
        """Record a media URL that was not stored (``external`` or ``failed:<why>``)."""
        self.db.execute("INSERT OR REPLACE INTO media(url, path, sha256, mime, size, status) "
                        "VALUES (?, NULL, NULL, NULL, NULL, ?)", (url, status))

    def media_for(self, url: str) -> str | None:
        row = self.db.execute("SELECT path FROM media WHERE url=? AND status='ok'", (url,)).fetchone()
        return row[0] if row else None

    def iter_media(self) -> Iterator[sqlite3.Row]:
        yield from self.db.execute("SELECT * FROM media ORDER BY url")

    # -- reading, through an audience ----------------------------------------------------

    def iter_categories(self, audience: Audience = Audience.PUBLIC) -> Iterator[dict[str, Any]]:
        for row in self.db.execute("SELECT visibility, json FROM categories ORDER BY sort_order, id"):
            if vis.category_visible(row["visibility"], audience):
                yield vis.category_for(json.loads(row["json"]), audience)

    def iter_spaces(self, audience: Audience = Audience.PUBLIC) -> Iterator[dict[str, Any]]:
        """Spaces in the live order (manual sort order, then title), with ``_status`` added."""
        for row in self.db.execute("SELECT visibility, status, json FROM spaces ORDER BY sort_order, title, id"):
            if vis.space_visible(row["visibility"], audience):
                obj = json.loads(row["json"])
                obj = vis.guest_space(obj) if audience is Audience.PUBLIC else obj
                yield {**obj, "_status": row["status"]}

    def _space_visibility(self) -> dict[int, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, visibility FROM spaces")}

    def iter_posts(self, audience: Audience = Audience.PUBLIC, space_id: int | None = None
                   ) -> Iterator[dict[str, Any]]:
        """Visible posts ordered by ``created_at, id``, masked as the audience sees them."""
        spaces = self._space_visibility()
        sql = "SELECT status, is_private, is_anonymous, space_id, json FROM posts"
        args: tuple[Any, ...] = ()
        if space_id is not None:
            sql, args = sql + " WHERE space_id=?", (space_id,)
        for row in self.db.execute(sql + " ORDER BY created_at, id", args):
            if vis.post_visible(row["status"], bool(row["is_private"]),
                                spaces.get(row["space_id"], "hidden"), audience):
                yield _seen_as(row, audience, vis.guest_post)

    def visible_post(self, post_id: int, audience: Audience = Audience.PUBLIC) -> dict[str, Any] | None:
        """One post the caller knows ``audience`` may read, as :meth:`iter_posts` gives it."""
        row = self.db.execute("SELECT is_anonymous, json FROM posts WHERE id=?", (post_id,)).fetchone()
        return None if row is None else _seen_as(row, audience, vis.guest_post)

    def visible_post_fields(self, post_id: int, fields: Fields, audience: Audience = Audience.PUBLIC
                            ) -> dict[str, Any] | None:
        """:meth:`visible_post`, only ``fields`` (e.g. the body a page or feed shows)."""
        row = self.db.execute(f"SELECT is_anonymous, {fields.sql} FROM posts WHERE id=?", (post_id,)).fetchone()
        return None if row is None else _masked(fields.of(row[1], row[2]), row[0], audience, vis.guest_post)

    def post_fingerprints(self) -> dict[int, int]:
        """``post id -> fingerprint`` (see :func:`_fingerprint`; no JSON decoded)."""
        return {r[0]: _fingerprint(r[1], r[2])
                for r in self.db.execute("SELECT id, content_sha, is_anonymous FROM posts")}

    def visible_post_ids(self, audience: Audience = Audience.PUBLIC) -> set[int]:
        spaces = self._space_visibility()
        return {r[0] for r in self.db.execute("SELECT id, status, is_private, space_id FROM posts")
                if vis.post_visible(r[1], bool(r[2]), spaces.get(r[3], "hidden"), audience)}

    def _listed_reply_rows(self, audience: Audience, post_id: int | None = None, columns: str = "json"
                           ) -> Iterator[sqlite3.Row]:
        visible = self.visible_post_ids(audience)
        sql = f"SELECT post_id, status, is_anonymous, content_sha, {columns} FROM replies"
        args: tuple[Any, ...] = ()
        if post_id is not None:
            sql, args = sql + " WHERE post_id=?", (post_id,)
        for row in self.db.execute(sql + " ORDER BY post_id, created_at, id", args):
            if vis.reply_visible(row["status"], row["post_id"] in visible, audience):
                yield row

    def iter_replies(self, audience: Audience = Audience.PUBLIC, post_id: int | None = None
                     ) -> Iterator[dict[str, Any]]:
        """Listed replies ordered by ``post_id, created_at, id``; private ones as tombstones."""
        for row in self._listed_reply_rows(audience, post_id):
            yield _seen_as(row, audience, vis.guest_reply)

    def iter_reply_records(self, audience: Audience = Audience.PUBLIC
                           ) -> Iterator[tuple[dict[str, Any], int]]:
        """:meth:`iter_replies` with each row's fingerprint (see :func:`_fingerprint`), compact
        enough to keep one per reply of a big community."""
        for row in self._listed_reply_rows(audience):
            yield _seen_as(row, audience, vis.guest_reply), _fingerprint(row["content_sha"], row["is_anonymous"])

    def iter_reply_fields(self, fields: Fields, audience: Audience = Audience.PUBLIC
                          ) -> Iterator[tuple[dict[str, Any], int]]:
        """:meth:`iter_reply_records`, each reply with only ``fields`` (masked the same way)."""
        for row in self._listed_reply_rows(audience, columns=fields.sql):
            yield (_masked(fields.of(row[4], row[5]), row[2], audience, vis.guest_reply),
                   _fingerprint(row[3], row[2]))

    def iter_reply_values(self, fields: Fields, audience: Audience = Audience.PUBLIC
                          ) -> Iterator[tuple[list[Any], list[Any], int, int]]:
        """:meth:`iter_reply_fields` unmasked and without dicts: per listed reply (same rows,
        same order), :meth:`Fields.values` of the row, its ``is_anonymous`` column and its
        fingerprint. The caller masks (see :func:`~exporter.snapshot.visibility.guest_reply`)."""
        for row in self._listed_reply_rows(audience, columns=fields.sql):
            values, flags = fields.values(row[4], row[5])
            yield values, flags, row[2], _fingerprint(row[3], row[2])

    def replies_of_visible_post(self, post_id: int, audience: Audience = Audience.PUBLIC
                                ) -> list[dict[str, Any]]:
        """The listed replies of one post the caller knows ``audience`` may read, as
        :meth:`iter_replies` gives them (one indexed query, not a scan), read with little work
        a row: plain tuples instead of :class:`sqlite3.Row`, JSON by :func:`_decoded`."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        rows = cursor.execute("SELECT status, is_anonymous, json FROM replies WHERE post_id=?"
                              " ORDER BY created_at, id", (post_id,))
        staff, out = audience is Audience.STAFF, []
        for status, is_anonymous, raw in rows:
            if vis.reply_visible(status, True, audience):
                reply = _decoded(raw)
                out.append(reply if staff else vis.guest_reply(reply, bool(is_anonymous)))
        return out

    def listed_replies_by_id(self, ids: Iterable[int], audience: Audience = Audience.PUBLIC
                             ) -> dict[int, dict[str, Any]]:
        """Replies the caller knows are listed to ``audience`` (from :meth:`iter_replies`),
        by id, masked the same way."""
        return {row["id"]: _seen_as(row, audience, vis.guest_reply)
                for row in self._replies_by_id(ids, "json")}

    def listed_reply_fields(self, ids: Iterable[int], fields: Fields, audience: Audience = Audience.PUBLIC
                            ) -> dict[int, dict[str, Any]]:
        """:meth:`listed_replies_by_id`, only ``fields`` (e.g. what a profile's list shows)."""
        return {row[0]: _masked(fields.of(row[2], row[3]), row[1], audience, vis.guest_reply)
                for row in self._replies_by_id(ids, fields.sql)}

    def _replies_by_id(self, ids: Iterable[int], columns: str) -> Iterator[sqlite3.Row]:
        """``id, is_anonymous, <columns>`` of the replies ``ids`` (500 a query)."""
        ids = sorted({int(i) for i in ids})
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"SELECT id, is_anonymous, {columns} FROM replies WHERE id IN ({marks})", chunk)

    def iter_tags(self) -> Iterator[dict[str, Any]]:
        for row in self.db.execute("SELECT json FROM tags ORDER BY slug, id"):
            yield json.loads(row["json"])

    def post_tags(self, audience: Audience = Audience.PUBLIC, visible: set[int] | None = None
                  ) -> dict[int, list[int]]:
        """``tag_id -> [post_id, …]`` restricted to visible posts (ascending post id);
        ``visible``: :meth:`visible_post_ids` of ``audience``, when the caller has it."""
        visible = self.visible_post_ids(audience) if visible is None else visible
        out: dict[int, list[int]] = {}
        for tag_id, post_id in self.db.execute("SELECT tag_id, post_id FROM post_tags ORDER BY tag_id, post_id"):
            if post_id in visible:
                out.setdefault(tag_id, []).append(post_id)
        return out

    def iter_users(self, audience: Audience = Audience.PUBLIC, visible: set[int] | None = None
                   ) -> Iterator[tuple[str | None, dict[str, Any]]]:
        """``(login, profile)`` pairs ordered by id: people ``audience`` meets (non-anonymous
        authors of visible posts and replies, leaderboards, members of visible spaces);
        ``visible``: :meth:`visible_post_ids` of ``audience``, when the caller has it."""
        allowed = None if audience is Audience.STAFF else self.people_ids(audience, visible)
        for row in self.db.execute("SELECT id, login, json FROM users ORDER BY id"):
            if allowed is None or row["id"] in allowed:
                yield row["login"], json.loads(row["json"])

    def people_ids(self, audience: Audience = Audience.PUBLIC, visible: set[int] | None = None) -> set[int]:
        """User ids ``audience`` meets: what a crawl as that audience would fetch profiles of
        (``visible``: :meth:`visible_post_ids` of ``audience``, when the caller has it)."""
        posts = self.visible_post_ids(audience) if visible is None else visible
        ids = {a for (i, a) in self.db.execute(
            "SELECT id, author_id FROM posts WHERE author_id>0 AND is_anonymous=0") if i in posts}
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: one a reply of the whole snapshot
        for post_id, status, author in cursor.execute(
                "SELECT post_id, status, author_id FROM replies WHERE author_id>0 AND is_anonymous=0"):
            # most replies are by someone already met: that test first (no call, same ids)
            if author not in ids and vis.reply_visible(status, post_id in posts, audience):
                ids.add(author)
        ids |= {r[0] for r in self.db.execute("SELECT user_id FROM leaderboard WHERE user_id>0")}
        spaces = self._space_visibility()
        for table in ("members", "privileged_members"):
            ids |= {u for (sid, u) in self.db.execute(f"SELECT space_id, user_id FROM {table}")
                    if vis.space_visible(spaces.get(sid, "hidden"), audience)}
        return ids

    def leaderboard(self, period: str) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute(
            "SELECT json FROM leaderboard WHERE period=? ORDER BY rank, user_id", (period,))]

    def members(self, space_id: int, privileged: bool = False) -> list[dict[str, Any]]:
        table = "privileged_members" if privileged else "members"
        return [json.loads(r[0]) for r in self.db.execute(
            f"SELECT json FROM {table} WHERE space_id=? ORDER BY position", (space_id,))]

    def pro(self, kind: str) -> dict[str, Any]:
        return {r[0]: json.loads(r[1]) for r in self.db.execute(
            "SELECT object_key, json FROM pro WHERE kind=? ORDER BY object_key", (kind,))}

    def count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _statements(ddl: str) -> list[str]:
    return [s.strip() for s in ddl.split(";") if s.strip()]
