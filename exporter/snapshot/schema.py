"""Snapshot schema: one SQLite file, versioned.

Each entity table keeps the JSON exactly as the API sent it (``json``) plus the columns that
decide visibility (space visibility, status, ``is_private``, anonymity) and the columns that
rendering and indexing sort or join on. Bump ``FORMAT_VERSION`` on any incompatible change.
"""

from __future__ import annotations

FORMAT_NAME = "jetonomy-export-snapshot"
FORMAT_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site (key TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS categories (
  id INTEGER PRIMARY KEY, parent_id INTEGER, slug TEXT NOT NULL, name TEXT,
  visibility TEXT NOT NULL, sort_order INTEGER, json TEXT NOT NULL, seen_run INTEGER);
CREATE TABLE IF NOT EXISTS spaces (
  id INTEGER PRIMARY KEY, category_id INTEGER, slug TEXT NOT NULL, title TEXT, type TEXT,
  visibility TEXT NOT NULL, status TEXT, sort_order INTEGER, json TEXT NOT NULL,
  seen_run INTEGER);
CREATE TABLE IF NOT EXISTS posts (
  id INTEGER PRIMARY KEY, space_id INTEGER NOT NULL, slug TEXT NOT NULL, type TEXT,
  status TEXT NOT NULL, is_private INTEGER NOT NULL, is_anonymous INTEGER NOT NULL,
  author_id INTEGER NOT NULL, is_sticky INTEGER NOT NULL, vote_score INTEGER,
  created_at TEXT, updated_at TEXT, last_reply_at TEXT, content_sha TEXT NOT NULL,
  json TEXT NOT NULL, seen_run INTEGER);
CREATE INDEX IF NOT EXISTS posts_by_space ON posts(space_id, created_at, id);
CREATE TABLE IF NOT EXISTS replies (
  id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL, parent_id INTEGER, status TEXT NOT NULL,
  is_private INTEGER NOT NULL, is_anonymous INTEGER NOT NULL, author_id INTEGER NOT NULL,
  created_at TEXT, content_sha TEXT NOT NULL, json TEXT NOT NULL, seen_run INTEGER);
CREATE INDEX IF NOT EXISTS replies_by_post ON replies(post_id, created_at, id);
CREATE TABLE IF NOT EXISTS tags (
  id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT, post_count INTEGER,
  json TEXT NOT NULL, seen_run INTEGER);
CREATE TABLE IF NOT EXISTS post_tags (
  post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (post_id, tag_id));
CREATE INDEX IF NOT EXISTS post_tags_by_tag ON post_tags(tag_id, post_id);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, login TEXT, display_name TEXT, json TEXT NOT NULL, seen_run INTEGER);
CREATE TABLE IF NOT EXISTS leaderboard (
  period TEXT NOT NULL, rank INTEGER NOT NULL, user_id INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (period, user_id));
CREATE TABLE IF NOT EXISTS members (
  space_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT, position INTEGER NOT NULL,
  json TEXT NOT NULL, PRIMARY KEY (space_id, user_id));
CREATE TABLE IF NOT EXISTS privileged_members (
  space_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT, position INTEGER NOT NULL,
  json TEXT NOT NULL, PRIMARY KEY (space_id, user_id));
CREATE TABLE IF NOT EXISTS pro (
  kind TEXT NOT NULL, object_key TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (kind, object_key));
CREATE TABLE IF NOT EXISTS media (
  url TEXT PRIMARY KEY, path TEXT, sha256 TEXT, mime TEXT, size INTEGER,
  status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS crawl_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run INTEGER PRIMARY KEY, mode TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
  stats TEXT);
CREATE TABLE IF NOT EXISTS changes (
  run INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, change TEXT NOT NULL,
  PRIMARY KEY (run, kind, id));
CREATE TABLE IF NOT EXISTS fingerprints (
  kind TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (kind, hash));
"""

# Entity tables whose rows carry ``json`` + ``seen_run`` (used by incremental crawls).
ENTITY_TABLES = ("categories", "spaces", "posts", "replies", "tags", "users")
