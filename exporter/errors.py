"""The one exception hierarchy of jetonomy-export.

Library code raises these; only the CLI turns them into messages and exit codes.
Every error carries a ``cause`` (what went wrong) and a ``fix`` (what the user can do).
"""

from __future__ import annotations


class ExportError(Exception):
    """Base class. ``str(err)`` is the cause; ``err.fix`` tells the user what to do."""

    exit_code = 1
    default_fix = ""

    def __init__(self, cause: str, fix: str | None = None):
        super().__init__(cause)
        self.cause = cause
        self.fix = fix if fix is not None else self.default_fix

    def message(self) -> str:
        return f"{self.cause}\n  fix: {self.fix}" if self.fix else self.cause


class UsageError(ExportError):
    """Bad options or arguments (exit code 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """A config file or option value is invalid."""

    default_fix = "correct the option or config file and run again"


# --- data files -----------------------------------------------------------------

class SnapshotError(ExportError):
    """A snapshot is missing, corrupt, or of a format this version cannot read."""

    default_fix = "point to a snapshot folder made by `jetonomy-export crawl`"


class SnapshotVersionError(SnapshotError):
    default_fix = "upgrade jetonomy-export (`pip install -U jetonomy-export`) to read this snapshot"


class DatasetError(ExportError):
    """A stand-in dataset file is missing or malformed."""

    default_fix = "regenerate it with `jetonomy-export example` or check the file"


# --- network --------------------------------------------------------------------

class CrawlError(ExportError):
    """The crawl could not continue. Nothing already saved is lost; run again to resume."""

    default_fix = "run the same command again to resume; saved data is kept"


class NotWordPressError(CrawlError):
    default_fix = "give the home URL of a WordPress site (the one that serves /wp-json/)"


class NotJetonomyError(CrawlError):
    default_fix = "check that the Jetonomy plugin is active on that site"


class CommunityPrivateError(CrawlError):
    default_fix = ("the community is in private mode; make it public, or crawl as an account "
                   "with --auth USER:APP_PASSWORD")


class AccessWallError(CrawlError):
    """Content that was public suddenly answers 403 (an IP ban or WAF)."""

    default_fix = ("the site refused content it served before (IP ban or firewall?); nothing was "
                   "deleted: wait, lower --concurrency/--rate, and run again to resume")


class AuthError(CrawlError):
    default_fix = "check the credentials (WordPress Application Password or cookie + nonce)"


class InsufficientRightsError(AuthError):
    """The account logs in but is not staff: it cannot see the complete community."""

    default_fix = ("use an administrator's Application Password, or pass --allow-member-view "
                   "to archive exactly what this member sees")


class BadResponseError(CrawlError):
    """The server answered with something that is not the JSON Jetonomy sends."""


# --- output ---------------------------------------------------------------------

class BuildError(ExportError):
    default_fix = "fix the cause and run `build` again; the previous mirror is kept"


class ThemeError(BuildError):
    default_fix = "fix the template named above in your --theme folder"


class UnsafePathError(BuildError):
    """A page would be written outside the output folder, or two pages claim one file."""


class IndexError_(ExportError):
    """The search index is missing or unusable."""

    default_fix = "build it with `jetonomy-export index SNAPSHOT --out DIR`"


class VerifyError(ExportError):
    """`verify` found problems (exit code 1)."""
