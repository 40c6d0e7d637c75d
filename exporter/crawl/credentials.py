"""Crawl credentials: where they come from, and how they never leak.

Two WordPress ways to log in are supported: an Application Password (HTTP Basic,
``USER:APP_PASSWORD``) and a browser session (``wordpress_logged_in_*`` cookie + ``X-WP-Nonce``).
They come from an option, an environment variable (``JETONOMY_AUTH``, ``JETONOMY_COOKIE``,
``JETONOMY_NONCE``) or an owner-only file (``--auth-file``). A :class:`Credentials` never shows
its secrets in ``repr``/``str``; :func:`redact` scrubs them out of any text before it is shown.
"""

from __future__ import annotations

import ipaddress
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from ..errors import UsageError

ENV_AUTH, ENV_COOKIE, ENV_NONCE = "JETONOMY_AUTH", "JETONOMY_COOKIE", "JETONOMY_NONCE"
MASK = "***"


@dataclass(frozen=True)
class Credentials:
    """Either ``login`` + ``password`` (Basic) or ``cookie_name`` + ``cookie_value`` (+ nonce)."""

    login: str | None = None
    password: str | None = field(default=None, repr=False)
    cookie_name: str | None = None
    cookie_value: str | None = field(default=None, repr=False)
    nonce: str | None = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        """``basic`` or ``cookie``."""
        return "basic" if self.password is not None else "cookie"

    def secrets(self) -> tuple[str, ...]:
        """Every secret value (for :func:`redact`)."""
        return tuple(s for s in (self.password, self.cookie_value, self.nonce) if s)

    def __repr__(self) -> str:
        if self.kind == "basic":
            return f"Credentials(basic, login={self.login!r}, password={MASK})"
        return f"Credentials(cookie, name={self.cookie_name!r}, value={MASK}, nonce={MASK})"

    __str__ = __repr__


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret (and its URL-encoded form) replaced by ``***``."""
    from urllib.parse import quote

    for secret in sorted(secrets, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), secret.replace(" ", "")}:
            if len(form) >= 3:
                text = text.replace(form, MASK)
    return text


def parse_auth(value: str, source: str) -> Credentials:
    """``USER:APP_PASSWORD`` → Basic credentials (the error never echoes the value)."""
    login, sep, password = value.strip().partition(":")
    if not sep or not login or not password.strip():
        raise UsageError(f"{source} must look like USER:APP_PASSWORD (login, colon, password)",
                         "create an Application Password under Users → Profile in WordPress")
    return Credentials(login=login.strip(), password=password.strip())


def parse_cookie(value: str, nonce: str | None, source: str) -> Credentials:
    """``wordpress_logged_in_HASH=VALUE`` (+ optional nonce) → cookie credentials."""
    name, sep, cookie = value.strip().partition("=")
    if not sep or not name.startswith("wordpress_logged_in_") or not cookie:
        raise UsageError(f"{source} must look like wordpress_logged_in_<hash>=<value>",
                         "copy the logged-in cookie from your browser's developer tools")
    return Credentials(cookie_name=name, cookie_value=cookie, nonce=(nonce or "").strip() or None)


def read_auth_file(path: str | Path) -> Credentials:
    """``USER:APP_PASSWORD`` from a file only its owner can read (refuses 0644 and friends)."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        raise UsageError(f"cannot read the credentials file {p}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(f"the credentials file {p} is readable by others "
                         f"(mode {stat.S_IMODE(mode):04o})", f"run: chmod 600 {p}")
    lines = [ln for ln in p.read_text("utf-8").splitlines() if ln.strip()]
    if len(lines) != 1:
        raise UsageError(f"the credentials file {p} must hold exactly one line USER:APP_PASSWORD")
    return parse_auth(lines[0], f"the credentials file {p}")


def from_sources(auth: str | None, auth_file: str | None, cookie: str | None, nonce: str | None,
                 env: Mapping[str, str] = os.environ) -> Credentials | None:
    """Pick the credentials: options first, then the environment; at most one kind."""
    auth = auth or env.get(ENV_AUTH)
    cookie = cookie or env.get(ENV_COOKIE)
    nonce = nonce or env.get(ENV_NONCE)
    given = [n for n, v in (("--auth", auth), ("--auth-file", auth_file), ("--cookie", cookie)) if v]
    if len(given) > 1:
        raise UsageError(f"give only one of {', '.join(given)} (or their environment variables)")
    if nonce and not cookie:
        raise UsageError("--nonce (or JETONOMY_NONCE) needs --cookie: a nonce alone logs nobody in",
                         "pass the wordpress_logged_in_* cookie with --cookie NAME=VALUE")
    if auth_file:
        return read_auth_file(auth_file)
    if auth:
        return parse_auth(auth, "--auth")
    if cookie:
        return parse_cookie(cookie, nonce, "--cookie")
    return None


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_transport(home: str, creds: Credentials | None) -> None:
    """Credentials travel only over HTTPS, or plain HTTP to this machine; never in the URL."""
    parts = urlsplit(home)
    if parts.username or parts.password:
        raise UsageError("the site URL contains a user name or password",
                         "remove it from the URL and pass credentials with --auth or --auth-file")
    if creds is None or parts.scheme == "https" or is_loopback(parts.hostname or ""):
        return
    raise UsageError(f"refusing to send credentials over plain http to {parts.hostname}: "
                     "anyone on the way could read them",
                     "use the site's https:// URL (plain http is only allowed for localhost)")
