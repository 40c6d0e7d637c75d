"""Conformance of the logged-in view: every samples-admin/ capture replayed as an admin.

Like test_conformance.py does for the guest view: each ``30-admin-*`` request is mapped onto
equivalent entities of the example community, asked with an Application Password (or a wrong
one for ``30-admin-bad-password``), and must match the capture's status, envelope, key sets,
JSON types (recursively, first rows) and the presence of the headers that matter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest

from exporter.standin import AuthConfig, Dataset, create_app, load_dataset, serve_in_thread

from test_conformance import HEADERS, compare  # noqa: E402  (tests/standin is on sys.path)

REPO = Path(__file__).resolve().parents[2]
SAMPLES_ADMIN = REPO.parent / "shared" / "jetonomy-api" / "samples-admin"
PASSWORD = "admn pass word 1234 5678 90ab"
V1 = "/wp-json/jetonomy/v1"


def _first(ds: Dataset, pred: Callable[[Any], bool]) -> int:
    ids = [p.id for p in sorted(ds.posts, key=lambda p: p.id) if pred(p)]
    assert ids, "the example community lacks an entity this sample needs"
    return ids[0]


def _space(ds: Dataset, visibility: str) -> int:
    return min(s.id for s in ds.spaces if s.visibility == visibility)


def _canary_word(ds: Dataset) -> str:
    private = _space(ds, "private")
    post = next(p for p in sorted(ds.posts, key=lambda p: p.id)
                if p.space_id == private and p.status == "publish" and "CANARY-" in p.content)
    return re.search(r"CANARY-[0-9a-f]{12}", post.content).group(0)


def _with_private_reply(ds: Dataset) -> int:
    return _first(ds, lambda p: any(r.is_private and r.status == "publish"
                                    for r in ds.replies_by_post.get(p.id, [])))


REQUESTS: dict[str, Callable[[Dataset], str]] = {
    "30-admin-bad-password": lambda ds: "/users/me",
    "30-admin-categories": lambda ds: "/categories",
    "30-admin-feed-new": lambda ds: "/feed?sort=new&limit=10",
    "30-admin-post-draft": lambda ds: f"/posts/{_first(ds, lambda p: p.status == 'draft')}",
    "30-admin-post-private": lambda ds: f"/posts/{_first(ds, lambda p: p.is_private and p.status == 'publish')}",
    "30-admin-post-trash": lambda ds: f"/posts/{_first(ds, lambda p: p.status == 'trash')}",
    "30-admin-posts-drafts": lambda ds: "/posts/drafts",
    "30-admin-replies-with-private-reply": lambda ds: f"/posts/{_with_private_reply(ds)}/replies?limit=100",
    "30-admin-search-canary": lambda ds: f"/search?q={_canary_word(ds)}&type=all",
    "30-admin-space-hidden-posts": lambda ds: f"/spaces/{_space(ds, 'hidden')}/posts",
    "30-admin-space-private-posts": lambda ds: f"/spaces/{_space(ds, 'private')}/posts",
    "30-admin-space-private": lambda ds: f"/spaces/{_space(ds, 'private')}",
    "30-admin-spaces": lambda ds: "/spaces?limit=100",
    "30-admin-updates-global": lambda ds: "/updates?since=2000-01-01+00%3A00%3A00",
    "30-admin-users-me": lambda ds: "/users/me",
}


def _capture(name: str) -> tuple[int, set[str]]:
    """Status and header names of a capture (``*.headers.txt``)."""
    lines = (SAMPLES_ADMIN / f"{name}.headers.txt").read_text("utf-8").splitlines()
    status_line = next(ln for ln in lines if ln.startswith("HTTP/"))
    after = lines[lines.index(status_line) + 1:]
    return int(status_line.split()[1]), {ln.split(":", 1)[0].strip().lower() for ln in after if ":" in ln}


def _names() -> list[str]:
    return sorted(p.name[:-len(".body.json")] for p in SAMPLES_ADMIN.glob("30-admin-*.body.json"))


@pytest.fixture(scope="module")
def admin_site():
    from exporter.examplegen import ensure_example

    ds = load_dataset(ensure_example())
    app = create_app(ds, auth=AuthConfig(app_passwords={"admin": PASSWORD}))
    with serve_in_thread(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield ds, client


def test_every_admin_sample_is_mapped() -> None:
    assert _names() and set(_names()) == set(REQUESTS), set(_names()) ^ set(REQUESTS)


@pytest.mark.parametrize("name", _names())
def test_admin_sample(name: str, admin_site) -> None:
    ds, client = admin_site
    password = "not the password" if name == "30-admin-bad-password" else PASSWORD
    resp = client.get(V1 + REQUESTS[name](ds), auth=("admin", password))
    status, header_names = _capture(name)
    problems = [] if resp.status_code == status else [f"status {resp.status_code} != {status}"]
    for h in HEADERS:
        if (h in header_names) != (h in resp.headers):
            problems.append(f"header {h}: real {'present' if h in header_names else 'absent'}")
    real = json.loads((SAMPLES_ADMIN / f"{name}.body.json").read_text("utf-8"))
    compare(real, resp.json(), "$", problems)
    assert not problems, problems


def test_admin_sees_what_a_guest_does_not(admin_site) -> None:
    """The README's list, checked on values (not only shapes)."""
    ds, client = admin_site
    auth = ("admin", PASSWORD)
    listed = {s["visibility"] for s in client.get(f"{V1}/spaces?limit=100", auth=auth).json()["data"]}
    guest_listed = {s["visibility"] for s in client.get(f"{V1}/spaces?limit=100").json()["data"]}
    assert listed == {"public", "private", "hidden"} and guest_listed == {"public"}
    replies = client.get(V1 + REQUESTS["30-admin-replies-with-private-reply"](ds), auth=auth).json()["data"]
    private = [r for r in replies if r["is_private"]]
    assert private and all(r["content"] and not r["is_private_hidden"] and r["can_downvote"] for r in private)
    for name in ("30-admin-post-draft", "30-admin-post-trash", "30-admin-post-private"):
        path = V1 + REQUESTS[name](ds)
        assert client.get(path, auth=auth).status_code == 200 and client.get(path).status_code == 404
    canary = _canary_word(ds)
    assert client.get(f"{V1}/search?q={canary}&type=all", auth=auth).json()["meta"]["total"] >= 1
    assert client.get(f"{V1}/search?q={canary}&type=all").json()["meta"]["total"] == 0
    me = client.get(f"{V1}/users/me", auth=auth).json()
    assert me["is_admin"] and me["capabilities"]["jetonomy_moderate"]
