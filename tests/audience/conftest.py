"""Fixtures of the audience tests: one stand-in that accepts credentials, crawled once as a
guest and once as an admin (scale 0.2 example), each built once as a public mirror."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from exporter.build import build_site
from exporter.build.options import BuildOptions
from exporter.crawl import CrawlOptions, CrawlReport, crawl
from exporter.crawl.credentials import Credentials
from exporter.snapshot.visibility import Audience
from exporter.standin import AuthConfig, create_app, load_dataset, serve_in_thread
from tests.crawl.helpers import client_for

ADMIN_PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"
MEMBER_PASSWORD = "mbr1 mbr2 mbr3 mbr4 mbr5 mbr6"
SESSION_COOKIE = "admin%7C1795000000%7CsessiontokenXYZ%7Chmac0123456789"
COOKIE_NAME = "wordpress_logged_in_5c2a0b1d9e"
MEMBER_LOGIN = "maria_garcia"
NONCE_USES = 7  # a nonce "expires" after this many requests: the crawl must refresh it


@dataclass
class Site:
    """The served example: its URL, dataset and the server's auth state."""

    url: str
    dataset: Path
    app: object

    @property
    def auth(self):
        return self.app.state.standin.state.auth


@dataclass
class Crawled:
    folder: Path
    report: CrawlReport


@pytest.fixture(scope="session")
def audience_dataset(tmp_path_factory) -> Path:
    from exporter.examplegen import ensure_example

    return ensure_example(scale=0.2, root=tmp_path_factory.mktemp("audience-example"))


@pytest.fixture(scope="session")
def auth_site(audience_dataset: Path):
    """The example served with an admin and a member Application Password and a session."""
    config = AuthConfig(app_passwords={"admin": ADMIN_PASSWORD, MEMBER_LOGIN: MEMBER_PASSWORD},
                        sessions={SESSION_COOKIE: "admin"}, nonce_max_uses=NONCE_USES)
    app = create_app(load_dataset(audience_dataset), auth=config)
    with serve_in_thread(app) as url:
        yield Site(url, audience_dataset, app)


def run(url: str, out: Path, creds: Credentials | None = None, **opts) -> CrawlReport:
    """A test-friendly crawl (no rate limit, tiny backoff)."""
    options = CrawlOptions(**{"rate": 0, "concurrency": 4, "backoff": 0.01, "retries": 1,
                              "credentials": creds, **opts})
    with client_for(options) as client:
        return crawl(client, url, out, options)


def admin_creds() -> Credentials:
    return Credentials(login="admin", password=ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def guest_crawl(auth_site: Site, tmp_path_factory) -> Crawled:
    folder = tmp_path_factory.mktemp("guest") / "guest.snapshot"
    return Crawled(folder, run(auth_site.url, folder))


@pytest.fixture(scope="session")
def admin_crawl(auth_site: Site, guest_crawl: Crawled, tmp_path_factory) -> Crawled:
    """Crawled after the guest (a probe bumps view counts of non-public posts only)."""
    folder = tmp_path_factory.mktemp("admin") / "admin.snapshot"
    return Crawled(folder, run(auth_site.url, folder, admin_creds()))


def build(snapshot: Path, out: Path, audience: Audience) -> Path:
    build_site(snapshot, out, BuildOptions(audience=audience, force=True))
    return out


@pytest.fixture(scope="session")
def guest_public_site(guest_crawl: Crawled, tmp_path_factory) -> Path:
    return build(guest_crawl.folder, tmp_path_factory.mktemp("sites") / "guest-public", Audience.PUBLIC)


@pytest.fixture(scope="session")
def admin_public_site(admin_crawl: Crawled, tmp_path_factory) -> Path:
    return build(admin_crawl.folder, tmp_path_factory.mktemp("sites") / "admin-public", Audience.PUBLIC)


@pytest.fixture(scope="session")
def canaries(audience_dataset: Path) -> list[str]:
    import json

    from exporter.examplegen import manifest_path

    manifest = json.loads(manifest_path(audience_dataset).read_text("utf-8"))
    return sorted({c["canary"] for c in manifest["canaries"]})
