"""`--update` (cheap, CONTRACT.md §7.3) and `--full` (edits, deletions) on an existing snapshot."""

from __future__ import annotations

import copy
import shutil

from exporter.standin import create_app, dataset_from_dict

from .helpers import SwitchApp, load_json, rows, run_crawl, serve


def test_unchanged_update_costs_under_5_percent(crawl_run, standin_url, tmp_path):
    folder = tmp_path / "s"
    shutil.copytree(crawl_run.folder, folder)
    report = run_crawl(standin_url, folder, update=True)
    assert report.complete and report.mode == "update"
    assert report.requests < 0.05 * crawl_run.report.requests, report.per_route
    assert rows(folder, "SELECT count(*) FROM changes WHERE run=?", (report.run,)) == [(0,)]


def _public_post(doc: dict) -> dict:
    public = {s["id"] for s in doc["spaces"] if s["visibility"] == "public"}
    return next(p for p in doc["posts"] if p["space_id"] in public and p["status"] == "publish"
                and not p["is_private"] and not p["is_anonymous"] and p["reply_count"] > 0)


def _changed_site(doc: dict) -> tuple[dict, dict]:
    """A new reply on an old post and a brand-new post, dated the dataset's 'now'."""
    doc = copy.deepcopy(doc)
    now = doc["site"]["now"]
    post = _public_post(doc)
    reply = {**next(r for r in doc["replies"] if r["post_id"] == post["id"] and r["status"] == "publish"),
             "id": max(r["id"] for r in doc["replies"]) + 1, "created_at": now, "parent_id": None,
             "is_private": False, "is_anonymous": False, "is_accepted": False,
             "content": "<p>A fresh reply about incremental crawling.</p>"}
    reply.pop("content_plain", None)
    doc["replies"].append(reply)
    post.update(reply_count=post["reply_count"] + 1, last_reply_at=now, updated_at=now)
    new_post = {**post, "id": max(p["id"] for p in doc["posts"]) + 1, "slug": "brand-new-topic",
                "title": "Brand new topic", "created_at": now, "updated_at": now, "last_reply_at": None,
                "reply_count": 0, "is_sticky": False, "accepted_reply_id": None, "is_resolved": False}
    new_post.pop("content_plain", None)
    doc["posts"].append(new_post)
    return doc, {"post": post["id"], "reply": reply["id"], "new_post": new_post["id"]}


def test_update_finds_new_posts_and_replies_then_full_finds_deletions(small_dataset, tmp_path):
    doc = load_json(small_dataset)
    switch = SwitchApp(create_app(dataset_from_dict(doc)))
    folder = tmp_path / "s"
    with serve(switch) as url:
        full = run_crawl(url, folder)
        changed, ids = _changed_site(doc)
        switch.inner = create_app(dataset_from_dict(changed))
        update = run_crawl(url, folder, update=True)
        got = set(rows(folder, "SELECT kind, id, change FROM changes WHERE run=?", (update.run,)))
        assert {("post", str(ids["new_post"]), "new"), ("reply", str(ids["reply"]), "new"),
                ("post", str(ids["post"]), "changed")} <= got
        assert update.requests < 0.2 * full.requests
        # now delete a post and edit another: only a full pass can see that
        gone = copy.deepcopy(changed)
        victim = _public_post(gone)
        gone["posts"] = [p for p in gone["posts"] if p["id"] != victim["id"]]
        edited = next(p for p in gone["posts"] if p["id"] == ids["new_post"])
        edited["content"] = "<p>Edited body.</p>"
        switch.inner = create_app(dataset_from_dict(gone))
        again = run_crawl(url, folder, full=True)
    got = set(rows(folder, "SELECT kind, id, change FROM changes WHERE run=?", (again.run,)))
    assert ("post", str(victim["id"]), "deleted") in got
    assert ("post", str(ids["new_post"]), "changed") in got
    assert rows(folder, "SELECT count(*) FROM posts WHERE id=?", (victim["id"],)) == [(0,)]
    assert rows(folder, "SELECT count(*) FROM replies WHERE post_id=?", (victim["id"],)) == [(0,)]
    assert any(c[0] == "reply" and c[2] == "deleted" for c in got)
