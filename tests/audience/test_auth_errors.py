"""Bad credentials and unsafe setups fail early, clearly, and before any long work."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import httpx
import pytest

from exporter.crawl import CrawlOptions, crawl
from exporter.crawl.credentials import Credentials, from_sources, read_auth_file
from exporter.errors import AuthError, InsufficientRightsError, UsageError
from tests.audience.conftest import (ADMIN_PASSWORD, COOKIE_NAME, MEMBER_LOGIN, MEMBER_PASSWORD,
                                     SESSION_COOKIE, run)
from tests.crawl.helpers import CountingTransport, client_for

CONTENT_ROUTES = ("/spaces", "/posts", "/categories", "/feed", "/search")


def _counting_crawl(url: str, out: Path, creds: Credentials, **opts):
    transport = CountingTransport()
    options = CrawlOptions(rate=0, backoff=0.01, retries=1, credentials=creds, **opts)
    with client_for(options, transport) as client:
        try:
            crawl(client, url, out, options)
        finally:
            urls = list(transport.urls)
    return urls


def _no_content_requested(urls: list[str]) -> bool:
    return not any(f"/jetonomy/v1{r}" in u for u in urls for r in CONTENT_ROUTES)


def test_wrong_password_is_caught_before_any_work(auth_site, tmp_path) -> None:
    """A wrong Application Password answers as a guest; /users/me proves it, nothing crawled."""
    transport = CountingTransport()
    creds = Credentials(login="admin", password="wrong pass word")
    options = CrawlOptions(rate=0, backoff=0.01, credentials=creds)
    with client_for(options, transport) as client, pytest.raises(AuthError) as info:
        crawl(client, auth_site.url, tmp_path / "s", options)
    assert "wrong or expired credentials" in str(info.value)
    assert any(u.endswith("/users/me") for u in transport.urls)
    assert _no_content_requested(transport.urls), transport.urls


def test_expired_nonce_is_refreshed(auth_site, admin_crawl, tmp_path) -> None:
    """Cookie auth: the nonce expires every few requests; the crawl refreshes it through
    GET /auth/nonce and ends with the same content as the Application Password crawl."""
    stale = Credentials(cookie_name=COOKIE_NAME, cookie_value=SESSION_COOKIE, nonce="0000000000")
    before = len(auth_site.auth.nonces.issued)
    report = run(auth_site.url, tmp_path / "cookie.snapshot", stale)
    issued = len(auth_site.auth.nonces.issued) - before
    assert report.complete and issued > 3, issued
    db = sqlite3.connect(tmp_path / "cookie.snapshot" / "snapshot.sqlite")
    cookie_posts = db.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert dict(db.execute("SELECT key, value FROM meta"))["audience"] == "account:admin"
    db.close()
    admin_db = sqlite3.connect(admin_crawl.folder / "snapshot.sqlite")
    assert cookie_posts == admin_db.execute("SELECT count(*) FROM posts").fetchone()[0]
    admin_db.close()


def test_unknown_cookie_session_is_an_auth_error(auth_site, tmp_path) -> None:
    creds = Credentials(cookie_name=COOKIE_NAME, cookie_value="not-a-session", nonce=None)
    with pytest.raises(AuthError):
        _counting_crawl(auth_site.url, tmp_path / "s", creds)


def test_nonce_without_cookie_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="needs --cookie"):
        from_sources(None, None, None, "abcdef0123", env={})
    with pytest.raises(UsageError, match="needs --cookie"):
        from_sources(None, None, None, None, env={"JETONOMY_NONCE": "abcdef0123"})


def test_account_without_rights_is_refused_unless_asked(auth_site, tmp_path) -> None:
    member = Credentials(login=MEMBER_LOGIN, password=MEMBER_PASSWORD)
    transport = CountingTransport()
    options = CrawlOptions(rate=0, backoff=0.01, credentials=member)
    with client_for(options, transport) as client, pytest.raises(InsufficientRightsError) as info:
        crawl(client, auth_site.url, tmp_path / "m", options)
    assert "not an administrator or moderator" in str(info.value)
    assert "--allow-member-view" in info.value.fix
    assert _no_content_requested(transport.urls)


def test_member_view_when_asked(auth_site, tmp_path) -> None:
    """With --allow-member-view: the member's spaces, no one else's drafts."""
    member = Credentials(login=MEMBER_LOGIN, password=MEMBER_PASSWORD)
    report = run(auth_site.url, tmp_path / "m.snapshot", member, allow_member_view=True)
    assert report.complete
    db = sqlite3.connect(tmp_path / "m.snapshot" / "snapshot.sqlite")
    meta = dict(db.execute("SELECT key, value FROM meta"))
    uid = db.execute("SELECT id FROM users WHERE login=?", (MEMBER_LOGIN,)).fetchone()
    foreign_drafts = db.execute("SELECT count(*) FROM posts WHERE status<>'publish' AND author_id<>?",
                                (uid[0] if uid else -1,)).fetchone()[0]
    visibilities = {r[0] for r in db.execute("SELECT visibility FROM spaces")}
    db.close()
    assert meta["audience"] == f"account:{MEMBER_LOGIN}" and meta["audience_role"] == "member"
    assert foreign_drafts == 0 and "private" in visibilities


def test_credentials_file_must_be_owner_only(tmp_path) -> None:
    path = tmp_path / "auth.txt"
    path.write_text(f"admin:{ADMIN_PASSWORD}\n", "utf-8")
    os.chmod(path, 0o644)
    with pytest.raises(UsageError) as info:
        read_auth_file(path)
    assert "readable by others" in str(info.value) and "chmod 600" in info.value.fix
    assert ADMIN_PASSWORD not in info.value.message()
    os.chmod(path, 0o600)
    assert read_auth_file(path) == Credentials(login="admin", password=ADMIN_PASSWORD)


def test_plain_http_to_another_host_is_refused_before_any_request(tmp_path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(500)

    creds = Credentials(login="admin", password=ADMIN_PASSWORD)
    options = CrawlOptions(credentials=creds)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(UsageError, match="plain http") as info:
            crawl(client, "http://forum.example.com", tmp_path / "s", options)
        with pytest.raises(UsageError, match="user name or password"):
            crawl(client, f"https://admin:{ADMIN_PASSWORD}@forum.example.com", tmp_path / "s", options)
    assert seen == [] and ADMIN_PASSWORD not in info.value.message()


def test_reprs_never_show_secrets() -> None:
    creds = Credentials(login="admin", password=ADMIN_PASSWORD)
    cookie = Credentials(cookie_name=COOKIE_NAME, cookie_value=SESSION_COOKIE, nonce="abc123def4")
    for text in (repr(creds), str(creds), repr(CrawlOptions(credentials=creds)), str(cookie),
                 repr(CrawlOptions(credentials=cookie))):
        assert ADMIN_PASSWORD not in text and SESSION_COOKIE not in text and "abc123def4" not in text
