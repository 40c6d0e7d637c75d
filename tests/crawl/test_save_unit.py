"""``save_*`` + the privacy guard on captured sample rows (no HTTP)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from exporter.crawl import CrawlOptions, CrawlReport
from exporter.crawl.fetch import fetch_tag_list, fetch_tags_by_search
from exporter.crawl.guard import Refusals, shingles
from exporter.crawl.http import Api
from exporter.crawl.save import Saver, save_categories, save_posts, save_replies, save_tags
from exporter.snapshot import Snapshot


def load(samples: Path, name: str):
    return json.loads((samples / f"{name}.body.json").read_text("utf-8"))


def saver(tmp_path: Path) -> Saver:
    snap = Snapshot.create(tmp_path / "s.snapshot")
    with snap.transaction():
        run = snap.begin_run("full")
    return Saver(snap, run, CrawlReport(), Refusals())


def test_announcement_rows_from_other_spaces_are_ignored(samples_dir, tmp_path):
    rows = load(samples_dir, "05-space-posts-sort-oldest")["data"]
    foreign = {**rows[0], "id": 999001, "space_id": 1, "title": "Announcement elsewhere"}
    sv = saver(tmp_path)
    with sv.snap.transaction():
        ids = save_posts(sv, 4, [foreign] + rows + rows[:2])  # + duplicates
    assert 999001 not in ids and sv.snap.count("posts") == len({r["id"] for r in rows})


def test_raw_string_rows_keep_json_and_get_typed_columns(samples_dir, tmp_path):
    sv = saver(tmp_path)
    tags = load(samples_dir, "08-tags-alpha-100")["data"]
    cats = load(samples_dir, "01-categories")["data"]
    with sv.snap.transaction():
        save_tags(sv, tags)
        save_categories(sv, cats)
    row = sv.snap.db.execute("SELECT id, post_count, json FROM tags WHERE id=?", (int(tags[0]["id"]),)).fetchone()
    assert isinstance(row["id"], int) and isinstance(row["post_count"], int)
    assert json.loads(row["json"]) == tags[0] and isinstance(tags[0]["id"], str)
    stored = json.loads(sv.snap.db.execute("SELECT json FROM categories WHERE id=1").fetchone()[0])
    assert stored["spaces"][0]["id"] == "1"  # raw string row kept as received


def test_search_reply_leaks_are_masked_and_fingerprinted(samples_dir, tmp_path):
    """A private reply with text and an anonymous reply with its real author (as /search leaks
    them) become a tombstone and a masked row; only fingerprints of the refused text remain."""
    base = load(samples_dir, "11-search-type-reply")["data"][0]
    private = {**base, "id": 900001, "is_private": 1, "content_plain": "secret words only staff may read here ok"}
    anon = {**base, "id": 900002, "is_anonymous": 1, "author_name": "Real Person", "author_login": "realp"}
    sv = saver(tmp_path)
    with sv.snap.transaction():
        save_replies(sv, base["post_id"], [private, anon])
        sv.flush_refusals()
    blob = b"".join(r[0].encode() for r in sv.snap.db.execute("SELECT json FROM replies"))
    assert b"secret words" not in blob and b"Real Person" not in blob and b"realp" not in blob
    kept = {r[0]: json.loads(r[1]) for r in sv.snap.db.execute("SELECT id, json FROM replies")}
    assert kept[900001]["content"] == "" and kept[900001]["is_private_hidden"] is True
    assert kept[900002]["author_id"] == 0 and kept[900002]["author_name"] == "Anonymous"
    assert shingles(private["content_plain"]) <= sv.snap.fingerprints("private_reply")
    assert shingles("Real Person") <= sv.snap.fingerprints("anonymous_author")


def test_tombstones_stay_tombstones(samples_dir, tmp_path):
    rows = load(samples_dir, "07-replies-with-private-reply")["data"]
    sv = saver(tmp_path)
    with sv.snap.transaction():
        save_replies(sv, 21, rows)
    private = [r for r in rows if r["is_private"]]
    assert private
    for r in private:
        stored = json.loads(sv.snap.db.execute("SELECT json FROM replies WHERE id=?", (r["id"],)).fetchone()[0])
        assert stored == r and stored["content"] == ""


def test_hidden_category_keeps_only_its_existence(samples_dir, tmp_path):
    cat = {**load(samples_dir, "01-categories")["data"][0], "id": 77, "visibility": "hidden",
           "name": "Mod Lounge", "description": "only moderators here", "slug": "mod-lounge"}
    sv = saver(tmp_path)
    with sv.snap.transaction():
        save_categories(sv, [cat])
        sv.flush_refusals()
    row = sv.snap.db.execute("SELECT visibility, json FROM categories WHERE id=77").fetchone()
    assert row["visibility"] == "hidden" and b"Mod Lounge" not in row["json"].encode()
    assert b"moderators" not in row["json"].encode()
    assert sv.snap.fingerprints("hidden_category")


def test_more_than_100_tags_via_the_search_trick():
    """/tags stops at 100 (total 130): the scoped tag search pages the rest, deduped."""
    all_tags = [{"id": i, "name": f"t{i}", "slug": f"t{i}", "post_count": 200 - i, "type": "tag"}
                for i in range(1, 131)]
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if request.url.path.endswith("/tags"):
            rows = [{k: str(v) for k, v in t.items() if k != "type"} for t in all_tags[:100]]
            return httpx.Response(200, json={"data": rows, "meta": {"total": 130, "has_more": True}})
        off, lim = int(request.url.params["offset"]), int(request.url.params["limit"])
        assert request.url.params["type"] == "tag" and lim == 50 and "after" not in request.url.params
        page = all_tags[max(0, off - 3):off - 3 + lim] if off else all_tags[:lim]  # unordered ties
        return httpx.Response(200, json={"data": page, "meta": {"total": 130}})

    api = Api(httpx.Client(transport=httpx.MockTransport(handler)), CrawlOptions(rate=0))
    api.api_root = "http://site.test/wp-json/jetonomy/v1"
    listing = fetch_tag_list(api)
    found = {str(t["id"]) for t in listing.rows}
    found |= {str(t["id"]) for t in fetch_tags_by_search(api, 3, listing.total)}
    assert len(found) == 130
    assert seen[0].params["limit"] == "100" and seen[0].params["sort"] == "alphabetical"
