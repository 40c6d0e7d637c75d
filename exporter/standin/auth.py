"""How a request becomes a :class:`Viewer`: WordPress Application Passwords and cookie auth.

* HTTP Basic ``login:application-password``: a wrong or unknown password answers as a guest,
  exactly like the live plugin (samples-admin ``30-admin-bad-password``).
* Cookie auth: a ``wordpress_logged_in_*`` cookie is only trusted together with a valid
  ``X-WP-Nonce`` header (WordPress ``rest_cookie_check_errors``): no nonce → guest; a wrong or
  expired nonce → ``403 rest_cookie_invalid_nonce`` "Cookie check failed.".
* ``GET /auth/nonce`` reads the cookie itself (like WordPress' ``rest-nonce`` AJAX action) and
  hands out a fresh nonce for that session.

Nonces expire after ``nonce_max_uses`` requests (deterministic, for tests) or ``nonce_ttl``
seconds (like WordPress' 12-24 h tick), whichever comes first.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

from starlette.requests import Request

from .dataset import Dataset
from .viewer import GUEST, Viewer, ViewerResolver

COOKIE_PREFIX = "wordpress_logged_in_"


class CookieNonceError(Exception):
    """A cookie request carried a nonce that is wrong or expired (answer 403)."""


@dataclass
class AuthConfig:
    """Credentials the stand-in accepts.

    ``app_passwords``: login → Application Password (spaces ignored, as WordPress does).
    ``sessions``: logged-in cookie value → login.
    """

    app_passwords: Mapping[str, str] = field(default_factory=dict)
    sessions: Mapping[str, str] = field(default_factory=dict)
    nonce_max_uses: int | None = None
    nonce_ttl: float | None = None


@dataclass
class _Nonce:
    login: str
    issued: float
    uses: int = 0


class NonceBook:
    """Issued nonces and their use counts (thread-safe)."""

    def __init__(self, config: AuthConfig, clock: Callable[[], float] = time.monotonic):
        self.config, self.clock = config, clock
        self._nonces: dict[str, _Nonce] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.issued: list[str] = []  # every nonce handed out (tests grep outputs for them)

    def issue(self, login: str) -> str:
        """A fresh 10-hex-digit nonce for ``login``'s session."""
        with self._lock:
            seed = f"{login}|{next(self._counter)}|{self.clock()}".encode()
            nonce = hashlib.sha256(seed).hexdigest()[:10]
            self._nonces[nonce] = _Nonce(login, self.clock())
            self.issued.append(nonce)
            return nonce

    def check(self, nonce: str, login: str) -> bool:
        """Count one use; False when unknown, for another session, or expired."""
        with self._lock:
            entry = self._nonces.get(nonce)
            if entry is None or entry.login != login:
                return False
            entry.uses += 1
            cfg = self.config
            if cfg.nonce_max_uses is not None and entry.uses > cfg.nonce_max_uses:
                return False
            return cfg.nonce_ttl is None or self.clock() - entry.issued <= cfg.nonce_ttl

    def expire_all(self) -> None:
        """Forget every nonce (as if a day had passed)."""
        with self._lock:
            self._nonces.clear()


def viewer_for(ds: Dataset, login: str) -> Viewer:
    """The viewer of a dataset account: admins see everything, others their memberships."""
    user = ds.user_by_login(login)
    if user is None:
        return GUEST
    spaces = frozenset(m.space_id for m in ds.members if m.user_id == user.id)
    return Viewer(user_id=user.id, is_admin=user.is_admin, member_of=spaces)


def basic_login(request: Request) -> tuple[str, str] | None:
    """``(login, password)`` of an HTTP Basic header, or None."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        login, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return login, password


def session_login(request: Request, config: AuthConfig) -> str | None:
    """The login of a valid ``wordpress_logged_in_*`` cookie, or None."""
    for name, value in request.cookies.items():
        if name.startswith(COOKIE_PREFIX) and value in config.sessions:
            return config.sessions[value]
    return None


class StandinAuth:
    """The stand-in's authentication: resolve viewers, issue nonces."""

    def __init__(self, ds: Dataset, config: AuthConfig):
        self.ds, self.config = ds, config
        self.nonces = NonceBook(config)

    def _password_ok(self, login: str, password: str) -> bool:
        expected = self.config.app_passwords.get(login)
        return expected is not None and expected.replace(" ", "") == password.replace(" ", "")

    def resolve(self, request: Request) -> Viewer:
        """The viewer of ``request``; raises :class:`CookieNonceError` for a bad nonce."""
        basic = basic_login(request)
        if basic is not None and self._password_ok(*basic):
            return viewer_for(self.ds, basic[0])
        login = session_login(request, self.config)
        nonce = request.headers.get("x-wp-nonce")
        if login is None or not nonce:
            return GUEST
        if not self.nonces.check(nonce, login):
            raise CookieNonceError()
        return viewer_for(self.ds, login)

    def nonce_for(self, request: Request) -> str | None:
        """A fresh nonce for the cookie session of ``request`` (None without a session)."""
        login = session_login(request, self.config)
        return self.nonces.issue(login) if login else None


def app_password_resolver(passwords: Mapping[str, tuple[int, str]]) -> ViewerResolver:
    """Resolve HTTP Basic ``login:application-password`` to an admin viewer (no dataset).

    ``passwords`` maps login -> (user_id, password). A wrong or missing password answers as a
    guest, exactly like the live plugin (samples-admin ``30-admin-bad-password``).
    """

    def resolve(request: Request) -> Viewer:
        basic = basic_login(request)
        entry = passwords.get(basic[0]) if basic else None
        if entry is None or entry[1].replace(" ", "") != basic[1].replace(" ", ""):
            return GUEST
        return Viewer(user_id=entry[0], is_admin=True)

    return resolve
