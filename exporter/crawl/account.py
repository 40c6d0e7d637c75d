"""Prove an authenticated crawl is logged in, and as whom, before any long work starts.

WordPress does not reject a wrong Application Password on Jetonomy's routes: the plugin just
answers as it answers a guest (samples-admin ``30-admin-bad-password``). So ``GET /users/me``
must answer 200 with the expected account, or the crawl stops with :class:`AuthError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import AuthError, InsufficientRightsError
from .credentials import Credentials
from .http import Api

STAFF_ROLES = ("admin", "moderator")


@dataclass(frozen=True)
class Account:
    """Who the crawl runs as: ``login`` and ``role`` (admin, moderator or member)."""

    login: str
    role: str

    @property
    def audience(self) -> str:
        """The snapshot's ``meta.audience`` (never a secret)."""
        return f"account:{self.login}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def account_role(me: dict[str, Any]) -> str:
    """``admin`` / ``moderator`` / ``member`` from ``/users/me`` ``is_admin`` + capabilities."""
    caps = me.get("capabilities") if isinstance(me.get("capabilities"), dict) else {}
    if me.get("is_admin") or caps.get("manage_options") or caps.get("jetonomy_manage_settings"):
        return "admin"
    if caps.get("jetonomy_moderate"):
        return "moderator"
    return "member"


def verify_account(api: Api, creds: Credentials) -> Account:
    """``GET /users/me`` as the crawl will run; raise :class:`AuthError` unless logged in."""
    me = api.get_json(api.url("/users/me"), allow=(401, 403))
    if not isinstance(me, dict) or not str(me.get("user_login") or ""):
        raise AuthError("wrong or expired credentials: the site answered /users/me as it answers "
                        "a guest, so the crawl would not be logged in")
    login = str(me["user_login"])
    if creds.login and login.lower() != creds.login.lower():
        raise AuthError(f"the credentials log in as {login!r}, not as {creds.login!r}")
    return Account(login=login, role=account_role(me))


def check_rights(account: Account, allow_member_view: bool) -> str | None:
    """Refuse a non-staff account unless asked for; return the warning to show, if any."""
    if account.is_staff:
        return None
    if not allow_member_view:
        raise InsufficientRightsError(
            f"the account {account.login!r} is not an administrator or moderator: it cannot see "
            "drafts, pending or trashed posts or other members' private content, so the "
            "archive would silently be incomplete")
    return (f"crawling as {account.login!r} (a member, not staff): the snapshot is that "
            "member's view, not the complete archive")
