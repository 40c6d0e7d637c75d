"""No non-public text in the index files or in shim answers (CONTRACT.md §4.2)."""

from __future__ import annotations

import json
from pathlib import Path

from search_index import search


def _secrets(manifest: dict) -> list[str]:
    out = [c["canary"] for c in manifest["canaries"]]
    for person in manifest["anonymous_real_names"]:
        out += [person["display_name"], person["login"]]
    return out


def test_no_secret_in_index_files(example_index, example_manifest: dict):
    secrets = _secrets(example_manifest)
    assert secrets
    blobs = [p.read_bytes() for p in Path(example_index.generation).rglob("*") if p.is_file()]
    for secret in secrets:
        for variant in {secret, secret.lower()}:
            assert not any(variant.encode() in blob for blob in blobs), secret


def test_no_secret_in_answers(example_index, example_manifest: dict):
    for secret in _secrets(example_manifest):
        for kind in ("post", "reply", "space", "tag", "all"):
            for query in (secret, secret[:12]):
                status, _h, body = search(example_index, {"q": query, "type": kind, "limit": "50"})
                text = json.dumps(body, ensure_ascii=False)
                assert status == 200 and secret not in text and secret.lower() not in text.lower()


def test_anonymous_reply_rows_are_fully_masked(example_index, example_manifest: dict):
    person = example_manifest["anonymous_real_names"][0]
    status, _h, body = search(example_index, {"q": "a", "type": "reply", "author_id": str(person["user_id"]),
                                              "limit": "50"})
    assert status == 200
    ids = {row["id"] for row in body["data"]}
    assert not ids & set(person["reply_ids"])
    for reply_id in person["reply_ids"][:5]:
        rows = _find_reply(example_index, reply_id)
        for row in rows:
            assert (row["author_id"], row["author_login"], row["profile_url"], row["reputation"],
                    row["is_anonymous"]) == (0, "", "", 0, 1)


def _find_reply(index, reply_id: int) -> list[dict]:
    with index.session() as opened:
        stored = opened.searchers["reply"].document(key=str(reply_id))
    return [json.loads(stored["payload"])] if stored else []
